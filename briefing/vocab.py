"""The shipped vocabularies (resources/*.json), read once: entity kinds and their pane groups.

A leaf module like `briefing.paths`: every layer may read data through it, and it imports
nothing of ours but `paths`. Kinds are strings named in the data, so a vocabulary pack can add
one without a code change; a kind the data does not know still shows, under its own name.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from briefing import paths
from briefing.datatypes import dataclass


@lru_cache(maxsize=8)
def load(name: str) -> dict[str, Any]:
    """A JSON vocabulary from resources/, parsed once per process."""
    data: dict[str, Any] = json.loads((paths.resources_dir() / name).read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class EntityKindInfo:
    id: str
    label: str
    category: str  # "process" or "organization"


@lru_cache(maxsize=1)
def entity_kinds() -> dict[str, EntityKindInfo]:
    return {
        k["id"]: EntityKindInfo(k["id"], k["label"], k["category"])
        for k in load("entity_kinds.json")["kinds"]
    }


def kind_label(kind: str) -> str:
    """ "Regional body" for "regional_body"; an unknown kind reads as its own words."""
    info = entity_kinds().get(kind)
    return info.label if info else kind.replace("_", " ").capitalize()


def is_process_kind(kind: str) -> bool:
    info = entity_kinds().get(kind)
    return info is not None and info.category == "process"


class _Grouped(Protocol):
    kind: str
    status: str | None


T = TypeVar("T", bound=_Grouped)


def group_entities(entities: list[T]) -> list[tuple[str, list[T]]]:
    """The pane groups of resources/entity_kinds.json, in order, each with its entities."""
    groups = load("entity_kinds.json")["pane_groups"]
    out: list[tuple[str, list[T]]] = [(g["label"], []) for g in groups]
    rest = next((i for i, g in enumerate(groups) if g.get("rest")), len(groups) - 1)
    for entity in entities:
        status = (entity.status or "").casefold()
        index = next(
            (i for i, g in enumerate(groups) if status and status in g.get("statuses", ())), None
        )
        if index is None:
            index = next(
                (i for i, g in enumerate(groups) if entity.kind in g.get("kinds", ())), rest
            )
        out[index][1].append(entity)
    return out


# --- outcomes ------------------------------------------------------------------------------


def _labelled(entries: Any) -> dict[str, str]:
    """{id: label} from a list of {"id", "label"} objects or a {id: {"label"}} mapping."""
    out: dict[str, str] = {}
    if isinstance(entries, dict):
        entries = [{"id": k, **v} if isinstance(v, dict) else {"id": k} for k, v in entries.items()]
    for entry in entries or ():
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            out[entry["id"]] = str(entry.get("label") or entry["id"])
    return out


@lru_cache(maxsize=1)
def _outcome_labels() -> tuple[dict[str, str], dict[str, str]]:
    try:
        data = load("outcomes.json")
    except FileNotFoundError:
        return {}, {}
    return _labelled(data.get("kinds")), _labelled(data.get("families"))


def _words(ident: str) -> str:
    return ident.replace("_", " ").capitalize()


def outcome_kind_label(kind: str, *, plural: bool = False) -> str:
    """ "Operative paragraph" for "operative"; a kind the data does not know reads as its words.

    The plural (a pane group's title) is the vocabulary's `plural` when it gives one.
    """
    if not kind:
        return "Conclusions" if plural else "Conclusion"
    label = _outcome_labels()[0].get(kind) or _words(kind)
    if plural:
        entry = _outcome_entry("kinds", kind)
        return str(entry.get("plural") or (label if label.endswith("s") else f"{label}s"))
    return label


def outcome_family_label(family: str) -> str:
    """The title of a verb family's group: "Requests" for "requests"."""
    return _outcome_labels()[1].get(family) or _words(family)


def outcome_family_order() -> list[str]:
    """Family ids in the vocabulary's order (the order a delegate reads a resolution's groups)."""
    return list(_outcome_labels()[1])


def _outcome_entry(section: str, ident: str) -> dict[str, Any]:
    try:
        entries = load("outcomes.json").get(section)
    except FileNotFoundError:
        return {}
    if isinstance(entries, dict):
        value = entries.get(ident)
        return value if isinstance(value, dict) else {}
    return next((e for e in entries or () if isinstance(e, dict) and e.get("id") == ident), {})


def document_kind_label(kind: str) -> str:
    """ "Verbatim record" for "verbatim_record" (resources/document_kinds.json); "" for none."""
    if not kind:
        return ""
    entry = next((k for k in load("document_kinds.json")["kinds"] if k.get("kind") == kind), {})
    return str(entry.get("label") or _words(kind))


class _Outcome(Protocol):
    kind: str
    family: str


OutcomeT = TypeVar("OutcomeT", bound=_Outcome)


def group_outcomes(outcomes: list[OutcomeT]) -> list[tuple[str, list[OutcomeT]]]:
    """Outcomes as a delegate reads them, for the Outcomes pane and the PDF alike: a resolution's
    operative paragraphs by verb family (decisions, requests, calls, ... in the vocabulary's
    order, where they stand), an operative paragraph of no known verb under "Other operative
    paragraphs", every other outcome by its kind (conclusions, recommendations, decisions)."""
    by_title: dict[str, list[OutcomeT]] = {}
    family_titles: dict[str, str] = {}
    for item in outcomes:
        if item.family:
            title = outcome_family_label(item.family)
            family_titles[item.family] = title
        elif item.kind == "operative":
            title = "Other operative paragraphs"
        else:
            title = outcome_kind_label(item.kind, plural=True)
        by_title.setdefault(title, []).append(item)
    titles = list(by_title)
    families = [t for t in titles if t in family_titles.values()]
    if families:
        order = [family_titles[f] for f in outcome_family_order() if f in family_titles]
        first = titles.index(families[0])
        rest = [t for t in titles if t not in family_titles.values()]
        known = order + [t for t in families if t not in order]
        titles = rest[:first] + known + rest[first:]
    return [(title, by_title[title]) for title in titles]

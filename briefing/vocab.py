"""The shipped vocabularies (resources/*.json), read once: entity kinds and their pane groups.

A leaf module like `briefing.paths`: every layer may read data through it, and it imports
nothing of ours but `paths`. Kinds are strings named in the data, so a vocabulary pack can add
one without a code change; a kind the data does not know still shows, under its own name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from briefing import paths


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

"""Element ids (eids) in the style of Akoma Ntoso for the UN, and human citations of them.

An eid names a place in a record and stays the same when the same text is imported again:
`annex_1__para_8__point_c__point_ii`, `letter__p_2`, `footnote_a`. Annotations are keyed to them.
"""

from __future__ import annotations

import re

SEP = "__"

_MARKER_WORDS = {"*": "star", "†": "dagger", "‡": "ddagger"}


def part_eid(kind: str, ordinal: int | None = None) -> str:
    """`letter`, `body`, or `annex_1`, `enclosure_2`, `section_3` when the kind repeats."""
    return kind if ordinal is None else f"{kind}_{ordinal}"


def paragraph_eid(part: str, number: str | None, ordinal: int) -> str:
    """A numbered paragraph keeps its printed number; an unnumbered one its place (1-based)."""
    if number:
        return f"{part}{SEP}para_{_slug(number)}"
    return f"{part}{SEP}p_{ordinal}"


def heading_eid(part: str, ordinal: int) -> str:
    return f"{part}{SEP}heading_{ordinal}"


def point_eid(parent: str, label: str) -> str:
    return f"{parent}{SEP}point_{_slug(label)}"


def footnote_eid(marker: str) -> str:
    if marker in _MARKER_WORDS:
        return f"footnote_{_MARKER_WORDS[marker]}"
    if marker and set(marker) == {"*"}:
        return f"footnote_star{len(marker)}"
    return f"footnote_{_slug(marker)}"


# Annotatable subjects that are not places in the text: a process, organization or theme the
# record names. Their eid is "<kind>:<name as printed>", e.g. "process:Bali Process".
SUBJECT_KINDS = ("process", "organization", "theme")


def subject_eid(kind: str, name: str) -> str:
    """The eid under which a process, organization or theme of a record is annotated."""
    return f"{kind}:{' '.join(name.split())}"


def is_subject_eid(eid: str) -> bool:
    kind, sep, name = eid.partition(":")
    return bool(sep) and kind in SUBJECT_KINDS and bool(name)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower() or "x"


def cite(eid: str) -> str:
    """A citation a delegate reads: 'Annex, para. 8 (c)', 'Letter, para. 2', 'footnote a'.

    Built from the eid alone so it can label places that have since gone (detached annotations).
    """
    if is_subject_eid(eid):
        kind, _, name = eid.partition(":")
        return f"{kind.capitalize()}: {name}"
    steps = eid.split(SEP)
    head = steps[0]
    if head.startswith("footnote_"):
        marker = head.removeprefix("footnote_")
        marker = {"star": "*", "dagger": "†", "ddagger": "‡"}.get(marker, marker)
        return f"footnote {marker}"
    kind, _, ordinal = head.partition("_")
    part = {
        "letter": "Letter",
        "annex": "Annex",
        "enclosure": "Enclosure",
        "body": "",
        "section": "Section",
    }.get(kind, kind.capitalize())
    if part in ("Annex", "Enclosure", "Section") and ordinal and ordinal != "1":
        part = f"{part} {ordinal}"
    where = ""
    labels: list[str] = []
    for step in steps[1:]:
        name, _, value = step.partition("_")
        if name == "para":
            where = f"para. {value}"
        elif name == "p":
            where = f"para. {value}" if kind == "letter" else f"unnumbered para. {value}"
        elif name == "heading":
            where = "heading"
        elif name == "point":
            labels.append(f"({value})")
    text = " ".join([where, *labels]).strip()
    if part and text:
        return f"{part}, {text}"
    return part or text or eid

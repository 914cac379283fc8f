"""Element ids (eids) in the style of Akoma Ntoso for the UN, and human citations of them.

An eid names a place in a record and stays the same when the same text is imported again:
`annex_1__para_8__point_c__point_ii`, `letter__p_2`, `footnote_a`. Annotations are keyed to them.

A resolution's or decision's paragraphs follow AKN4UN's split of preamble and operative part:
the formula ("The General Assembly,") is `body__formula`, the third preambular paragraph
`body__preamble__para_3` (cited "PP3"), operative paragraph 5 keeps the printed number,
`body__para_5` (cited "OP5" by `Record.citation`, which knows the paragraph is operative).
A footnote whose marker a later part uses again is named within that part:
`draft_resolution_1__footnote_1` beside the report's `footnote_1`.
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


def table_eid(part: str, ordinal: int) -> str:
    return f"{part}{SEP}table_{ordinal}"


def formula_eid(part: str) -> str:
    """The preamble's formula of a resolution or decision: "The General Assembly,"."""
    return f"{part}{SEP}formula"


def preamble_eid(part: str, ordinal: int) -> str:
    """The `ordinal`-th preambular paragraph (PP): unnumbered in print, counted from 1."""
    return f"{part}{SEP}preamble{SEP}para_{ordinal}"


def point_eid(parent: str, label: str) -> str:
    return f"{parent}{SEP}point_{_slug(label)}"


def footnote_eid(marker: str, part: str | None = None) -> str:
    """`footnote_1`; within `part` when the marker is used again there: `annex_1__footnote_1`."""
    if marker in _MARKER_WORDS:
        name = f"footnote_{_MARKER_WORDS[marker]}"
    elif marker and set(marker) == {"*"}:
        name = f"footnote_star{len(marker)}"
    else:
        name = f"footnote_{_slug(marker)}"
    return f"{part}{SEP}{name}" if part else name


# Annotatable subjects that are not places in the text: a process, organization or theme the
# record names. Their eid is "<kind>:<name as printed>", e.g. "process:Bali Process".
SUBJECT_KINDS = ("process", "organization", "theme", "state")


def subject_eid(kind: str, name: str) -> str:
    """The eid under which a process, organization or theme of a record is annotated."""
    return f"{kind}:{' '.join(name.split())}"


def is_subject_eid(eid: str) -> bool:
    kind, sep, name = eid.partition(":")
    return bool(sep) and kind in SUBJECT_KINDS and bool(name)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower() or "x"


_PART_NAMES = {
    "letter": "Letter",
    "annex": "Annex",
    "enclosure": "Enclosure",
    "body": "",
    "section": "Section",
    "draft_resolution": "Draft resolution",
}
_NUMBERED_PARTS = ("Annex", "Enclosure", "Section", "Draft resolution")


def _part_name(head: str) -> tuple[str, str]:
    """The part's name as cited ("Annex 2") and its kind, from the first step of an eid."""
    kind, ordinal = head, ""
    if (m := re.fullmatch(r"(.+?)_(\d+)", head)) is not None:
        kind, ordinal = m.group(1), m.group(2)
    part = _PART_NAMES.get(kind, kind.replace("_", " ").capitalize())
    # "Annex" for the only (or first) annex, "Annex 2" after it; "Letter 2" for a second letter.
    if ordinal and part and not (part in _NUMBERED_PARTS and ordinal == "1"):
        part = f"{part} {ordinal}"
    return part, kind


def _marker_of(name: str) -> str:
    marker = name.removeprefix("footnote_")
    return {"star": "*", "dagger": "†", "ddagger": "‡"}.get(marker, marker)


def cite(
    eid: str, *, operative: bool = False, symbol: str | None = None, title: str | None = None
) -> str:
    """A citation a delegate reads: 'Annex, para. 8 (c)', 'Letter, para. 2', 'footnote a',
    'PP3', and with `operative` (a resolution's operative paragraph) 'OP5 (b)'; with `symbol`,
    the symbol first: 'A/RES/67/219, PP3'. A heading cites as its `title` when given
    ('Annex, “VIII. Observations”'), else by its number in its part ('heading 3').

    Built from the eid alone so it can label places that have since gone (detached annotations).
    """
    text = _cite(eid, operative, title)
    return f"{symbol}, {text}" if symbol else text


_TITLE_CHARS = 60


def _short_title(title: str) -> str:
    """A heading's text on one line, cut at a word before _TITLE_CHARS characters."""
    flat = " ".join(title.split())
    if len(flat) > _TITLE_CHARS:
        flat = flat[:_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
    return f"“{flat}”"


def _cite(eid: str, operative: bool, title: str | None = None) -> str:
    if is_subject_eid(eid):
        kind, _, name = eid.partition(":")
        return f"{kind.capitalize()}: {name}"
    steps = eid.split(SEP)
    head = steps[0]
    if head.startswith("footnote_"):
        return f"footnote {_marker_of(head)}"
    part, kind = _part_name(head)
    where = ""
    labels: list[str] = []
    preamble = False
    for step in steps[1:]:
        name, _, value = step.partition("_")
        if step == "preamble":
            preamble = True
        elif step == "formula":
            where = "formula"
        elif step.startswith("footnote_"):
            where = f"footnote {_marker_of(step)}"
        elif name == "para" and preamble:
            where = f"PP{value}"
        elif name == "para":
            where = f"OP{value}" if operative else f"para. {value}"
        elif name == "p":
            where = f"para. {value}" if kind == "letter" else f"unnumbered para. {value}"
        elif name == "heading":
            where = _short_title(title) if title and title.strip() else f"heading {value}".strip()
        elif name == "table":
            where = f"table {value}"
        elif name == "point":
            labels.append(f"({value})")
    text = " ".join([where, *labels]).strip()
    if part and text:
        return f"{part}, {text}"
    return part or text or eid

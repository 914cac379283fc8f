"""Links and outline entries of a briefing: "where mentioned" lists whose every citation links
to its place, outline titles for the parts of a record, and an outline entry with nothing to
print (the cover's)."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus.flowables import Flowable

from briefing.domain import Part, PartKind, cite
from briefing.domain.eids import SEP
from briefing.export.pdf_text import esc

# A part's kind as an outline names it, when its title does not already say it.
_KIND_NAMES = {
    PartKind.LETTER: "Letter",
    PartKind.ANNEX: "Annex",
    PartKind.ENCLOSURE: "Enclosure",
    PartKind.DRAFT_RESOLUTION: "Draft resolution",
}


def part_outline_title(part: Part) -> str:
    """The outline's entry for a part of the full text: its title, after its kind where the
    title does not say it ("Draft resolution: Crimes against humanity" beside the report of
    the same title)."""
    kind = _KIND_NAMES.get(part.kind)
    title = " ".join(part.title.split())
    if kind is None or title.lower().startswith(kind.lower()):
        return title
    head = cite(part.eid + SEP + "p_1").split(",")[0] or kind  # "Annex 2", "Draft resolution"
    return f"{head}: {title}" if title else head


def linked_citations(eids: list[str], link: Callable[[str, str], str]) -> str:
    """'Letter, para. 2; Annex, paras. 2, 6, 8 (c); footnotes a, b' as markup from a list of
    eids, each paragraph number, point and footnote through `link(eid, escaped label)` (a link
    to the place where it prints, or the label alone)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    footnotes: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    seen: set[str] = set()
    for eid in eids:
        text = cite(eid)
        if text in seen:
            continue
        seen.add(text)
        if text.startswith("footnote "):
            footnotes.append((eid, text.removeprefix("footnote ")))
            continue
        part, sep, where = text.partition(", para. ")
        if sep:
            groups.setdefault(part, []).append((eid, where))
        else:
            others.append((eid, text))

    def linked(items: list[tuple[str, str]]) -> str:
        return ", ".join(link(eid, esc(label)) for eid, label in items)

    out = []
    for part, wheres in groups.items():
        label = "para." if len(wheres) == 1 else "paras."
        out.append(
            f"{esc(part)}, {label} {linked(wheres)}" if part else f"{label} {linked(wheres)}"
        )
    out += [link(eid, esc(text)) for eid, text in others]
    if footnotes:
        out.append(("footnote " if len(footnotes) == 1 else "footnotes ") + linked(footnotes))
    return "; ".join(out)


class OutlineEntry(Flowable):
    """Invisible: an outline entry (and link target) for the spot where it stands, with
    nothing printed; the cover's. The template treats it as it treats a `Heading`."""

    toc_level = None

    def __init__(self, plain: str, key: str, outline_level: int = 0) -> None:
        super().__init__()
        self.plain = plain
        self.key = key
        self.outline_level = outline_level

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return 0, 0

    def draw(self) -> None:
        pass

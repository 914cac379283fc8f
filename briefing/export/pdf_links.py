"""Links and outline entries of a briefing: "where mentioned" lists whose every citation links
to its place, outline titles for the parts of a record, and an outline entry with nothing to
print (the cover's)."""

from __future__ import annotations

import re
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


# "Annex, para. 8 (c)" -> ("Annex", ", ", "8 (c)"); "unnumbered para. 9 (Mr. X)" -> ("unnumbered",
# " ", "9 (Mr. X)"); "para. 17" -> ("", "", "17"): the paragraphs of one part are listed together.
_PARA = re.compile(r"^(?P<part>.*?)(?P<sep>,? ?)\bpara\. (?P<where>.+)$")


def linked_citations(
    eids: list[str],
    link: Callable[[str, str], str],
    label: Callable[[str], str] = cite,
) -> str:
    """'Letter, para. 2; Annex, paras. 2, 6, 8 (c); footnotes a, b' as markup from a list of
    eids, each paragraph number, point and footnote through `link(eid, escaped label)` (a link
    to the place where it prints, or the label alone). `label` cites one eid: the record's own
    citation ("OP5", a statement's paragraph with its speaker) where the record is known."""
    groups: dict[tuple[str, str, bool], list[tuple[str, str]]] = {}
    footnotes: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    seen: set[str] = set()
    for eid in eids:
        text = label(eid)
        if text in seen:
            continue
        seen.add(text)
        if text.startswith("footnote "):
            footnotes.append((eid, text.removeprefix("footnote ")))
            continue
        match = _PARA.match(text)
        if match:
            key = (match["part"], match["sep"] if match["part"] else "", True)
            groups.setdefault(key, []).append((eid, match["where"]))
        elif ", " in text.partition("“")[0]:  # "Draft resolution, OP2": a part's places
            # together; a heading's quoted words ("Annex, “Peace, security”") stay whole.
            head, quote, words = text.partition("“")
            part, _sep, where = head.rpartition(", ")
            groups.setdefault((part, ", ", False), []).append((eid, where + quote + words))
        else:
            others.append((eid, text))

    def linked(items: list[tuple[str, str]]) -> str:
        return ", ".join(link(eid, esc(where)) for eid, where in items)

    out = []
    if others:  # the record's own paragraphs without a part ("PP1", "OP17") lead
        out.append(", ".join(link(eid, esc(text)) for eid, text in others))
    for (part, sep, numbered), wheres in groups.items():
        word = ("para. " if len(wheres) == 1 else "paras. ") if numbered else ""
        out.append(f"{esc(part)}{sep}{word}{linked(wheres)}")
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

"""Logical units of a UN document -> a Record: masthead, title, parts, paragraphs, points,
signatures, footnotes. Both input forms arrive here as the same units (see layout, blocks).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.domain import eids
from briefing.domain.model import (
    AgendaItem,
    Footnote,
    Paragraph,
    Part,
    PartKind,
    Point,
    Record,
    Signatory,
)
from briefing.importer import languages
from briefing.importer.inline import Inline, parse_inline, strip_marks
from briefing.importer.layout import ANNEX_LINE, FootnoteDef, join_lines

ORGANS = (
    "General Assembly",
    "Security Council",
    "Economic and Social Council",
    "Trusteeship Council",
    "Human Rights Council",
    "International Court of Justice",
    "Secretariat",
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = "|".join(MONTHS)

_ONE_SYMBOL = r"[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){1,6}(?: \(\d{4}\))?"
# "A/RES/67/219"; a joint document carries two: "A/68/123–S/2013/456".
SYMBOL = re.compile(rf"^{_ONE_SYMBOL}(?:\s*[–—-]\s*{_ONE_SYMBOL})?$")
DISTR = re.compile(r"^Distr\.?:?\s*(\w+)(?:\s+(.*))?$", re.IGNORECASE)
DATE = re.compile(rf"^(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})$")
ORIGINAL = re.compile(r"^Original\s?:\s*(.+)$", re.IGNORECASE)
SESSION = re.compile(
    r"^(?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?(?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?(?:session|year)$"
)
YEAR_SESSION = re.compile(r"^\d{4}\s+(?:session|substantive session)$", re.IGNORECASE)
AGENDA = re.compile(
    r"^(?:Provisional\s+)?(?:Agenda\s+)?[Ii]tems?\s+(.+?)(?:\s+of the (?:preliminary|provisional)"
    r"(?: list| agenda)?)?\s*$"
)
TITLE_START = re.compile(
    r"^(?:Letter|Identical letters|Note verbale|Note by|Report of|Resolution adopted|"
    r"Decision adopted|Draft resolution|Statement by|\d+/\d+\.\s)"
)
# A letter's title in any language of resources/masthead-languages.json.
LETTER_TITLE = languages.letter_title()
TITLE_START = re.compile(rf"{TITLE_START.pattern}|{LETTER_TITLE.pattern}")
RESOLUTION_TITLE = re.compile(r"^(\d+/\d+|\d+ \(\d{4}\))\.\s+(.+)$")
NUMBERED = re.compile(r"^(\d{1,3})\.\s*(.*)$", re.DOTALL)
POINT = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)\s*(.*)$", re.DOTALL)
SECTION_HEAD = re.compile(r"^([IVXLC]{1,6})\.\s+(\S.*)$")
SUBSECTION_HEAD = re.compile(r"^[A-Z]\.\s+[A-Z]")
SIGNED = languages.signed()
PLACE_DATE = re.compile(rf"^[A-Z][\w.'’ -]{{1,40}}, \d{{1,2}} (?:{_MONTH_RE}) \d{{4}}\.?$")
PLENARY = re.compile(r"^\d+(?:st|nd|rd|th) (?:plenary )?meeting$")
ENACTING = re.compile(
    r"^The (?:General Assembly|Security Council|Economic and Social Council|Human Rights Council|"
    r"Conference of the Parties|Commission\b[\w ]*|Council|Assembly)\s*,?$"
)
END_PUNCT = re.compile(r"[.;:,!?](?:[”’\"')\]]*)$")
ROMANS = {
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
    "xv", "xvi", "xvii", "xviii", "xix", "xx",
}  # fmt: skip


@dataclass
class _Builder:
    markers: dict[str, str]
    markup: bool
    parts: list[Part] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    used_eids: set[str] = field(default_factory=set)
    cites: dict[str, list[str]] = field(default_factory=dict)

    def inline(self, raw: str) -> Inline:
        return parse_inline(raw, self.markers, markup=self.markup)

    def unique(self, eid: str) -> str:
        candidate, n = eid, 1
        while candidate in self.used_eids:
            n += 1
            candidate = f"{eid}_{n}"
        self.used_eids.add(candidate)
        return candidate

    def new_part(self, kind: PartKind, title: str) -> Part:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        numbered = kind in (PartKind.ANNEX, PartKind.ENCLOSURE, PartKind.SECTION)
        ordinal = self.counts[kind] if numbered or self.counts[kind] > 1 else None
        part = Part(eid=self.unique(eids.part_eid(kind.value, ordinal)), kind=kind, title=title)
        self.parts.append(part)
        return part

    def cite(self, keys: list[str], eid: str) -> None:
        for key in keys:
            where = self.cites.setdefault(key, [])
            if eid not in where:
                where.append(eid)


def plain(raw: str) -> str:
    """A unit's text for pattern matching: no sentinels, no emphasis markup, no trailing star."""
    return strip_marks(raw).replace("**", "").replace("*", "").strip()


def parse_date(text: str) -> dt.date | None:
    m = DATE.match(text.strip())
    if not m:
        other = languages.parse_date(text)
        return other[0] if other else None
    try:
        return dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    except ValueError:
        return None


def _agenda_items(spec: str) -> list[str]:
    spec = spec.strip().rstrip("*").strip()
    items = re.split(r",\s*|\s+and\s+", spec)
    return [item.strip() for item in items if item.strip()]


def build(units: list[str], footnotes: list[FootnoteDef], *, markup: bool) -> Record:
    markers = {note.key: note.marker for note in footnotes}
    b = _Builder(markers=markers, markup=markup)
    record = Record(title="")
    i = _masthead(units, record, 0)
    # Agenda titles: the lines between the agenda item and the document's title. A joint
    # document's masthead goes on after them with the second organ's lines.
    agenda_titles: list[str] = []
    while (
        record.agenda
        and i + 1 < len(units)
        and len(agenda_titles) < len(record.agenda)
        and not TITLE_START.match(plain(units[i]))
        and not _structural(plain(units[i]))
        and _organ(_one_line(plain(units[i]))) is None
    ):
        agenda_titles.append(_one_line(plain(units[i])))
        i += 1
    i = _masthead(units, record, i)
    for item, title in zip(record.agenda, agenda_titles, strict=False):
        item.title = title

    notes: list[str] = []
    title = ""
    kind = PartKind.BODY
    if i < len(units):
        first = _one_line(plain(units[i]))
        if first.startswith(("Resolution adopted", "Decision adopted")):
            notes.append(first)
            i += 1
            while i < len(units) and plain(units[i]).startswith("["):
                notes.append(_one_line(plain(units[i])))
                i += 1
            if i < len(units) and (m := RESOLUTION_TITLE.match(_one_line(plain(units[i])))):
                title = m.group(2)
                i += 1
            else:
                title = first
        elif TITLE_START.match(first) or (
            # Otherwise a title is a line of its own, not a heading or a sentence of the text.
            not _structural(first)
            and not SECTION_HEAD.match(first)
            and len(first) <= 250
            and not END_PUNCT.search(first)
        ):
            title = first
            kind = PartKind.LETTER if LETTER_TITLE.match(first) else PartKind.BODY
            if m := RESOLUTION_TITLE.match(first):
                title = m.group(2)
            i += 1
    record.title = (
        title
        or (record.agenda[0].title if record.agenda else "")
        or (record.symbol or "Untitled document")
    )
    part = b.new_part(kind, record.title)
    part.notes.extend(notes)
    _body(units[i:], b, part)
    record.parts = [p for p in b.parts if p.paragraphs or p.signatories or p.notes]

    for note in footnotes:
        inline = b.inline(join_lines(note.lines))
        record.footnotes.append(
            Footnote(
                marker=note.marker,
                eid=b.unique(eids.footnote_eid(note.marker))
                if note.key == note.marker
                else b.unique(
                    f"{eids.footnote_eid(note.marker)}{eids.SEP}{note.key.split('~')[1]}"
                ),
                text=inline.text,
                spans=inline.spans,
                cited_in=list(b.cites.get(note.key, [])),
            )
        )
    return record


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _structural(text: str) -> bool:
    return bool(
        NUMBERED.match(text)
        or POINT.match(text)
        or SIGNED.match(text)
        or ANNEX_LINE.match(text)
        or ENACTING.match(text)
    )


def _masthead(units: list[str], record: Record, i: int) -> int:
    start = i
    while i < len(units) and i - start < 20:
        if not _masthead_field(_one_line(plain(units[i])), record):
            # A stray short line inside the masthead (a language list, a reissue note) is
            # passed over when masthead fields follow it; never once the agenda has begun,
            # since the agenda's titles follow it.
            ahead = [_one_line(plain(u)) for u in units[i + 1 : i + 3]]
            if (
                record.agenda
                or len(plain(units[i])) > 60
                or not any(_is_masthead_field(x) for x in ahead)
            ):
                break
        i += 1
    return i


def _is_masthead_field(text: str) -> bool:
    return _masthead_field(text, Record(title=""))


def _masthead_field(text: str, record: Record) -> bool:
    """Record `text` into the masthead fields if it is one; False when it is not."""
    if text.lower() in ("united nations", "distr.", "distr.:"):
        pass
    elif text.lower() in ("general", "limited", "restricted") and record.distribution is None:
        record.distribution = text.capitalize()  # "Distr." printed on the line above
    elif SYMBOL.match(text):
        record.symbol = record.symbol or text
    elif (organ := _organ(text)) is not None:
        # A joint document names two organs; the first is the one it is filed under.
        record.organ = record.organ or organ
        record.language = record.language or _language_of_organ(text)
    elif (code := languages.version_language(text)) and record.language in (None, code):
        record.language = code  # "Español": the language of this version
    elif m := DISTR.match(text):
        record.distribution = m.group(1).capitalize()
        if m.group(2) and (date := parse_date(m.group(2))):
            record.date = date
    elif (date := parse_date(text)) and record.date is None:
        record.date = date
    elif m := ORIGINAL.match(text):
        record.original_language = m.group(1).strip().capitalize()
    elif SESSION.match(text) or YEAR_SESSION.match(text):
        record.session = record.session or text
    elif (m := AGENDA.match(text)) and not record.agenda:
        record.agenda = [AgendaItem(item, "") for item in _agenda_items(m.group(1))]
    else:
        return False
    return True


def _organ(text: str) -> str | None:
    for organ in ORGANS:
        if text.lower() == organ.lower():
            return organ
    found = languages.organ(text)  # the organ's name in another official language
    return found[0] if found else None


def _language_of_organ(text: str) -> str | None:
    found = languages.organ(text)
    return found[1] if found else None


def _body(units: list[str], b: _Builder, part: Part) -> None:
    para: Paragraph | None = None
    signatory: Signatory | None = None
    notes_mode = True
    draft = False
    i = 0
    while i < len(units):
        raw = units[i]
        text = plain(raw)
        flat = _one_line(text)
        i += 1
        if ANNEX_LINE.match(flat) and len(flat) < 300:
            kind = PartKind.ENCLOSURE if flat.startswith("Enclosure") else PartKind.ANNEX
            part = b.new_part(kind, flat)
            para, signatory, notes_mode, draft = None, None, True, False
            continue
        if m := SIGNED.match(flat):
            name = b.inline(raw[raw.index(")") + 1 :]).text
            signatory = Signatory(name=name, title="")
            part.signatories.append(signatory)
            para, notes_mode = None, False
            continue
        if signatory is not None:
            if len(flat) <= 120 and not _structural(flat) and not flat.endswith((".", ";")):
                signatory.title = "\n".join(x for x in (signatory.title, flat) if x)
                continue
            signatory = None
        if notes_mode:
            if (
                len(flat) <= 200
                and not _structural(flat)
                and not SECTION_HEAD.match(flat)
                and not SUBSECTION_HEAD.match(flat)
                and not PLACE_DATE.match(flat)
                and (not END_PUNCT.search(flat) or flat.endswith("]"))
                and not flat[:1].islower()
            ):
                part.notes.append(flat)
                continue
            notes_mode = False
        if (m := SECTION_HEAD.match(flat)) and len(flat) < 150 and not flat.endswith("."):
            if part.kind in (PartKind.BODY, PartKind.SECTION) and not draft:
                part = b.new_part(PartKind.SECTION, flat)
                para, notes_mode = None, False
            else:
                _add_paragraph(b, part, raw, None, role="heading")
                para = None
            continue
        if ENACTING.match(flat) and any(p.number for p in part.paragraphs):
            title = "Draft resolution"
            last = part.paragraphs[-1]
            if last.number is None and not last.points and not END_PUNCT.search(last.text):
                part.paragraphs.pop()
                title = last.text
            part = b.new_part(PartKind.SECTION, title)
            draft = True
            para = _add_paragraph(b, part, raw, None)
            continue
        if ENACTING.match(flat):
            para = _add_paragraph(b, part, raw, None)
            continue
        if m := NUMBERED.match(text):
            content = raw[_offset_after(raw, m.group(1) + ".") :]
            para = _add_paragraph(b, part, content, m.group(1))
            continue
        if m := POINT.match(text):
            label = m.group(1)
            content = raw[_offset_after(raw, f"({label})") :]
            if para is None:
                para = _add_paragraph(b, part, "", None)
            _add_point(b, para, label, content)
            continue
        if PLENARY.match(flat) and i < len(units) and parse_date(plain(units[i])):
            _add_paragraph(b, part, f"{flat}\n{plain(units[i])}", None, role="place_date")
            i += 1
            para = None
            continue
        if PLACE_DATE.match(flat):
            _add_paragraph(b, part, raw, None, role="place_date")
            para = None
            continue
        if para is not None and para.points and _list_open(para) and not flat[:1].isupper():
            inline = b.inline(raw)
            para.closing = inline.text
            para.closing_spans = inline.spans
            b.cite(inline.footnote_keys, para.eid)
            continue
        if len(flat) <= 150 and not END_PUNCT.search(flat) and not flat[:1].islower():
            _add_paragraph(b, part, raw, None, role="heading")
            para = None
            continue
        para = _add_paragraph(b, part, raw, None)


def _offset_after(raw: str, token: str) -> int:
    """Where the unit's content starts after its printed number or label (markup tolerated)."""
    at = raw.find(token)
    return at + len(token) if at >= 0 else 0


def _list_open(para: Paragraph) -> bool:
    last = para.walk_points()[-1]
    tail = (last.closing or last.text).rstrip()
    return tail.endswith((",", ";", ":", " and", " or", "—"))


def _add_paragraph(
    b: _Builder, part: Part, raw: str, number: str | None, role: str = "paragraph"
) -> Paragraph:
    inline = b.inline(raw)
    key = f"{part.eid}:{role}"
    if role == "heading":
        b.counts[key] = b.counts.get(key, 0) + 1
        eid = eids.heading_eid(part.eid, b.counts[key])
    elif number:
        eid = eids.paragraph_eid(part.eid, number, 0)
    else:
        key = f"{part.eid}:unnumbered"
        b.counts[key] = b.counts.get(key, 0) + 1
        eid = eids.paragraph_eid(part.eid, None, b.counts[key])
    para = Paragraph(
        eid=b.unique(eid), number=number, text=inline.text, spans=inline.spans, role=role
    )
    part.paragraphs.append(para)
    b.cite(inline.footnote_keys, para.eid)
    return para


def _add_point(b: _Builder, para: Paragraph, label: str, raw: str) -> None:
    """A lettered point at the paragraph's level; a roman one under the last lettered point."""
    inline = b.inline(raw)
    last = para.points[-1] if para.points else None
    successor = (
        last is not None
        and len(label) == 1
        and len(last.label) == 1
        and ord(label) == ord(last.label) + 1
    )
    nested = label in ROMANS and not successor and last is not None and last.label not in ROMANS
    parent_eid = last.eid if nested and last is not None else para.eid
    point = Point(
        eid=b.unique(eids.point_eid(parent_eid, label)),
        label=label,
        text=inline.text,
        spans=inline.spans,
    )
    if nested and last is not None:
        last.points.append(point)
    else:
        para.points.append(point)
    b.cite(inline.footnote_keys, point.eid)


__all__ = ["build", "parse_date", "plain"]

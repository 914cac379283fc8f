"""Logical units of a UN document -> a Record: masthead, title, parts, paragraphs, points,
signatures, footnotes. Both input forms arrive here as the same units (see layout, blocks).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field

from briefing.datatypes import dataclass
from briefing.domain import eids
from briefing.domain.model import (
    AgendaItem,
    Footnote,
    Paragraph,
    Part,
    PartKind,
    Point,
    Proceedings,
    Record,
    Signatory,
    Span,
    Table,
)
from briefing.importer import columns, kinds, languages, proceedings
from briefing.importer.inline import (
    FN_OPEN,
    LEADER,
    Inline,
    parse_inline,
    strip_marks,
)
from briefing.importer.layout import ANNEX_LINE, LETTER_ALONE, FootnoteDef, join_lines

# The months in English, for what prints dates (the importer reads every language's, see
# briefing/importer/languages.py).
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
_DATE = languages.date_body()

_ONE_SYMBOL = r"[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){1,6}(?: \(\d{4}\))?"
# "A/RES/67/219"; a joint document carries two: "A/68/123–S/2013/456".
SYMBOL = re.compile(rf"^{_ONE_SYMBOL}(?:\s*[–—-]\s*{_ONE_SYMBOL})?$")
DISTR = re.compile(r"^Distr\.?:?\s*(\w+)(?:\s+(.*))?$", re.IGNORECASE)
DATE = re.compile(rf"^{_DATE}$")
ORIGINAL = re.compile(r"^Original\s?:\s*(.+)$", re.IGNORECASE)
_QUALIFIERS = "|".join(
    re.escape(q)
    for q in sorted(kinds.document_kinds()["session_qualifiers"], key=len, reverse=True)
)
# "Sixty-eighth session", "Sixty-ninth year", "Eleventh emergency special session".
SESSION = re.compile(
    r"^(?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?(?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?"
    rf"(?:(?:{_QUALIFIERS})\s+)?(?:session|year)$"
)
YEAR_SESSION = re.compile(r"^\d{4}\s+(?:session|substantive session)$", re.IGNORECASE)
AGENDA = re.compile(
    r"^(?:Provisional\s+)?(?:Agenda\s+)?[Ii]tems?\s+(.+?)(?:\s+of the (?:preliminary|provisional)"
    r"(?: list| agenda)?)?\s*$"
)
TITLE_START = re.compile(
    r"^(?:Letter|Identical letters|Note verbale|Note by|Report of|Resolution adopted|"
    r"Decision adopted|Draft resolution|Statement by|(?:[A-Z]{1,3}-\d+|\d+)/\d+\.\s|"
    rf"{kinds.alternatives(languages.letter_titles())})"
)
# The title of a letter (or note verbale) that transmits annexes: its text is a letter part.
LETTER_TITLE = re.compile(rf"^(?:{kinds.alternatives(languages.letter_titles())})\b")
# "67/219. Title", "ES-11/2. Title" (an emergency special session's), "S-27/2. Title".
RESOLUTION_TITLE = re.compile(r"^((?:[A-Z]{1,3}-\d+|\d+)/\d+|\d+ \(\d{4}\))\.\s+(.+)$")
RESOLUTION_NUMBER = re.compile(r"^((?:[A-Z]{1,3}-\d+|\d+)/\d+|\d+ \(\d{4}\))\.$")
TITLE_START = re.compile(rf"{TITLE_START.pattern}|{LETTER_TITLE.pattern}")
NUMBERED = re.compile(r"^(\d{1,3})\.\s*(.*)$", re.DOTALL)
# In a statement printed in quotation marks, each point opens one: "“(a) The Security Council".
POINT = re.compile(r"^[“\"]?\(([a-z]{1,2}|[ivxlc]{1,6})\)\s*(.*)$", re.DOTALL)
SECTION_HEAD = re.compile(r"^([IVXLC]{1,6})\.\s+(\S.*)$")
SUBSECTION_HEAD = re.compile(r"^[A-Z]\.\s+[A-Z]")
SIGNED = re.compile(rf"^(?:{kinds.alternatives(languages.signed_lines())})\s*(.+)$")
PLACE_DATE = re.compile(rf"^[A-Z][\w.'’ -]{{1,40}}, {_DATE}\.?$")
PLENARY = re.compile(r"^\d+(?:st|nd|rd|th) (?:plenary )?meeting$")
ENACTING = kinds.formula_pattern()
# Full-width (Chinese) and Arabic stops, commas and colons too.
END_PUNCT = re.compile(r"[.;:,!?。；：，！？،؛؟](?:[”’\"')\]）」』]*)$")
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
    proceedings: Proceedings | None = None
    # The last suffix `unique` tried for each eid, so that many places of one eid (a
    # thousand paragraphs numbered "1") cost a step each, not a walk over the ones before.
    suffixes: dict[str, int] = field(default_factory=dict)
    # Each part's last paragraph number in figures, as `_add_paragraph` adds them.
    last_numbers: dict[str, int] = field(default_factory=dict)
    numbered_parts: set[str] = field(default_factory=set)  # parts with a numbered paragraph
    formula_parts: set[str] = field(default_factory=set)  # parts with an enacting formula

    def inline(self, raw: str) -> Inline:
        return parse_inline(raw, self.markers, markup=self.markup)

    def unique(self, eid: str) -> str:
        candidate, n = eid, self.suffixes.get(eid, 1)
        if n > 1:
            candidate = f"{eid}_{n}"
        while candidate in self.used_eids:
            n += 1
            candidate = f"{eid}_{n}"
        self.suffixes[eid] = n
        self.used_eids.add(candidate)
        return candidate

    def new_part(self, kind: PartKind, title: str) -> Part:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        numbered = kind in (
            PartKind.ANNEX,
            PartKind.ENCLOSURE,
            PartKind.SECTION,
            PartKind.DRAFT_RESOLUTION,
        )
        ordinal = self.counts[kind] if numbered or self.counts[kind] > 1 else None
        part = Part(eid=self.unique(eids.part_eid(kind.value, ordinal)), kind=kind, title=title)
        self.parts.append(part)
        return part

    def cite(self, keys: list[str], eid: str) -> None:
        for key in keys:
            where = self.cites.setdefault(key, [])
            if eid not in where:
                where.append(eid)

    def rename(self, para: Paragraph, eid: str) -> None:
        """Give a paragraph (and its points) a new eid once its role is known, e.g. a
        preambular paragraph read as such only when the operative part begins."""
        old = para.eid
        self.used_eids.discard(old)
        new = self.unique(eid)
        para.eid = new

        def moved(value: str) -> str:
            return (
                new + value[len(old) :]
                if value == old or value.startswith(old + eids.SEP)
                else value
            )

        for point in para.walk_points():
            point.eid = moved(point.eid)
        for where in self.cites.values():
            where[:] = [moved(x) for x in where]


def plain(raw: str) -> str:
    """A unit's text for pattern matching: no sentinels, no emphasis markup, no trailing star."""
    return strip_marks(raw).replace("**", "").replace("*", "").strip()


def parse_date(text: str) -> dt.date | None:
    m = DATE.match(text.strip())
    if not m:
        other = languages.parse_date(text)
        return other[0] if other else None
    try:
        month = languages.month_numbers()[m.group(2).casefold()]
        return dt.date(int(m.group(3)), month, int(m.group(1)))
    except (KeyError, ValueError):
        return None


def _agenda_items(spec: str) -> list[str]:
    spec = spec.strip().rstrip("*").strip()
    items = re.split(r",\s*|\s+and\s+", spec)
    return [item.strip() for item in items if item.strip()]


def build(units: list[str], footnotes: list[FootnoteDef], *, markup: bool) -> Record:
    markers = {note.key: note.marker for note in footnotes}
    b = _Builder(markers=markers, markup=markup)
    record = Record(title="")
    i = _masthead(units, record, 0, markers, markup)
    # Agenda titles: the lines between the agenda item and the document's title. A joint
    # document's masthead goes on after them with the second organ's lines.
    agenda_titles: list[str] = []
    adoption = _adoption_ahead(units, i)
    if record.agenda and adoption is not None:
        # Everything between the agenda item and "Resolution adopted by ..." is the item's
        # title, even a title that reads like a document's ("Letter dated ...").
        lines = [_one_line(plain(u)) for u in units[i:adoption]]
        agenda_titles = lines if len(lines) == len(record.agenda) else [" ".join(lines)]
        i = adoption
    while (
        record.agenda
        and adoption is None
        and i + 1 < len(units)
        and len(agenda_titles) < len(record.agenda)
        and not TITLE_START.match(plain(units[i]))
        and not _structural(plain(units[i]))
        and _organ(_one_line(plain(units[i]))) is None
    ):
        agenda_titles.append(_one_line(plain(units[i])))
        i += 1
    i = _masthead(units, record, i, markers, markup)
    for item, title in zip(record.agenda, agenda_titles, strict=False):
        item.title = title

    record.kind = kinds.kind_from_symbol(record.symbol)
    if kinds.is_meeting_record(record.kind):
        i = proceedings.read_masthead(units, i, record)
        record.title = record.title or record.symbol or "Untitled meeting record"
        part = b.new_part(PartKind.BODY, record.title)
        b.proceedings = record.proceedings
        if record.proceedings and (table := proceedings.members_table(record.proceedings)):
            # Who sat, as the masthead prints it: a table, not a run of short paragraphs.
            body_rows = Table(rows=table.rows[table.header_rows :])
            _add_paragraph(b, part, _table_text(body_rows), None, role="table").table = table
        numbered = bool(kinds.kind_entry(record.kind).get("numbered"))
        _meeting_body(units[i:], b, part, numbered=numbered)
        proceedings.agenda_from_headings(record, part)
        record.speakers = proceedings.speakers_of(record, part)
        record.votes = proceedings.votes_of(part, record)
    else:
        i = _title_block(units, i, record, b)
    record.parts = [p for p in b.parts if p.paragraphs or p.signatories or p.notes]
    for part in record.parts:
        _label_resolution(b, part)
    if not record.agenda and (title := _item_entitled(record)):
        record.agenda.append(AgendaItem(item="", title=title))

    # A part that numbers its footnotes afresh (a draft resolution's 1, 2 ... after the
    # report's) names all of them within it: `draft_resolution_1__footnote_1`; the first
    # series keeps the plain names.
    part_of = {}
    for note in footnotes:
        where = b.cites.get(note.key, [])
        part_of[note.key] = where[0].split(eids.SEP)[0] if where else ""
    restarting: set[str] = set()
    seen: dict[str, str] = {}
    for note in footnotes:
        first = seen.setdefault(note.marker, part_of[note.key])
        if first != part_of[note.key] and part_of[note.key]:
            restarting.add(part_of[note.key])
    for note in footnotes:
        part_eid = part_of[note.key]
        within = part_eid if part_eid in restarting else None
        inline = b.inline(join_lines(note.lines))
        record.footnotes.append(
            Footnote(
                marker=note.marker,
                eid=b.unique(eids.footnote_eid(note.marker, within)),
                text=inline.text,
                spans=inline.spans,
                cited_in=list(b.cites.get(note.key, [])),
            )
        )
    return record


def _adoption_ahead(units: list[str], i: int) -> int | None:
    """Where "Resolution adopted by ..." stands in the few units ahead, if it does."""
    starts = tuple(w for k in kinds.document_kinds()["kinds"] for w in k.get("masthead_lines", []))
    for j in range(i, min(i + 8, len(units))):
        text = _one_line(plain(units[j]))
        if text.startswith(starts):
            return j
        if _structural(text) or len(text) > 250:
            return None
    return None


def _title_goes_on(title: str, raw: str, text: str = "") -> bool:
    """Whether the unit after a title is more of it: a title wrapped over lines is one.

    `text` is the document's (units a line each): the title's last word and the unit's first,
    printed together elsewhere ("Permanent Representative" in a signature), join here too.
    """
    nxt = _one_line(plain(raw))
    words = title.split()
    if not words or not _heading_like(nxt) or _structural(nxt) or SECTION_HEAD.match(nxt):
        return False
    if len(nxt) > 200:
        return False
    if nxt[:1].islower() or words[-1].lower() in kinds.continuation_words():
        return True
    if FN_OPEN in raw and len(nxt.split()) <= 4:
        # The title's last words carry its footnote mark ("... Universal Periodic" /
        # "Review*"): the mark closes the title.
        return True
    if text and re.search(rf"\b{re.escape(words[-1])} {re.escape(nxt.split()[0])}\b", text):
        return True
    # A letter's title is whole once it says to whom it is addressed.
    entry = kinds.kind_entry(kinds.kind_from_lines([title]))
    required = entry.get("title_until", [])
    return bool(required) and not any(w in title for w in required)


def _item_entitled(record: Record) -> str:
    """The agenda item a text names in its opening paragraph when its masthead names none:
    "... consideration of the item entitled “Cooperation between ...”"."""
    phrases = kinds.document_kinds().get("item_entitled", [])
    alternatives = "|".join(re.escape(p) for p in phrases)
    if not alternatives or not record.parts or not record.parts[0].paragraphs:
        return ""
    opening = record.parts[0].paragraphs[0].text
    m = re.search(rf"(?:{alternatives})\s*[“\"]([^”\"]+)[”\"]", opening)
    return " ".join(m.group(1).split()) if m else ""


def _reports_on_a_state(title: str) -> bool:
    """A title of a report about one State, which prints the State on the line after it."""
    bare = title.rstrip("* ").casefold()
    return any(
        bare == t.casefold() for t in kinds.document_kinds().get("state_under_review_titles", [])
    )


def _state_after_title(title: str) -> tuple[str, str] | None:
    """("Report of the Working Group on the Universal Periodic Review", "Colombia") from the
    two lines read as one; None when the title holds no State after such words."""
    for words in kinds.document_kinds().get("state_under_review_titles", []):
        if title.casefold().startswith(words.casefold()) and len(title) > len(words):
            rest = title[len(words) :].lstrip("* ")
            if rest and _state_name(rest):
                return title[: len(words)], rest
    return None


def _state_name(raw: str) -> bool:
    """A short line that can only be a State's name: at most four words of a capital each
    (six for the longest names), joined only by the linking words of data, no punctuation
    that would end a sentence: "Slovenia", "Bosnia and Herzegovina", "Iran (Islamic Republic
    of)". The list of States is not needed for this: the title says a State follows it."""
    text = _one_line(plain(raw)).rstrip("*")
    if not text or len(text) > 80 or END_PUNCT.search(text.rstrip(")")):
        return False
    data = kinds.document_kinds()
    if text.casefold() in {w.casefold() for w in data.get("not_a_state_name", [])}:
        return False
    links = set(data.get("state_name_links", []))
    # "Côte d’Ivoire": a word after an elided article is capitalised after its apostrophe.
    words = [re.split(r"[’']", w)[-1] or w for w in re.findall(r"[^\s()]+", text)]
    capitalised = [w for w in words if w[:1].isupper()]
    others = [w for w in words if not w[:1].isupper()]
    return 1 <= len(capitalised) <= 6 and all(w.casefold() in links for w in others)


def _title_block(units: list[str], i: int, record: Record, b: _Builder) -> int:
    """The title, the lines about it (adoption, "[on the report of ...]"), the body after it."""
    notes: list[str] = []
    title = ""
    title_lines: list[str] = []
    kind = PartKind.BODY
    data = kinds.document_kinds()
    adoption = [w for k in data["kinds"] for w in k.get("masthead_lines", [])]
    if i < len(units):
        first = _one_line(plain(units[i]))
        if first.startswith(tuple(adoption)):
            i += 1
            while i < len(units) and plain(units[i])[:1].islower():
                # "Resolution adopted by the General Assembly" / "on 24 March 2022".
                first = f"{first} {_one_line(plain(units[i]))}"
                i += 1
            notes.append(first)
            title_lines.append(first)
            while i < len(units) and plain(units[i]).startswith("["):
                notes.append(_one_line(plain(units[i])))
                i += 1
            head = _one_line(plain(units[i])) if i < len(units) else ""
            if m := RESOLUTION_TITLE.match(head):
                title = m.group(2)
                i += 1
            elif RESOLUTION_NUMBER.match(head) and i + 1 < len(units):
                # "68/47." and the title set apart by a blank line.
                title = _one_line(plain(units[i + 1]))
                i += 2
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
            # Unit boundaries stay newlines, so a word pair found in it is printed together.
            text = "\n".join(_one_line(plain(u)) for u in units)
            while (
                i < len(units)
                and not (_reports_on_a_state(title) and _state_name(units[i]))
                and _title_goes_on(title, units[i], text)
            ):
                title = f"{title} {_one_line(plain(units[i]))}"
                i += 1
        if title:
            title_lines.append(title)
        if (split := _state_after_title(title)) is not None:
            # The State's line joined to the title's when the lines were wrapped together.
            title, record.subtitle = split
        elif i < len(units) and _reports_on_a_state(title) and _state_name(units[i]):
            # "Report of the Working Group on the Universal Periodic Review" / "Colombia": the
            # title stays as printed, the State under review is its subtitle.
            record.subtitle = _one_line(plain(units[i]))
            i += 1
        subtitle_starts = tuple(data.get("subtitle_starts", []))
        if i < len(units) and subtitle_starts and plain(units[i]).startswith(subtitle_starts):
            # Also a note under the title, as the part prints it.
            record.subtitle = _one_line(plain(units[i]))
    if title and record.agenda and record.agenda[0].title and kinds.names_only_its_author(title):
        # "Report of the Sixth Committee" under "Agenda item 78 / Crimes against humanity":
        # the report's subject is the agenda item; who reports is its subtitle.
        record.subtitle = title
        title = record.agenda[0].title
    record.title = (
        title
        or (record.agenda[0].title if record.agenda else "")
        or (record.symbol or "Untitled document")
    )
    record.kind = record.kind or kinds.kind_from_lines(title_lines)
    part = b.new_part(kind, record.title)
    part.notes.extend(notes)
    _body(units[i:], b, part)
    return len(units)


def _label_resolution(b: _Builder, part: Part) -> None:
    """Label a resolution's paragraphs as delegates cite them: the formula ("The General
    Assembly,") stands alone; the unnumbered paragraphs after it are the preamble, PP1, PP2 ...;
    the numbered ones the operative part, OP1 ... with the printed number.

    A single unnumbered operative paragraph ("Adopts the following declaration:") ends the
    resolution: what follows it is the text it adopts, not its operative part.
    """
    paragraphs = part.paragraphs
    start = next((k for k, p in enumerate(paragraphs) if p.role == "formula"), None)
    if start is None:
        return
    formula = paragraphs[start]
    if formula.eid != eids.formula_eid(part.eid):
        b.rename(formula, eids.formula_eid(part.eid))
    preamble = 0
    operative = False
    for para in paragraphs[start + 1 :]:
        if para.role != "paragraph":
            if para.role == "heading":
                break
            continue
        if para.number is None and not operative:
            tail = (para.closing or para.text).rstrip()
            if not END_PUNCT.search(tail) or tail.endswith((".", ":")):
                break  # an unnumbered operative paragraph: the resolution ends with it
            preamble += 1
            para.label = f"PP{preamble}"
            b.rename(para, eids.preamble_eid(part.eid, preamble))
        elif para.number is not None:
            operative = True
            para.label = f"OP{para.number}"


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


def _masthead(
    units: list[str], record: Record, i: int, markers: dict[str, str], markup: bool = False
) -> int:
    start = i
    while i < len(units) and i - start < 20:
        agenda_before, symbol_before = len(record.agenda), record.symbol
        if _masthead_field(_one_line(plain(units[i])), record):
            _keep_masthead_mark(units[i], record, agenda_before, symbol_before, markers, markup)
        else:
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


def _keep_masthead_mark(
    raw: str,
    record: Record,
    agenda_before: int,
    symbol_before: str | None,
    markers: dict[str, str],
    markup: bool = False,
) -> None:
    """A footnote mark on the symbol ("A/68/123*": reissued) or on the agenda item ("21 (e)*")
    stays with the field it marks, naming its footnote. The same scanner as the paragraphs'
    reads the marks: in the paragraph form a star glued to a word is one (no sentinel)."""
    keys = parse_inline(raw, markers, markup=markup).footnote_keys
    if not keys:
        return
    marker = markers.get(keys[-1], keys[-1])
    if record.symbol and record.symbol != symbol_before:
        record.symbol_marker = marker
    elif len(record.agenda) > agenda_before:
        record.agenda[-1].marker = marker


def _is_masthead_field(text: str) -> bool:
    return _masthead_field(text, Record(title=""))


def _masthead_field(text: str, record: Record) -> bool:
    """Record `text` into the masthead fields if it is one; False when it is not."""
    if text.lower() in ("distr.", "distr.:") or text in languages.united_nations():
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
        return _masthead_field_in_other_scripts(text, record)
    return True


def _masthead_field_in_other_scripts(text: str, record: Record) -> bool:
    """The masthead's fields as languages.json prints them ("التوزيع: عام", "原文：英文",
    "第六十八届会议", "البند 21 (هـ) من القائمة الأولية"), where English's patterns above do not
    reach; each also tells the version's language."""
    code: str | None
    if distribution := languages.distribution(text):
        english, rest, code = distribution
        record.distribution = english
        if rest and (date := parse_date(rest)):
            record.date = date
    elif original := languages.original(text):
        record.original_language, code = original
    elif code := languages.session(text):
        record.session = record.session or text
    elif (items := languages.agenda_items(text)) and not record.agenda:
        record.agenda = [AgendaItem(item, "") for item in _agenda_items(items)]
        code = ""
    else:
        return False
    if code:
        record.language = record.language or code
    return True


def _organ(text: str) -> str | None:
    """The organ a masthead line names, by its English name whatever the language printed."""
    return languages.organ_in_english(text)


def _language_of_organ(text: str) -> str | None:
    """The language a masthead's organ line is printed in (resources/languages.json)."""
    found = languages.organ(text)
    return found[1] if found else None


def _body(units: list[str], b: _Builder, part: Part) -> None:
    text_of = "\n".join(_one_line(plain(u)) for u in units)
    para: Paragraph | None = None
    signatory: Signatory | None = None
    notes_mode = True
    i = 0
    while i < len(units):
        raw = units[i]
        text = plain(raw)
        flat = _one_line(text)
        i += 1
        if table := columns.decode_table(raw):
            # A grid table (columns.py): one paragraph holding its rows and columns.
            _add_paragraph(b, part, _table_text(table), None, role="table").table = table
            para, notes_mode = None, False
            continue
        if LEADER in raw:
            # Lines with dot leaders ("Chair . . . . ." / ... then "Mr. Alpha (Ruritania)" /
            # ...): a table of two columns, as a list of office-holders prints it.
            table, i = _leader_table(units, i - 1)
            _add_paragraph(b, part, _table_text(table), None, role="table").table = table
            para, notes_mode = None, False
            continue
        if ANNEX_LINE.match(flat) and len(flat) < 300:
            enclosure = flat.startswith(tuple(languages.enclosure_words()))
            kind = PartKind.ENCLOSURE if enclosure else PartKind.ANNEX
            # An annex's heading that names what it is annexed to is a title like the
            # document's, wrapped over lines the same way.
            while (
                len(flat.split()) > 2 and i < len(units) and _title_goes_on(flat, units[i], text_of)
            ):
                flat = f"{flat} {_one_line(plain(units[i]))}"
                i += 1
            part = b.new_part(kind, flat)
            para, signatory, notes_mode = None, None, True
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
                and not LETTER_ALONE.match(flat)
                and not PLACE_DATE.match(flat)
                and (not END_PUNCT.search(flat) or flat.endswith("]"))
                and not flat[:1].islower()
            ):
                part.notes.append(flat)
                continue
            notes_mode = False
        if (
            LETTER_ALONE.match(flat)
            and i < len(units)
            and _heading_like(_one_line(plain(units[i])))
        ):
            # "A." on a line of its own above its heading: one heading, "A. Political ...".
            raw = f"{flat} {units[i]}"
            flat = _one_line(plain(raw))
            i += 1
        if (
            SECTION_HEAD.match(flat) or SUBSECTION_HEAD.match(flat) or LETTER_ALONE.match(flat)
        ) and (len(flat) < 150 and not flat.endswith(".")):
            # Sections and subsections are headings inside the part, whose paragraphs are
            # numbered through them; a heading wrapped over two lines is one heading.
            while i < len(units) and _continues_heading(flat, _one_line(plain(units[i]))):
                raw = f"{raw} {units[i]}"
                flat = _one_line(plain(raw))
                i += 1
            _add_paragraph(b, part, raw, None, role="heading")
            para = None
            continue
        if ENACTING.match(flat) and part.eid in b.numbered_parts:
            # A formula after numbered paragraphs: the draft the report recommends, a part of
            # its own, titled by the heading printed above it.
            title = "Draft resolution"
            last = part.paragraphs[-1]
            if last.number is None and not last.points and not END_PUNCT.search(last.text):
                part.paragraphs.pop()
                title = last.text
            part = b.new_part(PartKind.DRAFT_RESOLUTION, title)
            para = _add_paragraph(b, part, raw, None, role="formula")
            continue
        if ENACTING.match(flat):
            para = _add_paragraph(b, part, raw, None, role="formula")
            continue
        if m := NUMBERED.match(text):
            if _numbered_subheading(b, part, m.group(1), _one_line(m.group(2))):
                # "1. Political situation" under a section: a subheading, not paragraph 1.
                _add_paragraph(b, part, raw, None, role="heading")
                para = None
                continue
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
        if (
            para is not None
            and para.number
            and not para.points
            and para.text.rstrip().endswith(",")
            and part.eid in b.formula_parts
        ):
            # An operative paragraph never ends on a comma: a line the width rule took for
            # its end ("... by the Secretary-General," / "Member States, ...") goes on.
            _extend(b, para, raw)
            continue
        if _heading_like(flat):
            _add_paragraph(b, part, raw, None, role="heading")
            para = None
            continue
        para = _add_paragraph(b, part, raw, None)


def _extend(b: _Builder, para: Paragraph, raw: str) -> None:
    inline = b.inline(raw)
    offset = len(para.text) + 1
    para.text = f"{para.text} {inline.text}"
    para.spans.extend(
        Span(s.start + offset, s.end + offset, s.style, s.marker) for s in inline.spans
    )
    b.cite(inline.footnote_keys, para.eid)


def _leader_table(units: list[str], i: int) -> tuple[Table, int]:
    """The run of leader lines from units[i] and, when as many short lines follow them, those
    as the second column (pdftotext gives a column at a time)."""
    left: list[str] = []
    while i < len(units) and LEADER in units[i]:
        left.append(_one_line(plain(units[i])))
        i += 1
    right: list[str] = []
    j = i
    while (
        j < len(units)
        and len(right) < len(left)
        and _heading_like(_one_line(plain(units[j])))
        and len(_one_line(plain(units[j]))) <= 80
    ):
        right.append(_one_line(plain(units[j])))
        j += 1
    if len(right) == len(left):
        return Table(rows=[[a, b] for a, b in zip(left, right, strict=True)]), j
    return Table(rows=[[a] for a in left]), i


def _table_text(table: Table) -> str:
    """A table's text for search and citations: a row a line, its cells apart."""
    return "\n".join(" ".join(cell for cell in row if cell) for row in table.rows)


def _heading_like(flat: str) -> bool:
    return bool(flat) and len(flat) <= 150 and not END_PUNCT.search(flat) and not flat[:1].islower()


def _continues_heading(heading: str, nxt: str) -> bool:
    """Whether the unit after a heading goes on with it: the heading stopped on a word that
    cannot end one ("... activities of the" / "United Nations country team")."""
    words = kinds.document_kinds().get("continuation_words", [])
    last = heading.split()[-1].lower() if heading.split() else ""
    return (
        _heading_like(nxt)
        and not _structural(nxt)
        and not SECTION_HEAD.match(nxt)
        and not SUBSECTION_HEAD.match(nxt)
        and (last in words or nxt[:1].islower())
    )


def _numbered_subheading(b: _Builder, part: Part, number: str, text: str) -> bool:
    """A unit "1. Xxx" that does not go on with the part's numbering and reads as a heading."""
    expected = b.last_numbers.get(part.eid, 0) + 1
    return int(number) != expected and _heading_like(text) and len(text) <= 100


def _meeting_body(units: list[str], b: _Builder, part: Part, *, numbered: bool = False) -> None:
    """A meeting record's body: statements opened by a speaker's label, procedural lines,
    decisions, votes with their lists of States, and headings (the agenda items)."""
    vote: Paragraph | None = None
    for raw in units:
        flat = _one_line(plain(raw))
        if not flat:
            continue
        if proceedings.is_notice(flat):
            notice, rest = proceedings.split_notice(flat)
            part.notes.append(notice)
            if not rest:
                continue
            raw = flat = rest
        if label := proceedings.parse_label(flat):
            vote = None
            para = _add_paragraph(b, part, label.rest, None)
            para.speaker_label = label.printed
            continue
        if vote is not None and proceedings.looks_like_states(flat) and not flat.endswith("."):
            # The list goes on over lines (and pages): "Mauritius," / "Mexico," / ..., and a
            # name wrapped on the column's width goes on too ("Russian" / "Federation").
            vote.text = f"{vote.text} {flat}"
            continue
        vote = None
        if proceedings.vote_head(flat):
            vote = _add_paragraph(b, part, flat, None, role="vote")
            continue
        if (
            proceedings.is_vote_method(flat)
            or proceedings.procedure_time(flat)
            or proceedings.chair_taken(flat)
            or proceedings.is_decision(flat)
        ):
            # A procedural line or a decision is one sentence; what a two-column page glued
            # after it is text of its own.
            line, rest = proceedings.first_sentence(flat)
            role = "decision" if proceedings.is_decision(line) else "procedure"
            _add_paragraph(b, part, line, None, role=role)
            if (timed := proceedings.procedure_time(line)) and b.proceedings is not None:
                setattr(b.proceedings, timed[0], timed[1])
            if rest:
                _add_paragraph(b, part, rest, None)
            continue
        if numbered and (m := NUMBERED.match(flat)):
            # A summary record's numbered paragraph; who speaks opens it in the third person.
            content = flat[m.end(1) + 1 :].strip()
            para = _add_paragraph(b, part, content, m.group(1))
            if said := proceedings.summary_speaker(content):
                para.speaker_label = said.printed
            continue
        if m := proceedings.AGENDA_HEAD_START.match(flat):
            # "Agenda item 129 (continued)" and the item's title after it: two headings.
            _add_paragraph(b, part, m.group(0), None, role="heading")
            rest = flat[m.end() :].strip().lstrip(":").strip()
            if rest:
                _add_paragraph(b, part, rest, None, role="heading")
            continue
        if _heading_like(flat) or proceedings.AGENDA_HEAD.match(flat):
            _add_paragraph(b, part, raw, None, role="heading")
            continue
        _add_paragraph(b, part, raw, None)


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
    elif role == "table":
        b.counts[key] = b.counts.get(key, 0) + 1
        eid = eids.table_eid(part.eid, b.counts[key])
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
    if role == "formula":
        b.formula_parts.add(part.eid)
    if number:
        b.numbered_parts.add(part.eid)
        if number.isdigit():
            b.last_numbers[part.eid] = int(number)
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

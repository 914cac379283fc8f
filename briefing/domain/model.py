"""The meeting record as plain data: what the importer builds, the store keeps and the UI shows.

Text is always plain (no markup); styling rides alongside as spans with character offsets into
that text, so every consumer (FTS, Qt, reportlab) starts from the same plain string and escapes it
for its own medium.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from enum import StrEnum

from briefing.datatypes import dataclass
from briefing.domain.eids import SEP, cite


class SpanStyle(StrEnum):
    BOLD = "bold"
    ITALIC = "italic"
    # A footnote reference: a zero-width span (start == end) at the place the mark stands.
    FOOTNOTE = "footnote"


@dataclass(frozen=True)
class Span:
    """Styling over text[start:end]; for FOOTNOTE spans, `marker` names the footnote."""

    start: int
    end: int
    style: SpanStyle
    marker: str | None = None


@dataclass
class Point:
    """A lettered (a), (b) or roman (i), (ii) point; may hold nested points."""

    eid: str
    label: str  # as printed, without brackets: "a", "ii"
    text: str
    spans: list[Span] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    # Text printed after the nested list, still part of this point.
    closing: str = ""
    closing_spans: list[Span] = field(default_factory=list)
    # The page of the official PDF where the point begins; None when imported from text.
    page: int | None = None

    def walk_points(self) -> list[Point]:
        """Every point nested in this one, depth first, in reading order."""
        return _walk(self.points)


@dataclass
class Table:
    """A table as printed: rows of cells (plain text), the first `header_rows` rows its heads."""

    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    title: str = ""


@dataclass
class Paragraph:
    """A paragraph of a part: numbered ("8") or not (number None), with its points.

    `text` is the lead-in (or the whole paragraph when it has no points); `closing` is text
    printed after the list of points, kept in place.
    """

    eid: str
    number: str | None
    text: str
    spans: list[Span] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    closing: str = ""
    closing_spans: list[Span] = field(default_factory=list)
    # "paragraph" for body text; "heading" for an unnumbered heading inside a part
    # (e.g. "Chair's Summary", "I. Introduction"); "place_date" for a closing "Lima, 23 May 2013";
    # "formula" for a resolution's "The General Assembly,"; "vote" for a list of States voting;
    # "table" for a table (see `table`); "procedure" for a meeting record's line such as
    # "The meeting was called to order at 10.15 a.m.".
    role: str = "paragraph"
    # The page of the official PDF where the paragraph begins; None when imported from text.
    page: int | None = None
    # How delegates cite a resolution's paragraph: "PP3" for the third preambular paragraph,
    # "OP5" for operative paragraph 5; empty for every other kind of paragraph.
    label: str = ""
    # In a meeting record, the name of the speaker whose statement this paragraph belongs to
    # (a `Speaker.name` of the record), and on a statement's first paragraph the label as
    # printed, interpretation note included: "Mr. Churkin (Russian Federation) (spoke in Russian)".
    speaker: str = ""
    speaker_label: str = ""
    # The rows and cells when the paragraph is a table (role "table").
    table: Table | None = None

    def walk_points(self) -> list[Point]:
        """Every point of this paragraph, depth first, in reading order."""
        return _walk(self.points)


def _walk(points: list[Point]) -> list[Point]:
    out: list[Point] = []
    stack = list(reversed(points))
    while stack:
        point = stack.pop()
        out.append(point)
        stack.extend(reversed(point.points))
    return out


@dataclass
class Signatory:
    name: str
    title: str  # the title lines under the name, joined with "\n"


class PartKind(StrEnum):
    LETTER = "letter"
    ANNEX = "annex"
    ENCLOSURE = "enclosure"
    # The text of a resolution, report or other document that is not a letter.
    BODY = "body"
    # A numbered section of a report ("I. Introduction") or an embedded draft resolution.
    # No longer made by the importer (sections are headings inside a part); kept for records
    # stored before.
    SECTION = "section"
    # A draft resolution or decision that a report recommends, printed inside it.
    DRAFT_RESOLUTION = "draft_resolution"


@dataclass
class Part:
    eid: str  # "letter", "annex_1", "enclosure_1", "body", "section_2"
    kind: PartKind
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    # Free lines printed under the title, e.g. "[Original: French]".
    notes: list[str] = field(default_factory=list)


@dataclass
class Footnote:
    marker: str  # "*", "a", "1"
    eid: str  # "footnote_star", "footnote_a", "footnote_1"
    text: str
    spans: list[Span] = field(default_factory=list)
    cited_in: list[str] = field(default_factory=list)  # eids of paragraphs / points
    # The page of the official PDF where the footnote is printed; None when imported from text.
    page: int | None = None

    @property
    def part(self) -> str:
        """The eid of the part that cites it ("" for a mark in the masthead): a report's
        footnote 1 and its draft resolution's footnote 1 are two footnotes of two parts."""
        return self.cited_in[0].split(SEP)[0] if self.cited_in else ""


@dataclass
class AgendaItem:
    item: str  # "21 (e)"
    title: str  # "Globalization and interdependence: international migration and development"
    # The footnote mark printed after the item ("21 (e)*"), naming its footnote: "*".
    marker: str = ""


@dataclass
class Meeting:
    """The meeting a record reports on or was adopted at, as its text gives it.

    For a chair's summary, the meeting summarised; for a verbatim or summary record, the meeting
    recorded (from its masthead); for a resolution, the plenary meeting of adoption.
    """

    title: str
    place: str | None
    start: dt.date | None
    end: dt.date | None
    theme: str | None
    # "7138th meeting", "61st plenary meeting" when the text numbers it.
    number: str = ""
    time: str = ""  # "10 a.m." as printed
    # Who presided, as printed ("Ms. Lucas (Luxembourg)"); "" when the text does not say.
    presiding: str = ""


@dataclass
class Entity:
    """A process, body or organization the record names, listed once.

    `kind` names one of the entity kinds in resources/entity_kinds.json (data, not an enum: a
    vocabulary pack can add kinds without a code change).
    """

    name: str
    kind: str
    short_name: str | None = None
    status: str | None = None  # None when the text says nothing; else as the text puts it
    mentions: list[str] = field(default_factory=list)  # eids, paragraphs/points and footnotes


@dataclass
class Resolution:
    symbol: str  # "65/170", "2085 (2012)"
    mentions: list[str] = field(default_factory=list)


@dataclass
class Theme:
    name: str
    # "meeting" for the meeting's own theme, "record" for themes the text names,
    # "vocabulary" for themes of the general vocabulary of the UN's work (resources/).
    source: str
    mentions: list[str] = field(default_factory=list)
    # For a vocabulary theme, the vocabulary's group it belongs to ("Sustainable Development
    # Goals", "Fields of work"); "" for a record's own themes.
    category: str = ""


@dataclass
class State:
    """A Member or observer State the record names, listed once, in the UN's short name.

    `code` is its ISO 3166-1 alpha-3 code, which identifies it across records and spellings.
    """

    name: str
    code: str = ""
    mentions: list[str] = field(default_factory=list)


@dataclass
class Conclusion:
    """An outcome of the record: a pointer to a paragraph or point, with its label and text.

    What counts as an outcome depends on the kind of record: a chair's summary's conclusions and
    key points, a resolution's operative paragraphs, a report's recommendations, a meeting
    record's decisions. Each is annotatable.
    """

    eid: str
    label: str  # "10 (a)", "OP5"
    text: str
    # What it is, one of the outcome kinds in resources/outcomes.json: "conclusion",
    # "recommendation", "operative", "decision", ...; "" for a record stored before kinds.
    kind: str = ""
    # A resolution's operative verb as printed, with its addressee when it has one:
    # "Urges", "Requests the Secretary-General", "Decides"; "" when none applies.
    verb: str = ""
    # The verb's family in resources/outcomes.json ("decisions", "requests", "calls",
    # "encouragements", "expressions"); "" when none applies.
    family: str = ""


@dataclass
class Speaker:
    """One who speaks in a meeting record, listed once, in the order they first speak.

    `name` as the record prints it ("Mr. Churkin"; for an office named without a person, the
    office: "The Secretary-General"); `affiliation` the State or body in brackets after it;
    `role` what else the label or the masthead says ("President", "Rapporteur of the Fifth
    Committee"); `eid` the first paragraph of their first statement.
    """

    name: str
    affiliation: str = ""
    eid: str = ""
    role: str = ""


@dataclass
class Vote:
    """A vote recorded in a meeting record: the States in favour, against and abstaining.

    `eid` is the paragraph listing those in favour; `method` the line announcing the vote as
    printed ("A recorded vote was taken."); `result` the announcement after it.
    """

    eid: str
    method: str = ""
    in_favour: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    abstaining: list[str] = field(default_factory=list)
    result: str = ""


@dataclass
class Member:
    """A member of the body at a meeting: the State (or office) and who sat for it."""

    affiliation: str
    name: str = ""


@dataclass
class Proceedings:
    """The masthead of a meeting record (verbatim or summary), as printed."""

    meeting: str = ""  # "7138th meeting", "117th plenary meeting"
    date: dt.date | None = None
    time: str = ""  # "11 a.m."
    place: str = ""
    president: Member | None = None
    members: list[Member] = field(default_factory=list)
    called_to_order: str = ""  # "11.10 a.m."
    rose: str = ""  # "1.05 p.m."


# A place of a record: what an eid names and an annotation anchors to.
Place = Paragraph | Point | Footnote


@dataclass
class Record:
    """One UN document, structured."""

    title: str
    symbol: str | None = None
    organ: str | None = None
    distribution: str | None = None
    date: dt.date | None = None
    original_language: str | None = None
    session: str | None = None
    agenda: list[AgendaItem] = field(default_factory=list)
    meeting: Meeting | None = None
    parts: list[Part] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    processes: list[Entity] = field(default_factory=list)
    organizations: list[Entity] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    conclusions: list[Conclusion] = field(default_factory=list)
    key_points: list[Conclusion] = field(default_factory=list)
    # Provenance: the file name it came from and the SHA-256 of its normalized text, which
    # identifies the document across databases (annotation sharing, re-import without duplicates).
    source_name: str = ""
    source_sha256: str = ""
    # The document's identity across databases, fixed at first import by the store:
    # "symbol:A/RES/67/219" when the text carries a symbol, else "sha256:<source_sha256>".
    # Annotations and shared annotation files refer to a record by it.
    key: str = ""
    # Set by the store; None for a record not yet stored.
    id: int | None = None
    # The language this version is written in (ISO 639-1: "en", "es"), read from its masthead;
    # distinct from `original_language`, the language it was submitted in.
    language: str | None = None
    # The kind of document, one of the kinds in resources/document_kinds.json ("letter",
    # "resolution", "report", "verbatim_record", ...); "" when none was recognised.
    kind: str = ""
    # The line printed under the title: a committee report's "Report of the Sixth Committee",
    # a Security Council resolution's "Adopted by the Security Council at its 7182nd meeting, ...".
    subtitle: str = ""
    # The footnote mark printed after the symbol: a reissued document's "A/68/123*", whose
    # footnote says "Reissued for technical reasons on ...".
    symbol_marker: str = ""
    # A meeting record's masthead, speakers in order of first speaking, and recorded votes.
    proceedings: Proceedings | None = None
    speakers: list[Speaker] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    # The eid index (see places()): built on first lookup, never stored or compared.
    _index: dict[str, tuple[Place, Part | None, int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def signatories(self) -> list[Signatory]:
        return [s for part in self.parts for s in part.signatories]

    @property
    def display_title(self) -> str:
        """The symbol when the document has one, else its title."""
        return self.symbol or self.title

    @property
    def tables(self) -> list[Table]:
        """Every table of the record, in reading order."""
        return [para.table for _, para in self.paragraphs() if para.table is not None]

    def citation(self, eid: str, *, with_symbol: bool = False, with_page: bool = False) -> str:
        """`cite(eid)` as this record's delegates read it: "OP5 (b)" for a resolution's
        operative paragraph, a statement's paragraph with its speaker, with the symbol first
        when asked ("A/RES/67/219, PP3"), and with the official PDF's page last when asked and
        known ("A/68/151, annex, para. 10 (c), p. 5")."""
        steps = eid.split(SEP)
        para_eid = SEP.join(s for s in steps if not s.startswith("point_"))
        para = self.find(para_eid)
        operative = isinstance(para, Paragraph) and para.label.startswith("OP")
        heading = isinstance(para, Paragraph) and para.role == "heading"
        text = cite(
            eid,
            operative=operative,
            symbol=self.symbol if with_symbol else None,
            title=para.text if heading and isinstance(para, Paragraph) else None,
        )
        if isinstance(para, Paragraph) and para.speaker:
            # In a meeting record, whose statement it is: "unnumbered para. 17 (Mr. Churkin)".
            text = f"{text} ({para.speaker})"
        if with_page and (page := self.page_of(eid)) is not None:
            text = f"{text}, p. {page}"
        return text

    def page_of(self, eid: str) -> int | None:
        """The official PDF's page where the place begins: its own, else (a point the reader
        placed no page on) the point's or paragraph's it stands in; None for a record
        imported from text."""
        steps = eid.split(SEP)
        place = self.find(eid)
        while place is not None and place.page is None and steps[-1].startswith("point_"):
            steps = steps[:-1]
            place = self.find(SEP.join(steps))
        return place.page if place is not None else None

    def paragraphs(self) -> list[tuple[Part, Paragraph]]:
        return [(part, para) for part in self.parts for para in part.paragraphs]

    def places(self) -> list[Place]:
        """Every place in reading order: each part's paragraphs, each followed by its points
        (depth first), then the footnotes. The one walk every room uses."""
        out: list[Place] = []
        for part in self.parts:
            for para in part.paragraphs:
                out.append(para)
                out.extend(para.walk_points())
        out.extend(self.footnotes)
        return out

    def _eid_index(self) -> dict[str, tuple[Place, Part | None, int]]:
        """eid -> (place, its part, its position in reading order), built on first use."""
        index = self._index
        if index is None:
            index = {}
            for part in self.parts:
                for para in part.paragraphs:
                    index.setdefault(para.eid, (para, part, len(index)))
                    for point in para.walk_points():
                        index.setdefault(point.eid, (point, part, len(index)))
            for footnote in self.footnotes:
                index.setdefault(footnote.eid, (footnote, None, len(index)))
            self._index = index
        return index

    def reindex(self) -> None:
        """Forget the eid index; a builder that adds or renames places after a lookup calls it."""
        self._index = None

    def find(self, eid: str) -> Place | None:
        """The paragraph, point or footnote with this eid, or None."""
        hit = self._eid_index().get(eid)
        return hit[0] if hit else None

    def order_of(self, eid: str) -> int | None:
        """The place's position in reading order (see places()), or None for an unknown eid."""
        hit = self._eid_index().get(eid)
        return hit[2] if hit else None

    def part_of(self, eid: str) -> Part | None:
        """The part a paragraph or point stands in (None for a footnote or an unknown eid)."""
        hit = self._eid_index().get(eid)
        return hit[1] if hit else None

    def footnote(self, marker: str) -> Footnote | None:
        return next((f for f in self.footnotes if f.marker == marker), None)

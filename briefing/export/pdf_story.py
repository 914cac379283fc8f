"""Records and annotations to platypus flowables: the sections of a briefing note or pack.

Pure layout input: nothing here writes a file. Every piece of record or user text goes through
`pdf_text.esc`/`rich` before it reaches a Paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable

from briefing import vocab
from briefing.domain import (
    Annotation,
    Entity,
    Footnote,
    Point,
    Priority,
    Record,
)
from briefing.domain import (
    Paragraph as RecordParagraph,
)
from briefing.domain.model import SpanStyle
from briefing.export import hyphenation
from briefing.export import styles as st
from briefing.export.options import SECTION_LABELS, ExportOptions
from briefing.export.pdf_flowables import (
    Heading,
    PageNumberForms,
    PageRef,
    Para,
    RunningHeader,
    cell_text,
    contents_lines,
)
from briefing.export.pdf_footnotes import FootNote, FootnotedPara, FootnoteFlush, marks_of
from briefing.export.pdf_keep import keep_heading_with_table_start
from briefing.export.pdf_links import OutlineEntry, linked_citations, part_outline_title
from briefing.export.pdf_refs import PageReference
from briefing.export.pdf_text import esc, footnote_mark, rich
from briefing.vocab import group_outcomes, kind_label, outcome_kind_label


def format_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def format_dates(start: dt.date | None, end: dt.date | None) -> str:
    """'22–23 May 2013', '30 May – 2 June 2013', or one date."""
    if not start:
        return format_date(end)
    if not end or end == start:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{format_date(start)} – {format_date(end)}"


def document_title(records: list[Record], options: ExportOptions) -> str:
    if options.title.strip():
        return options.title.strip()
    if len(records) == 1:
        record = records[0]
        if record.meeting and record.meeting.title:
            return record.meeting.title
        return record.title or record.display_title
    return "Briefing pack"


def place_text(record: Record, eid: str) -> str:
    """The plain text of a place, points included, for themes and annotated places."""
    found = record.find(eid)
    if found is None:
        return ""
    if isinstance(found, Footnote):
        return found.text
    pieces = [found.text]
    for point in found.walk_points():
        pieces.append(f"({point.label}) {point.text}")
    if found.closing:
        pieces.append(found.closing)
    return " ".join(p for p in pieces if p)


def current_annotations(annotations: list[Annotation]) -> dict[str, Annotation]:
    """The newest annotation per place."""
    out: dict[str, Annotation] = {}
    for ann in sorted(annotations, key=lambda a: (a.updated, a.uid)):
        out[ann.target_eid] = ann
    return out


class _Builder:
    """Builds the story of one export; holds the keys so bookmarks stay unique."""

    def __init__(
        self,
        items: list[tuple[Record, list[Annotation]]],
        options: ExportOptions,
        styles: st.Styles,
        frame_width: float,
        forms: PageNumberForms,
    ) -> None:
        self.forms = forms
        self.items = items
        self.options = options
        self.s = styles
        # The styles outside any record (cover, positions, contents); a record's own sections
        # are set in its language's hyphenated styles (`hyphenation.styles_for`).
        self.base_styles = styles
        self._record_styles: dict[str | None, st.Styles] = {}
        self._derived: dict[tuple, st.ParagraphStyle] = {}
        self.width = frame_width
        self.pack = len(items) > 1
        self._key = 0
        self._index = 0  # the record being built
        # Places are link targets only where the full text prints them, and only those some
        # citation links to become destinations (each costs the PDF an object; the full text
        # is built after every section that cites).
        self._linked_places = "full-text" in options.sections
        self._cited: set[str] = set()
        # Where each note printed in full: (record index, eid) -> (anchor, section name).
        self._notes_at: dict[tuple[int, str], tuple[str, str]] = {}
        self._lines_at: set[tuple[int, str]] = set()  # places whose lines to take printed
        self._section = ""  # the section being built

    def derived(self, parent: st.ParagraphStyle, name: str, **changes) -> st.ParagraphStyle:
        """`parent` with `changes`, made once per export and shared by every paragraph asking
        for the same. A new style costs a copy of its parent, and its first paragraph a run of
        reportlab's parser (`pdf_flowables.Para` clones that one's fragments for the rest): a
        pack asked for one per quoted block and position line. Paragraphs never change their
        style, so sharing one prints the same."""
        key = (parent, name, *sorted(changes.items()))
        style = self._derived.get(key)
        if style is None:
            style = self._derived[key] = st.ParagraphStyle(name, parent=parent, **changes)
        return style

    def key(self) -> str:
        self._key += 1
        return f"k{self._key}"

    def place_key(self, index: int, eid: str) -> str:
        """The destination name of a place in the full text of the index-th record."""
        return f"r{index}.{eid}"

    def target(self, index: int, record: Record, eid: str) -> str | None:
        """Where a citation of `eid` links to: the place in the full text, when it prints."""
        if not self._linked_places or record.find(eid) is None:
            return None
        key = self.place_key(index, eid)
        self._cited.add(key)
        return key

    def cite_link(self, index: int, record: Record, eid: str, text: str | None = None) -> str:
        """A citation as markup: a link to the place in the full text where it prints."""
        # A number stays with its label: "para.\xa08\xa0(c)", "OP\xa03" never broken apart.
        label = esc(_NUMBER_SPACE.sub("\xa0", record.citation(eid) if text is None else text))
        key = self.target(index, record, eid)
        return f'<a href="#{key}">{label}</a>' if key else label

    def mentions(self, eids: list[str]) -> str:
        """A "where mentioned" list as markup, each place a link to where the full text
        prints it."""
        record = self.items[self._index][0]

        def link(eid: str, label: str) -> str:
            label = _NUMBER_SPACE.sub("\xa0", label)
            key = self.target(self._index, record, eid)
            return f'<a href="#{key}">{label}</a>' if key else label

        return linked_citations(eids, link, record.citation)

    def anchored(self, para: Para, eid: str) -> Para:
        key = self.place_key(self._index, eid)
        if key in self._cited:
            para.anchor = key
        return para

    def heading(
        self, text: str, style, level: int, *, toc: bool = True, markup: str | None = None
    ) -> Heading:
        return Heading(
            markup if markup is not None else esc(text),
            style,
            plain=text,
            key=self.key(),
            outline_level=level,
            toc_level=level if toc else None,
        )

    # -- the whole story ------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        sections = self.options.sections
        out: list[Flowable] = []
        if "cover" in sections:  # without one, the document starts on the body template
            out.append(OutlineEntry("Cover", self.key()))
            out += self.cover()
            out += [NextPageTemplate("body"), PageBreak()]
        if "positions" in sections:
            glance = self.positions()
            if glance:
                out += [*glance, PageBreak()]
        contents_at: int | None = None
        if "contents" in sections:
            out.append(self.heading("Contents", self.s.h1, 0, toc=False))
            contents_at = len(out)  # the lines go here once every heading is known
            out.append(PageBreak())
        for index, (record, notes) in enumerate(self.items):
            if self.pack and index > 0:
                out.append(PageBreak())
            if not sections - {"cover", "contents", "positions"}:
                break  # a briefing of cover and contents alone: no empty page for a record
            out += self.record(index, record, notes)
        self.s = self.base_styles
        # A page break with nothing after it would end the PDF on a blank page.
        while out and isinstance(out[-1], (PageBreak, NextPageTemplate)):
            out.pop()
        if not out:
            out.append(Spacer(1, 1))
        if contents_at is not None:
            entries = [
                (f.toc_level, f.plain, f.key)
                for f in out
                if isinstance(f, Heading) and f.toc_level is not None
            ]
            out[contents_at:contents_at] = contents_lines(entries, self.s.toc_levels, self.forms)
        return out

    def record(self, index: int, record: Record, annotations: list[Annotation]) -> list[Flowable]:
        self._index = index
        self.s = self.styles_of(record)
        out: list[Flowable] = [RunningHeader(self._header(record))]
        level = 0
        if self.pack:
            out.append(Para(f"CHAPTER {index + 1}", self.s.chapter_kicker))
            title = record.display_title
            subtitle = record.title if record.symbol else ""
            out.append(self.heading(title, self.s.h1, 0))
            if subtitle:
                out.append(Para(esc(subtitle), self.s.body_left))
            out.append(Spacer(1, 6))
            level = 1
        by_eid = current_annotations(annotations)
        builders = {
            "brief": self.brief,
            "processes": self.processes,
            "themes": self.themes,
            "conclusions": self.conclusions,
            "key-points": self.key_points,
            "full-text": self.full_text,
        }
        first = True
        for name, build in builders.items():
            if name not in self.options.sections:
                continue
            style = self.s.h1 if level == 0 else self.s.h2
            heading = self.heading(SECTION_LABELS[name], style, level)
            self._section = name
            body = build(record, by_eid, level + 1)
            if not body:
                continue  # nothing to show for this record: the section is left out
            if name == "full-text" and not first:
                out.append(PageBreak())
            elif not first:
                out.append(CondPageBreak(60 * mm))
            if isinstance(body[0], Table):
                out += keep_heading_with_table_start(heading, body[0])
                out += body[1:]
            else:
                out.append(heading)
                out += body
            first = False
        if first:  # no chosen section has anything to show for this record
            if not self.pack:
                return []
            out.append(
                Para("Nothing to show for this record in the sections chosen.", self.s.label)
            )
        return out

    def styles_of(self, record: Record) -> st.Styles:
        """The styles of a record's sections: justified text hyphenated in its language."""
        language = record.language
        if language not in self._record_styles:
            self._record_styles[language] = hyphenation.styles_for(self.base_styles, language)
        return self._record_styles[language]

    def _header(self, record: Record) -> str:
        if record.symbol:
            return record.symbol
        # Whole: the template shortens it at a word to the width the marking leaves.
        return record.title or record.source_name or "Record"

    # -- cover ----------------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        """The cover, on one page whatever it holds: long texts shortened at a word, a pack's
        records listed up to COVER_RECORDS, and what still overflows set smaller to fit."""
        s = self.s
        records = [r for r, _ in self.items]
        out: list[Flowable] = []
        marking = shorten_at_word(self.options.marking, COVER_TEXT_CHARS)
        out.append(Para(esc(marking.upper()) if marking else "&nbsp;", s.cover_marking))
        out.append(Spacer(1, 38 * mm))
        if self.options.delegation.strip():
            delegation = shorten_at_word(self.options.delegation, COVER_TEXT_CHARS)
            out.append(Para(esc(delegation), s.cover_delegation))
        kind = "BRIEFING NOTE" if len(records) == 1 else "BRIEFING PACK"
        out.append(Para(kind, s.cover_kind))
        out.append(HRFlowable(width="100%", thickness=1.2, color=st.NAVY, spaceAfter=10))
        title = shorten_at_word(document_title(records, self.options), COVER_TITLE_CHARS)
        out.append(Para(esc(title), s.cover_title))
        if len(records) == 1:
            out += self._cover_record(records[0])
        else:
            out.append(Para(f"{len(records)} records", s.cover_kind))
            for record in records[:COVER_RECORDS]:
                line = f"<b>{esc(shorten_at_word(record.display_title, COVER_LINE_CHARS))}</b>"
                if record.symbol and record.title:
                    line += f" — {esc(shorten_at_word(record.title, COVER_LINE_CHARS))}"
                if record.date:
                    line += f" ({esc(format_date(record.date))})"
                out.append(Para(line, s.cover_detail))
                out.append(Spacer(1, 3))
            more = len(records) - COVER_RECORDS
            if more > 0:
                where = ": see the contents" if "contents" in self.options.sections else ""
                plural = "s" if more != 1 else ""
                out.append(Para(f"and {more} more record{plural}{where}.", s.cover_detail))
        if self.options.filtering:
            out.append(Spacer(1, 4 * mm))
            filters = shorten_at_word(self.options.describe_filters(), COVER_TEXT_CHARS)
            out.append(Para(f"Holds only the positions with {esc(filters)}.", s.cover_detail))
        out.append(Spacer(1, 14 * mm))
        out.append(HRFlowable(width="100%", thickness=0.4, color=st.RULE, spaceAfter=6))
        prepared = format_date(self.options.prepared_date(records))
        out.append(Para(f"Date prepared: {esc(prepared)}", s.cover_prepared))
        # Whatever the texts still make too tall for the cover frame is set smaller, never
        # carried over to a second page.
        return [KeepInFrame(0, 0, out, mode="shrink", name="cover")]

    def _cover_record(self, record: Record) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        meeting = record.meeting
        title = document_title([record], self.options)
        if meeting and meeting.title and meeting.title != title:
            out.append(Para(esc(shorten_at_word(meeting.title, COVER_TEXT_CHARS)), s.cover_meeting))
        elif not meeting and record.title and record.title != title:
            out.append(Para(esc(shorten_at_word(record.title, COVER_TEXT_CHARS)), s.cover_meeting))
        rows: list[tuple[str, str]] = []
        if meeting:
            if meeting.place:
                rows.append(("Place", meeting.place))
            dates = format_dates(meeting.start, meeting.end)
            if dates:
                rows.append(("Dates", dates))
            if meeting.theme:
                rows.append(("Theme", meeting.theme))
        if record.symbol:
            rows.append(("Symbol", record.symbol))
        if record.date:
            rows.append(("Document dated", format_date(record.date)))
        if record.organ:
            rows.append(("Organ", record.organ + (f", {record.session}" if record.session else "")))
        if rows:
            rows = [(key, shorten_at_word(value, COVER_TEXT_CHARS)) for key, value in rows]
            out.append(Spacer(1, 6))
            out.append(self._facts(rows, key_width=32 * mm))
        return out

    def _facts(self, rows: list[tuple[str, str]], key_width: float) -> Table:
        s = self.s
        widths = [key_width, self.width - key_width]
        key_room, value_room = (w - st.FACTS_PADDING for w in widths)
        data = [
            [cell_text(k.upper(), s.fact_key, key_room), cell_text(v, s.fact_value, value_room)]
            for k, v in rows
        ]
        table = Table(data, colWidths=widths, hAlign="LEFT")
        table.setStyle(st.facts_style(s.fact_key, s.fact_value))
        return table

    # -- positions at a glance -----------------------------------------------------------------

    def positions(self) -> list[Flowable]:
        """One table of every position across the records, then the points to make, the
        defensive lines and each record's objectives. Empty when there is nothing to show."""
        s = self.s
        rows: list[tuple[int, Record, Annotation]] = []
        recorded = 0
        for index, (record, record_annotations) in enumerate(self.items):
            current = current_annotations(record_annotations)
            recorded += len(current)
            for ann in sorted(current.values(), key=lambda a: _order(record, a.target_eid)):
                if self.options.matches(ann) and not store_is_empty(ann):
                    rows.append((index, record, ann))
        objectives = [
            (record, text)
            for record, _ in self.items
            if (text := self.options.objectives_for(record).strip())
        ]
        if not rows and not objectives and not (recorded and self.options.filtering):
            return []
        out: list[Flowable] = [self.heading(SECTION_LABELS["positions"], s.h1, 0)]
        if self.options.filtering:
            out += self._filter_note()
        if rows:
            out.append(self._positions_table(rows))
        elif self.options.filtering:
            out.append(Para("No position matches the filters.", s.body_left))
        points = [(i, r, a) for i, r, a in rows if a.line_to_take.strip()]
        if points:
            out.append(self.heading("Points to make", s.h2, 1))
            out += self._lines_list(points, "line_to_take")
        defensive = [(i, r, a) for i, r, a in rows if a.if_raised.strip()]
        if defensive:
            out.append(self.heading("If raised", s.h2, 1))
            out += self._lines_list(defensive, "if_raised")
        if objectives:
            out.append(self.heading("Objectives", s.h2, 1))
            for record, text in objectives:
                if self.pack:
                    out.append(Para(f"<b>{esc(record.display_title)}</b>", s.body_left))
                for line in (line.strip() for line in text.splitlines()):
                    if line:
                        out.append(Para(esc(line), s.body_left, bulletText="•"))
        return out

    def _positions_table(self, rows: list[tuple[int, Record, Annotation]]) -> Table:
        s = self.s
        w = self.width
        widths = [w * 0.16, w * 0.25, w * 0.17, w * 0.10, w * 0.25, w * 0.07]
        rooms = [width - st.TABLE_PADDING for width in widths]
        head = [
            cell_text(t, s.cell_head, room)
            for t, room in zip(
                ("Where", "Text", "Stance", "Priority", "Line to take", "Page"), rooms, strict=True
            )
        ]
        data: list[list[Flowable | str]] = [head]
        for index, record, ann in rows:
            where = self.cite_link(index, record, ann.target_eid)
            if self.pack:
                where = f"{esc(_short_name(record))}<br/>{where}"
            text = _conclusion_text(record, ann.target_eid) or ann.quote
            stance = ann.stance.label if ann.stance else "—"
            colour = st.hex_of(st.stance_colour(ann.stance))
            key = self.target(index, record, ann.target_eid)
            data.append(
                [
                    Para(where, s.cell),
                    cell_text(shorten_at_word(text, GLANCE_TEXT_CHARS), s.cell, rooms[1]),
                    Para(f'<font color="{colour}"><b>{esc(stance)}</b></font>', s.cell),
                    cell_text(ann.priority.label, s.cell, rooms[3]),
                    cell_text(ann.line_to_take.strip() or "—", s.cell, rooms[4]),
                    PageRef(key, s.cell, self.forms) if key else cell_text("—", s.cell, rooms[5]),
                ]
            )
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(st.table_style(s.cell_head, s.cell))
        return table

    def _lines_list(self, rows: list[tuple[int, Record, Annotation]], name: str) -> list[Flowable]:
        out: list[Flowable] = []
        for index, record, ann in rows:
            where = self.cite_link(index, record, ann.target_eid)
            if self.pack:
                where = f"{esc(_short_name(record))}, {where}"
            line = esc(getattr(ann, name).strip())
            out.append(Para(f"<b>{where}</b>: {line}", self.s.body_left, bulletText="•"))
        return out

    # -- the meeting in brief -------------------------------------------------------------------

    def brief(self, record: Record, by_eid: dict[str, Annotation], level: int) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        rows: list[tuple[str, str]] = [("Document", record.title)]
        if record.symbol:
            rows.append(("Symbol", record.symbol))
        if record.date:
            rows.append(("Date", format_date(record.date)))
        if record.organ:
            rows.append(("Organ", record.organ))
        if record.session:
            rows.append(("Session", record.session))
        for item in record.agenda:
            rows.append(("Agenda item", f"{item.item} — {item.title}" if item.title else item.item))
        if record.meeting:
            m = record.meeting
            if m.title:
                rows.append(("Meeting", m.title))
            if m.place:
                rows.append(("Place", m.place))
            if m.start or m.end:
                rows.append(("Dates", format_dates(m.start, m.end)))
            if m.theme:
                rows.append(("Theme", m.theme))
        if record.original_language:
            rows.append(("Original", record.original_language))
        out.append(self._facts(rows, key_width=30 * mm))
        out.append(Spacer(1, 8))
        counts = [
            (len(record.paragraphs()), "paragraphs"),
            (len(record.conclusions), "conclusions"),
            (len(record.key_points), "key points"),
            (len(record.processes), "processes named"),
            (len(record.resolutions), "resolutions cited"),
        ]
        glance = ", ".join(f"{n} {label}" for n, label in counts if n)
        if glance:
            out.append(Para(f"The record holds {esc(glance)}.", s.body_left))
        shown = [a for a in by_eid.values() if self.options.matches(a)]
        if shown:
            tally = Counter(a.stance for a in shown if a.stance)
            parts = [
                f'<font color="{st.hex_of(st.stance_colour(stance))}"><b>{esc(stance.label)}</b>'
                f"</font> {n}"
                for stance, n in sorted(
                    tally.items(), key=lambda kv: list(type(kv[0])).index(kv[0])
                )
            ]
            line = f"Positions recorded: {len(shown)}"
            if parts:
                line += " — " + ", ".join(parts)
            out.append(Para(line + ".", s.body_left))
            to_raise = [a for a in shown if a.raise_at_meeting]
            if to_raise:
                out.append(Para("To raise at the meeting", s.h3))
                for ann in sorted(to_raise, key=lambda a: _order(record, a.target_eid)):
                    bits = [f"<b>{self.cite_link(self._index, record, ann.target_eid)}</b>"]
                    if ann.stance:
                        colour = st.hex_of(st.stance_colour(ann.stance))
                        bits.append(f'<font color="{colour}">{esc(ann.stance.label)}</font>')
                    # What we say, not the note: the note prints once, under its place.
                    if ann.line_to_take.strip():
                        bits.append(esc(ann.line_to_take.strip()))
                    out.append(Para(" — ".join(bits), s.small, bulletText="•"))
        return out

    # -- processes ------------------------------------------------------------------------------

    def processes(
        self, record: Record, by_eid: dict[str, Annotation], level: int
    ) -> list[Flowable]:
        out: list[Flowable] = []
        if not record.processes and not record.organizations:
            return []
        if not record.processes:
            out.append(Para("The record names no process.", self.s.body_left))
        else:
            out.append(self._entity_table(record.processes))
        if record.organizations:
            heading = self.heading("Organizations and regional bodies", self.s.h3, level)
            out += keep_heading_with_table_start(heading, self._entity_table(record.organizations))
        return out

    def _entity_table(self, entities: list[Entity]) -> Table:
        s = self.s
        w = self.width
        widths = [w * 0.33, w * 0.21, w * 0.15, w * 0.31]
        rooms = [width - st.TABLE_PADDING for width in widths]
        head = [
            cell_text(t, s.cell_head, room)
            for t, room in zip(("Name", "Kind", "Status", "Where mentioned"), rooms, strict=True)
        ]
        rows: list[list[Flowable | str]] = [head]
        for entity in entities:
            name = entity.name
            if entity.short_name and entity.short_name != entity.name:
                name += f" ({entity.short_name})"
            rows.append(
                [
                    cell_text(name, s.cell, rooms[0]),
                    cell_text(kind_label(entity.kind), s.cell, rooms[1]),
                    cell_text(entity.status or "—", s.cell, rooms[2]),
                    Para(self.mentions(entity.mentions), s.cell),
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(st.table_style(s.cell_head, s.cell))
        return table

    # -- themes ---------------------------------------------------------------------------------

    def themes(self, record: Record, by_eid: dict[str, Annotation], level: int) -> list[Flowable]:
        """The record's themes in one line, then each place they concern once, with the names
        of the themes it concerns: a paragraph tied to three themes prints once, not three
        times (a report's eighteen themes once took twenty pages of repeated paragraphs)."""
        s = self.s
        if not record.themes:
            return []
        concerns: dict[str, list[str]] = {}
        summary: list[str] = []
        for theme in record.themes:
            label = theme.name[:1].upper() + theme.name[1:]
            mentions = _unique(theme.mentions)
            for eid in mentions:
                names = concerns.setdefault(eid, [])
                if label not in names:
                    names.append(label)
            count = f"{len(mentions)} place{'s' if len(mentions) != 1 else ''}"
            what = f"the meeting's theme, {count}" if theme.source == "meeting" else count
            summary.append(f"<b>{esc(label)}</b> ({what})")
        out: list[Flowable] = [Para("; ".join(summary) + ".", s.body_left)]
        if not concerns:
            return out
        out.append(Spacer(1, 4))
        out.append(self._themes_table(record, concerns))
        return out

    def _themes_table(self, record: Record, concerns: dict[str, list[str]]) -> Table:
        """Where | Themes | Page: an index, one row a place; its text is in the full text, a
        link (and on paper a page number) away."""
        s = self.s
        w = self.width
        widths = [w * 0.3, w * 0.6, w * 0.1]
        rooms = [width - st.TABLE_PADDING for width in widths]
        head = [
            cell_text(t, s.cell_head, room)
            for t, room in zip(("Where", "Themes", "Page"), rooms, strict=True)
        ]
        data: list[list[Flowable | str]] = [head]
        for eid in sorted(concerns, key=lambda e: _order(record, e)):
            key = self.target(self._index, record, eid)
            place = record.find(eid)
            label = None  # a heading is cited by its words, not as "heading"
            if isinstance(place, RecordParagraph) and place.role == "heading" and place.text:
                label = f"heading “{shorten_at_word(place.text, 60)}”"
            data.append(
                [
                    Para(self.cite_link(self._index, record, eid, label), s.cell),
                    cell_text(", ".join(concerns[eid]), s.cell, rooms[1]),
                    PageRef(key, s.cell, self.forms) if key else cell_text("—", s.cell, rooms[2]),
                ]
            )
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(st.table_style(s.cell_head, s.cell))
        return table

    # -- conclusions, key points, other annotated places ----------------------------------------

    def conclusions(
        self, record: Record, by_eid: dict[str, Annotation], level: int
    ) -> list[Flowable]:
        out: list[Flowable] = []
        groups = group_outcomes(record.conclusions)
        if len(groups) == 1 and groups[0][0] == outcome_kind_label("conclusion", plural=True):
            out += self._annotated_list(record, record.conclusions, by_eid)
        elif groups:
            # A resolution's operative paragraphs under their verb families ("Requests"), a
            # report's recommendations, a meeting's decisions: as the Outcomes pane groups them.
            for title, items in groups:
                heading = self.heading(title, self.s.h3, level, toc=False)
                listed = self._annotated_list(record, items, by_eid)
                if listed:
                    out += [heading, *listed]
        known = {c.eid for c in record.conclusions} | {k.eid for k in record.key_points}
        others = [a for eid, a in by_eid.items() if eid not in known and self.options.matches(a)]
        if others:
            out.append(
                self.heading(
                    "Other annotated places", self.s.h2 if level <= 1 else self.s.h3, level
                )
            )
            for ann in sorted(others, key=lambda a: _order(record, a.target_eid)):
                text = place_text(record, ann.target_eid) or ann.quote
                out += self._block(record, ann.target_eid, text, ann, detached=ann.detached)
        return self._filter_note() + out if out else []

    def key_points(
        self, record: Record, by_eid: dict[str, Annotation], level: int
    ) -> list[Flowable]:
        out = self._annotated_list(record, record.key_points, by_eid)
        return self._filter_note() + out if out else []

    def _filter_note(self) -> list[Flowable]:
        if not self.options.filtering:
            return []
        return [
            Para(
                f"Showing only positions with {esc(self.options.describe_filters())}.",
                self.s.label,
            )
        ]

    def _annotated_list(self, record, items, by_eid) -> list[Flowable]:
        """The blocks of the items that pass the filters; [] when none does."""
        out: list[Flowable] = []
        for item in items:
            ann = by_eid.get(item.eid)
            if self.options.filtering and (ann is None or not self.options.matches(ann)):
                continue
            out += self._block(record, item.eid, item.text, ann, verb=getattr(item, "verb", ""))
        return out

    def _block(
        self,
        record: Record,
        eid: str,
        text: str,
        ann: Annotation | None,
        *,
        detached: bool = False,
        verb: str = "",
    ) -> list[Flowable]:
        s = self.s
        citation = self.cite_link(self._index, record, eid)
        if verb:  # the operative verb, set in italics as the UN prints it
            citation += f" — <i>{esc(verb)}</i>"
        if detached:
            citation += " — <i>this place is no longer in the text; as annotated:</i>"
        head = Para(citation, s.citation)
        style = s.quote if detached else s.body
        # The text, the position line and the note stay together when they fit on a page.
        style = self.derived(style, f"{style.name}-kwn", keepWithNext=1)
        body = Para(esc(text), style)
        out: list[Flowable] = [head, body]
        if ann is None:
            out.append(Para("No position recorded.", s.label))
        else:
            out += self.position(ann)
        return out

    def position(self, ann: Annotation, indent: float = 0) -> list[Flowable]:
        """The delegate's stance, priority, raise flag, note and tags, stance-coloured."""
        s = self.s
        colour = st.stance_colour(ann.stance)
        stance = ann.stance.label if ann.stance else "No stance"
        chip = (
            f'<span backColor="{st.hex_of(colour)}" color="#ffffff">'
            f"&nbsp;{esc(stance.upper())}&nbsp;</span>"
        )
        bits = [chip, f"Priority: {esc(st.PRIORITY_MARK.get(ann.priority, str(ann.priority)))}"]
        if ann.priority == Priority.HIGH:
            bits[1] = f"<u>{bits[1]}</u>"
        if ann.raise_at_meeting:
            bits.append(
                f'<span backColor="{st.hex_of(st.MARKING)}" color="#ffffff">'
                "&nbsp;RAISE AT THE MEETING&nbsp;</span>"
            )
        position_style = s.position
        tags_style = s.tags
        if indent:
            position_style = self.derived(s.position, "PositionIn", leftIndent=indent)
            tags_style = self.derived(s.tags, "TagsIn", leftIndent=indent)
        out: list[Flowable] = [
            Para(
                "&nbsp;&nbsp;".join(bits[:1])
                + "&nbsp;&nbsp;&nbsp;"
                + "&nbsp;&nbsp;·&nbsp;&nbsp;".join(bits[1:]),
                position_style,
            )
        ]
        where = (self._index, ann.target_eid)
        if ann.note.strip():
            out += self._note(ann, indent, colour)
        if where not in self._lines_at:  # like the note, the lines print in full once
            self._lines_at.add(where)
            lines_style = self.derived(
                s.position, "LinesIn", leftIndent=s.position.leftIndent + indent
            )
            for label, text in (("Line to take", ann.line_to_take), ("If raised", ann.if_raised)):
                if text.strip():
                    out[-1].keepWithNext = 1
                    out.append(Para(f"<i>{label}:</i> {esc(text.strip())}", lines_style))
        if ann.tags:
            # The tags stay with the note above them: one box.
            out[-1].keepWithNext = 1
            out.append(Para("Tags: " + esc(", ".join(ann.tags)), tags_style))
        out.append(Spacer(1, 4))
        return out

    def _note(self, ann: Annotation, indent: float, colour) -> list[Flowable]:
        """The delegate's note in full where it first prints; where it would print again (the
        full text, after the conclusions), a reference to that page instead."""
        s = self.s
        where = (self._index, ann.target_eid)
        printed = self._notes_at.get(where)
        if printed is not None:
            key, section = printed
            style = self.derived(s.tags, "NoteRef", leftIndent=indent)

            def markup(page: int | None) -> str:
                at = f"p. {page}" if page is not None else "above"
                return f'<a href="#{key}">Note: see {at} ({esc(section)})</a>'

            return [PageReference(key, markup, style, self.forms)]
        note_style = self.derived(
            s.note,
            f"Note-{ann.stance}",
            leftIndent=s.note.leftIndent + indent,
            backColor=st.stance_tint(ann.stance),
            borderColor=colour,
            borderWidth=0.6,
        )
        pieces = note_paragraphs(ann.note.strip(), note_style)
        key = f"note.{self._index}.{ann.target_eid}"
        pieces[0].anchor = key
        self._notes_at[where] = (key, SECTION_LABELS.get(self._section, self._section))
        return pieces

    # -- full text ------------------------------------------------------------------------------

    def full_text(
        self, record: Record, by_eid: dict[str, Annotation], level: int
    ) -> list[Flowable]:
        s = self.s
        if not any(part.paragraphs or part.signatories for part in record.parts) and not (
            record.footnotes
        ):
            return []  # nothing of the document to print: its masthead alone would be padding
        self._record = record
        self._called: set[str] = set()  # footnotes some printed mark calls
        # Every footnote as the foot of a page prints it; identity is the record's eid, so a
        # report's footnote 1 and its draft resolution's footnote 1 are two footnotes.
        self._notes = {
            footnote.eid: FootNote(
                self.place_key(self._index, footnote.eid),
                [
                    self._footnote_para(footnote),
                    *self._inline_annotation(by_eid.get(footnote.eid)),
                ],
            )
            for footnote in record.footnotes
        }
        out: list[Flowable] = self._masthead(record)
        for part in record.parts:
            inner = level
            if part.title:
                out.append(
                    Heading(
                        esc(part.title),
                        s.part_title,
                        plain=part_outline_title(part),
                        key=self.key(),
                        outline_level=level,
                        toc_level=level if level < 2 else None,
                    )
                )
                inner = level + 1
            self._heading_level = inner
            for note in part.notes:
                out.append(Para(esc(note), s.part_note))
            for para in part.paragraphs:
                out += self._paragraph(para, by_eid)
            for signatory in part.signatories:
                # The importer keeps who signed; the "(Signed)" it read them by prints again, in
                # the record's language, as the document printed it.
                lines = [f"({esc(signed_word(record.language))}) <b>{esc(signatory.name)}</b>"]
                lines += [esc(line) for line in signatory.title.splitlines() if line.strip()]
                out.append(Para("<br/>".join(lines), s.signatory))
        # Footnotes no printed mark calls (a mark the text lost): after the text, as before.
        left = [f for f in record.footnotes if f.eid not in self._called]
        if left:
            out.append(Spacer(1, 6))
            out.append(HRFlowable(width="30%", thickness=0.5, color=st.RULE, hAlign="LEFT"))
            out.append(Spacer(1, 4))
            for footnote in left:
                out += self._notes[footnote.eid].flowables
        out.append(FootnoteFlush())
        return out

    def _footnote_para(self, footnote: Footnote) -> Para:
        para = Para(
            rich(footnote.text, footnote.spans), self.s.footnote, bulletText=footnote.marker
        )
        para.anchor = self.place_key(self._index, footnote.eid)  # every mark links here
        return para

    def _marked(self, eid: str, text: str, spans, style, bulletText=None) -> Para:  # noqa: N803
        """A paragraph of the full text; one whose footnote marks call footnotes prints them at
        the foot of the page that holds the marks, each mark a link to its footnote."""
        called = marks_of(self._record, eid, spans)
        if not called:
            return Para(rich(text, spans), style, bulletText=bulletText)
        notes = {marker: self._notes[f.eid] for marker, f in called.items()}
        self._called.update(f.eid for f in called.values())
        para = FootnotedPara(
            rich(text, spans, {marker: note.key for marker, note in notes.items()}),
            style,
            bulletText=bulletText,
        )
        para.notes = list(_unique_notes(notes.values()))
        return para

    def _masthead(self, record: Record) -> list[Flowable]:
        """The document's masthead as printed above its title: organ and symbol, distribution,
        session, agenda items, each with its footnote mark ("Item 21 (e)*")."""
        s = self.s
        style = self.derived(s.small, "Masthead", spaceAfter=1)
        eid = ""  # a masthead mark: the footnote no paragraph cites

        def marked(markup: str, marker: str) -> str:
            called = marks_of(record, eid, [_MarkSpan(marker)]) if marker else {}
            footnote = called.get(marker)
            if footnote is None:
                return markup
            self._called.add(footnote.eid)
            lines.append(self._notes[footnote.eid])
            return markup + footnote_mark(marker, self._notes[footnote.eid].key)

        rows: list[tuple[str, list]] = []
        lines: list[FootNote] = []
        top = [f"<b>{esc(record.organ)}</b>"] if record.organ else []
        if record.symbol:
            top.append(marked(f"<b>{esc(record.symbol)}</b>", record.symbol_marker))
        if top:
            rows.append(("&nbsp;&nbsp;&nbsp;&nbsp;".join(top), lines))
            lines = []
        meta = [
            record.distribution and f"Distr.: {record.distribution}",
            format_date(record.date),
            record.original_language and f"Original: {record.original_language}",
        ]
        if any(meta):
            rows.append((esc(" · ".join(m for m in meta if m)), []))
        if record.session:
            rows.append((esc(record.session), []))
        for item in record.agenda:
            if not item.item:
                continue
            line = marked(esc(f"Item {item.item}"), item.marker)
            if item.title:
                line += f" — {esc(item.title)}"
            rows.append((line, lines))
            lines = []
        out: list[Flowable] = []
        for markup, notes in rows:
            if notes:
                para = FootnotedPara(markup, style)
                para.notes = notes
                out.append(para)
            else:
                out.append(Para(markup, style))
        if out:
            out.append(Spacer(1, 6))
        return out

    def _paragraph(self, para: RecordParagraph, by_eid) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        if para.role == "heading" and not marks_of(self._record, para.eid, para.spans):
            # A heading inside a part ("I. Introduction"): an outline entry under its part.
            first = Heading(
                rich(para.text, para.spans),
                s.doc_heading,
                plain=" ".join(para.text.split()),
                key=self.key(),
                outline_level=self._heading_level,
            )
        elif para.role == "heading":
            first = self._marked(para.eid, para.text, para.spans, s.doc_heading)
        elif para.role == "place_date":
            first = self._marked(para.eid, para.text, para.spans, s.place_date)
        elif para.number:
            first = self._marked(
                para.eid, para.text, para.spans, s.numbered, bulletText=f"{para.number}."
            )
        else:
            first = self._marked(para.eid, para.text, para.spans, s.body)
        out.append(self.anchored(first, para.eid))
        indent = s.numbered.leftIndent if para.number else 0
        out += self._boxed(first, self._inline_annotation(by_eid.get(para.eid), indent))
        for point in para.points:
            out += self._point(point, 0, by_eid)
        if para.closing:
            style = s.numbered if para.number else s.body
            out.append(self._marked(para.eid, para.closing, para.closing_spans, style))
        return out

    def _point(self, point: Point, depth: int, by_eid) -> list[Flowable]:
        style = self.s.point_levels[min(depth, len(self.s.point_levels) - 1)]
        first = self.anchored(
            self._marked(point.eid, point.text, point.spans, style, f"({point.label})"),
            point.eid,
        )
        out: list[Flowable] = [first]
        out += self._boxed(first, self._inline_annotation(by_eid.get(point.eid), style.leftIndent))
        for child in point.points:
            out += self._point(child, depth + 1, by_eid)
        if point.closing:
            out.append(self._marked(point.eid, point.closing, point.closing_spans, style))
        return out

    @staticmethod
    def _boxed(text: Flowable, box: list[Flowable]) -> list[Flowable]:
        """The delegate's position box under the text it concerns, never on a page of its own:
        the text keeps with it (the box's own lines keep together by their styles)."""
        if box:
            text.keepWithNext = 1
        return box

    def _inline_annotation(self, ann: Annotation | None, indent: float = 0) -> list[Flowable]:
        """A delegate's position printed under the place it concerns, when it passes the filters."""
        if ann is None or not self.options.matches(ann):
            return []
        return self.position(ann, indent)


def signed_word(language: str | None) -> str:
    """The word of "(Signed)" in a language (resources/languages.json), English's by default."""
    languages = vocab.load("languages.json")
    for code in (language, hyphenation.DEFAULT_LANGUAGE):
        words = languages.get(code or "", {}).get("signed") if code else None
        if words:
            return words[0]
    return "Signed"


# The cover: a pack lists this many records (the contents list them all); a title, a marking,
# a delegation or a filter longer than these is shortened at a word.
COVER_RECORDS = 12
COVER_TITLE_CHARS = 240
COVER_TEXT_CHARS = 300
COVER_LINE_CHARS = 160


class _MarkSpan:
    """A footnote mark outside any paragraph (the masthead's), as `marks_of` reads spans."""

    style = SpanStyle.FOOTNOTE

    def __init__(self, marker: str) -> None:
        self.marker = marker


def _unique_notes(notes) -> list[FootNote]:
    seen: dict[str, FootNote] = {}
    for note in notes:
        seen.setdefault(note.key, note)
    return list(seen.values())


# A space before a number or a point label in a citation ("para. 8", "8 (c)", "item 21 (e)").
_NUMBER_SPACE = re.compile(r" (?=[0-9(])")
# The text of a conclusion in the positions table: enough to recognise it.
GLANCE_TEXT_CHARS = 160


def store_is_empty(ann: Annotation) -> bool:
    """An annotation that says nothing (no stance, line, note, tag, flag; normal priority)."""
    return (
        ann.stance is None
        and not ann.note.strip()
        and not ann.line_to_take.strip()
        and not ann.if_raised.strip()
        and not ann.tags
        and not ann.raise_at_meeting
        and ann.priority == Priority.NORMAL
    )


def _short_name(record: Record) -> str:
    """A record named in a table cell: its symbol, else its title cut at a word."""
    return record.symbol or shorten_at_word(record.display_title, 32)


def _conclusion_text(record: Record, eid: str) -> str:
    for conclusion in record.conclusions:
        if conclusion.eid == eid and conclusion.text:
            return conclusion.text
    return place_text(record, eid)


def shorten_at_word(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters at a space, never inside a word,
    with an ellipsis; a first word longer than the limit is kept whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else text.split(" ", 1)[0]
    return head.rstrip(" ,;:.—–-") + "…"


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _order(record: Record, eid: str) -> tuple[int, str]:
    """Reading order of a place in the record (unknown places last)."""
    order = record.order_of(eid)
    return (10**9 if order is None else order), eid


# A note longer than this is set as several paragraphs of at most this many characters. One
# reportlab paragraph split across pages breaks all its remaining lines again at each page, so
# its cost grows with the square of its length (a 1 MB note took minutes); pieces of bounded
# length keep the whole linear. Shorter notes, nearly all of them, stay one paragraph.
NOTE_PIECE_CHARS = 1_000


def note_pieces(note: str, limit: int = NOTE_PIECE_CHARS) -> list[str]:
    """`note` cut into pieces of at most `limit` characters: between lines where it can, else
    at a space, else anywhere. Joined with newlines they give the note back (but for the
    spaces cut at)."""
    if len(note) <= limit:
        return [note]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in note.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut if cut > 0 else limit
            if current:
                pieces.append("\n".join(current))
                current, size = [], 0
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        if current and size + len(line) + 1 > limit:
            pieces.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        pieces.append("\n".join(current))
    return pieces


def note_paragraphs(
    note: str, style: st.ParagraphStyle, limit: int = NOTE_PIECE_CHARS
) -> list[Flowable]:
    """The note's paragraphs: one, or for a long note pieces set close together."""
    pieces = note_pieces(note, limit)
    if len(pieces) == 1:
        return [Para(esc(note), style)]
    out: list[Flowable] = []
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        piece_style = st.ParagraphStyle(
            f"{style.name}-piece",
            parent=style,
            spaceBefore=style.spaceBefore if index == 0 else 0,
            spaceAfter=style.spaceAfter if index == last else 0,
        )
        out.append(Para(esc(piece), piece_style))
    return out


def build_story(
    items: list[tuple[Record, list[Annotation]]],
    options: ExportOptions,
    styles: st.Styles | None = None,
    frame_width: float | None = None,
    forms: PageNumberForms | None = None,
) -> list[Flowable]:
    """The flowables of a briefing note (one record) or pack (several), not yet laid out."""
    styles = styles or st.make_styles()
    if frame_width is None:
        paper_width = st.PAPER.get(options.paper, st.PAPER["A4"])[0]
        frame_width = (
            paper_width - st.MARGIN_LEFT - st.MARGIN_RIGHT - 12
        )  # the frame pads 6 pt each side
    return _Builder(items, options, styles, frame_width, forms or PageNumberForms()).story()

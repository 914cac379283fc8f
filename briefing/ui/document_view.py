"""The Document pane: the record laid out as a read-only text, built from plain text and spans.

The text is inserted with QTextCursor.insertText and character formats, never as HTML, so
whatever a document holds (`<b>`, `&amp;`) shows as written. Each place (eid) keeps its range in
the document so a citation can scroll to it and highlight it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextOption,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from briefing.datatypes import dataclass
from briefing.domain import Footnote, Paragraph, Part, Point, Record, Span, SpanStyle, Table
from briefing.ui.messages import plain_tooltip
from briefing.ui.models import stance_color
from briefing.ui.pyside import viewport_of

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

FOOTNOTE_SCHEME = "footnote"
MIN_MARGIN = 20


@dataclass
class _Range:
    eid: str
    start: int
    end: int


def insert_spanned(
    cursor: QTextCursor,
    text: str,
    spans: list[Span],
    base: QTextCharFormat,
    footnote_format: QTextCharFormat | None = None,
    footnote_tip: dict[str, str] | None = None,
    footnote_eids: dict[str, str] | None = None,
) -> None:
    """Insert plain `text` with bold/italic spans applied and footnote marks as superscripts.

    `footnote_eids` names the footnote each marker stands for here (a draft resolution's "1"
    is not the report's "1"); a mark then links to that footnote's eid."""
    styled = [s for s in spans if s.style in (SpanStyle.BOLD, SpanStyle.ITALIC) and s.end > s.start]
    marks = sorted(
        (s for s in spans if s.style == SpanStyle.FOOTNOTE and s.marker),
        key=lambda s: s.start,
    )
    cuts = {0, len(text)}
    for s in styled:
        cuts.update((max(0, min(len(text), s.start)), max(0, min(len(text), s.end))))
    for m in marks:
        cuts.add(max(0, min(len(text), m.start)))
    ordered = sorted(cuts)
    mark_i = 0
    for a, b in zip(ordered, ordered[1:] + [None], strict=False):
        while mark_i < len(marks) and marks[mark_i].start <= a:
            _insert_mark(
                cursor,
                marks[mark_i].marker or "",
                base,
                footnote_format,
                footnote_tip,
                footnote_eids,
            )
            mark_i += 1
        if b is None or b <= a:
            continue
        fmt = QTextCharFormat(base)
        if any(s.style == SpanStyle.BOLD and s.start <= a and s.end >= b for s in styled):
            fmt.setFontWeight(QFont.Weight.Bold)
        if any(s.style == SpanStyle.ITALIC and s.start <= a and s.end >= b for s in styled):
            fmt.setFontItalic(True)
        cursor.insertText(text[a:b], fmt)
    while mark_i < len(marks):
        _insert_mark(
            cursor, marks[mark_i].marker or "", base, footnote_format, footnote_tip, footnote_eids
        )
        mark_i += 1


def _insert_mark(
    cursor: QTextCursor,
    marker: str,
    base: QTextCharFormat,
    footnote_format: QTextCharFormat | None,
    tips: dict[str, str] | None,
    eids: dict[str, str] | None = None,
) -> None:
    fmt = QTextCharFormat(footnote_format or base)
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    fmt.setAnchor(True)
    target = (eids or {}).get(marker, marker)
    # Percent-encoded as QUrl.toPercentEncoding does (UTF-8, all but letters, digits and
    # "-._~"), without making PySide6's QUrl class before the first frame.
    fmt.setAnchorHref(f"{FOOTNOTE_SCHEME}:{quote(target, safe='')}")
    if tips and marker in tips:
        fmt.setToolTip(plain_tooltip(tips[marker]))
    cursor.insertText(marker, fmt)


class DocumentView(QTextBrowser):
    """Read-only view of a record; `show_place(eid)` scrolls to a place and highlights it."""

    place_clicked = Signal(str)  # eid of the innermost place under a click
    footnote_activated = Signal(str)  # footnote eid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setAccessibleName("Document")
        self.setAccessibleDescription("The text of the record")
        self.document().setDocumentMargin(24)
        self._ranges: list[_Range] = []
        self._by_eid: dict[str, _Range] = {}
        self._record: Record | None = None
        self._stances: dict[str, Any] = {}
        self._highlighted: str | None = None
        # A place shown before the view's first show: brought into view once it has its size.
        self._pending_place: str | None = None
        self._built_document: QTextDocument | None = None
        self.anchorClicked.connect(self._on_anchor)

    # -- building

    def set_record(self, record: Record | None, stances: dict[str, Any] | None = None) -> None:
        self._record = record
        self._stances = dict(stances or {})
        self._highlighted = None
        self._pending_place = None
        self.setExtraSelections([])
        self._build()

    def set_stances(self, stances: dict[str, Any]) -> None:
        """Mark annotated places with their stance; the view stays where it is."""
        if dict(stances) == self._stances:
            return
        self._stances = dict(stances)
        self._rebuild_in_place()

    def changeEvent(self, event: Any) -> None:  # noqa: N802
        super().changeEvent(event)
        # Muted and link colours are taken from the palette when built: follow a theme switch.
        if event.type() == QEvent.Type.PaletteChange and self._record is not None:
            self._rebuild_in_place()

    def _rebuild_in_place(self) -> None:
        scroll = self.verticalScrollBar().value()
        highlighted = self._highlighted
        self._build()
        if highlighted:
            self._highlight(highlighted)
            start = self._by_eid[highlighted].start if highlighted in self._by_eid else 0
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)

    def stances(self) -> dict[str, Any]:
        return dict(self._stances)

    def _build(self) -> None:
        self._ranges = []
        self._by_eid = {}
        doc = QTextDocument(self)
        doc.setDefaultFont(QFont(self.font()))
        if self._record is not None:
            _Builder(doc, self._record, self._ranges, self.palette(), self._stances).build()
        # The measure's margin before the document is set: the view lays it out once, not again
        # for a margin changed after (7 ms for the Lima record).
        doc.setDocumentMargin(self._measure_margin(doc))
        self.setDocument(doc)
        # The view does not delete the document it replaces: each stance marked or palette
        # change would keep one more copy of the record's laid-out text until the window closed.
        previous, self._built_document = self._built_document, doc
        if previous is not None:
            previous.deleteLater()
        self._by_eid = {r.eid: r for r in self._ranges}

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_measure()

    def _fit_measure(self) -> None:
        """Keep lines to a readable measure: the text column is centred, at most ~46 em wide."""
        margin = self._measure_margin(self.document())
        if abs(self.document().documentMargin() - margin) > 1:
            self.document().setDocumentMargin(margin)

    def _measure_margin(self, doc: QTextDocument) -> float:
        measure = QFontMetricsF(doc.defaultFont()).averageCharWidth() * 100
        return max(MIN_MARGIN, (viewport_of(self).width() - measure) / 2)

    def record(self) -> Record | None:
        return self._record

    def eids(self) -> list[str]:
        return [r.eid for r in self._ranges]

    def place_range(self, eid: str) -> tuple[int, int] | None:
        r = self._by_eid.get(eid)
        return (r.start, r.end) if r else None

    # -- navigating

    def show_place(self, eid: str) -> bool:
        """Scroll to the place and highlight it; False when this record has no such place."""
        r = self._by_eid.get(eid)
        if r is None:
            return False
        if not self.isVisible():
            # Not shown yet (the window restoring its place at start): the view has no final
            # width, and the highlight's and the scroll's cursors would lay the text out up to
            # the place at a width never shown (10 ms), then leave the place off its mark once
            # the width is set. Both are done when the view is shown.
            self._highlighted = self._pending_place = eid
            return True
        self._pending_place = None
        self._highlight(eid)
        self._bring_into_view(r)
        return True

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        pending, self._pending_place = self._pending_place, None
        if pending is not None and pending in self._by_eid:
            self._highlight(pending)
            self._bring_into_view(self._by_eid[pending])

    def _bring_into_view(self, r: _Range) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(r.start)
        self.setTextCursor(cursor)
        # Bring the place to the upper part of the view, as a reader's eye expects it after a jump.
        layout = self.document().documentLayout()
        top = layout.blockBoundingRect(self.document().findBlock(r.start)).top()
        bottom = layout.blockBoundingRect(
            self.document().findBlock(max(r.start, r.end - 1))
        ).bottom()
        room = viewport_of(self).height()
        lead = room * 0.18 if bottom - top < room * 0.8 else 8
        self.verticalScrollBar().setValue(int(max(0, top - lead)))

    def _highlight(self, eid: str) -> None:
        r = self._by_eid.get(eid)
        if r is None:
            self.clear_highlight()
            return
        self._highlighted = eid
        cursor = QTextCursor(self.document())
        cursor.setPosition(r.start)
        cursor.setPosition(r.end, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor  # type: ignore[attr-defined]
        sel.format = self._highlight_format()  # type: ignore[attr-defined]
        self.setExtraSelections([sel])

    def clear_highlight(self) -> None:
        self._highlighted = self._pending_place = None
        self.setExtraSelections([])

    def highlighted_place(self) -> str | None:
        return self._highlighted

    def _highlight_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        color.setAlpha(70)
        fmt.setBackground(color)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        return fmt

    def place_at(self, position: int) -> str | None:
        """The innermost place holding a document position."""
        best: _Range | None = None
        for r in self._ranges:
            if r.start <= position <= r.end and (
                best is None or (r.end - r.start) < (best.end - best.start)
            ):
                best = r
        return best.eid if best else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if self.anchorAt(pos) or self.textCursor().hasSelection():
            return
        eid = self.place_at(self.cursorForPosition(pos).position())
        if eid:
            self.place_clicked.emit(eid)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() != FOOTNOTE_SCHEME or self._record is None:
            return
        from PySide6.QtCore import QUrl

        target = QUrl.fromPercentEncoding(url.path().encode())
        found = self._record.find(target)
        footnote = found if isinstance(found, Footnote) else self._record.footnote(target)
        if footnote is not None:
            self.footnote_activated.emit(footnote.eid)


class _Builder:
    """Lays a record out in a QTextDocument and records where each place is."""

    def __init__(
        self,
        doc: QTextDocument,
        record: Record,
        ranges: list[_Range],
        pal: QPalette,
        stances: dict[str, Any] | None = None,
    ):
        self.doc = doc
        self.stances = stances or {}
        self.record = record
        self.ranges = ranges
        self.cursor = QTextCursor(doc)
        self.first_block = True
        base_size = doc.defaultFont().pointSizeF()
        self.base_size = base_size if base_size > 0 else 10.0
        self.body = QTextCharFormat()
        self.bold = QTextCharFormat()
        self.bold.setFontWeight(QFont.Weight.Bold)
        self.muted = QTextCharFormat()
        self.muted.setForeground(
            pal.brush(QPalette.ColorGroup.Normal, QPalette.ColorRole.PlaceholderText)
        )
        self.small_muted = QTextCharFormat(self.muted)
        self.small_muted.setFontPointSize(self.base_size * 0.9)
        self.note = QTextCharFormat()
        self.note.setFontPointSize(self.base_size * 0.9)
        self.mark = QTextCharFormat()
        self.mark.setForeground(pal.brush(QPalette.ColorGroup.Normal, QPalette.ColorRole.Link))
        self.tips = {f.marker: f.text for f in record.footnotes}
        self.footnote_eids: dict[str, str] = {}
        self.italic = QTextCharFormat()
        self.italic.setFontItalic(True)
        # Indents in units of the font's digit width, so they follow the font size and DPI.
        self.u = QFontMetricsF(doc.defaultFont()).horizontalAdvance("0")

    # blocks

    def block(
        self,
        indent_px: float = 0,
        hanging: float = 0,
        top: float = 0,
        bottom: float = 6,
        align: object | None = None,
    ) -> None:
        fmt = QTextBlockFormat()
        fmt.setLeftMargin(indent_px)
        fmt.setTextIndent(-hanging)
        if hanging:
            # The label ("3.", "(a)") hangs in the indent; its tab lands on the text's margin.
            # Tab positions count from where the first line starts (margin + negative indent).
            fmt.setTabPositions([QTextOption.Tab(hanging, QTextOption.TabType.LeftTab)])
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if align is not None:
            fmt.setAlignment(align)  # type: ignore[arg-type]
        if self.first_block:
            self.cursor.setBlockFormat(fmt)
            self.first_block = False
        else:
            self.cursor.insertBlock(fmt, self.body)

    def text(self, text: str, spans: list[Span] | None = None, fmt: QTextCharFormat | None = None):
        insert_spanned(
            self.cursor,
            text,
            spans or [],
            fmt or self.body,
            self.mark,
            self.tips,
            self.footnote_eids,
        )

    def stance_mark(self, eid: str) -> None:
        """A coloured stance tag after an annotated place's text: "● Support"."""
        stance = self.stances.get(eid)
        if stance is None:
            return
        fmt = QTextCharFormat(self.bold)
        fmt.setForeground(stance_color(stance))
        fmt.setFontPointSize(self.base_size * 0.85)
        fmt.setToolTip(plain_tooltip(f"Your stance: {stance.label}"))
        self.cursor.insertText(f"\u2002\u25cf\u00a0{stance.label}", fmt)

    def heading(self, text: str, scale: float = 1.15, top: float = 14) -> None:
        self.block(top=top, bottom=8, align=Qt.AlignmentFlag.AlignHCenter)
        fmt = QTextCharFormat(self.bold)
        fmt.setFontPointSize(self.base_size * scale)
        self.text(text, None, fmt)

    # content

    def build(self) -> None:
        r = self.record
        self.block(bottom=2)
        top = QTextCharFormat(self.bold)
        top.setFontPointSize(self.base_size * 1.3)
        self.text(r.organ or "United Nations", None, top)
        if r.symbol:
            self.cursor.insertText("    ", self.body)
            sym = QTextCharFormat(self.bold)
            sym.setFontPointSize(self.base_size * 1.3)
            self.text(r.symbol, None, sym)
        meta = [
            r.distribution and f"Distr.: {r.distribution}",
            r.date and r.date.strftime("%-d %B %Y"),
            r.original_language and f"Original: {r.original_language}",
        ]
        meta_text = "   ·   ".join(m for m in meta if m)
        if meta_text:
            self.block(bottom=2)
            self.text(meta_text, None, self.small_muted)
        if r.session:
            self.block(top=8, bottom=2)
            self.text(r.session, None, self.muted)
        for item in r.agenda:
            if item.item:
                self.block(bottom=2)
                self.text(f"Item {item.item}", None, self.muted)
            if item.title:
                self.block(top=6, bottom=2)
                self.text(item.title, None, self.bold)
        self.heading(r.title, 1.2, top=16)
        if r.subtitle and r.subtitle not in (r.parts[0].notes if r.parts else []):
            self.block(bottom=4, align=Qt.AlignmentFlag.AlignHCenter)
            self.text(r.subtitle, None, self.bold)
        if r.proceedings is not None:
            p = r.proceedings
            when = [p.date and p.date.strftime("%A, %-d %B %Y"), p.time, p.place]
            self.block(bottom=4, align=Qt.AlignmentFlag.AlignHCenter)
            self.text(", ".join(w for w in when if w), None, self.muted)
        for part in r.parts:
            self.part(part)
        placed = {rng.eid for rng in self.ranges}
        left = [f for f in r.footnotes if f.eid not in placed]
        if left:
            self.heading("Notes", 1.0)
            for fn in left:
                self.footnote(fn)

    def part(self, part: Part) -> None:
        start = self.cursor.position()
        # The marks of this part name its own footnotes (a second series restarts at 1).
        mine = [f for f in self.record.footnotes if f.part == part.eid]
        self.footnote_eids = {f.marker: f.eid for f in mine}
        self.tips = {f.marker: f.text for f in self.record.footnotes} | {
            f.marker: f.text for f in mine
        }
        # A later part's title shows even when it repeats the record's (a committee report and
        # the draft resolution it recommends share their subject).
        first = bool(self.record.parts) and part is self.record.parts[0]
        if part.title and (part.title != self.record.title or not first):
            self.heading(part.title, 1.1, top=22)
        for note in part.notes:
            self.block(align=Qt.AlignmentFlag.AlignHCenter)
            self.text(note, None, self.muted if note.startswith("[") else self.body)
        for para in part.paragraphs:
            self.paragraph(para)
        for sig in part.signatories:
            self.block(top=12, bottom=0, indent_px=self.u * 34)
            self.text(sig.name, None, self.bold)
            for line in sig.title.splitlines():
                self.block(bottom=0, indent_px=self.u * 34)
                self.text(line, None, self.muted)
        # Footnotes first cited in this part follow it, as on the printed page.
        own = [
            f
            for f in self.record.footnotes
            if (f.part or (f.cited_in[0].split("__")[0] if f.cited_in else "")) == part.eid
            # A mark in the masthead ("preliminary list*") prints under the first part.
            or (not f.cited_in and part is self.record.parts[0])
        ]
        if own:
            self.block(top=10, bottom=2)
            self.text("—" * 6, None, self.muted)
            for fn in own:
                self.footnote(fn)
        self.ranges.append(_Range(part.eid, start, self.cursor.position()))

    def paragraph(self, para: Paragraph) -> None:
        if para.table is not None:
            self.table(para.eid, para.table)
            return
        if para.role in ("procedure", "decision", "formula"):
            # As printed: the meeting's procedure and decisions in italics, set apart; a
            # resolution's formula on its own line.
            self.block(top=6, bottom=8, indent_px=self.u * 4.5)
            start = self.cursor.position()
            self.text(para.text, para.spans, self.italic if para.role != "formula" else self.body)
            self.stance_mark(para.eid)
            self.ranges.append(_Range(para.eid, start, self.cursor.position()))
            return
        if para.role == "vote":
            head, _, states = para.text.partition(":")
            self.block(top=4, bottom=0, indent_px=self.u * 4.5)
            start = self.cursor.position()
            self.text(f"{head}:", None, self.italic)
            self.block(bottom=6, indent_px=self.u * 9)
            self.text(states.strip(), None, self.body)
            self.ranges.append(_Range(para.eid, start, self.cursor.position()))
            return
        if para.speaker_label:
            # A statement opens with its speaker, as the record prints it: "Mr. X (State):".
            self.block(top=10, bottom=8)
            start = self.cursor.position()
            self.text(f"{para.speaker_label}:", None, self.bold)
            self.cursor.insertText(" ", self.body)
            self.text(para.text, para.spans)
            self.stance_mark(para.eid)
            self.ranges.append(_Range(para.eid, start, self.cursor.position()))
            return
        if para.label.startswith("PP"):
            # The preamble is unnumbered in print; the label delegates cite it by, muted.
            hang = self.u * 4.5
            self.block(indent_px=hang, hanging=hang, bottom=8)
            start = self.cursor.position()
            self.cursor.insertText(f"{para.label}\t", self.small_muted)
            self.text(para.text, para.spans)
            self.stance_mark(para.eid)
            self.ranges.append(_Range(para.eid, start, self.cursor.position()))
            return
        if para.role == "heading":
            self.block(top=14, bottom=6)
            start = self.cursor.position()
            self.text(para.text, para.spans, self.bold)
            self.stance_mark(para.eid)
            self.ranges.append(_Range(para.eid, start, self.cursor.position()))
            return
        if para.role == "place_date":
            self.block(top=10, align=Qt.AlignmentFlag.AlignRight)
            start = self.cursor.position()
            self.text(para.text, para.spans)
            self.stance_mark(para.eid)
            self.ranges.append(_Range(para.eid, start, self.cursor.position()))
            return
        number = self.u * 4.5 if para.number else 0
        self.block(indent_px=number, hanging=number, bottom=8)
        start = self.cursor.position()
        if para.number:
            self.cursor.insertText(f"{para.number}.\t", self.body)
        self.text(para.text, para.spans)
        self.stance_mark(para.eid)
        for point in para.points:
            self.point(point, 1)
        if para.closing:
            self.block(indent_px=self.u * 4.5)
            self.text(para.closing, para.closing_spans)
        self.ranges.append(_Range(para.eid, start, self.cursor.position()))

    def table(self, eid: str, table: Table) -> None:
        """A table as rows and columns (a QTextTable), its head rows in bold."""
        if table.title:
            self.block(top=10, bottom=2)
            self.text(table.title, None, self.muted)
        self.block(top=4, bottom=0)
        start = self.cursor.position()
        columns = max((len(row) for row in table.rows), default=0)
        if not columns:
            return
        fmt = QTextTableFormat()
        fmt.setCellPadding(3)
        fmt.setCellSpacing(0)
        fmt.setBorder(0.5)
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        # Room after the table, as after a paragraph: the next paragraph must not touch its rows.
        fmt.setBottomMargin(self.u * 2)
        fmt.setHeaderRowCount(table.header_rows)
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        text_table = self.cursor.insertTable(len(table.rows), columns, fmt)
        for r, row in enumerate(table.rows):
            for c in range(columns):
                cell = text_table.cellAt(r, c).firstCursorPosition()
                value = row[c] if c < len(row) else ""
                cell.insertText(value, self.bold if r < table.header_rows else self.body)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.ranges.append(_Range(eid, start, self.cursor.position()))
        self.stance_mark(eid)

    def point(self, point: Point, depth: int) -> None:
        indent = self.u * (4.5 + 4 * depth)
        self.block(indent_px=indent, hanging=self.u * 4, bottom=4)
        start = self.cursor.position()
        self.cursor.insertText(f"({point.label})\t", self.body)
        self.text(point.text, point.spans)
        self.stance_mark(point.eid)
        for sub in point.points:
            self.point(sub, depth + 1)
        if point.closing:
            self.block(indent_px=indent)
            self.text(point.closing, point.closing_spans)
        self.ranges.append(_Range(point.eid, start, self.cursor.position()))

    def footnote(self, fn) -> None:  # noqa: ANN001
        self.block(indent_px=self.u * 3, hanging=self.u * 3, bottom=4)
        start = self.cursor.position()
        mark = QTextCharFormat(self.note)
        mark.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        self.cursor.insertText(fn.marker, mark)
        self.cursor.insertText("\t", self.note)
        self.text(fn.text, fn.spans, self.note)
        self.stance_mark(fn.eid)
        self.ranges.append(_Range(fn.eid, start, self.cursor.position()))

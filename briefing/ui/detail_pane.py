"""The Detail pane: what is selected — its text, kind, status — and where the record mentions it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from briefing.datatypes import dataclass
from briefing.domain import (
    Conclusion,
    Entity,
    Footnote,
    Paragraph,
    Point,
    Record,
    Span,
    SpanStyle,
    Speaker,
    State,
    Theme,
)
from briefing.domain.eids import is_subject_eid, subject_eid
from briefing.ui.delegates import TextDocumentDelegate
from briefing.ui.models import (
    Citation,
    CitationsModel,
    EidRole,
    citations_for,
    presides,
    speaker_label,
    statement_eids,
)
from briefing.ui.pyside import viewport_of
from briefing.vocab import document_kind_label, is_process_kind, kind_label, outcome_kind_label


@dataclass(frozen=True)
class Selection:
    """What the Detail pane shows: an item of a pane (by key) or a place of the record (eid)."""

    kind: str  # "item" | "place"
    key: str  # item key ("entity:Bali Process") or eid

    def encode(self) -> str:
        return f"{self.kind}|{self.key}"

    @classmethod
    def decode(cls, text: str | None) -> Selection | None:
        if not text or "|" not in text:
            return None
        kind, _, key = text.partition("|")
        return cls(kind, key) if kind in ("item", "place") and key else None


def _plain_label(text: str = "", *, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    return label


def citation_document(
    row: Citation, palette: QPalette, selected: bool, font: QFont
) -> QTextDocument:
    """The citation as a link-coloured label over its excerpt: plain text with char formats."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(5)
    cursor = QTextCursor(doc)
    label = QTextCharFormat()
    label.setFontWeight(QFont.Weight.DemiBold)
    text = QTextCharFormat()
    if selected:
        for fmt in (label, text):
            fmt.setForeground(palette.brush(QPalette.ColorRole.HighlightedText))
    else:
        label.setForeground(palette.brush(QPalette.ColorRole.Link))
        text.setForeground(palette.brush(QPalette.ColorRole.Text))
    cursor.insertText(row.label, label)
    if row.excerpt:
        cursor.insertBlock()
        cursor.insertText(row.excerpt, text)
    return doc


class CitationDelegate(TextDocumentDelegate):
    def document(self, item, index, palette, selected, font):  # type: ignore[no-untyped-def]
        return citation_document(item, palette, selected, font)


def _places_line(count: int, *, what: str = "place", verb: str = "named") -> str:
    return f"{verb.capitalize()} in {count} {what}{'' if count == 1 else 's'}"


def record_overview(record: Record) -> str:
    """What a delegate sees first about a record: its meeting, then what the panes hold."""
    lines = []
    meeting = record.meeting
    if meeting is not None:
        when = ""
        if meeting.start:
            when = meeting.start.strftime("%-d %B %Y")
            if meeting.end and meeting.end != meeting.start:
                when = f"{meeting.start.strftime('%-d %B')} – {meeting.end.strftime('%-d %B %Y')}"
        bits = [meeting.title, when, meeting.time, meeting.place or ""]
        lines.append("Meeting: " + ", ".join(b for b in bits if b))
        if meeting.presiding:
            lines.append(f"Presiding: {meeting.presiding}")
    elif record.proceedings is not None and record.proceedings.meeting:
        # A meeting record stored before its meeting was read from the masthead.
        p = record.proceedings
        when = p.date.strftime("%-d %B %Y") if p.date else ""
        lines.append("Meeting: " + ", ".join(b for b in (p.meeting, when, p.time, p.place) if b))
    if record.subtitle:
        lines.append(record.subtitle)
    counts = [
        (len(record.conclusions), "outcome"),
        (len(record.key_points), "key point"),
        (len(record.processes) + len(record.organizations), "body or process"),
        (len(record.states), "State"),
        (len(record.speakers), "speaker"),
        (len(record.themes), "theme"),
    ]
    shown = [f"{n} {label}" if n == 1 else f"{n} {_plural(label)}" for n, label in counts if n]
    if shown:
        lines.append(" · ".join(shown))
    lines.append("Select a body, theme, outcome or paragraph.")
    return "\n".join(lines)


def _plural(label: str) -> str:
    if label == "body or process":
        return "bodies and processes"
    return f"{label}s"


def _footnote_marks(spans: list[Span]) -> list[str]:
    return [s.marker for s in spans if s.style == SpanStyle.FOOTNOTE and s.marker]


class DetailPane(QWidget):
    """Shows one selected thing; a citation clicked or activated asks to go to its place."""

    place_requested = Signal(str)
    # "Find in all records": the names (and abbreviation) of a body or State to search the
    # whole library for.
    across_requested = Signal(list)
    annotation_saved = Signal(str)  # the editor's, once it is built (eid)

    def __init__(self, library: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Detail")
        self._record: Record | None = None
        self._target_eid: str | None = None
        self._library = library
        # The annotation editor is made when a place is first shown, or just after the window's
        # first frame (`build_editor`): a start with nothing selected shows no editor, and its
        # module, its widgets and their Qt classes are 20-30 ms of it.
        self._editor: Any = None

        self.kind_label = _plain_label(name="Kind")
        small = QFont(self.kind_label.font())
        small.setCapitalization(QFont.Capitalization.AllUppercase)
        small.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        self.kind_label.setFont(small)
        self.kind_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.title_label = _plain_label(name="Title")
        big = QFont(self.title_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setWeight(QFont.Weight.DemiBold)
        self.title_label.setFont(big)

        self.status_label = _plain_label(name="Status")

        self.text_view = QTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setAcceptRichText(False)
        self.text_view.setAccessibleName("Text")
        self.text_view.setFrameShape(QFrame.Shape.NoFrame)
        self.text_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        viewport_of(self.text_view).setAutoFillBackground(False)
        self.text_view.document().setDocumentMargin(0)

        self.mentions_label = _plain_label("Mentioned in", name="Mentions heading")
        bold = QFont(self.mentions_label.font())
        bold.setWeight(QFont.Weight.DemiBold)
        self.mentions_label.setFont(bold)

        self.citations = CitationsModel(self)
        self.citation_view = QListView()
        self.citation_view.setModel(self.citations)
        self.citation_view.setAccessibleName("Citations")
        self.citation_view.setAccessibleDescription(
            "Places the record mentions this; Enter goes there"
        )
        self.citation_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.citation_view.setWordWrap(True)
        self.citation_view.setUniformItemSizes(False)
        self.citation_view.setItemDelegate(CitationDelegate(self.citation_view))
        # Read as a list of links on the pane itself, not as a boxed table.
        self.citation_view.setFrameShape(QFrame.Shape.NoFrame)
        viewport_of(self.citation_view).setBackgroundRole(QPalette.ColorRole.Window)
        self.citation_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.citation_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.citation_view.clicked.connect(self._go)
        self.citation_view.activated.connect(self._go)

        self.across_button = QPushButton("Find in All Records")
        self.across_button.setAccessibleName("Find in all records")
        self.across_button.setToolTip("Search every record of the library for this name")
        self.across_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.across_button.clicked.connect(self._find_across)
        self._across_names: list[str] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.across_button)
        layout.addWidget(self.text_view)
        layout.addSpacing(4)
        layout.addWidget(self.mentions_label)
        layout.addWidget(self.citation_view, 1)

        # Takes the spare height when neither the citations nor the editor are shown.
        layout.addStretch(0)
        self._stretch_index = layout.count() - 1
        self.clear()

    # -- the annotation editor

    @property
    def editor(self) -> Any:
        """The annotation editor (made now if it is not yet); None for a pane without a
        library."""
        return self.build_editor()

    def editor_pending(self) -> bool:
        """True while the pane has a library and its editor is not made yet."""
        return self._library is not None and self._editor is None

    def build_editor(self) -> Any:
        if self.editor_pending():
            from briefing.ui.annotation_editor import AnnotationEditor

            editor = AnnotationEditor(self._library, self)
            editor.setAccessibleName("Annotation")
            editor.hide()  # until a place is shown (`_set_target`)
            editor.annotation_saved.connect(self.annotation_saved)
            self.layout().addWidget(editor, 1)
            self._editor = editor
            self._tab_into_editor(editor)
        return self._editor

    def _tab_into_editor(self, editor: QWidget) -> None:
        """Tab goes from the citations into the editor's fields, as the pane reads top to
        bottom. (Made after the window, they would come last in its focus chain.)"""
        fields: list[QWidget] = []
        widget = editor.nextInFocusChain()
        while widget is not editor and editor.isAncestorOf(widget):
            # Qt leaves a widget Tab cannot reach (labels, containers) out of setTabOrder.
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                fields.append(widget)
            widget = widget.nextInFocusChain()
        for before, after in zip([self.citation_view, *fields], fields, strict=False):
            QWidget.setTabOrder(before, after)

    def flush_editor(self) -> None:
        """What was just typed is saved now (a made editor only: an unmade one holds nothing)."""
        if self._editor is not None:
            self._editor.flush()

    def _editor_shown(self) -> bool:
        return self._editor is not None and not self._editor.isHidden()

    # -- showing

    def clear(self) -> None:
        """Nothing selected: an overview of the open record (its kind, meeting and what the
        panes hold), or a hint when no record is open."""
        self._set_across([])
        record = self._record
        if record is None:
            self.kind_label.setText("")
            self.title_label.setText("Nothing selected")
            self.status_label.setText("Select a body, theme, outcome or paragraph.")
        else:
            self.kind_label.setText(document_kind_label(record.kind) or "Record")
            self.title_label.setText(record.display_title)
            self.status_label.setText(record_overview(record))
        self.status_label.show()
        self.text_view.setPlainText("")
        self.text_view.hide()
        self.citations.set_citations([])
        self.mentions_label.hide()
        self.citation_view.hide()
        self._set_target(None)
        self._update_stretch()

    def set_record(self, record: Record | None) -> None:
        self.flush_editor()
        self._record = record
        self.clear()

    def show_item(self, item: Any) -> None:
        record = self._record
        if record is None or item is None:
            self.clear()
            return
        if isinstance(item, Entity):
            self._set_across([item.name, *([item.short_name] if item.short_name else [])])
            self._show(
                kind_label(item.kind),
                item.name + (f" ({item.short_name})" if item.short_name else ""),
                # The status only where the text gives one ("yet to be formalized"): a line
                # saying "not stated" under every body was noise.
                " · ".join(
                    x
                    for x in (
                        f"Status: {item.status}" if item.status else "",
                        _places_line(len(item.mentions)),
                    )
                    if x
                ),
                "",
                item.mentions,
                subject_eid("process" if is_process_kind(item.kind) else "organization", item.name),
            )
        elif isinstance(item, Theme):
            source = {
                "meeting": "The theme of the meeting",
                "record": "Named in the record",
                "vocabulary": "A topic the text concerns",
            }.get(item.source, item.source)
            self._show(
                "Theme", item.name, source, "", item.mentions, subject_eid("theme", item.name)
            )
        elif isinstance(item, State):
            self._set_across([item.name])
            self._show(
                "State",
                item.name,
                _places_line(len(item.mentions)),
                "",
                item.mentions,
                subject_eid("state", item.name),
            )
        elif isinstance(item, Speaker):
            eids = statement_eids(record, item)
            role = "Presiding officer" if presides(item) else "Speaker"
            self._show(
                role,
                speaker_label(item),
                _places_line(len(eids), what="paragraph", verb="spoken")
                + " · annotate the statement below",
                "",
                eids,
                item.eid or None,
            )
        elif isinstance(item, Conclusion):
            if any(k.eid == item.eid for k in record.key_points):
                kind = "Key point"
            else:
                kind = outcome_kind_label(item.kind)
            if item.verb:
                kind = f"{kind} · {item.verb}"
            node = record.find(item.eid)
            marks = _footnote_marks(getattr(node, "spans", []) or [])
            others = [f.eid for m in marks if (f := record.footnote(m))]
            self._show(
                kind,
                record.citation(item.eid),
                self._mentioned_entities(item.eid, as_outcome=False),
                item.text,
                [item.eid, *others],
                item.eid,
            )
        else:
            self.clear()

    def show_place(self, eid: str) -> bool:
        record = self._record
        node = record.find(eid) if record else None
        if record is None or node is None:
            return False
        if isinstance(node, Footnote):
            kind, text, spans = "Footnote", node.text, node.spans
            where = list(node.cited_in)
        else:
            kind = "Point" if isinstance(node, Point) else "Paragraph"
            if isinstance(node, Paragraph) and node.role == "heading":
                kind = "Heading"
            text = node.text
            if node.closing:
                text = f"{text}\n{node.closing}"
            spans = node.spans
            where = []
            if isinstance(node, Paragraph | Point):
                where = [p.eid for p in node.points]
        footnotes = [f.eid for m in _footnote_marks(spans) if (f := record.footnote(m))]
        self._show(
            kind,
            record.citation(eid),
            self._mentioned_entities(eid),
            text,
            [eid, *where, *footnotes],
            eid,
        )
        return True

    def _mentioned_entities(self, eid: str, *, as_outcome: bool = True) -> str:
        """What a place names (bodies, States) and, unless the outcome itself is shown, the
        outcome it is ("Operative paragraph OP4")."""
        record = self._record
        if record is None:
            return ""
        names = [
            e.short_name or e.name
            for e in record.processes + record.organizations
            if eid in e.mentions
        ]
        conclusion = (
            next((c for c in record.conclusions if c.eid == eid), None) if as_outcome else None
        )
        bits = []
        if conclusion:
            bits.append(f"{outcome_kind_label(conclusion.kind)} {conclusion.label}")
        if len(names) > 6:
            names = [*names[:6], f"and {len(names) - 6} more"]
        if names:
            bits.append("Names: " + ", ".join(names))
        states = [s.name for s in record.states if eid in s.mentions]
        if len(states) > 6:
            states = [*states[:6], f"and {len(states) - 6} more"]
        if states:
            bits.append("States: " + ", ".join(states))
        return " · ".join(bits)

    def _set_across(self, names: list[str]) -> None:
        self._across_names = [n for n in names if n and n.strip()]
        self.across_button.setVisible(bool(self._across_names))

    def _find_across(self) -> None:
        if self._across_names:
            self.across_requested.emit(list(self._across_names))

    def _show(
        self,
        kind: str,
        title: str,
        status: str,
        text: str,
        eids: list[str],
        target: str | None,
    ) -> None:
        record = self._record
        assert record is not None
        self.kind_label.setText(kind)
        self.title_label.setText(title)
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self.text_view.setPlainText(text)
        self.text_view.setVisible(bool(text))
        self._fit_text()
        seen: list[str] = []
        for e in eids:
            if e not in seen:
                seen.append(e)
        self.citations.set_citations(citations_for(record, seen))
        self._fit_citations()
        # A process or theme is annotated under its own subject eid but has no place to go to.
        about_subject = target is None or is_subject_eid(target)
        self.mentions_label.setText("Mentioned in" if about_subject else "Go to")
        self.mentions_label.setVisible(bool(seen))
        self.citation_view.setVisible(bool(seen))
        self._set_target(target)

    def _set_target(self, eid: str | None) -> None:
        self._target_eid = eid
        # Nothing to annotate and no editor yet: it stays unmade (hidden, it would show nothing).
        editor = self.build_editor() if eid is not None else self._editor
        if editor is not None:
            editor.set_target(self._record if eid else None, eid)
            # Only places are annotated; for a process or theme the citations get the room.
            editor.setVisible(eid is not None)
            self._fit_citations()

    def _update_stretch(self) -> None:
        idle = self.citation_view.isHidden() and not self._editor_shown()
        self.layout().setStretch(self._stretch_index, 1 if idle else 0)

    def _fit_citations(self) -> None:
        """As tall as its rows when the annotation editor shares the pane (it takes the rest)."""
        self._update_stretch()
        if not self._editor_shown():
            self.citation_view.setMaximumHeight(16777215)
            return
        rows = self.citations.rowCount()
        height = sum(max(0, self.citation_view.sizeHintForRow(r)) for r in range(rows))
        height += 2 * self.citation_view.frameWidth() + 4
        self.citation_view.setMaximumHeight(max(40, min(height, 320)))

    def _fit_text(self) -> None:
        """The text takes the height it needs, up to a third of the pane; longer text scrolls."""
        doc = self.text_view.document()
        doc.setTextWidth(viewport_of(self.text_view).width())
        wanted = int(doc.size().height()) + 4
        self.text_view.setFixedHeight(max(24, min(wanted, max(120, self.height() // 3))))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_text()
        self._fit_citations()

    def mark_place(self, eid: str | None) -> None:
        """Select the citation of the place the Document pane shows, so the reader sees which."""
        for row in range(self.citations.rowCount()):
            index = self.citations.index(row, 0)
            if index.data(EidRole) == eid:
                self.citation_view.setCurrentIndex(index)
                return
        self.citation_view.clearSelection()

    def refresh_annotation(self) -> None:
        """Show the stored annotation again (after an import changed the library)."""
        self._set_target(self._target_eid)

    def citation_eids(self) -> list[str]:
        return [self.citations.index(r, 0).data(EidRole) for r in range(self.citations.rowCount())]

    def activate_citation(self, row: int) -> None:
        self._go(self.citations.index(row, 0))

    def _go(self, index: QModelIndex) -> None:
        eid = index.data(EidRole)
        if eid:
            self.place_requested.emit(eid)

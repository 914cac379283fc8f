"""The Search pane: full-text search as you type, over this record or all, Enter to jump."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from briefing.domain import BriefingError
from briefing.storage import SearchHits
from briefing.ui.delegates import TextDocumentDelegate
from briefing.ui.models import HeadingRole, ObjectRole, SearchResultsModel, hit_heading

DEBOUNCE_MS = 250


def snippet_document(
    hit: Any, palette: QPalette, selected: bool, font: QFont, heading: str | None = None
) -> QTextDocument:
    """A two-line rich layout of a hit built from plain text and char formats (never HTML)."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(4)
    group = QPalette.ColorGroup.Active if selected else QPalette.ColorGroup.Normal
    text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    cursor = QTextCursor(doc)
    head = QTextCharFormat()
    head.setFontWeight(QFont.Weight.DemiBold)
    head.setForeground(palette.brush(group, text_role))
    head.setFontPointSize(max(7.0, font.pointSizeF() * 0.9))
    cursor.insertText(heading if heading is not None else hit_heading(hit), head)
    cursor.insertBlock()
    plain = QTextCharFormat()
    plain.setForeground(palette.brush(group, text_role))
    mark = QTextCharFormat(plain)
    mark.setFontWeight(QFont.Weight.Bold)
    if not selected:
        mark.setBackground(palette.brush(QPalette.ColorGroup.Normal, QPalette.ColorRole.Highlight))
        mark.setForeground(
            palette.brush(QPalette.ColorGroup.Normal, QPalette.ColorRole.HighlightedText)
        )
    else:
        mark.setFontUnderline(True)
    snippet: str = hit.snippet
    pos = 0
    for start, end in sorted(hit.highlights or []):
        start, end = max(start, pos), min(end, len(snippet))
        if end <= start:
            continue
        cursor.insertText(snippet[pos:start], plain)
        cursor.insertText(snippet[start:end], mark)
        pos = end
    cursor.insertText(snippet[pos:], plain)
    return doc


class SnippetDelegate(TextDocumentDelegate):
    fallback_width = 320

    def document(self, item, index, palette, selected, font):  # type: ignore[no-untyped-def]
        return snippet_document(item, palette, selected, font, index.data(HeadingRole))


class _ResultsView(QListView):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchPane(QWidget):
    """A query field, a scope, and the hits; `hit_activated` asks the window to go there."""

    hit_activated = Signal(object)  # SearchHit

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._record_id: int | None = None

        self.field = QLineEdit()
        self.field.setPlaceholderText("Search the text…")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search query")
        self.scope = QComboBox()
        self.scope.addItem("This record", "record")
        self.scope.addItem("All records", "all")
        self.scope.setAccessibleName("Search scope")
        self.results = SearchResultsModel(self)
        self.view = _ResultsView()
        self.view.setModel(self.results)
        self.view.setItemDelegate(SnippetDelegate(self.view))
        self.view.setAccessibleName("Search results")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.setAccessibleName("Search status")

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.field, 1)
        row.addWidget(self.scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.setTabOrder(self.field, self.scope)
        self.setTabOrder(self.scope, self.view)

        self.limit = 50
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.scope.currentIndexChanged.connect(lambda _i: self.run_search())
        self.field.installEventFilter(self)

    def set_record_id(self, record_id: int | None) -> None:
        self._record_id = record_id
        if self.field.text().strip() and self.scope.currentData() == "record":
            self._timer.start()

    def search_everywhere(self, query: str) -> None:
        """Run a query over every record of the library (Find in All Records)."""
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(self.scope.findData("all"))
        self.scope.blockSignals(False)
        self.field.blockSignals(True)
        self.field.setText(query)
        self.field.blockSignals(False)
        self.run_search()

    def focus_query(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run_search(self) -> None:
        self._timer.stop()
        query = self.field.text().strip()
        if not query:
            self.results.set_hits([])
            self.message.setText("")
            return
        record_id = self._record_id if self.scope.currentData() == "record" else None
        try:
            hits = self._library.search(query, record_id=record_id, limit=self.limit)
        except BriefingError as exc:
            self.results.set_hits([])
            self.message.setText(str(exc))
            return
        self.results.set_hits(hits, with_record=record_id is None)
        self.message.setText(results_message(hits))
        if hits:
            self.view.setCurrentIndex(self.results.index(0, 0))

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run_search()
        index = self.view.currentIndex()
        if index.isValid():
            self._activate(index)

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
        # Down/Up in the query field move through the results, as in a browser's address bar.
        if (
            obj is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and self.results.rowCount()
        ):
            row = self.view.currentIndex().row()
            row += 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.results.rowCount() - 1, row))
            self.view.setCurrentIndex(self.results.index(row, 0))
            return True
        return super().eventFilter(obj, event)

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(ObjectRole)
        if hit is not None:
            self.hit_activated.emit(hit)


def results_message(hits: SearchHits) -> str:
    """What the list shows: 'No matches', '12 matches', or the best 50 of many."""
    if not hits:
        return "No matches"
    if len(hits) == hits.total:
        return f"{len(hits):,} match{'es' if len(hits) != 1 else ''}"
    return f"Best {len(hits):,} of {hits.total:,} matches"

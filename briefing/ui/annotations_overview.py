"""The delegate's positions in one table: this record's annotations, or every record's.

A QAbstractTableModel over storage.positions.Position rows (an annotation with its record's
label and its citation, "OP3"), filtered by stance, priority, tag, raise, record and text, and
sorted, in a QSortFilterProxyModel: a filter change never reads the database. Notes wrap, so a
position reads whole. Detached annotations (their place has gone from the record) are shown as
detached with their quote and do not jump. Export… writes the rows the filters let through as
W3C Web Annotation JSON-LD or CSV, or opens the PDF export on their records and filters;
Import… merges a colleague's JSON-LD. Everything is plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.domain import Annotation, BriefingError, Priority, Stance
from briefing.domain.annotations import in_conflict, stances_by_place
from briefing.storage import annotations as store
from briefing.storage.positions import UNPLACED, Position, PositionsReader
from briefing.ui.messages import plain_tooltip

if TYPE_CHECKING:
    from briefing.export.options import ExportOptions

log = logging.getLogger(__name__)

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
POSITION_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = (
    "Record",
    "Place",
    "Stance",
    "Priority",
    "Raise",
    "Tags",
    "Note",
    "Quote",
    "Author",
    "Delegation",
    "Updated",
    "Versions",
)
CONFLICT_MARK = "⚠ "
NO_STANCE = "__none__"
THIS_RECORD, ALL_RECORDS = "record", "library"
_PRIORITY_ORDER = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}
_STANCE_ORDER = {stance: i for i, stance in enumerate(Stance)}

Index = QModelIndex | QPersistentModelIndex


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class AnnotationsTableModel(QAbstractTableModel):
    """Rows of positions; POSITION_ROLE gives the Position, ANNOTATION_ROLE its Annotation,
    SORT_ROLE a sort key."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Position] = []
        self._versions: dict[str, list[Annotation]] = {}
        self._record_rank: dict[str, int] = {}
        self._sort_keys: dict[int, list[Any]] = {}
        # (record key, eid) -> author -> annotation: who holds which stance at each place.
        self._by_place: dict[tuple[str, str], dict[str, Annotation]] = {}

    def set_positions(
        self, rows: list[Position], versions: dict[str, list[Annotation]] | None = None
    ) -> None:
        """Swap the rows; `versions` (uid -> other kept versions) fills the Versions column."""
        self.beginResetModel()
        self._rows = list(rows)
        self._versions = dict(versions or {})
        self._by_place = stances_by_place(p.annotation for p in rows)
        # The Place column sorts by record, then reading order: one integer key, which Qt's
        # proxy compares natively.
        labels = sorted({p.record_label for p in rows}, key=str.casefold)
        self._record_rank = {label: i for i, label in enumerate(labels)}
        # Sorting asks for keys n log n times; each column's are made once, when first sorted.
        self._sort_keys: dict[int, list[Any]] = {}
        self.endResetModel()

    def positions(self) -> list[Position]:
        return list(self._rows)

    def annotations(self) -> list[Annotation]:
        return [p.annotation for p in self._rows]

    def delegation_at(self, a: Annotation) -> dict[str, Annotation]:
        """Every author's annotation at `a`'s place (its own included)."""
        return self._by_place.get((a.record_key, a.target_eid), {})

    def in_conflict(self, a: Annotation) -> bool:
        """Whether authors at `a`'s place hold different stances."""
        return not a.detached and in_conflict(self.delegation_at(a))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == SORT_ROLE:
            keys = self._sort_keys.get(index.column())
            if keys is None:
                column_name = COLUMNS[index.column()]
                keys = [self._sort_key(p, column_name) for p in self._rows]
                self._sort_keys[index.column()] = keys
            return keys[index.row()]
        position = self._rows[index.row()]
        a = position.annotation
        column = COLUMNS[index.column()]
        if role == POSITION_ROLE:
            return position
        if role == ANNOTATION_ROLE:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "Versions":
                n = len(self._versions.get(a.uid, []))
                return f"{n} other" if n else ""
            if column == "Delegation":
                return self._delegation_text(a)
            return self._display(position, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "Note" and a.note:
                return plain_tooltip(a.note)
            if column == "Delegation":
                lines = [
                    f"{author}: {held.stance.label if held.stance else 'no stance'}"
                    for author, held in sorted(self.delegation_at(a).items())
                ]
                if self.in_conflict(a):
                    lines.insert(0, "The delegation's stances differ here:")
                return plain_tooltip("\n".join(lines)) or None
            if column == "Versions" and self._versions.get(a.uid):
                return plain_tooltip(
                    "\n\n".join(
                        f"{v.author}, {v.updated.astimezone():%Y-%m-%d %H:%M}"
                        f" ({v.stance.label if v.stance else 'no stance'}): {v.note}"
                        for v in self._versions[a.uid]
                    )
                )
            if column in ("Quote", "Place"):
                prefix = "Detached — the place is no longer in the record.\n" if a.detached else ""
                return plain_tooltip(prefix + (a.quote or "(no quote)"))
            if column == "Record" and not position.record_label:
                return "The record is no longer in the library."
            return None
        if role == Qt.ItemDataRole.FontRole and a.detached:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and a.detached:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    @staticmethod
    def _display(position: Position, column: str) -> str:
        a = position.annotation
        if column == "Record":
            return position.record_label or "(removed record)"
        if column == "Place":
            return f"Detached: {position.citation}" if a.detached else position.citation
        if column == "Stance":
            return a.stance.label if a.stance else ""
        if column == "Priority":
            return a.priority.label
        if column == "Raise":
            return "Raise" if a.raise_at_meeting else ""
        if column == "Tags":
            return ", ".join(a.tags)
        if column == "Note":
            return a.note.strip()  # whole, wrapped by the view: the position is what is read
        if column == "Quote":
            return _one_line(a.quote)
        if column == "Author":
            return a.author
        if column == "Updated":
            return a.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        return ""

    def _delegation_text(self, a: Annotation) -> str:
        held = self.delegation_at(a)
        if len(held) < 2:
            return ""
        text = " · ".join(
            f"{author}: {h.stance.label if h.stance else '—'}" for author, h in sorted(held.items())
        )
        return CONFLICT_MARK + text if self.in_conflict(a) else text

    def _sort_key(self, position: Position, column: str) -> Any:
        a = position.annotation
        if column in ("Place", "Record"):
            rank = self._record_rank.get(position.record_label, 0)
            return rank * (2 * UNPLACED) + position.order + (UNPLACED if a.detached else 0)
        if column == "Stance":
            return _STANCE_ORDER[a.stance] if a.stance else len(_STANCE_ORDER)
        if column == "Priority":
            return _PRIORITY_ORDER[a.priority]
        if column == "Raise":
            return 0 if a.raise_at_meeting else 1
        if column == "Updated":
            return a.updated.timestamp()
        if column == "Versions":
            return len(self._versions.get(a.uid, []))
        if column == "Delegation":  # the disagreements first
            return f"{0 if self.in_conflict(a) else 1}{self._delegation_text(a).casefold()}"
        return self._display(position, column).casefold()


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Filters by stance (a value, NO_STANCE or None for any), tag, priority, flag, record
    (an id, or None for any) and text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.stance: str | None = None
        self.tag: str | None = None
        self.priority: str | None = None
        self.raise_only = False
        self.record_id: int | None = None
        self.author: str | None = None
        self.conflicts_only = False
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(self, **filters: Any) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._set(filters)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt < 6.10
            self._set(filters)
            self.invalidateRowsFilter()

    def _set(self, filters: dict[str, Any]) -> None:
        for name, value in filters.items():
            if not hasattr(self, name) or name.startswith("_"):
                raise AttributeError(name)
            setattr(self, name, value)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        position: Position | None = model.data(
            model.index(source_row, 0, source_parent), POSITION_ROLE
        )
        if position is None:
            return False
        a = position.annotation
        if self.record_id is not None and a.record_id != self.record_id:
            return False
        if self.stance is not None:
            value = a.stance.value if a.stance else NO_STANCE
            if value != self.stance:
                return False
        if self.tag and self.tag.casefold() not in {t.casefold() for t in a.tags}:
            return False
        if self.priority and a.priority.value != self.priority:
            return False
        if self.raise_only and not a.raise_at_meeting:
            return False
        if self.author is not None and a.author != self.author:
            return False
        if self.conflicts_only and not model.in_conflict(a):
            return False
        if self.text.strip():
            haystack = " ".join(
                [
                    a.note,
                    a.quote,
                    " ".join(a.tags),
                    a.author,
                    position.citation,
                    position.record_label,
                    a.target_eid,
                ]
            ).casefold()
            if not all(word in haystack for word in self.text.casefold().split()):
                return False
        return True


class AnnotationsOverview(QWidget):
    """The delegate's positions on one record or all; activating a row emits
    position_activated(record id, eid) and, for the record shown, place_activated(eid)."""

    place_activated = Signal(str)
    position_activated = Signal(int, str)
    # After an import changed the library (panes showing stance markers may refresh).
    annotations_imported = Signal()

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._record_id: int | None = None
        self._reader = PositionsReader(library)

        self.model = AnnotationsTableModel(self)
        self.proxy = AnnotationFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.scope = QComboBox()
        self.scope.setAccessibleName("Show the annotations of")
        self.scope.addItem("This record", THIS_RECORD)
        self.scope.addItem("All records", ALL_RECORDS)
        self.scope.setToolTip("This record's annotations, or every record's: your positions")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter notes, quotes, tags…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter annotations")
        self.stance_filter = QComboBox()
        self.stance_filter.setAccessibleName("Stance filter")
        self.stance_filter.addItem("All stances", None)
        self.stance_filter.addItem("No stance", NO_STANCE)
        for stance in Stance:
            self.stance_filter.addItem(stance.label, stance.value)
        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Tag filter")
        self.tag_filter.addItem("All tags", None)
        self.priority_filter = QComboBox()
        self.priority_filter.setAccessibleName("Priority filter")
        self.priority_filter.addItem("All priorities", None)
        for priority in Priority:
            self.priority_filter.addItem(priority.label, priority.value)
        self.record_filter = QComboBox()
        self.record_filter.setAccessibleName("Record filter")
        self.record_filter.addItem("All records", None)
        self.raise_filter = QCheckBox("Raise only")
        self.raise_filter.setAccessibleName("Only annotations to raise at the meeting")
        # The delegation: whose annotations, and where two of them disagree.
        self.author_filter = QComboBox()
        self.author_filter.setAccessibleName("Author filter")
        self.author_filter.addItem("All authors", None)
        self.conflict_filter = QCheckBox("Conflicts only")
        self.conflict_filter.setAccessibleName("Only places where the delegation's stances differ")
        self.conflict_filter.setToolTip("Places where two authors hold different stances")

        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName("Annotations per stance")

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Annotations")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("Place"), Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The note wraps and each row is as tall as its note: a position is read whole.
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        # Rows are fitted to their notes only where the view shows them: Qt's ResizeToContents
        # measures every row at each filter change (seconds for a library's thousands).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_visible_rows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("Note"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.resizeSection(COLUMNS.index("Quote"), 160)
        self.view.setColumnHidden(COLUMNS.index("Record"), True)
        self.view.activated.connect(self._activated)
        for signal in (
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.view.verticalScrollBar().valueChanged,
            header.sectionResized,
        ):
            signal.connect(self._fit_timer.start)
        self.view.viewport().installEventFilter(self)

        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Merge a colleague's annotation file (W3C Web Annotation)")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Write the annotations listed here to a file")
        export_menu = QMenu(self.export_button)
        self.act_export_jsonld = export_menu.addAction(
            "Web Annotation (JSON-LD)…", self.export_file
        )
        self.act_export_csv = export_menu.addAction("Spreadsheet (CSV)…", self.export_csv)
        self.act_export_pdf = export_menu.addAction("PDF briefing…", self.export_briefing)
        self.export_button.setMenu(export_menu)
        self.import_button.clicked.connect(self.import_file)
        self.delegation_button = QPushButton("Delegation…")
        self.delegation_button.setToolTip("Who holds which stance on each place listed here")
        self.delegation_button.clicked.connect(self.show_delegation)
        self.delegation_view: Any = None
        self.deleted_button = QPushButton("Deleted…")
        self.deleted_button.setToolTip("Annotations deleted here or by their author; restore one")
        self.deleted_button.clicked.connect(self.show_deleted)
        self.deleted_view: Any = None

        # Rows, so the pane fits a laptop's side column: scope and text, then the choices.
        choices = QHBoxLayout()
        for combo in (self.stance_filter, self.tag_filter, self.priority_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
            choices.addWidget(combo, 1)
        for combo in (self.scope, self.record_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope)
        scope_row.addWidget(self.record_filter, 1)
        scope_row.addWidget(self.author_filter)
        text_row = QHBoxLayout()
        text_row.addWidget(self.search, 1)
        text_row.addWidget(self.raise_filter)
        text_row.addWidget(self.conflict_filter)
        filters = QVBoxLayout()
        filters.addLayout(scope_row)
        filters.addLayout(text_row)
        filters.addLayout(choices)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.delegation_button)
        bottom.addWidget(self.deleted_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.scope.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.search.textChanged.connect(lambda text: self._filter(text=text))
        self.stance_filter.currentIndexChanged.connect(
            lambda _i: self._filter(stance=self.stance_filter.currentData())
        )
        self.tag_filter.currentIndexChanged.connect(
            lambda _i: self._filter(tag=self.tag_filter.currentData())
        )
        self.priority_filter.currentIndexChanged.connect(
            lambda _i: self._filter(priority=self.priority_filter.currentData())
        )
        self.record_filter.currentIndexChanged.connect(
            lambda _i: self._filter(record_id=self.record_filter.currentData())
        )
        self.raise_filter.toggled.connect(lambda on: self._filter(raise_only=on))
        self.author_filter.currentIndexChanged.connect(
            lambda _i: self._filter(author=self.author_filter.currentData())
        )
        self.conflict_filter.toggled.connect(lambda on: self._filter(conflicts_only=on))
        self._show_scope()
        self.refresh()

    # -- public --------------------------------------------------------------------------------

    @property
    def across_records(self) -> bool:
        return self.scope.currentData() == ALL_RECORDS

    def set_scope(self, scope: str) -> None:
        """THIS_RECORD or ALL_RECORDS (what the scope box offers)."""
        self.scope.setCurrentIndex(max(self.scope.findData(scope), 0))

    def set_record(self, record_id: int | None) -> None:
        self._record_id = record_id
        if not self.across_records:  # every record's list does not change with the record
            self.refresh()

    def refresh(self) -> None:
        """Reload the positions (after a save, an import or a re-import): one read of the
        annotations, and of the records only where one was derived again since."""
        rows: list[Position] = []
        versions: dict[str, list[Annotation]] = {}
        if self.across_records or self._record_id is not None:
            try:
                rows = self._reader.read(None if self.across_records else self._record_id)
                counts = store.version_counts(self._library)
                versions = {
                    p.annotation.uid: store.annotation_versions(self._library, p.annotation.uid)
                    for p in rows
                    if counts.get(p.annotation.uid)
                }
            except BriefingError as exc:
                log.warning("cannot list annotations: %s", exc)
        self.model.set_positions(rows, versions)
        if self.delegation_view is not None:
            self.delegation_view.set_positions(rows)
        self._refresh_choices(rows)
        self._show_counts()
        self.export_button.setEnabled(bool(self.proxy.rowCount()))

    def visible_annotations(self) -> list[Annotation]:
        """The rows the filters let through, in view order."""
        return [p.annotation for p in self.visible_positions()]

    def visible_positions(self) -> list[Position]:
        return [
            self.proxy.data(self.proxy.index(row, 0), POSITION_ROLE)
            for row in range(self.proxy.rowCount())
        ]

    # -- internals -----------------------------------------------------------------------------

    def _scope_changed(self) -> None:
        self._show_scope()
        self.refresh()

    def _show_scope(self) -> None:
        across = self.across_records
        self.view.setColumnHidden(COLUMNS.index("Record"), not across)
        self.record_filter.setVisible(across)
        if not across and self.record_filter.currentIndex() != 0:
            self.record_filter.setCurrentIndex(0)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def _fit_visible_rows(self) -> None:
        """Make the rows in sight as tall as their wrapped notes."""
        if not self.proxy.rowCount():
            return
        height = self.view.viewport().height()
        row = max(self.view.rowAt(0), 0)
        # A bound: each row is at least a line tall, so no more rows than lines can show.
        for _ in range(max(height // max(self.view.fontMetrics().height(), 1), 1) + 2):
            if row >= self.proxy.rowCount() or self.view.rowViewportPosition(row) >= height:
                break
            self.view.resizeRowToContents(row)
            row += 1

    def _filter(self, **filters: Any) -> None:
        self.proxy.set_filters(**filters)
        self._show_counts()
        self.export_button.setEnabled(bool(self.proxy.rowCount()))

    def _refresh_choices(self, rows: list[Position]) -> None:
        tags = sorted({t for p in rows for t in p.annotation.tags}, key=str.casefold)
        self._refill(self.tag_filter, "All tags", [(tag, tag) for tag in tags], "tag")
        records: dict[int, str] = {}
        for p in rows:
            if p.annotation.record_id is not None:
                records.setdefault(p.annotation.record_id, p.record_label)
        authors = sorted({p.annotation.author for p in rows}, key=str.casefold)
        self._refill(self.author_filter, "All authors", [(a, a) for a in authors], "author")
        choices = sorted(records.items(), key=lambda item: item[1].casefold())
        self._refill(
            self.record_filter,
            "All records",
            [(label or f"Record {rid}", rid) for rid, label in choices],
            "record_id",
        )

    def _refill(
        self, combo: QComboBox, every: str, items: list[tuple[str, Any]], filter_name: str
    ) -> None:
        """Replace a filter's choices, keeping the one chosen while it is still offered."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(every, None)
        for label, value in items:
            combo.addItem(label, value)  # QComboBox shows plain text
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if combo.currentData() != current:
            self.proxy.set_filters(**{filter_name: combo.currentData()})

    def _show_counts(self) -> None:
        shown = self.visible_annotations()
        total = self.model.rowCount()
        if not total:
            if self.across_records:
                self.counts.setText("No annotations in the library.")
            else:
                self.counts.setText("No annotations on this record." if self._record_id else "")
            return
        parts = []
        for stance in Stance:
            n = sum(1 for a in shown if a.stance == stance)
            if n:
                parts.append(f"{stance.label} {n}")
        none = sum(1 for a in shown if a.stance is None)
        if none:
            parts.append(f"No stance {none}")
        detached = sum(1 for a in shown if a.detached)
        conflicts = len({(a.record_key, a.target_eid) for a in shown if self.model.in_conflict(a)})
        text = f"{len(shown)} annotation(s)"
        if len(shown) != total:
            text += f" of {total}"
        if self.across_records:
            records = len({a.record_key for a in shown})
            text += f" on {records} record(s)"
        if parts:
            text += ": " + " · ".join(parts)
        if detached:
            text += f" ({detached} detached)"
        if conflicts:
            text += f"; {CONFLICT_MARK}stances differ at {conflicts} place(s)"
        self.counts.setText(text)

    def stance_counts(self) -> dict[Stance | None, int]:
        out: dict[Stance | None, int] = {}
        for a in self.model.annotations():
            out[a.stance] = out.get(a.stance, 0) + 1
        return out

    def _activated(self, index: QModelIndex) -> None:
        a = self.proxy.data(index, ANNOTATION_ROLE)
        if a is None or a.detached or a.record_id is None:
            return
        self.position_activated.emit(a.record_id, a.target_eid)
        if a.record_id == self._record_id:
            self.place_activated.emit(a.target_eid)

    def show_delegation(self) -> Any:
        """The delegation view of the positions listed (this record's, or every record's)."""
        from briefing.ui.delegation_view import DelegationView

        if self.delegation_view is None:
            self.delegation_view = DelegationView(self.model.positions(), self)
        else:
            self.delegation_view.set_positions(self.model.positions())
        self.delegation_view.show()
        self.delegation_view.raise_()
        return self.delegation_view

    def show_deleted(self) -> Any:
        """The deleted annotations, each restorable as it was last."""
        from briefing.ui.deleted_annotations import DeletedAnnotationsDialog

        if self.deleted_view is None:
            self.deleted_view = DeletedAnnotationsDialog(self._library, self)
            self.deleted_view.restored.connect(self._restored)
        else:
            self.deleted_view.refresh()
        self.deleted_view.show()
        self.deleted_view.raise_()
        return self.deleted_view

    def _restored(self, _record_id: int, _eid: str) -> None:
        self.refresh()
        self.annotations_imported.emit()

    # -- sharing -------------------------------------------------------------------------------

    def ask_save_path(self, title: str = "Export annotations", kind: str = "jsonld") -> Path | None:
        name, pattern = {
            "jsonld": ("annotations.jsonld", "Web Annotation JSON-LD (*.jsonld *.json)"),
            "csv": ("positions.csv", "CSV (*.csv)"),
        }[kind]
        path, _ = QFileDialog.getSaveFileName(self, title, name, pattern)
        return Path(path) if path else None

    def ask_open_path(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import annotations", "", "Web Annotation JSON-LD (*.jsonld *.json);;All (*)"
        )
        return Path(path) if path else None

    def tell(self, title: str, text: str, *, error: bool = False) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information,
            title,
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _label(self) -> str:
        if self.across_records and self.proxy.record_id is None:
            return "Briefing annotations: every record"
        rid = self.proxy.record_id if self.across_records else self._record_id
        labels = {p.annotation.record_id: p.record_label for p in self.model.positions()}
        return f"Briefing annotations: {labels.get(rid) or 'one record'}"

    def export_file(self) -> Path | None:
        """The rows listed (the filters applied) as W3C Web Annotation JSON-LD."""
        from briefing.export.webannotation import to_jsonld, write_jsonld

        shown = self.visible_annotations()
        if not shown:
            return None
        out = self.ask_save_path()
        if out is None:
            return None
        try:
            # Each record once, for the quotes' neighbouring text.
            record_ids = sorted({a.record_id for a in shown if a.record_id is not None})
            records = [self._library.record(rid) for rid in record_ids]
            write_jsonld(to_jsonld(shown, records, label=self._label()), out)
        except BriefingError as exc:
            self.tell("Export annotations", str(exc), error=True)
            return None
        self.tell("Export annotations", f"Wrote {len(shown)} annotation(s) to {out}.")
        return out

    def export_csv(self) -> Path | None:
        """The rows listed (the filters applied) as CSV, for a spreadsheet."""
        from briefing.export.positions_csv import write_positions_csv

        shown = self.visible_positions()
        if not shown:
            return None
        out = self.ask_save_path("Export positions as CSV", "csv")
        if out is None:
            return None
        try:
            write_positions_csv([(p.record_label, p.citation, p.annotation) for p in shown], out)
        except BriefingError as exc:
            self.tell("Export positions", str(exc), error=True)
            return None
        self.tell("Export positions", f"Wrote {len(shown)} position(s) to {out}.")
        return out

    def export_filters(self) -> ExportOptions:
        """The filters of the list as the PDF export reads them (its text filter and "No
        stance" have no equivalent there: the PDF prints every such position)."""
        from briefing.export.options import ExportOptions

        stance = self.proxy.stance
        return ExportOptions(
            stances=frozenset({Stance(stance)}) if stance and stance != NO_STANCE else frozenset(),
            tags=frozenset({self.proxy.tag}) if self.proxy.tag else frozenset(),
            priorities=(
                frozenset({Priority(self.proxy.priority)}) if self.proxy.priority else frozenset()
            ),
            raise_only=self.proxy.raise_only,
        )

    def export_briefing(self) -> Path | None:
        """The PDF export, asked for the records listed and the list's filters."""
        from briefing.ui.export_dialog import ExportDialog

        ids: list[int] = []
        for a in self.visible_annotations():
            if a.record_id is not None and a.record_id not in ids:
                ids.append(a.record_id)
        if not ids:
            return None
        return ExportDialog.ask(
            self, self._library, ids, self._record_id, filters=self.export_filters()
        )

    def import_file(self) -> store.MergeResult | None:
        from briefing.export.webannotation import read_jsonld

        path = self.ask_open_path()
        if path is None:
            return None
        try:
            result = store.merge_annotations(self._library, read_jsonld(path))
        except BriefingError as exc:
            self.tell("Import annotations", str(exc), error=True)
            return None
        self.refresh()
        self.annotations_imported.emit()
        self.tell("Import annotations", f"{path.name}: {result.summary()}.")
        return result

"""All annotations of a record in one table: filters, counts per stance, a jump to each place.

A QAbstractTableModel over Annotation objects, filtered and sorted by a QSortFilterProxyModel.
Detached annotations (their place has gone from the record) are shown as detached with their
quote and do not jump. Import… and Export… share annotations as W3C Web Annotation JSON-LD.
Everything is plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
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
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.domain import Annotation, BriefingError, Priority, Stance, cite
from briefing.storage import annotations as store

log = logging.getLogger(__name__)

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = (
    "Place",
    "Stance",
    "Priority",
    "Raise",
    "Tags",
    "Note",
    "Quote",
    "Author",
    "Updated",
    "Versions",
)
NO_STANCE = "__none__"
_PRIORITY_ORDER = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}
_STANCE_ORDER = {stance: i for i, stance in enumerate(Stance)}

Index = QModelIndex | QPersistentModelIndex


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class AnnotationsTableModel(QAbstractTableModel):
    """Rows of annotations; ANNOTATION_ROLE gives the Annotation, SORT_ROLE a sort key."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._order: dict[str, int] = {}
        self._versions: dict[str, list[Annotation]] = {}

    def set_annotations(
        self,
        rows: list[Annotation],
        order: dict[str, int] | None = None,
        versions: dict[str, list[Annotation]] | None = None,
    ) -> None:
        """Swap the rows; `order` (eid -> reading position) sorts the Place column;
        `versions` (uid -> other kept versions) fills the Versions column."""
        self.beginResetModel()
        self._rows = list(rows)
        self._order = dict(order or {})
        self._versions = dict(versions or {})
        self.endResetModel()

    def annotations(self) -> list[Annotation]:
        return list(self._rows)

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
        a = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == ANNOTATION_ROLE:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "Versions":
                n = len(self._versions.get(a.uid, []))
                return f"{n} other" if n else ""
            return self._display(a, column)
        if role == SORT_ROLE:
            return self._sort_key(a, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "Note" and a.note:
                return a.note
            if column == "Versions" and self._versions.get(a.uid):
                return "\n\n".join(
                    f"{v.author}, {v.updated.astimezone():%Y-%m-%d %H:%M}"
                    f" ({v.stance.label if v.stance else 'no stance'}): {v.note}"
                    for v in self._versions[a.uid]
                )
            if column in ("Quote", "Place"):
                prefix = "Detached — the place is no longer in the record.\n" if a.detached else ""
                return prefix + (a.quote or "(no quote)")
            return None
        if role == Qt.ItemDataRole.FontRole and a.detached:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and a.detached:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    @staticmethod
    def _display(a: Annotation, column: str) -> str:
        if column == "Place":
            return f"Detached: {cite(a.target_eid)}" if a.detached else cite(a.target_eid)
        if column == "Stance":
            return a.stance.label if a.stance else ""
        if column == "Priority":
            return a.priority.label
        if column == "Raise":
            return "Raise" if a.raise_at_meeting else ""
        if column == "Tags":
            return ", ".join(a.tags)
        if column == "Note":
            return _one_line(a.note)
        if column == "Quote":
            return _one_line(a.quote)
        if column == "Author":
            return a.author
        if column == "Updated":
            return a.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        return ""

    def _sort_key(self, a: Annotation, column: str) -> Any:
        if column == "Place":
            return self._order.get(a.target_eid, len(self._order) + 1) + (
                10**6 if a.detached else 0
            )
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
        return self._display(a, column).casefold()


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Filters by stance (a value, NO_STANCE or None for any), tag, priority, flag and text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.stance: str | None = None
        self.tag: str | None = None
        self.priority: str | None = None
        self.raise_only = False
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
        a: Annotation = model.data(model.index(source_row, 0, source_parent), ANNOTATION_ROLE)
        if a is None:
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
        if self.text.strip():
            haystack = " ".join(
                [a.note, a.quote, " ".join(a.tags), a.author, cite(a.target_eid), a.target_eid]
            ).casefold()
            if not all(word in haystack for word in self.text.casefold().split()):
                return False
        return True


class AnnotationsOverview(QWidget):
    """The annotations of one record; activating a row emits place_activated(eid)."""

    place_activated = Signal(str)
    # After an import changed the library (panes showing stance markers may refresh).
    annotations_imported = Signal()

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._record_id: int | None = None

        self.model = AnnotationsTableModel(self)
        self.proxy = AnnotationFilterProxy(self)
        self.proxy.setSourceModel(self.model)

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
        self.raise_filter = QCheckBox("Raise only")
        self.raise_filter.setAccessibleName("Only annotations to raise at the meeting")

        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName("Annotations per stance")

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Annotations")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.activated.connect(self._activated)

        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Merge a colleague's annotation file (W3C Web Annotation)")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Write this record's annotations to a file to share")
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)

        # Two rows, so the pane fits a laptop's side column: the text filter, then the choices.
        choices = QHBoxLayout()
        for combo in (self.stance_filter, self.tag_filter, self.priority_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
            choices.addWidget(combo, 1)
        text_row = QHBoxLayout()
        text_row.addWidget(self.search, 1)
        text_row.addWidget(self.raise_filter)
        filters = QVBoxLayout()
        filters.addLayout(text_row)
        filters.addLayout(choices)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(lambda text: self.proxy.set_filters(text=text))
        self.stance_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filters(stance=self.stance_filter.currentData())
        )
        self.tag_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filters(tag=self.tag_filter.currentData())
        )
        self.priority_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filters(priority=self.priority_filter.currentData())
        )
        self.raise_filter.toggled.connect(lambda on: self.proxy.set_filters(raise_only=on))
        self.refresh()

    # -- public --------------------------------------------------------------------------------

    def set_record(self, record_id: int | None) -> None:
        self._record_id = record_id
        self.refresh()

    def refresh(self) -> None:
        """Reload the record's annotations (after a save, an import or a re-import)."""
        rows: list[Annotation] = []
        order: dict[str, int] = {}
        versions: dict[str, list[Annotation]] = {}
        if self._record_id is not None:
            try:
                rows = store.annotations_for_record(self._library, self._record_id)
                order = self._reading_order(rows)
                counts = store.version_counts(self._library)
                versions = {
                    a.uid: store.annotation_versions(self._library, a.uid)
                    for a in rows
                    if counts.get(a.uid)
                }
            except BriefingError as exc:
                log.warning("cannot list annotations: %s", exc)
        self.model.set_annotations(rows, order, versions)
        self._refresh_tags(rows)
        self._show_counts(rows)
        self.export_button.setEnabled(self._record_id is not None)

    def visible_annotations(self) -> list[Annotation]:
        """The rows the filters let through, in view order."""
        return [
            self.proxy.data(self.proxy.index(row, 0), ANNOTATION_ROLE)
            for row in range(self.proxy.rowCount())
        ]

    # -- internals -----------------------------------------------------------------------------

    def _reading_order(self, rows: list[Annotation]) -> dict[str, int]:
        if not rows or self._record_id is None:
            return {}
        record = self._library.record(self._record_id)
        return {eid: i for i, (eid, _text) in enumerate(store.anchor_places(record))}

    def _refresh_tags(self, rows: list[Annotation]) -> None:
        current = self.tag_filter.currentData()
        tags = sorted({t for a in rows for t in a.tags}, key=str.casefold)
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        index = self.tag_filter.findData(current) if current else 0
        self.tag_filter.setCurrentIndex(max(index, 0))
        self.tag_filter.blockSignals(False)
        if self.tag_filter.currentData() != current:
            self.proxy.set_filters(tag=self.tag_filter.currentData())

    def _show_counts(self, rows: list[Annotation]) -> None:
        if not rows:
            self.counts.setText("No annotations on this record." if self._record_id else "")
            return
        parts = []
        for stance in Stance:
            n = sum(1 for a in rows if a.stance == stance)
            if n:
                parts.append(f"{stance.label} {n}")
        none = sum(1 for a in rows if a.stance is None)
        if none:
            parts.append(f"No stance {none}")
        detached = sum(1 for a in rows if a.detached)
        text = f"{len(rows)} annotation(s): " + " · ".join(parts)
        if detached:
            text += f" ({detached} detached)"
        self.counts.setText(text)

    def stance_counts(self) -> dict[Stance | None, int]:
        out: dict[Stance | None, int] = {}
        for a in self.model.annotations():
            out[a.stance] = out.get(a.stance, 0) + 1
        return out

    def _activated(self, index: QModelIndex) -> None:
        a = self.proxy.data(index, ANNOTATION_ROLE)
        if a is not None and not a.detached:
            self.place_activated.emit(a.target_eid)

    # -- sharing -------------------------------------------------------------------------------

    def ask_save_path(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export annotations",
            "annotations.jsonld",
            "Web Annotation JSON-LD (*.jsonld *.json)",
        )
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

    def export_file(self) -> Path | None:
        from briefing.export.webannotation import to_jsonld, write_jsonld

        if self._record_id is None:
            return None
        out = self.ask_save_path()
        if out is None:
            return None
        try:
            record = self._library.record(self._record_id)
            rows = store.annotations_for_record(self._library, self._record_id)
            write_jsonld(
                to_jsonld(rows, [record], label=f"Briefing annotations: {record.display_title}"),
                out,
            )
        except BriefingError as exc:
            self.tell("Export annotations", str(exc), error=True)
            return None
        self.tell("Export annotations", f"Wrote {len(rows)} annotation(s) to {out}.")
        return out

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

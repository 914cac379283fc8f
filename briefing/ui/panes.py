"""Small panes over item models: a filterable tree (Processes, Themes, Conclusions) and Records."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing.ui.models import GroupedModel, KeyRole, ObjectRole, RecordsModel, TreeFilterProxy


class ItemTreePane(QWidget):
    """A filter field over a grouped tree; `item_selected` carries the domain object."""

    item_selected = Signal(object)
    # Enter or double-click: go to the item's (first) place.
    item_activated = Signal(object)

    def __init__(
        self,
        name: str,
        model: GroupedModel,
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.model = model
        self.proxy = TreeFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(f"Filter {name.lower()}…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {name.lower()}")
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(name)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAllColumnsShowFocus(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setVisible(model.columnCount() > 1)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        # Said in the pane when the open record has nothing for it ("No speakers: this record
        # is not a meeting record"), instead of an empty tree that looks broken.
        self.empty_label = QLabel(empty_text or f"The record names no {name.lower()}.")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setAccessibleName(f"{name}: none")
        self.empty_label.hide()
        layout.addWidget(self.filter)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        # Takes the height the hidden tree leaves, so the message stays at the top.
        layout.addStretch(0)
        self.setTabOrder(self.filter, self.view)
        self._quiet = False
        model.modelReset.connect(self._after_reset)
        # A stance set or changed: its column follows the new text.
        model.dataChanged.connect(lambda *_args: self._fit_columns())

    def _after_reset(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.view.setVisible(not empty)
        self.filter.setEnabled(not empty)
        self.view.expandAll()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The count and stance columns as wide as their widest text or heading, measured from
        the font. (Qt's ResizeToContents asks the model for every row's size hint, a call into
        Python per row and column: a third of the window's first show.)"""
        header = self.view.header()
        style = self.view.style()
        cell = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1)
        head = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 4
        items, titles = self.view.fontMetrics(), header.fontMetrics()
        for col in range(1, self.model.columnCount()):
            texts = self.model.column_texts(col)
            widest = max((items.horizontalAdvance(t) for t in texts), default=0)
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            header.resizeSection(col, max(widest + cell, titles.horizontalAdvance(title) + head))

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.view.expandAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self._emit(current)

    def _emit(self, index: QModelIndex) -> None:
        item = index.data(ObjectRole) if index.isValid() else None
        if item is not None:
            self.item_selected.emit(item)

    def _activate(self, index: QModelIndex) -> None:
        item = index.data(ObjectRole) if index.isValid() else None
        if item is not None:
            self.item_activated.emit(item)

    def select_key(self, key: str | None) -> bool:
        """Select the row with this key without emitting `item_selected`."""
        self._quiet = True
        try:
            if not key:
                self.view.selectionModel().clearSelection()
                return False
            source = self.model.find_key(key)
            if not source.isValid():
                self.view.selectionModel().clearSelection()
                return False
            index = self.proxy.mapFromSource(source)
            if not index.isValid():  # filtered out: drop the filter so the selection shows
                self.filter.clear()
                index = self.proxy.mapFromSource(source)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)
            return True
        finally:
            self._quiet = False

    def current_key(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(KeyRole) if index.isValid() else None


class RecordsPane(QWidget):
    """The library's records; activating one asks the window to open it."""

    record_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Records")
        self.model = RecordsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter records…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter records")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Records")
        # The library gives newest first; a header click sorts (the proxy), nothing at start.
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        # Widths from the font, not from measuring every row (a library may hold thousands).
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        digits = self.view.fontMetrics().horizontalAdvance("0000-00-00") + 24
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, digits)
        header.resizeSection(2, self.view.fontMetrics().horizontalAdvance("General Assembly") + 24)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.activated.connect(self._activate)
        self.view.doubleClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self.setTabOrder(self.filter, self.view)

    def set_records(self, rows: list[Any], current: int | None) -> None:
        self.model.set_records(rows)
        self.mark_current(current)

    def mark_current(self, record_id: int | None) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _activate(self, index: QModelIndex) -> None:
        summary = index.sibling(index.row(), 0).data(ObjectRole)
        if summary is not None:
            self.record_activated.emit(summary.id)

"""Annotations › Deleted…: the annotations deleted here or by their author elsewhere, restorable.

A deletion keeps the annotation's last state (storage.annotations.delete_annotation), and a
colleague's deletion arrives through the shared folder; this lists those last states and brings
one back as it was, the app's face of `briefing annotations list --deleted` and `restore`.
Plain text throughout (QTreeWidgetItem never interprets markup).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.domain.eids import cite
from briefing.domain.errors import BriefingError
from briefing.storage import annotations as store
from briefing.ui.messages import plain_tooltip, warn

HEADERS = ("Deleted", "Author", "Place", "Stance", "Note")
UID_ROLE = Qt.ItemDataRole.UserRole + 1


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class DeletedAnnotationsDialog(QDialog):
    """The deleted annotations, newest deletion first, with Restore for the one selected."""

    restored = Signal(int, str)  # record id (or -1 when its record is not here), eid

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("Deleted Annotations")
        self.resize(760, 360)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setToolTip("Bring the selected annotation back as it was last")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        try:
            deleted = store.deleted_annotations(self.library)
        except BriefingError as exc:
            deleted = []
            self.summary.setText(f"The deleted annotations cannot be read: {exc}")
        else:
            self.summary.setText(
                f"{len(deleted)} deleted annotation{'s' if len(deleted) != 1 else ''}; "
                "each keeps its last state."
                if deleted
                else "No deleted annotations."
            )
        for deletion in reversed(deleted):  # the newest deletion first
            a = deletion.annotation
            item = QTreeWidgetItem(
                [
                    deletion.deleted.astimezone().strftime("%Y-%m-%d %H:%M"),
                    a.author,
                    self._place(a),
                    a.stance.label if a.stance else "",
                    _one_line(a.note or a.line_to_take),
                ]
            )
            item.setData(0, UID_ROLE, a.uid)
            item.setToolTip(4, plain_tooltip(a.note))
            item.setToolTip(2, plain_tooltip(a.quote))
            self.tree.addTopLevelItem(item)
        for column in range(len(HEADERS) - 1):
            self.tree.resizeColumnToContents(column)
        self._selection_changed()

    def _place(self, a: Any) -> str:
        if a.record_id is None:
            return f"{cite(a.target_eid)} (record not in this library)"
        try:
            record = self.library.record(a.record_id)
        except BriefingError:
            return cite(a.target_eid)
        return record.citation(a.target_eid, with_symbol=True)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.tree.selectedItems()))

    def restore_selected(self) -> str | None:
        """Restore the selected deletion; returns its uid (None when nothing was restored)."""
        items = self.tree.selectedItems()
        if not items:
            return None
        uid = items[0].data(0, UID_ROLE)
        try:
            restored = store.restore_annotation(self.library, uid)
        except BriefingError as exc:
            warn(self, "Cannot restore the annotation", str(exc))
            return None
        self.refresh()
        record_id = restored.record_id if restored.record_id is not None else -1
        self.restored.emit(record_id, restored.target_eid)
        return uid

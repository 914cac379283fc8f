"""The delegation's positions, place by place: who holds which stance on each conclusion.

A tree over the positions the annotations overview lists: one row per annotated place (its
record, its citation, the text), under it one row per author with their stance, line to take and
note. A place where two authors hold different stances is flagged, and listed first when asked.
Plain text throughout (QStandardItem never interprets markup).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QTreeView, QVBoxLayout, QWidget

from briefing.domain.annotations import in_conflict, stances_by_place
from briefing.storage.positions import Position
from briefing.ui.messages import plain_tooltip

HEADERS = ("Place / author", "Stance", "Line to take", "Note")
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1
CONFLICT_MARK = "⚠ "


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def delegation_model(positions: list[Position], conflicts_only: bool = False) -> QStandardItemModel:
    """Places (in the overview's order) with each author's position under them."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(list(HEADERS))
    by_place = stances_by_place(p.annotation for p in positions)
    seen: set[tuple[str, str]] = set()
    ordered = sorted(positions, key=lambda p: (p.record_label.casefold(), p.order))
    for position in ordered:
        a = position.annotation
        place = (a.record_key, a.target_eid)
        if a.detached or place in seen:
            continue
        seen.add(place)
        held = by_place.get(place, {})
        conflict = in_conflict(held)
        if conflicts_only and not conflict:
            continue
        # The place first: a record's title runs long, and pushed the stances out of sight.
        label = " · ".join(x for x in (position.citation, position.record_label) if x)
        head = QStandardItem((CONFLICT_MARK if conflict else "") + label)
        head.setData(conflict, CONFLICT_ROLE)
        head.setToolTip(
            plain_tooltip(
                ("The delegation's stances differ here.\n" if conflict else "")
                + label
                + ("\n\n" + a.quote if a.quote else "")
            )
        )
        stances = {h.stance for h in held.values() if h.stance is not None}
        summary = QStandardItem(
            "stances differ" if conflict else (next(iter(stances)).label if stances else "")
        )
        row = [head, summary, QStandardItem(""), QStandardItem(_one_line(a.quote))]
        for item in row:
            item.setEditable(False)
        for author, annotation in sorted(held.items(), key=lambda kv: kv[0].casefold()):
            child = [
                QStandardItem(author),
                QStandardItem(annotation.stance.label if annotation.stance else "no stance"),
                QStandardItem(_one_line(annotation.line_to_take)),
                QStandardItem(_one_line(annotation.note)),
            ]
            for item in child:
                item.setEditable(False)
            child[3].setToolTip(plain_tooltip(annotation.note))
            head.appendRow(child)
        model.appendRow(row)
    return model


class DelegationView(QDialog):
    """View › Delegation Positions: the overview's positions grouped by place and author."""

    def __init__(self, positions: list[Position], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delegation-view")
        self.setWindowTitle("The delegation's positions")
        self._positions = positions
        self.conflicts_only = QCheckBox("Only where stances differ")
        self.conflicts_only.setAccessibleName("Only places where the delegation's stances differ")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QTreeView()
        self.view.setAccessibleName("Positions by place and author")
        self.view.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflicts_only)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.conflicts_only.toggled.connect(lambda _on: self.refresh())
        self.resize(820, 520)
        self.refresh()

    def set_positions(self, positions: list[Position]) -> None:
        self._positions = positions
        self.refresh()

    def refresh(self) -> None:
        self.model = delegation_model(self._positions, self.conflicts_only.isChecked())
        self.view.setModel(self.model)
        self.view.expandAll()
        self.view.resizeColumnToContents(0)
        self.view.resizeColumnToContents(1)
        # At most a third of the width for the places (elided; the tooltip has the text), so
        # every author's stance, line to take and note are in view.
        widest = max(220, self.width() // 3)
        self.view.setColumnWidth(0, min(self.view.columnWidth(0), widest))
        self.view.setColumnWidth(2, max(160, self.width() // 4))
        places = self.model.rowCount()
        conflicts = sum(1 for row in range(places) if self.model.item(row, 0).data(CONFLICT_ROLE))
        authors = {
            self.model.item(row, 0).child(i, 0).text()
            for row in range(places)
            for i in range(self.model.item(row, 0).rowCount())
        }
        self.summary.setText(
            f"{places} place(s), {len(authors)} author(s); stances differ at {conflicts}."
        )

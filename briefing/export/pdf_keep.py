"""A heading kept with the start of the table under it, not with the whole table.

A heading's `keepWithNext` makes reportlab wrap it and the next flowable in one KeepTogether, so
a table shorter than a page but longer than the room left below the heading moved whole to the
next page and left the rest of this one empty (the Lima note's "Organizations and regional
bodies" left half of page 6 blank). A table splits across pages like any long table, its head
repeated; the heading only needs room for the table's head and first rows beside it.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Table

# Rows of the table's body kept with its heading (and its head rows).
FIRST_ROWS = 2


class RoomForTableStart(CondPageBreak):
    """A frame break unless the heading, the table's head rows and its first rows fit below."""

    def __init__(self, heading: Flowable, table: Table, rows: int = FIRST_ROWS) -> None:
        super().__init__(0)
        self._heading = heading
        self._table = table
        self._rows = rows
        self._for_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._for_width != availWidth:
            self.height = self.needed(availWidth)
            self._for_width = availWidth
        return super().wrap(availWidth, availHeight)

    def needed(self, width: float) -> float:
        heading = self._heading
        height = heading.wrap(width, 1e6)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
        return height + sum(self._row_height(r) for r in range(self._kept_rows()))

    def _kept_rows(self) -> int:
        table = self._table
        head = table.repeatRows if isinstance(table.repeatRows, int) else len(table.repeatRows)
        return min(len(table._cellvalues), head + self._rows)

    def _row_height(self, r: int) -> float:
        # As Table sizes a row: its tallest cell at its column's width less the cell's padding.
        # The cells are wrapped again, at the same width, when the table is laid out.
        table = self._table
        tallest = 0.0
        for c, value in enumerate(table._cellvalues[r]):
            style = table._cellStyles[r][c]
            inner = table._argW[c] - style.leftPadding - style.rightPadding
            height = _cell_height(value, inner, style.leading)
            tallest = max(tallest, height + style.topPadding + style.bottomPadding)
        return tallest


def _cell_height(value: Any, width: float, leading: float) -> float:
    if isinstance(value, Flowable):
        return value.wrap(width, 1e6)[1]
    if isinstance(value, list | tuple):
        return sum(_cell_height(v, width, leading) for v in value)
    # A string (export/pdf_flowables.cell_text): its lines at the cell style's leading.
    return leading * len(str(value).split("\n")) if value not in (None, "") else 0


def keep_heading_with_table_start(heading: Flowable, table: Table) -> list[Flowable]:
    """[room for the start, the heading, the table]: the heading no longer keeps with next.

    A table whose columns reportlab sizes itself (no widths given) keeps the whole table with
    its heading, as before: its rows cannot be measured before it is."""
    if not all(isinstance(w, int | float) for w in table._argW):
        return [heading, table]
    heading.keepWithNext = 0
    return [RoomForTableStart(heading, table), heading, table]

"""The main window's layout on any screen: the document stays readable, the side panes give way.

On a wide screen the panes stand in two columns either side of the document. When the window
cannot give the document about 45 characters beside two columns (a 1024x700 laptop, a 150%
font), every side pane moves into one column on the left: the lists as tabs above, the Detail
and Annotations as tabs below. F9 hides and shows all side panes (the document alone).
A restored geometry is clamped to the screen it opens on, so a window saved on a large monitor
never opens half off a laptop's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle, QWidget

# The narrowest document a delegate can read comfortably, in characters of its text.
READABLE_CHARACTERS = 45
# The deepest hanging indent the document gives a point (see document_view._Builder.point), in
# widths of "0": the text of a point starts this far in, so it counts against the measure.
POINT_INDENT_UNITS = 8.5
# A list column narrower than this hides its lists' text; the Detail pane's editor (stance and
# priority side by side) needs the wider one. In average characters of the window's font, so a
# 150% font asks for wider columns; beyond these, each column takes a share of the window.
LIST_COLUMN_CHARACTERS = 40
DETAIL_COLUMN_CHARACTERS = 60
SIDE_COLUMN_SHARE = 0.28


def column_widths(window: QWidget) -> tuple[int, int]:
    """The narrowest list column and Detail column, in pixels, for the window's font."""
    char = window.fontMetrics().averageCharWidth()
    return LIST_COLUMN_CHARACTERS * char, DETAIL_COLUMN_CHARACTERS * char


# The docks that show what is selected; every other dock is a list to select from (a pane the
# window gains later joins the lists without a change here).
DETAIL_DOCKS = ("detail", "annotations")
# In two columns, the lists of what a record names share the upper tabs (the bodies, the States,
# a meeting record's speakers, the library's records); the outcomes and the rest the lower.
UPPER_LISTS = ("processes", "states", "speakers", "records")

WIDE = "wide"
COMPACT = "compact"


def document_min_width(document: Any) -> int:
    """Pixels the Document pane needs to show READABLE_CHARACTERS of a point's text per line."""
    font = document.document().defaultFont()
    metrics = QFontMetricsF(font)
    sample = "Regional consultative processes and forums on mig"[:READABLE_CHARACTERS]
    text = metrics.horizontalAdvance(sample)
    indent = metrics.horizontalAdvance("0") * POINT_INDENT_UNITS
    margins = 2 * 20  # document_view.MIN_MARGIN on both sides
    scrollbar = document.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    frame = 2 * document.frameWidth()
    return int(text + indent + margins + scrollbar + frame + 4)


def mode_for_width(window_width: int, document_width: int, columns: tuple[int, int]) -> str:
    """WIDE when two side columns fit beside a readable document, else COMPACT."""
    needed = document_width + sum(columns) + 24
    return WIDE if window_width >= needed else COMPACT


def current_mode(window: QMainWindow, docks: dict[str, QDockWidget]) -> str:
    """The mode a (restored) dock layout is in: the Detail pane beside the lists is COMPACT."""
    detail = docks.get("detail")
    if detail is None:
        return WIDE
    beside_lists = window.dockWidgetArea(detail) == Qt.DockWidgetArea.LeftDockWidgetArea
    return COMPACT if beside_lists else WIDE


def clamp_to_screen(window: QWidget) -> None:
    """Keep the window inside the available area of its screen (a restored geometry may not)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available: QRect = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    width = min(window.width(), available.width() - extra_w)
    height = min(window.height(), available.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), available.x()), available.right() - width - extra_w + 1)
    y = min(max(frame.y(), available.y()), available.bottom() - height - extra_h + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class ResponsiveLayout(QObject):
    """Arranges a MainWindow's docks for its width, now and whenever it crosses the threshold."""

    def __init__(self, window: QMainWindow, docks: dict[str, QDockWidget], document: Any) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.document = document
        self.mode: str | None = None
        self._hidden_by_toggle: list[str] = []
        self.document.setMinimumWidth(document_min_width(document))
        window.installEventFilter(self)

    # -- arranging

    def start(self) -> str:
        """After a restore: clamp to the screen, keep a restored layout that suits the width."""
        clamp_to_screen(self.window)
        self.mode = current_mode(self.window, self.docks)
        return self.arrange()

    def arrange(self, force: bool = False) -> str:
        """Lay the docks out for the window's width; returns the mode."""
        mode = mode_for_width(
            self.window.width(), self.document.minimumWidth(), column_widths(self.window)
        )
        if mode == self.mode and not force:
            return mode
        self.mode = mode
        size = self.window.size()
        if mode == COMPACT:
            self._one_column()
        else:
            self._two_columns()
        if self.window.size() != size:
            # While the docks move, they stand one above the other for a moment and Qt grows
            # the window to their summed minimum height (1216 px for nine panes), beyond a
            # laptop's screen; once tabbed they fit again, so the window takes its size back.
            self.window.resize(size)
        return mode

    def _lists(self) -> list[QDockWidget]:
        return [d for n, d in self.docks.items() if n not in DETAIL_DOCKS]

    def _details(self) -> list[QDockWidget]:
        return [self.docks[n] for n in DETAIL_DOCKS if n in self.docks]

    def _place(self, docks: list[QDockWidget], area: Qt.DockWidgetArea) -> None:
        for dock in docks:
            if dock.isFloating():
                dock.setFloating(False)
            self.window.addDockWidget(area, dock)

    def _one_column(self) -> None:
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        w = self.window
        lists, details = self._lists(), self._details()
        self._place(lists + details, left)
        w.splitDockWidget(lists[0], details[0], Qt.Orientation.Vertical)
        for dock in lists[1:]:
            w.tabifyDockWidget(lists[0], dock)
        for dock in details[1:]:
            w.tabifyDockWidget(details[0], dock)
        lists[0].raise_()
        details[0].raise_()
        list_min, _detail_min = column_widths(w)
        column = max(list_min, w.width() - self.document.minimumWidth() - 12)
        column = min(column, int(w.width() * 0.5))
        w.resizeDocks([lists[0]], [column], Qt.Orientation.Horizontal)
        height = max(200, w.height() - 160)
        w.resizeDocks(
            [lists[0], details[0]], [height // 2, height - height // 2], Qt.Orientation.Vertical
        )

    def _two_columns(self) -> None:
        w = self.window
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        d = self.docks
        self._place(self._lists(), left)
        self._place(self._details(), right)
        w.splitDockWidget(d["processes"], d["conclusions"], Qt.Orientation.Vertical)
        upper = [d[n] for n in UPPER_LISTS if n in d]
        for dock in upper[1:]:
            w.tabifyDockWidget(d["processes"], dock)
        for dock in self._lists():  # themes, search and any later list share the lower tabs
            if dock not in upper and dock is not d["conclusions"]:
                w.tabifyDockWidget(d["conclusions"], dock)
        w.tabifyDockWidget(d["detail"], d["annotations"])
        for name in ("processes", "conclusions", "detail"):
            d[name].raise_()
        room = w.width() - self.document.minimumWidth() - 24
        list_min, detail_min = column_widths(w)
        lists = max(list_min, int(w.width() * SIDE_COLUMN_SHARE))
        detail = max(detail_min, int(w.width() * SIDE_COLUMN_SHARE))
        if lists + detail > room:  # the document keeps its measure; the columns share the rest
            lists = max(list_min, room * list_min // (list_min + detail_min))
            detail = room - lists
        w.resizeDocks([d["processes"], d["detail"]], [lists, detail], Qt.Orientation.Horizontal)
        w.resizeDocks([d["processes"], d["conclusions"]], [560, 340], Qt.Orientation.Vertical)

    # -- the F9 toggle

    def side_panes_visible(self) -> bool:
        return any(not dock.isHidden() for dock in self.docks.values())

    def toggle_side_panes(self) -> bool:
        """Hide every side pane, or show again those this hid; returns whether they show."""
        if self.side_panes_visible():
            self._hidden_by_toggle = [n for n, d in self.docks.items() if not d.isHidden()]
            for name in self._hidden_by_toggle:
                self.docks[name].hide()
            self.document.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return False
        for name in self._hidden_by_toggle or ["processes", "conclusions", "detail"]:
            self.docks[name].show()
        self._hidden_by_toggle = []
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Resize and self.mode:
            self.arrange()
        return False

"""The main window: panes over one record of the library, with history, search and import."""

from __future__ import annotations

import logging
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QStyle,
    QToolBar,
    QWidget,
)

from briefing import APP_NAME, __version__, collector
from briefing.datatypes import dataclass
from briefing.domain import BriefingError, Conclusion, Record, Speaker
from briefing.ui import messages
from briefing.ui.detail_pane import DetailPane, Selection
from briefing.ui.document_view import DocumentView
from briefing.ui.models import (
    conclusion_groups,
    conclusions_model,
    item_eid,
    item_key,
    process_groups,
    processes_model,
    speakers_model,
    state_groups,
    states_model,
    theme_groups,
    themes_model,
)
from briefing.ui.panes import ItemTreePane, RecordsPane

if TYPE_CHECKING:
    from briefing.ui.search_pane import SearchPane

log = logging.getLogger(__name__)

# The panes behind another tab at start, by dock: built just after the first frame.
DEFERRED_PANES = {
    "states": "States",
    "speakers": "Speakers",
    "records": "Records",
    "themes": "Themes",
    "search": "Search",
    "annotations": "Annotations",
}
# The item panes, by dock, and the keys of the items each lists (models.item_key).
ITEM_KEY_PREFIXES = {
    "processes": "entity:",
    "states": "state:",
    "speakers": "speaker:",
    "themes": "theme:",
    "conclusions": "conclusion:",
}


@dataclass(frozen=True)
class Location:
    """Where the delegate is: a record, what the Detail pane shows, the place in the Document."""

    record_id: int
    selection: Selection | None
    place: str | None
    # The document's scroll when the delegate left this location: Back returns to the very
    # reading position, not only to the place. Not part of what makes two locations the same.
    scroll: int | None = field(default=None, compare=False)


class History:
    """Back and forward through locations, as in a browser."""

    def __init__(self) -> None:
        self._items: list[Location] = []
        self._pos = -1

    def push(self, location: Location) -> None:
        if self._pos >= 0 and self._items[self._pos] == location:
            return
        del self._items[self._pos + 1 :]
        self._items.append(location)
        self._pos = len(self._items) - 1

    def current(self) -> Location | None:
        return self._items[self._pos] if self._pos >= 0 else None

    def remember_scroll(self, scroll: int) -> None:
        """Note the reading position of the current location, as the delegate leaves it."""
        if self._pos >= 0:
            self._items[self._pos] = replace(self._items[self._pos], scroll=scroll)

    def can_back(self) -> bool:
        return self._pos > 0

    def can_forward(self) -> bool:
        return self._pos < len(self._items) - 1

    def back(self) -> Location | None:
        if not self.can_back():
            return None
        self._pos -= 1
        return self._items[self._pos]

    def forward(self) -> Location | None:
        if not self.can_forward():
            return None
        self._pos += 1
        return self._items[self._pos]


def _ask_import_paths(parent: QWidget) -> list[Path]:
    from PySide6.QtWidgets import QFileDialog  # at first use, not at start (issue 18)

    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        "Import UN documents",
        str(Path.home()),
        "UN documents (*.pdf *.txt);;Official PDF (*.pdf);;Text files (*.txt);;All files (*)",
    )
    return [Path(name) for name in names]


class MainWindow(QMainWindow):
    record_changed = Signal(int)
    annotation_saved = Signal(str)
    import_finished = Signal(object)  # an import_worker.ImportOutcome

    # Hooks tests may replace (the pytest-qt habit for dialogs).
    ask_import_paths = staticmethod(_ask_import_paths)

    def __init__(self, library: Any, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.record: Record | None = None
        self.history = History()
        self._applying = False
        self._deferred_posted = False
        self._start_completed = False
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)
        self.setDockNestingEnabled(True)
        self.setDocumentMode(True)

        # Panes
        self.document = DocumentView()
        self.document.setObjectName("document")
        self.setCentralWidget(self.document)
        # The panes issue 15 asks for every kind of record: the bodies and processes named,
        # the States, the speakers of a meeting record, the themes, and the outcomes (a
        # resolution's operative paragraphs, a report's recommendations, the decisions taken).
        self.processes = ItemTreePane("Bodies", processes_model(self))
        self.conclusions = ItemTreePane("Outcomes", conclusions_model(self))
        self.detail = DetailPane(library)
        # The panes behind another tab at start (States, Speakers, Records, Themes, Search,
        # Annotations) are built just after the window's first frame, or at once when code
        # asks for one or its dock is on screen (see `_pane`). Until then a dock holds an
        # empty slot with the pane's name.
        self._panes: dict[str, QWidget] = {}
        self._slots: dict[str, QWidget] = {}
        for name, label in DEFERRED_PANES.items():
            slot = QWidget()
            slot.setAccessibleName(label)
            self._slots[name] = slot

        self.docks: dict[str, QDockWidget] = {}
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self._dock("processes", "&Bodies", self.processes, left)
        self._dock("states", "S&tates", self._slots["states"], left)
        self._dock("speakers", "S&peakers", self._slots["speakers"], left)
        self._dock("records", "&Records", self._slots["records"], left)
        self._dock("conclusions", "&Outcomes", self.conclusions, left)
        self._dock("themes", "&Themes", self._slots["themes"], left)
        self._dock("search", "&Search", self._slots["search"], left)
        # The Detail pane scrolls inside its dock: with a place's text, its citations and the
        # annotation editor (note, lines to take, stance...) it asks 600 px and more, and
        # without a scroll area that minimum became the window's, taller than a 1024x700 laptop.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setAccessibleName("Detail")
        self._dock("detail", "&Detail", detail_scroll, right)
        self._dock("annotations", "&Annotations", self._slots["annotations"], right)
        self.splitDockWidget(
            self.docks["processes"], self.docks["conclusions"], Qt.Orientation.Vertical
        )
        self.tabifyDockWidget(self.docks["processes"], self.docks["states"])
        self.tabifyDockWidget(self.docks["processes"], self.docks["speakers"])
        self.tabifyDockWidget(self.docks["processes"], self.docks["records"])
        self.tabifyDockWidget(self.docks["conclusions"], self.docks["themes"])
        self.tabifyDockWidget(self.docks["conclusions"], self.docks["search"])
        self.tabifyDockWidget(self.docks["detail"], self.docks["annotations"])
        self.docks["processes"].raise_()
        self.docks["conclusions"].raise_()
        self.docks["detail"].raise_()
        self.resizeDocks(
            [self.docks["processes"], self.docks["detail"]], [430, 440], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.docks["processes"], self.docks["conclusions"]],
            [560, 340],
            Qt.Orientation.Vertical,
        )

        # Status bar
        self.status_record = QLabel()
        self.status_record.setTextFormat(Qt.TextFormat.PlainText)
        self.status_record.setAccessibleName("Current record")
        self.status_date = QLabel()
        self.status_date.setTextFormat(Qt.TextFormat.PlainText)
        self.status_date.setAccessibleName("Record date")
        self.statusBar().addWidget(self.status_record, 1)
        self.statusBar().addPermanentWidget(self.status_date)

        self._build_actions()
        self._build_keyboard()

        # Wiring
        for pane in (self.processes, self.conclusions):
            self._wire_item_pane(pane)
        self.detail.place_requested.connect(self.go_to_place)
        self.detail.across_requested.connect(self.find_in_all_records)
        self.document.place_clicked.connect(self.select_place)
        self.document.footnote_activated.connect(self.select_place)
        self.detail.annotation_saved.connect(self.annotation_saved)
        self.annotation_saved.connect(lambda _eid: self.refresh_stances())
        self.annotation_saved.connect(lambda _eid: self._refresh_overview())
        # The delegation's shared folder: a pass when it changes and after our own saves.
        from briefing.ui.sharing_service import SharingService

        self.sharing = SharingService(Path(getattr(library, "path", "")), self)
        self.sharing.synced.connect(self._shared)
        self.sharing.failed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.annotation_saved.connect(lambda _eid: self.sharing.schedule())
        # Watching the folder starts just after the first frame (`_after_first_frame`): the file
        # watcher and ctypes it loads are 30 ms, and its first pass waits for a debounce anyway.
        self._sharing_waits = bool(getattr(library, "path", None))

        self.setAcceptDrops(True)
        self._set_tab_order()
        # The mouse's back and forward buttons (eventFilter) are watched once the first frame
        # is out: an application-wide filter calls into Python for each of the 1,200 events Qt
        # sends while the window is built, laid out and first painted.
        self._watching_mouse = False
        self._watch_posted = False
        self.resize(1500, 940)
        self._restore()
        self._fit_layout_to_screen()

    # -- the panes built after the first frame

    @property
    def states(self) -> ItemTreePane:
        return self._pane("states")

    @property
    def speakers(self) -> ItemTreePane:
        return self._pane("speakers")

    @property
    def themes(self) -> ItemTreePane:
        return self._pane("themes")

    @property
    def search(self) -> SearchPane:
        return self._pane("search")

    @property
    def records(self) -> RecordsPane:
        return self._pane("records")

    @property
    def overview(self) -> Any:
        """The Annotations pane (annotations_overview.AnnotationsOverview)."""
        return self._pane("annotations")

    def _pane(self, name: str) -> Any:
        """A deferred pane, built now if it is not yet."""
        pane = self._panes.get(name)
        if pane is None:
            pane = self._build_pane(name)
        return pane

    def _built(self, name: str) -> Any:
        """A deferred pane if it is built, else None (what start's own code asks)."""
        return self._panes.get(name)

    def _build_pane(self, name: str) -> QWidget:
        builder = getattr(self, f"_make_{name}")
        pane: QWidget = builder()
        self._panes[name] = pane
        dock = self.docks[name]
        dock.setWidget(pane)
        if dock.isVisible():  # QDockWidget shows a widget set while it is shown only when asked
            pane.show()
        self._slots.pop(name).deleteLater()
        if self._deferred_work():
            from briefing.ui import keyboard

            keyboard.free_tab_from_tables(pane)
        else:
            self._complete_start()
        # ... and it shows what it would have shown had it been built with the window.
        self._sync_pane(name, pane)
        return pane

    def _wire_item_pane(self, pane: ItemTreePane) -> None:
        pane.item_selected.connect(self.select_item)
        pane.item_activated.connect(self.go_to_item)

    def _make_states(self) -> ItemTreePane:
        pane = ItemTreePane(
            "States", states_model(self), empty_text="The record names no Member or observer State."
        )
        self._wire_item_pane(pane)
        return pane

    def _make_speakers(self) -> ItemTreePane:
        pane = ItemTreePane(
            "Speakers",
            speakers_model(self),
            empty_text="No speakers: this record is not the record of a meeting.",
        )
        self._wire_item_pane(pane)
        return pane

    def _make_themes(self) -> ItemTreePane:
        pane = ItemTreePane("Themes", themes_model(self))
        self._wire_item_pane(pane)
        return pane

    def _make_search(self) -> SearchPane:
        from briefing.ui.search_pane import SearchPane

        pane = SearchPane(self.library)
        pane.hit_activated.connect(self._open_hit)
        return pane

    def _make_records(self) -> RecordsPane:
        pane = RecordsPane()
        pane.record_activated.connect(self.open_record)
        return pane

    def _make_annotations(self) -> Any:
        from briefing.ui.annotations_overview import AnnotationsOverview

        overview = AnnotationsOverview(self.library)
        # Across records a row may be another record's: open it there.
        overview.position_activated.connect(self.go_to_record_place)
        overview.annotations_imported.connect(self.detail.refresh_annotation)
        overview.annotations_imported.connect(self.refresh_stances)
        # A restored (or imported) annotation goes to the colleagues too: my outbox is rewritten.
        overview.annotations_imported.connect(lambda: self.sharing.schedule())
        return overview

    def _sync_pane(self, name: str, pane: Any) -> None:
        """Fill a pane just built from the open record and the current selection."""
        if name == "records":
            summaries = self.library.records()
            pane.set_records(summaries, self.record.id if self.record else None)
            return
        record = self.record
        if record is None:
            return
        if name == "states":
            pane.model.set_groups(state_groups(record))
        elif name == "speakers":
            pane.model.set_record(record)
        elif name == "themes":
            pane.model.set_groups(theme_groups(record))
        elif name == "search":
            pane.set_record_id(record.id)
        elif name == "annotations":
            pane.set_record(record.id)
        here = self.history.current()
        sel = here.selection if here is not None else None
        prefix = ITEM_KEY_PREFIXES.get(name)
        if prefix and sel is not None and sel.kind == "item" and sel.key.startswith(prefix):
            pane.select_key(sel.key)

    def _refresh_overview(self) -> None:
        overview = self._built("annotations")
        if overview is not None:  # not built yet: it reads the annotations when it is
            overview.refresh()

    def pending_panes(self) -> list[str]:
        """The docks whose pane is not built yet (left for after the first frame)."""
        return list(self._slots)

    def start_complete(self) -> bool:
        """True once what was left for after the first frame is built: the panes behind a tab,
        and the annotation editor when the start showed no place."""
        return not self._deferred_work()

    def _deferred_work(self) -> bool:
        return bool(self._slots) or self.detail.editor_pending()

    def _complete_start(self) -> None:
        """Every view of the window is there: the cycle collector's start thresholds end, and
        Tab is freed from the item views, once for the whole window and not before the first
        frame (asking Qt for every item view makes PySide6 find the classes of those Qt made,
        headers and combo lists: 7 ms)."""
        if self._start_completed:
            return
        self._start_completed = True
        collector.end_start()
        from briefing.ui import keyboard

        keyboard.free_tab_from_tables(self)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        # The layout is placed by now: a pane whose dock shows (a restored layout that raised
        # its tab, or placed it on its own) is there in the first frame.
        for name in list(self._slots):
            if not self.docks[name].visibleRegion().isEmpty():
                self._build_pane(name)

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._watching_mouse and not self._watch_posted:
            # Once this frame is out: an application-wide filter is a call into Python for
            # every event, and during the first frame each is a paint or layout event of a
            # widget drawn after this one (PySide6 also made a class for every kind of event).
            self._watch_posted = True
            QTimer.singleShot(0, self._after_first_frame)
        if self._deferred_work() and not self._deferred_posted:
            # The first frame is being painted: what is not on screen is built once it is out,
            # one pane an event loop's turn, so a key or click in between is not kept waiting.
            self._deferred_posted = True
            QTimer.singleShot(0, self._build_deferred)
        elif not self._deferred_work():
            self._complete_start()

    def _after_first_frame(self) -> None:
        """The mouse's back and forward buttons go to eventFilter, wherever they are pressed,
        and the delegation's shared folder is watched (when sharing is on)."""
        self._watch_posted = False
        app = QApplication.instance()
        if app is None or not self.isVisible():
            return
        if not self._watching_mouse:
            app.installEventFilter(self)
            self._watching_mouse = True
        if self._sharing_waits:
            self._sharing_waits = False
            self.sharing.configure()

    def _build_deferred(self) -> None:
        if not self.isVisible():  # closed meanwhile (its library may be too): when shown again
            self._deferred_posted = False
            return
        if self.detail.editor_pending():  # first: a click on a place shows it
            self.detail.build_editor()
        elif self._slots:
            self._build_pane(next(iter(self._slots)))
        if self._deferred_work():
            QTimer.singleShot(0, self._build_deferred)
        else:
            self._complete_start()

    def _build_keyboard(self) -> None:
        """Edit › Copy Citation…, Help › Keyboard Shortcuts, the document's walk by keys."""
        from briefing.ui import keyboard

        self.document_keys = keyboard.DocumentKeys(self)
        self.act_copy_citation = self._action(
            "Copy &Citation",
            lambda: keyboard.copy_citation(self),
            ["Ctrl+Shift+C"],
            tip="The citation of the place in focus, with the record's symbol",
        )
        self.act_copy_text = self._action(
            "Copy &Text with Citation",
            lambda: keyboard.copy_citation(self, with_text=True),
            ["Ctrl+Alt+C"],
            tip="The text of the place in focus, followed by its citation",
        )
        edit_menu = QMenu("&Edit", self)
        edit_menu.addAction(self.act_copy_citation)
        edit_menu.addAction(self.act_copy_text)
        menus = self.menuBar().actions()
        self.menuBar().insertMenu(menus[1] if len(menus) > 1 else None, edit_menu)
        self.act_shortcuts = self._action(
            "&Keyboard Shortcuts",
            self.show_shortcuts,
            [QKeySequence.StandardKey.HelpContents, "F1"],
        )
        help_menu = self.menuBar().actions()[-1].menu()
        help_menu.insertAction(help_menu.actions()[0], self.act_shortcuts)
        keyboard.give_every_action_a_key(self)

    def show_shortcuts(self) -> None:
        from briefing.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def open_annotation_of_focus(self) -> None:
        """Enter in the document: the place in focus in the Detail pane, its note to type in."""
        eid = self.document.highlighted_place()
        if not eid:
            return
        self.select_place(eid)
        dock = self.docks["detail"]
        dock.show()
        dock.raise_()
        editor = self.detail.editor
        note = getattr(editor, "note", None) if editor is not None else None
        if isinstance(note, QWidget):
            note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _fit_layout_to_screen(self) -> None:
        """The document keeps ~45 characters; on a small screen the side panes share a column."""
        from briefing.ui.layout import ResponsiveLayout

        self.responsive = ResponsiveLayout(self, self.docks, self.document)
        self.responsive.start()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title.replace("&", ""), self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        dock.setAccessibleName(title.replace("&", ""))
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _icon(self, theme: str, fallback: QStyle.StandardPixmap) -> QIcon:
        return QIcon.fromTheme(theme, self.style().standardIcon(fallback))

    def _action(
        self,
        text: str,
        slot: Any,
        shortcuts: list[QKeySequence | str] | None = None,
        icon: QIcon | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        keys: list[QKeySequence] = []
        for key in shortcuts or []:
            seq = key if isinstance(key, QKeySequence) else QKeySequence(key)
            if not seq.isEmpty() and seq not in keys:
                keys.append(seq)
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        back_keys = [
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Back),
            QKeySequence("Alt+Left"),
        ]
        fwd_keys = [
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Forward),
            QKeySequence("Alt+Right"),
        ]
        self.act_back = self._action(
            "&Back",
            self.go_back,
            back_keys,
            self._icon("go-previous", sp.SP_ArrowBack),
            "Back to where you were (Alt+Left)",
        )
        self.act_forward = self._action(
            "&Forward",
            self.go_forward,
            fwd_keys,
            self._icon("go-next", sp.SP_ArrowForward),
            "Forward again (Alt+Right)",
        )
        self.act_search = self._action(
            "&Search…",
            self.focus_search,
            [QKeySequence.StandardKey.Find, "Ctrl+F"],
            self._icon("edit-find", sp.SP_FileDialogContentsView),
            "Search the text (Ctrl+F)",
        )
        self.act_import = self._action(
            "&Import document…",
            self.import_document,
            ["Ctrl+O"],
            self._icon("document-open", sp.SP_DialogOpenButton),
            "Import UN documents: their official PDFs or text files",
        )
        self.act_details = self._action(
            "Record &details…",
            self.edit_details,
            ["Ctrl+Shift+D"],
            self._icon("document-properties", sp.SP_FileDialogInfoView),
            "Correct the record's symbol, title, date…",
        )
        self.act_preferences = self._action(
            "&Preferences…",
            self.edit_preferences,
            [QKeySequence.StandardKey.Preferences, "Ctrl+,"],
            tip="Your name, which signs your annotations, and your delegation",
        )
        self.act_quit = self._action("&Quit", self.close, [QKeySequence.StandardKey.Quit, "Ctrl+Q"])
        self.act_about = self._action(f"&About {APP_NAME}", self.show_about)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_details)
        self._add_export_actions(file_menu)
        file_menu.addSeparator()
        self.act_delete = self._action(
            "De&lete Record…",
            self.delete_record,
            ["Ctrl+Shift+Del"],
            tip="Remove this record from the library (a backup is taken first)",
        )
        file_menu.addAction(self.act_delete)
        self.act_backup = self._action("&Back Up Now", self.back_up_now)
        self.act_restore = self._action("&Restore From Backup…", self.restore_from_backup)
        file_menu.addAction(self.act_backup)
        file_menu.addAction(self.act_restore)
        file_menu.addSeparator()
        file_menu.addAction(self.act_preferences)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        go_menu = self.menuBar().addMenu("&Go")
        go_menu.addAction(self.act_back)
        go_menu.addAction(self.act_forward)
        go_menu.addSeparator()
        go_menu.addAction(self.act_search)

        view_menu = self.menuBar().addMenu("&View")
        self.focus_actions: dict[str, QAction] = {}
        order = [
            ("processes", "&Processes", lambda: self.processes.view),
            ("themes", "&Themes", lambda: self.themes.view),
            ("conclusions", "&Conclusions", lambda: self.conclusions.view),
            ("document", "D&ocument", lambda: self.document),
            ("detail", "&Detail", lambda: self.detail.citation_view),
            ("records", "&Records", lambda: self.records.view),
            ("search", "&Search", lambda: self.search.field),
        ]
        order.append(("annotations", "&Annotations", lambda: self.overview))
        for n, (name, label, widget) in enumerate(order, start=1):
            act = self._action(
                f"Go to {label}",
                lambda name=name, widget=widget: self.focus_pane(name, widget()),
                [f"Ctrl+{n}"],
            )
            view_menu.addAction(act)
            self.focus_actions[name] = act
        view_menu.addSeparator()
        self.act_side_panes = self._action(
            "Hide or Show Side &Panes",
            lambda: self.responsive.toggle_side_panes(),
            ["F9"],
            tip="The document alone, or with its panes again (F9)",
        )
        view_menu.addAction(self.act_side_panes)
        panes_menu = view_menu.addMenu("Show &panes")
        for dock in self.docks.values():
            panes_menu.addAction(dock.toggleViewAction())

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.act_about)

        toolbar = QToolBar("Navigation")
        toolbar.setObjectName("toolbar-navigation")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setAccessibleName("Navigation")
        toolbar.addAction(self.act_back)
        toolbar.addAction(self.act_forward)
        toolbar.addSeparator()
        toolbar.addAction(self.act_search)
        toolbar.addAction(self.act_import)
        toolbar.addAction(self.act_details)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self._update_history_actions()

    def _add_export_actions(self, menu: Any) -> None:
        """File › Export briefing…, the annotation files, and the official PDF's page."""
        menu.addSeparator()
        # The PDF machinery loads when first used (export_briefing), not at every start.
        self.act_export_pdf = self._action(
            "&Export briefing…",
            self.export_briefing,
            ["Ctrl+Shift+E"],
            self._icon("document-export", QStyle.StandardPixmap.SP_DialogSaveButton),
            "Write a PDF briefing note",
        )
        menu.addAction(self.act_export_pdf)
        menu.addSeparator()
        self.act_export_annotations = self._action(
            "Export &annotations…",
            lambda: self.overview.export_file(),
            [],
            tip="Write this record's annotations to a Web Annotation (JSON-LD) file",
        )
        self.act_import_annotations = self._action(
            "Import a&nnotations…",
            lambda: self.overview.import_file(),
            [],
            tip="Merge a colleague's annotation file into the library",
        )
        menu.addAction(self.act_export_annotations)
        menu.addAction(self.act_import_annotations)
        menu.addSeparator()
        self.act_official_pdf = self._action(
            "Open the Official &PDF at This Page…",
            self.show_official_pdf,
            ["Ctrl+Shift+P"],
            tip="The page of the official PDF the selected paragraph stands on",
        )
        menu.addAction(self.act_official_pdf)

    def official_pdf_page(self) -> tuple[bytes, int, str] | None:
        """(the kept PDF, the page of the place in focus, the file's name), or None when the
        record was not imported from a PDF."""
        if self.record is None or self.record.id is None:
            return None
        source = self.library.source(self.record.id)
        if source is None or source.media_type != "application/pdf":
            return None
        eid = self.document.highlighted_place()
        place = self.record.find(eid) if eid else None
        page = place.page if place is not None and place.page else 1
        return source.data, page, source.name

    def show_official_pdf(self) -> None:
        """File › Open the Official PDF at This Page: the kept source, rendered offline."""
        found = self.official_pdf_page()
        if found is None:
            self.statusBar().showMessage(
                "This record was not imported from its official PDF: there is no page to show.",
                8000,
            )
            return
        from briefing.ui.pdf_page import PdfPageDialog

        data, page, name = found
        assert self.record is not None
        try:
            dialog = PdfPageDialog(data, page, self.record.display_title, name, self)
        except Exception as exc:  # a PDF that PDFium cannot render: say so, keep the window
            messages.warn(self, "Cannot show the PDF", f"{name}: {exc}")
            return
        dialog.exec()

    def _set_tab_order(self) -> None:
        chain = [
            self.processes.filter,
            self.processes.view,
            self.conclusions.filter,
            self.conclusions.view,
            self.document,
            self.detail.citation_view,
        ]
        for a, b in zip(chain, chain[1:], strict=False):
            self.setTabOrder(a, b)

    # -- restoring and saving

    def _restore(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = s.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        summaries = self.library.records()
        ids = [r.id for r in summaries]
        wanted = s.value("session/record_id")
        try:
            record_id = int(wanted) if wanted is not None else None
        except (TypeError, ValueError):
            record_id = None
        if record_id not in ids:
            record_id = self.library.latest_record_id()
        if record_id is None:
            return
        selection = Selection.decode(s.value("session/selection"))
        place = s.value("session/place") or None
        self._apply(Location(record_id, selection, place), push=True)

    def save_state(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        loc = self.history.current()
        if loc is not None:
            s.setValue("session/record_id", loc.record_id)
            s.setValue("session/selection", loc.selection.encode() if loc.selection else "")
            s.setValue("session/place", loc.place or "")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        running = getattr(self, "_import_run", None)
        if running is not None:  # what is stored stays; the file being read is dropped
            running.cancel()
            running.wait()
        self.detail.flush_editor()
        self.sharing.stop()
        self.sharing.wait()
        self.save_state()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._watching_mouse = False
        super().closeEvent(event)

    # -- navigation

    def current_location(self) -> Location | None:
        return self.history.current()

    def _apply(self, loc: Location, push: bool) -> None:
        """Show a location: open its record if needed, select, jump. Never re-enters history."""
        if self._applying:
            return
        self._applying = True
        try:
            if push and self.record is not None:
                self.history.remember_scroll(self.document.verticalScrollBar().value())
            if self.record is None or self.record.id != loc.record_id:
                try:
                    self._load_record(loc.record_id)
                except BriefingError as exc:  # gone meanwhile (deleted from the CLI, say)
                    messages.warn(self, "Cannot open this record", str(exc))
                    self.refresh_records()
                    return
            record = self.record
            if record is None:
                return
            sel = loc.selection
            shown = False
            if sel is not None and sel.kind == "item":
                item = self._find_item(sel.key)
                if item is not None:
                    self.detail.show_item(item)
                    self._select_in_panes(sel.key)
                    shown = True
            elif sel is not None and sel.kind == "place":
                shown = self.detail.show_place(sel.key)
                self._select_in_panes(f"conclusion:{sel.key}")
            if not shown:
                self.detail.clear()
                self._select_in_panes(None)
                sel = None
            place = loc.place if loc.place and self.document.show_place(loc.place) else None
            if place is None:
                self.document.clear_highlight()
            if not push and loc.scroll is not None:
                self.document.verticalScrollBar().setValue(loc.scroll)
            self.detail.mark_place(place)
            final = Location(record.id or loc.record_id, sel, place)
            if push:
                self.history.push(final)
        finally:
            self._applying = False
            self._update_history_actions()

    def _load_record(self, record_id: int) -> None:
        self.detail.flush_editor()
        record = self.library.record(record_id)
        self.record = record
        stances = self._stances()
        self.document.set_record(record, stances)
        self.processes.model.set_groups(process_groups(record))
        self.conclusions.model.set_groups(conclusion_groups(record))
        self.conclusions.model.set_stances(stances)
        self.detail.set_record(record)
        # The panes not built yet fill themselves from the record when they are (_sync_pane).
        if (states := self._built("states")) is not None:
            states.model.set_groups(state_groups(record))
        if (speakers := self._built("speakers")) is not None:
            speakers.model.set_record(record)
        if (themes := self._built("themes")) is not None:
            themes.model.set_groups(theme_groups(record))
        if (search := self._built("search")) is not None:
            search.set_record_id(record.id)
        if (records := self._built("records")) is not None:
            records.mark_current(record.id)
        if (overview := self._built("annotations")) is not None:
            overview.set_record(record.id)
        self.status_record.setText(record.display_title)
        self.status_record.setToolTip(messages.plain_tooltip(record.title))
        self.status_date.setText(record.date.strftime("%-d %B %Y") if record.date else "")
        self.setWindowTitle(f"{record.display_title} — {APP_NAME}")
        self.record_changed.emit(record.id or record_id)

    def _stances(self) -> dict[str, Any]:
        """The delegate's stance at each annotated place of the open record."""
        if self.record is None or self.record.id is None:
            return {}
        from briefing.storage.annotations import stances_by_eid

        return stances_by_eid(self.library, self.record.id)

    def refresh_stances(self) -> None:
        stances = self._stances()
        self.document.set_stances(stances)
        self.conclusions.model.set_stances(stances)

    def _find_item(self, key: str) -> Any:
        record = self.record
        if record is None:
            return None
        for item in [
            *record.processes,
            *record.organizations,
            *record.states,
            *record.speakers,
            *record.themes,
            *record.conclusions,
            *record.key_points,
        ]:
            if item_key(item) == key:
                return item
        return None

    def _select_in_panes(self, key: str | None) -> None:
        for name, prefix in ITEM_KEY_PREFIXES.items():
            built = name in ("processes", "conclusions")  # built with the window
            pane = getattr(self, name) if built else self._built(name)
            if pane is None:  # not built yet: it selects the key when it is (_sync_pane)
                continue
            if key and key.startswith(prefix):
                pane.select_key(key)
            else:
                pane.select_key(None)

    def _here(self) -> Location | None:
        if self.record is None or self.record.id is None:
            return None
        return self.history.current() or Location(self.record.id, None, None)

    def open_record(self, record_id: int) -> None:
        """Open a record of the library (from the Records pane, a search hit or an import)."""
        if self.record is not None and self.record.id == record_id:
            return
        self._apply(Location(record_id, None, None), push=True)

    def select_item(self, item: Any) -> None:
        """Show an item of a pane in the Detail pane; an outcome or a speaker also jumps to its
        place (the outcome's paragraph, the speaker's first statement)."""
        here = self._here()
        if here is None or self._applying:
            return
        key = item_key(item)
        jumps = isinstance(item, Conclusion | Speaker)
        place = (item_eid(item) or here.place) if jumps else here.place
        self._apply(Location(here.record_id, Selection("item", key), place), push=True)

    def find_in_all_records(self, names: list[str]) -> None:
        """Search the whole library for a body's or State's names: its mentions in every record
        (a delegate follows the Bali Process or Colombia across documents)."""
        from briefing.storage.search import any_phrase_query

        query = any_phrase_query(names)
        if not query:
            return
        self.search.search_everywhere(query)
        dock = self.docks["search"]
        dock.show()
        dock.raise_()

    def go_to_item(self, item: Any) -> None:
        """Select an item and jump to its first place (Enter or double-click in a pane)."""
        here = self._here()
        if here is None:
            return
        place = item_eid(item) or here.place
        self._apply(Location(here.record_id, Selection("item", item_key(item)), place), push=True)

    def select_place(self, eid: str) -> None:
        """Show a place (a paragraph, point or footnote) in the Detail pane and highlight it."""
        here = self._here()
        if here is None:
            return
        self._apply(Location(here.record_id, Selection("place", eid), eid), push=True)

    def go_to_place(self, eid: str) -> None:
        """Jump the Document pane to a place, keeping the Detail pane as it is (a citation)."""
        here = self._here()
        if here is None:
            return
        self._apply(Location(here.record_id, here.selection, eid), push=True)

    def go_to_record_place(self, record_id: int, eid: str) -> None:
        """Open a record at a place (a row of the annotations overview across records)."""
        here = self._here()
        if here is not None and here.record_id == record_id:
            self.go_to_place(eid)
        else:
            self._apply(Location(record_id, None, eid), push=True)

    def show_place(self, eid: str) -> bool:
        """Jump the Document pane to an eid and highlight it (the public interface)."""
        self.go_to_place(eid)
        return self.document.highlighted_place() == eid

    def go_back(self) -> None:
        self.history.remember_scroll(self.document.verticalScrollBar().value())
        loc = self.history.back()
        if loc is not None:
            self._apply(loc, push=False)

    def go_forward(self) -> None:
        self.history.remember_scroll(self.document.verticalScrollBar().value())
        loc = self.history.forward()
        if loc is not None:
            self._apply(loc, push=False)

    def _update_history_actions(self) -> None:
        if hasattr(self, "act_back"):
            self.act_back.setEnabled(self.history.can_back())
            self.act_forward.setEnabled(self.history.can_forward())

    def _open_hit(self, hit: Any) -> None:
        self._apply(Location(hit.record_id, Selection("place", hit.eid), hit.eid), push=True)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # The mouse's back and forward buttons, wherever in this window they are pressed.
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            widget = obj if isinstance(obj, QWidget) else None
            if widget is not None and widget.window() is self:
                if event.button() == Qt.MouseButton.BackButton:
                    self.go_back()
                    return True
                if event.button() == Qt.MouseButton.ForwardButton:
                    self.go_forward()
                    return True
        return super().eventFilter(obj, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """PDF or text files dropped on the window are imported, as with File › Import…."""
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()
            self.import_files([Path(url.toLocalFile()) for url in urls])

    # -- panes and focus

    def focus_pane(self, name: str, widget: QWidget) -> None:
        dock = self.docks.get(name)
        if dock is not None:
            dock.show()
            dock.raise_()
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        dock = self.docks["search"]
        dock.show()
        dock.raise_()
        self.search.focus_query()

    # -- library actions

    def refresh_records(self) -> None:
        records = self._built("records")
        if records is not None:  # not built yet: it reads the library when it is
            records.set_records(self.library.records(), self.record.id if self.record else None)

    def import_document(self, path: Path | None = None) -> Any:
        """File › Import document…: one file or several, read in the background (ImportRun)."""
        paths = [Path(path)] if path is not None else self.ask_import_paths(self)
        if not paths:
            return None
        return self.import_files(paths)

    def import_files(self, paths: list[Path]) -> Any:
        """Import files off the GUI thread, with progress and Cancel; then `import_finished`."""
        from briefing.ui.import_worker import ImportRun

        running = getattr(self, "_import_run", None)
        if running is not None:
            self.statusBar().showMessage("An import is already running.", 5000)
            return None
        run = ImportRun(self.library, list(paths), self)
        run.finished.connect(self._import_finished)
        self._import_run = run
        return run.start()

    def _import_finished(self, outcome: Any) -> None:
        self._import_run = None
        self.refresh_records()
        if outcome.opened is not None:
            self.open_record(outcome.opened)
        if outcome.failed:
            title = (
                "Cannot import this file"
                if len(outcome.failed) == 1
                else "Cannot import some files"
            )
            messages.warn(self, title, "\n".join(outcome.failed))
        self.statusBar().showMessage(outcome.summary(), 10000)
        self.import_finished.emit(outcome)

    @staticmethod
    def ask_backup(parent: QWidget, backups: list[Any]) -> Any:
        """The backup to restore, newest first, or None; tests replace this."""
        from PySide6.QtWidgets import QInputDialog

        newest_first = list(reversed(backups))
        labels = [b.label for b in newest_first]
        label, ok = QInputDialog.getItem(
            parent,
            "Restore From Backup",
            "Replace the library with this backup (the current one is backed up first):",
            labels,
            0,
            False,
        )
        return newest_first[labels.index(label)] if ok and label in labels else None

    def back_up_now(self) -> Path | None:
        """File › Back Up Now: a consistent copy beside the database, kept in rotation."""
        from briefing.storage.backup import backup_database

        try:
            path = backup_database(self.library.path, reason="manual")
        except BriefingError as exc:
            messages.warn(self, "Cannot back up", str(exc))
            return None
        self.statusBar().showMessage(f"Backed up to {path}", 8000)
        return path

    def restore_from_backup(self) -> bool:
        """File › Restore From Backup…: pick a backup, restore it, show what it holds."""
        from briefing.storage.backup import list_backups, restore_backup

        backups = list_backups(self.library.path)
        if not backups:
            messages.inform(self, "Restore From Backup", "There is no backup yet.")
            return False
        self.detail.flush_editor()  # what was just typed goes into the pre-restore backup
        chosen = self.ask_backup(self, backups)
        if chosen is None:
            return False
        try:
            restore_backup(chosen.path, self.library.path)
        except BriefingError as exc:
            messages.warn(self, "Cannot restore this backup", str(exc))
            return False
        self.refresh_records()
        latest = self.library.latest_record_id()
        if latest is not None:
            self._load_record(latest)
        self.statusBar().showMessage(f"Restored {chosen.path.name}", 8000)
        return True

    def delete_record(self) -> Any:
        from briefing.ui.library_actions import delete_current_record

        return delete_current_record(self)

    def forget_record(self, record_id: int) -> None:
        """After a record is deleted: history without it, the newest record open."""
        kept = [loc for loc in self.history._items if loc.record_id != record_id]
        self.history = History()
        for loc in kept:
            self.history.push(loc)
        self.record = None
        self.refresh_records()
        latest = self.library.latest_record_id()
        if latest is not None:
            self._apply(Location(latest, None, None), push=True)
        else:
            self.document.set_record(None)
            self.detail.clear()
        self._update_history_actions()

    def edit_details(self) -> None:
        if self.record is None or self.record.id is None:
            return
        record_id = self.record.id
        status = self.library.derive_status(record_id)
        # Loaded when first opened, not at every start.
        from briefing.ui.details_dialog import RecordDetailsDialog, provenance_text

        provenance = provenance_text(self.record.source_name, status.has_source, status.note)
        changes = RecordDetailsDialog.ask(self, self.record, provenance)
        if not changes:
            return
        try:
            self.library.update_details(record_id, **changes)
        except (BriefingError, ValueError) as exc:
            messages.warn(self, "Cannot save the details", str(exc))
            return
        here = self.history.current()
        self.record = None  # reload from the store
        self._apply(here or Location(record_id, None, None), push=False)
        self.refresh_records()

    def export_briefing(self) -> None:
        from briefing.ui.export_dialog import ExportDialog

        current = self.record.id if self.record else None
        ids = [current] if current is not None else []
        path = ExportDialog.ask(self, self.library, ids, current)
        if path is not None:
            self.statusBar().showMessage(f"Wrote {path}", 8000)

    def edit_preferences(self) -> None:
        """File › Preferences…: the delegate's name and delegation (briefing.preferences)."""
        from briefing import preferences
        from briefing.ui.first_run import PreferencesDialog, save_and_tell

        chosen = PreferencesDialog.ask(self, preferences.load())
        if chosen is not None:
            save_and_tell(self, chosen)
            self.detail.refresh_annotation()
            self.sharing.configure(chosen)

    def _shared(self, result: Any) -> None:
        """After a pass over the shared folder: what came in shows at once."""
        if result.changed:
            self._refresh_overview()
            self.refresh_stances()
            self.detail.refresh_annotation()
        merged = [a.line() for a in result.authors if not a.unchanged_file]
        if merged:
            self.statusBar().showMessage("Shared folder: " + "; ".join(merged), 10000)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # at first use, not at start (issue 18)

        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"{APP_NAME} {__version__}")
        box.setInformativeText(
            "Meeting records, annotations and briefing notes for delegates, offline.\n\n"
            f"Database: {getattr(self.library, 'path', '')}"
        )
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.exec()

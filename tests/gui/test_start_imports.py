"""Start fast (issue 18): nothing is imported before the first frame that the window does not
need, and the panes left for after it (those behind another tab: States, Speakers, Records,
Themes, Search, Annotations) come just after, as if they had been built with the window.

One fresh interpreter goes the app's own way to the window (app.open_library with its start
backup, the refresh check, build_window, show, one pass of events: the first frame), and says
which modules were loaded then and once the deferred panes were built.
"""

from __future__ import annotations

import pytest
from fresh_interpreter import run_child

_CHILD = r"""
import gc, json, sys
default_thresholds = gc.get_threshold()
from pathlib import Path
from briefing import app as briefing_app
from briefing.ui.refresh_dialog import refresh_with_progress
app = briefing_app.create_application([])
library = briefing_app.open_library(Path(sys.argv[1]))
refresh_with_progress(library)
window = briefing_app.build_window(library)
window.show()
app.processEvents()
first = sorted(sys.modules)
thresholds_at_first_frame = gc.get_threshold()
complete_at_first_frame = window.start_complete()
pending = window.pending_panes()
rows = window.processes.model.rowCount()
while not window.start_complete():
    app.processEvents()
after = sorted(sys.modules)
thresholds_after = gc.get_threshold()
overview_record = window.overview._record_id
watching = window.sharing.watching
print(json.dumps({"first": first, "after": after, "rows": rows,
                  "complete_at_first_frame": complete_at_first_frame, "pending": pending,
                  "overview_record": overview_record, "record": window.record.id,
                  "watching": watching,
                  "default_thresholds": default_thresholds,
                  "thresholds_at_first_frame": thresholds_at_first_frame,
                  "thresholds_after": thresholds_after}))
window.close()
library.close()
"""

# What the first frame does not need: the parser (a record is read from the store, not parsed),
# the sharing pass and its importer, the PDF machinery, dialogs' modules, the worker pool, and
# importlib.metadata (sqlite-utils scanned every installed package's entry points for plugins).
NOT_BEFORE_THE_FIRST_FRAME = [
    "briefing.importer.layout",
    "briefing.importer.structure",
    "briefing.importer.blocks",
    "briefing.importer.pdf",
    "briefing.importer.decode",
    "briefing.importer.analysis",
    "briefing.sharing",
    "briefing.export.pdf",
    "reportlab",
    "pypdfium2",
    "briefing.ui.details_dialog",
    "briefing.ui.export_dialog",
    "briefing.ui.shortcuts_dialog",
    "multiprocessing",
    "importlib.metadata",
    # The store's sqlite-utils handle is made at the first write or migration; a start only
    # reads the record (sqlite-utils brings click, pluggy and dateutil).
    "sqlite_utils",
    "click",
    "pluggy",
    "dateutil",
    # 4 ms of the standard library a start has no use for: tooltips escape their three
    # characters themselves.
    "html",
    # hashlib brings OpenSSL (7 ms): digests are made when something is imported or saved, and
    # the start backup compares its copy without one. uuid imports platform and runs uname
    # (6 ms): the draft annotation's id is made without it.
    "hashlib",
    "uuid",
    "platform",
    # Built just after the first frame (the annotation editor because this start shows no
    # place: one restored shows it in the first frame, test_main_window):
    "briefing.ui.annotations_overview",
    "briefing.ui.search_pane",
    "briefing.ui.annotation_editor",
    # The shared folder is watched from just after it (the start's library has sharing on):
    # watchdog and the ctypes it loads are 30 ms.
    "watchdog",
    "ctypes",
]

# The docks behind another tab in the window's first layout.
BEHIND_A_TAB = {"states", "speakers", "records", "themes", "search", "annotations"}


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from gui_sample import sample_record

    from briefing import preferences
    from briefing.importer import IMPORTER_VERSION
    from briefing.storage import Library

    home = tmp_path_factory.mktemp("start-home")
    db = home / "library.sqlite3"
    # A delegate who shares with the delegation: the folder is watched once the window is up.
    (home / "shared").mkdir()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BRIEFING_HOME", str(home))
        prefs = preferences.Preferences(name="Me")
        preferences.save(prefs.with_changes(shared_folder=str(home / "shared"), sharing=True))
    library = Library.open(db)
    # A library as a delegate has it: one record, derived by this importer (nothing stale).
    library.import_record(sample_record(), importer_version=IMPORTER_VERSION)
    library.close()
    return run_child(_CHILD, str(db), home=home)


def _loaded(modules: list[str], names: list[str]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


def test_the_first_frame_loads_nothing_it_does_not_need(start):
    assert start["rows"] > 0  # the window was populated from the record
    assert _loaded(start["first"], NOT_BEFORE_THE_FIRST_FRAME) == []
    # The importer's package is there (its version says whether a record is stale), not its parser.
    assert "briefing.importer" in start["first"]


def test_the_annotations_pane_is_built_just_after_the_first_frame(start):
    assert start["complete_at_first_frame"] is False
    assert set(start["pending"]) == BEHIND_A_TAB
    assert "briefing.ui.annotations_overview" in start["after"]
    assert "briefing.ui.annotation_editor" in start["after"]
    # ... and shows the open record's annotations, as if it had been built with the window.
    assert start["overview_record"] == start["record"]
    # The shared folder is watched by then.
    assert start["watching"] == "watchdog"
    assert "watchdog" in start["after"]


def test_the_cycle_collector_waits_for_the_start_and_then_runs_as_before(start):
    from briefing.collector import START_ALLOCATIONS

    default = start["default_thresholds"]
    assert default[0] < START_ALLOCATIONS
    # From `import briefing` to the first frame: the youngest generation collected rarely ...
    assert start["thresholds_at_first_frame"] == [START_ALLOCATIONS, *default[1:]]
    # ... and once the panes left for after it are built, the thresholds are the defaults again.
    assert start["thresholds_after"] == default


def test_the_check_sees_a_module_loaded_too_early():
    # The check must be able to fail: a listed module, or one of its submodules, is caught.
    assert _loaded(["briefing.app", "reportlab.lib.colors"], NOT_BEFORE_THE_FIRST_FRAME) == [
        "reportlab"
    ]


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_count_and_stance_columns_fit_their_text(window):
    # Widths come from the font, not from Qt asking every row (ResizeToContents): each column
    # holds its widest text and its heading, and follows a stance set later.
    from briefing.domain import Stance

    pane = window.conclusions
    header = pane.view.header()
    items = pane.view.fontMetrics()
    eid = pane.model.groups()[0].items[0].eid
    before = header.sectionSize(1)
    pane.model.set_stances({eid: Stance.SUPPORT_WITH_AMENDMENTS})
    label = Stance.SUPPORT_WITH_AMENDMENTS.label
    assert header.sectionSize(1) >= items.horizontalAdvance(label) > before
    counts = window.processes
    heading = counts.view.header().fontMetrics().horizontalAdvance("Mentions")
    assert heading <= counts.view.header().sectionSize(1) < heading + 40


def _fresh_window(library):
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    return MainWindow(library, open_settings())


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_pane_built_late_shows_the_open_record_and_selection(qtbot, library):
    # Before the first frame nothing behind a tab is built; a theme selected meanwhile (the
    # Themes pane not there yet) is selected in it once it is, on the record then open.
    from briefing.ui.main_window import DEFERRED_PANES
    from briefing.ui.models import item_key

    window = _fresh_window(library)
    qtbot.addWidget(window)
    assert set(window.pending_panes()) == set(DEFERRED_PANES) == BEHIND_A_TAB
    theme = window.record.themes[-1]
    window.select_item(theme)
    assert "themes" in window.pending_panes()
    pane = window.themes  # asked for: built now
    assert "themes" not in window.pending_panes()
    assert window.docks["themes"].widget() is pane
    assert pane.model.rowCount() == len(window.record.themes)
    assert pane.current_key() == item_key(theme)
    # The others follow after the first frame, filled from the record, and work.
    window.show()
    qtbot.waitUntil(window.start_complete)
    assert window.records.model.rowCount() == len(library.records()) > 0
    assert window.records.view.currentIndex().isValid()  # the open record is marked
    window.search.field.setText("Bali")
    qtbot.waitUntil(lambda: window.search.results.rowCount() > 0)
    first = window.search.results.index(0, 0)
    window.search.view.activated.emit(first)  # Enter on a hit: the place opens
    assert window.current_location().selection.kind == "place"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_pane_on_screen_at_start_is_in_the_first_frame(qtbot, library):
    # A restored layout that raised the Search tab shows the Search pane, not an empty slot.
    first = _fresh_window(library)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.docks["search"].raise_()
    qtbot.waitUntil(lambda: not first.docks["search"].visibleRegion().isEmpty())
    first.close()  # saves the layout

    again = _fresh_window(library)
    qtbot.addWidget(again)
    again.show()  # no event processed yet: the first frame is not out
    pending = again.pending_panes()
    assert "search" not in pending
    assert {"states", "themes", "annotations"} <= set(pending)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_mouse_back_button_is_watched_from_the_first_frame(qtbot, library):
    # The application-wide filter for the mouse's back and forward buttons is installed just
    # after the first frame (each event of the window's build, layout and first paint would
    # call into Python), and from then on a Back press anywhere in the window goes back.
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    def back_press() -> bool:
        event = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            QPointF(5, 5),
            QPointF(5, 5),
            Qt.MouseButton.BackButton,
            Qt.MouseButton.BackButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(window.document.viewport(), event)
        return event.isAccepted()

    window = _fresh_window(library)
    qtbot.addWidget(window)
    window.select_place(window.record.paragraphs()[0][1].eid)
    assert window.act_back.isEnabled()
    before = window.current_location()
    back_press()  # not shown yet: nothing watches the buttons
    assert window.current_location() == before
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.start_complete)
    back_press()
    assert window.current_location() != before
    assert not window.act_back.isEnabled()

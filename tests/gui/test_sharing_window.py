"""The delegation in the app: whose annotation is whose, the author filter, the conflict flag,
the delegation view, and the shared folder watched (watchdog, and the polling fallback)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from briefing import preferences, sharing, startup
from briefing.domain import Stance
from briefing.storage import annotations as store
from briefing.ui.annotations_overview import COLUMNS, CONFLICT_MARK, AnnotationsOverview
from briefing.ui.sharing_service import SharingService

# The offscreen platform cannot raise a window or pass size hints; real platforms do.
pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
]


@pytest.fixture
def lima(tmp_path: Path):
    library = startup.open_library(tmp_path / "lib" / "b.sqlite3")
    yield library
    library.close()


def _eids(library, n: int) -> list[str]:
    record = library.record(library.latest_record_id())
    return [eid for eid, _text in store.anchor_places(record)][2 : 2 + n]


def test_author_filter_and_the_conflict_flag(qtbot, lima):
    rid = lima.latest_record_id()
    disputed, calm = _eids(lima, 2)
    store.update_annotation_at(lima, rid, disputed, {"stance": Stance.SUPPORT}, author="Ana")
    store.update_annotation_at(lima, rid, disputed, {"stance": Stance.OPPOSE}, author="Ben")
    store.update_annotation_at(lima, rid, calm, {"stance": Stance.SUPPORT}, author="Ana")
    store.update_annotation_at(lima, rid, calm, {"stance": Stance.SUPPORT}, author="Cleo")
    overview = AnnotationsOverview(lima)
    qtbot.addWidget(overview)
    overview.set_record(rid)
    assert overview.proxy.rowCount() == 4

    authors = [overview.author_filter.itemText(i) for i in range(overview.author_filter.count())]
    assert authors == ["All authors", "Ana", "Ben", "Cleo"]
    overview.author_filter.setCurrentIndex(authors.index("Ben"))
    assert [a.author for a in overview.visible_annotations()] == ["Ben"]
    overview.author_filter.setCurrentIndex(0)

    column = COLUMNS.index("Delegation")
    cells = {
        (
            overview.proxy.index(r, COLUMNS.index("Author")).data(),
            overview.visible_annotations()[r].target_eid,
        ): overview.proxy.index(r, column).data()
        for r in range(overview.proxy.rowCount())
    }
    assert cells[("Ben", disputed)] == CONFLICT_MARK + "Ana: Support · Ben: Oppose"
    assert cells[("Ana", calm)] == "Ana: Support · Cleo: Support"  # agreeing is no conflict
    assert "stances differ at 1 place(s)" in overview.counts.text()

    overview.conflict_filter.setChecked(True)
    assert {a.target_eid for a in overview.visible_annotations()} == {disputed}

    view = overview.show_delegation()
    qtbot.addWidget(view)
    assert view.model.rowCount() == 2
    heads = [view.model.item(r, 0).text() for r in range(2)]
    assert sum(h.startswith(CONFLICT_MARK) for h in heads) == 1
    view.conflicts_only.setChecked(True)
    (row,) = range(view.model.rowCount())
    head = view.model.item(row, 0)
    held = {head.child(i, 0).text(): head.child(i, 1).text() for i in range(head.rowCount())}
    assert held == {"Ana": "Support", "Ben": "Oppose"}


def _colleague_outbox(tmp_path: Path, folder: Path, name: str, note: str) -> None:
    colleague = startup.open_library(tmp_path / name / "b.sqlite3")
    try:
        rid = colleague.latest_record_id()
        eid = _eids(colleague, 1)[0]
        store.update_annotation_at(colleague, rid, eid, {"note": note}, author=name)
        sharing.sync(colleague, folder, name, install_id=uuid.uuid4().hex)
    finally:
        colleague.close()


@pytest.mark.parametrize("watch", ["watchdog", "polling"])
def test_a_colleagues_file_arriving_is_merged_without_asking(
    qtbot, lima, tmp_path, watch, monkeypatch
):
    folder = tmp_path / "shared"
    folder.mkdir()
    service = SharingService(lima.path, debounce_ms=50, poll_ms=100)
    if watch == "polling":

        def no_observer(_folder):
            raise OSError("inotify watch limit reached")

        monkeypatch.setattr(service, "_watchdog_observer", no_observer)
    prefs = preferences.Preferences(name="Me").with_changes(shared_folder=str(folder), sharing=True)
    with qtbot.waitSignal(service.synced, timeout=10_000):
        service.configure(prefs)
    assert service.watching == watch
    with qtbot.waitSignal(service.synced, timeout=10_000) as blocker:
        _colleague_outbox(tmp_path, folder, "Ben", "Ben's position")
    service.wait()
    assert any(line.startswith("Ben: 1 new") for line in blocker.args[0].lines())
    assert [a.note for a in store.all_annotations(lima)] == ["Ben's position"]
    service.stop()
    assert service.watching == ""


def test_the_window_shares_my_save_and_takes_in_a_colleagues_file(qtbot, lima, tmp_path):
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    folder = tmp_path / "shared"
    folder.mkdir()
    preferences.save(
        preferences.Preferences(name="Me").with_changes(shared_folder=str(folder), sharing=True)
    )
    window = MainWindow(lima, open_settings())
    qtbot.addWidget(window)
    # The folder is watched from just after the window's first frame, not while it is built.
    assert window.sharing.watching == ""
    window.show()
    qtbot.waitUntil(lambda: window.sharing.watching == "watchdog")
    window.sharing.wait()
    with qtbot.waitSignal(window.sharing.synced, timeout=10_000):
        _colleague_outbox(tmp_path, folder, "Ben", "Ben's position")
    window.sharing.wait()
    # The panes show it at once: the overview lists it under its author.
    assert [a.author for a in window.overview.model.annotations()] == ["Ben"]
    assert [a.author for a in store.all_annotations(lima)] == ["Ben"]
    # My own save goes out after the debounce.
    rid = lima.latest_record_id()
    store.update_annotation_at(lima, rid, _eids(lima, 2)[1], {"note": "mine"}, author="Me")
    with qtbot.waitSignal(window.sharing.synced, timeout=10_000):
        window.annotation_saved.emit("any")
    window.sharing.wait()
    mine = sharing.outbox_path(folder, "Me", preferences.load().install_id)
    assert mine.name.startswith("me-") and "mine" in mine.read_text(encoding="utf-8")
    window.close()


def test_the_editor_edits_my_own_annotation_and_shows_my_colleagues_beside_it(
    qtbot, lima, tmp_path, monkeypatch
):
    from briefing.ui.annotation_editor import CONFLICT_MARK as EDITOR_MARK
    from briefing.ui.annotation_editor import AnnotationEditor

    monkeypatch.delenv(store.AUTHOR_ENV, raising=False)
    preferences.save(preferences.Preferences(name="Ben Ng"))
    folder = tmp_path / "shared"
    folder.mkdir()
    rid = lima.latest_record_id()
    eid = _eids(lima, 1)[0]
    ana = startup.open_library(tmp_path / "ana" / "b.sqlite3")
    try:
        changes = {"stance": Stance.SUPPORT, "line_to_take": "We welcome it"}
        store.update_annotation_at(ana, ana.latest_record_id(), eid, changes, author="Ana Pérez")
        sharing.sync(ana, folder, "Ana Pérez", install_id=uuid.uuid4().hex)
    finally:
        ana.close()
    sharing.sync(lima, folder)  # Ben's laptop takes Ana's annotation in

    editor = AnnotationEditor(lima)
    qtbot.addWidget(editor)
    editor.show()
    editor.set_target(lima.record(rid), eid)
    # Mine (new, empty), not Ana's; hers beside it, read-only.
    assert editor.annotation.author == "Ben Ng" and editor.annotation.id is None
    assert editor.note.toPlainText() == "" and editor.stance.currentData() is None
    assert [a.author for a in editor.colleagues] == ["Ana Pérez"]
    assert editor.colleagues_box.isVisible() and editor.mine_heading.text() == "Yours (Ben Ng)"
    labels = [w.text() for w in editor.colleagues_box.findChildren(QLabel, "colleague-annotation")]
    assert labels == ["Ana Pérez · Support\nLine to take: We welcome it"]

    editor.stance.setCurrentIndex(editor.stance.findData(Stance.OPPOSE.value))  # saved at once
    held = {a.author: a for a in store.annotations_at(lima, rid, eid)}
    assert {a: h.stance for a, h in held.items()} == {
        "Ana Pérez": Stance.SUPPORT,
        "Ben Ng": Stance.OPPOSE,
    }
    assert held["Ana Pérez"].line_to_take == "We welcome it"  # hers untouched
    assert editor.colleagues_heading.text().startswith(EDITOR_MARK)
    (label,) = editor.colleagues_box.findChildren(QLabel, "colleague-annotation")
    assert label.text().startswith(EDITOR_MARK + "Ana Pérez")

    # The delegation view: one place, both stances under the right names, flagged.
    overview = AnnotationsOverview(lima)
    qtbot.addWidget(overview)
    overview.set_record(rid)
    view = overview.show_delegation()
    qtbot.addWidget(view)
    (row,) = range(view.model.rowCount())
    head = view.model.item(row, 0)
    assert head.text().startswith(CONFLICT_MARK)
    held_view = {head.child(i, 0).text(): head.child(i, 1).text() for i in range(head.rowCount())}
    assert held_view == {"Ana Pérez": "Support", "Ben Ng": "Oppose"}
    view.close()

"""Annotations in the main window: select a place, type, see it in the overview, jump back,
and nothing typed is lost when the window closes before the debounce."""

from __future__ import annotations

import pytest

from briefing.domain import Stance
from briefing.storage import annotations as store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_type_in_the_detail_pane_then_jump_from_the_overview(qtbot, window, library):
    editor = window.detail.editor
    overview = window.overview
    assert editor is not None and overview is not None
    record_id = window.record.id

    window.select_place("annex_1__para_9__point_a")
    assert editor.annotation.target_eid == "annex_1__para_9__point_a"
    editor.stance.setCurrentIndex(editor.stance.findData(Stance.CONCERN.value))
    with qtbot.waitSignal(window.annotation_saved, timeout=5000):
        qtbot.keyClicks(editor.note, "Ask who funds this")
    qtbot.waitUntil(
        lambda: [a.note for a in overview.visible_annotations()] == ["Ask who funds this"],
        timeout=5000,
    )
    assert store.stances_by_eid(library, record_id) == {"annex_1__para_9__point_a": Stance.CONCERN}

    window.select_place("annex_1__para_2")  # elsewhere
    with qtbot.waitSignal(overview.place_activated, timeout=2000):
        overview.view.activated.emit(overview.proxy.index(0, 0))
    assert window.document.highlighted_place() == "annex_1__para_9__point_a"


def test_closing_the_window_saves_what_was_just_typed(qtbot, window, library):
    record_id = window.record.id
    window.select_place("annex_1__para_3")
    qtbot.keyClicks(window.detail.editor.note, "typed just before closing")
    window.close()  # within the debounce: the close flushes
    saved = store.annotation_at(library, record_id, "annex_1__para_3")
    assert saved is not None and saved.note == "typed just before closing"


def test_a_process_selected_in_its_pane_can_be_annotated(qtbot, window, library):
    from briefing.domain.eids import subject_eid

    record = window.record
    bali = next(p for p in record.processes if p.name.startswith("Bali Process"))
    window.detail.show_item(bali)
    editor = window.detail.editor
    assert editor.isVisibleTo(window)
    assert editor.annotation.target_eid == subject_eid("process", bali.name)
    with qtbot.waitSignal(window.annotation_saved, timeout=5000):
        qtbot.keyClicks(editor.note, "Check our Bali Process statement")
    saved = store.annotation_at(library, record.id, subject_eid("process", bali.name))
    assert saved is not None and saved.note == "Check our Bali Process statement"
    # The mentions stay citations to read, not a place to "go to".
    assert window.detail.mentions_label.text() == "Mentioned in"

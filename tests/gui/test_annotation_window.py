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


def test_the_issue_19_scenario_in_the_window_keeps_the_cli_edits(
    qtbot, window, library, briefing_home
):
    """Show a place, change its note, stance and tags with `briefing annotate`, type one
    character in the app: the CLI's values stay (they were lost before)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    editor = window.detail.editor
    window.select_place("annex_1__para_3")
    with qtbot.waitSignal(window.annotation_saved, timeout=5000):
        qtbot.keyClicks(editor.note, "Mine")
        editor.flush()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "annotate",
            "annex_1__para_3",
            "--record",
            str(window.record.id),
            "--note",
            "From the CLI",
            "--stance",
            "oppose",
            "--tag",
            "funding",
            "--db",
            str(library.path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "BRIEFING_HOME": str(briefing_home),
            "BRIEFING_AUTHOR": editor.annotation.author,
        },
    )
    assert done.returncode == 0, done.stderr
    editor.raise_flag.setChecked(True)  # one change in the app, saved at once
    now = store.annotation_at(
        library, window.record.id, "annex_1__para_3", author=editor.annotation.author
    )
    assert (now.note, now.stance, now.tags, now.raise_at_meeting) == (
        "From the CLI",
        Stance.OPPOSE,
        ["funding"],
        True,
    )

"""File › Import document… with several files: read off the GUI thread, with progress and Cancel."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from briefing import startup
from briefing.storage.library import content_hash

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
TWO = [
    SAMPLES / "a-res-68-4-hld-declaration-2013.txt",
    SAMPLES / "s-prst-2014-4-un-eu-cooperation-2014.txt",
]


def _run(window, qtbot, paths):
    with qtbot.waitSignal(window.import_finished, timeout=60000) as signal:
        run = window.import_files(paths)
        assert run is not None
    return signal.args[0]


def test_several_files_at_once_then_one_again_says_it_is_there(window, library, qtbot):
    window.resize(1024, 700)
    outcome = _run(window, qtbot, TWO)
    assert [name for _id, name in outcome.imported] == [p.name for p in TWO]
    assert len(library.records()) == 3
    assert window.record.id == outcome.imported[-1][0]
    # The records list shows each record's title beside its symbol.
    shown = [window.records.model.index(r, 0).data() for r in range(3)]
    assert any(text.startswith("S/PRST/2014/4 — ") for text in shown), shown

    again = _run(window, qtbot, TWO[:1])
    assert again.imported == [] and [n for _i, n in again.already] == [TWO[0].name]
    assert "already in the library" in window.statusBar().currentMessage()
    assert len(library.records()) == 3


def test_the_window_keeps_working_while_a_long_file_is_read(window, qtbot, monkeypatch):
    real = startup.read_file
    gui_thread = threading.get_ident()
    seen: list[int] = []

    def slow(path):
        seen.append(threading.get_ident())
        time.sleep(1.0)  # a 65-page PDF
        return real(path)

    monkeypatch.setattr(startup, "read_file", slow)
    ticks: list[float] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    _run(window, qtbot, TWO[:1])
    timer.stop()
    assert seen and seen[0] != gui_thread
    assert len(ticks) >= 10  # the event loop ran all along: no frozen window


def test_cancel_keeps_what_is_stored_and_nothing_of_the_rest(window, library, qtbot, monkeypatch):
    real = startup.read_file
    started = threading.Event()

    def slow(path):
        if path == TWO[1]:
            started.set()
            time.sleep(0.8)
        return real(path)

    monkeypatch.setattr(startup, "read_file", slow)
    third = SAMPLES / "a-res-68-47-nuclear-disarmament-2013.txt"
    with qtbot.waitSignal(window.import_finished, timeout=60000) as signal:
        run = window.import_files([*TWO, third])
        qtbot.waitUntil(started.is_set, timeout=30000)
        qtbot.waitUntil(lambda: len(library.records()) == 2, timeout=30000)  # the first stored
        before_cancel = content_hash(library.db)
        run.progress.findChild(QPushButton).click()  # Cancel
    outcome = signal.args[0]
    assert outcome.cancelled
    assert [n for _i, n in outcome.imported] == [TWO[0].name]
    assert outcome.not_done == [TWO[1].name, third.name]
    assert content_hash(library.db) == before_cancel  # nothing of the file being read
    assert len(library.records()) == 2
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_bad_file_among_good_ones_is_named_and_the_others_import(
    window, library, qtbot, tmp_path, monkeypatch
):
    from briefing.ui import messages

    bad = tmp_path / "<b>bold<b>.txt"
    bad.write_bytes(b"\x00\x01binary\xff" * 40)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "warn", lambda _p, title, text: shown.append((title, text)))
    outcome = _run(window, qtbot, [bad, TWO[0]])
    assert [n for _i, n in outcome.imported] == [TWO[0].name]
    assert len(shown) == 1 and "<b>bold<b>.txt" in shown[0][1]
    assert "Traceback" not in shown[0][1]

"""Fixtures for the window tests: a real Library in tmp_path holding a hand-built record."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from gui_sample import sample_record  # noqa: E402


@pytest.fixture
def library(tmp_path: Path):
    from briefing.storage import Library

    lib = Library.open(tmp_path / "library.sqlite3")
    lib.import_record(sample_record())
    yield lib
    lib.close()


@pytest.fixture
def window(qtbot, library):
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    win = MainWindow(library, open_settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # As a delegate meets it: the panes left for after the first frame built, the mouse's back
    # and forward buttons watched (both just after the first frame).
    qtbot.waitUntil(win.start_complete)
    return win

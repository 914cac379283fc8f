"""The app's update of an older library: a progress dialog with Cancel, one record at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library-v3.sql"


@pytest.fixture
def old_library(tmp_path: Path, briefing_home: Path):
    from briefing.startup import open_library

    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    library = open_library(db)
    yield library
    library.close()


def test_the_dialog_updates_every_record_and_says_so(qtbot, old_library) -> None:
    from briefing import startup
    from briefing.ui.refresh_dialog import describe, refresh_with_progress

    result = refresh_with_progress(old_library)
    assert (result.updated, len(result.kept), result.cancelled) == (1, 3, False)
    assert startup.records_to_refresh(old_library) == 0
    assert describe(result) == (
        "Library updated by the new importer: 1 record updated, 3 kept as they were."
    )
    assert describe(refresh_with_progress(old_library)) == ""  # nothing left: no dialog


def test_cancel_leaves_every_record_for_next_time(qtbot, old_library, monkeypatch) -> None:
    from PySide6.QtWidgets import QProgressDialog

    from briefing import startup
    from briefing.ui.refresh_dialog import refresh_with_progress

    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    result = refresh_with_progress(old_library)
    assert (result.updated, result.cancelled, result.remaining) == (0, True, 4)
    assert startup.records_to_refresh(old_library) == 4

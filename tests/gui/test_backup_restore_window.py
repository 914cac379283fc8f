"""File › Back Up Now and Restore From Backup… bring back what the backup held."""

from __future__ import annotations

import pytest

from briefing.storage import annotations as store
from briefing.storage.backup import list_backups

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_back_up_then_restore_brings_the_annotation_back(qtbot, window, library, monkeypatch):
    record_id = window.record.id
    eid = "annex_1__para_10__point_b"
    note = store.new_annotation(library, record_id, eid)
    note.note = "Kept in the backup"
    store.save_annotation(library, note)

    backup = window.back_up_now()
    assert backup is not None and backup.is_file()

    store.delete_annotation(library, note.uid)
    assert store.annotation_at(library, record_id, eid) is None

    chosen = next(b for b in list_backups(library.path) if b.path == backup)
    monkeypatch.setattr(type(window), "ask_backup", staticmethod(lambda parent, backups: chosen))
    assert window.restore_from_backup()
    restored = store.annotation_at(library, record_id, eid)
    assert restored is not None and restored.note == "Kept in the backup"
    # The note deleted after the backup is what the pre-restore backup holds, not lost.
    assert any(b.reason == "pre-restore" for b in list_backups(library.path))


def test_cancelling_the_choice_changes_nothing(qtbot, window, library, monkeypatch):
    window.back_up_now()
    before = [r.id for r in library.records()]
    monkeypatch.setattr(type(window), "ask_backup", staticmethod(lambda parent, backups: None))
    assert not window.restore_from_backup()
    assert [r.id for r in library.records()] == before

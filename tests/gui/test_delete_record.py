"""File › Delete Record…: confirmed, backed up, its annotations exported; restore brings it back."""

from __future__ import annotations

import pytest

from briefing.storage import annotations as store
from briefing.ui import library_actions

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_delete_with_its_backup_then_restore(window, library, qtbot, monkeypatch):
    from gui_sample import LIMA

    window.resize(1024, 700)
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.import_files([LIMA])
    lima = window.record
    note = store.new_annotation(library, lima.id, lima.places()[0].eid)
    note.note = "Our position"
    store.save_annotation(library, note)
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(
        library_actions, "confirm_delete", lambda _w, title, n: asked.append((title, n)) or True
    )
    window.act_delete.trigger()
    assert asked[0] == (lima.display_title, 1)
    assert lima.id not in {r.id for r in library.records()}
    assert window.record is not None and window.record.id != lima.id
    assert window.records.model.rowCount() == 1
    exported = list(library.path.parent.glob("backups/deleted-*.annotations.jsonld"))
    assert len(exported) == 1 and "Our position" in exported[0].read_text(encoding="utf-8")
    assert "Backup:" in window.statusBar().currentMessage()

    from briefing.storage.backup import list_backups

    newest = list_backups(library.path)[-1]
    assert "pre-delete" in newest.path.name
    monkeypatch.setattr(type(window), "ask_backup", staticmethod(lambda _p, backups: newest))
    assert window.restore_from_backup()
    assert lima.title in {r.title for r in window.library.records()}


def test_cancel_deletes_nothing(window, library, monkeypatch):
    before = [r.id for r in library.records()]
    monkeypatch.setattr(library_actions, "confirm_delete", lambda *_a: False)
    window.act_delete.trigger()
    assert [r.id for r in library.records()] == before
    assert not list(library.path.parent.glob("backups/*pre-delete*"))

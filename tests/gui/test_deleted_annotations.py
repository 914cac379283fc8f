"""The overview's Deleted… dialog: a deleted annotation listed with its last state, restored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from briefing.domain import Stance
from briefing.storage import annotations as store
from briefing.ui.deleted_annotations import UID_ROLE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints", "raise")]


def test_a_deleted_annotation_is_listed_and_restored_into_the_window(window, library, qtbot):
    record = window.record
    eid = record.places()[1].eid
    note = store.new_annotation(library, record.id, eid)
    note.note = "Keep <b>this</b> line"  # markup in a note is text
    note.stance = Stance.CONCERN
    uid = store.save_annotation(library, note).uid
    store.delete_annotation(library, uid)
    window.refresh_stances()
    assert eid not in window.document.stances()

    scheduled: list[bool] = []
    window.sharing.schedule = lambda: scheduled.append(True)  # the sharing pass is asked for
    dialog = window.overview.show_deleted()
    qtbot.addWidget(dialog)
    tree = dialog.tree
    assert tree.topLevelItemCount() == 1
    row = tree.topLevelItem(0)
    assert row.text(4) == "Keep <b>this</b> line" and row.text(3) == "Concern"
    assert row.text(2) == record.citation(eid, with_symbol=True)
    assert row.data(0, UID_ROLE) == uid
    assert not dialog.restore_button.isEnabled()  # nothing selected yet

    tree.setCurrentItem(row)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored, timeout=5000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    back = store.get_annotation(library, uid)
    assert back is not None and back.note == "Keep <b>this</b> line"
    assert store.deleted_annotations(library) == []
    assert scheduled  # the restored annotation goes to the colleagues' laptops too
    assert tree.topLevelItemCount() == 0 and "No deleted" in dialog.summary.text()
    # The window shows it again: its stance in the document, its row in the overview.
    assert window.document.stances().get(eid) == Stance.CONCERN
    assert uid in {a.uid for a in window.overview.visible_annotations()}

"""The annotation editor: saves by itself, survives a restart, undo and redo, target change."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_annotations_helpers import make_record  # noqa: E402

from briefing.domain import Priority, Stance  # noqa: E402
from briefing.storage import Library  # noqa: E402
from briefing.storage import annotations as store  # noqa: E402
from briefing.ui.annotation_editor import AnnotationEditor  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lib.sqlite3"


@pytest.fixture
def library(db_path: Path):
    lib = Library.open(db_path)
    yield lib
    lib.close()


@pytest.fixture
def record(library):
    rec = make_record()
    library.import_record(rec)
    return library.record(rec.id)


@pytest.fixture
def editor(qtbot, library):
    widget = AnnotationEditor(library)
    qtbot.addWidget(widget)
    return widget


def _stored(library, record_id, eid):
    return store.annotation_at(library, record_id, eid)


def test_typing_saves_without_any_save_action(qtbot, editor, library, record):
    editor.set_target(record, "body__para_2")
    assert _stored(library, record.id, "body__para_2") is None  # selecting writes nothing
    editor.note.setFocus()
    with qtbot.waitSignal(editor.annotation_saved, timeout=5000) as saved:
        qtbot.keyClicks(editor.note, "Ask for a timeline")
    assert saved.args == ["body__para_2"]
    qtbot.waitUntil(
        lambda: (
            (a := _stored(library, record.id, "body__para_2")) is not None
            and a.note == "Ask for a timeline"
        ),
        timeout=5000,
    )
    assert "By " in editor.meta.text()


def test_note_is_there_after_a_restart(qtbot, db_path, library, record):
    first = AnnotationEditor(library)
    qtbot.addWidget(first)
    first.set_target(record, "footnote_a")
    qtbot.keyClicks(first.note, "Kept across restarts")
    first.stance.setCurrentIndex(first.stance.findData(Stance.OPPOSE.value))
    qtbot.keyClicks(first.tags, "footnotes, legal")
    first.flush()  # what the window does on close
    library.close()

    reopened = Library.open(db_path)
    try:
        second = AnnotationEditor(reopened)
        qtbot.addWidget(second)
        second.set_target(reopened.record(record.id), "footnote_a")
        assert second.note.toPlainText() == "Kept across restarts"
        assert second.stance.currentData() == Stance.OPPOSE.value
        assert second.tags.text() == "footnotes, legal"
        assert store.all_tags(reopened) == ["footnotes", "legal"]
    finally:
        reopened.close()


def test_target_change_saves_pending_typing_at_once(qtbot, editor, library, record):
    editor.set_target(record, "body__para_1")
    qtbot.keyClicks(editor.note, "pending")
    editor.set_target(record, "body__para_3")  # before the debounce fires
    assert _stored(library, record.id, "body__para_1").note == "pending"
    assert editor.note.toPlainText() == ""


def test_undo_and_redo_with_the_keyboard(qtbot, editor, library, record):
    editor.set_target(record, "body__para_1")
    editor.note.setFocus()
    qtbot.keyClicks(editor.note, "first")
    editor.flush()
    editor.priority.setCurrentIndex(editor.priority.findData(Priority.HIGH.value))
    qtbot.keyClicks(editor.note, " second")
    qtbot.waitUntil(lambda: _stored(library, record.id, "body__para_1").note == "first second")
    editor.note.setFocus()

    qtbot.keyClick(editor.note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.note.toPlainText() == "first"
    qtbot.waitUntil(lambda: _stored(library, record.id, "body__para_1").note == "first")

    qtbot.keyClick(editor.note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.priority.currentData() == Priority.NORMAL.value
    qtbot.waitUntil(lambda: _stored(library, record.id, "body__para_1").priority == Priority.NORMAL)

    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.note, Qt.Key.Key_Z, redo)
    assert editor.priority.currentData() == Priority.HIGH.value
    qtbot.keyClick(editor.note, Qt.Key.Key_Z, redo)
    assert editor.note.toPlainText() == "first second"
    qtbot.waitUntil(
        lambda: (
            (a := _stored(library, record.id, "body__para_1")).note == "first second"
            and a.priority == Priority.HIGH
        )
    )


def test_undo_back_to_nothing_removes_and_redo_restores(qtbot, editor, library, record):
    editor.set_target(record, "body__para_3")
    editor.raise_flag.setChecked(True)
    saved = _stored(library, record.id, "body__para_3")
    assert saved is not None and saved.raise_at_meeting
    editor.undo()
    assert _stored(library, record.id, "body__para_3") is None
    editor.redo()
    back = _stored(library, record.id, "body__para_3")
    assert back is not None and back.uid == saved.uid and back.raise_at_meeting


def test_no_target_disables_the_fields(editor):
    editor.set_target(None, None)
    assert not editor.note.isEnabled()
    assert editor.annotation is None


def test_markup_is_shown_as_plain_text(qtbot, editor, library, record):
    mine = store.new_annotation(library, record.id, "body__para_2")
    mine.note = "<b>mine?</b> &lt;"
    store.save_annotation(library, mine)
    a = store.new_annotation(library, record.id, "body__para_2")
    a.note = "<b>bold?</b> &amp;"
    a.author = "<i>Colleague</i>"
    store.save_annotation(library, a)
    editor.set_target(record, "body__para_2")
    assert editor.note.toPlainText() == "<b>mine?</b> &lt;"
    assert editor.meta.textFormat() == Qt.TextFormat.PlainText
    assert store.default_author() in editor.meta.text()
    (label,) = editor.colleagues_box.findChildren(QLabel, "colleague-annotation")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<i>Colleague</i> · no stance" in label.text()
    assert "Note: <b>bold?</b> &amp;" in label.text()


def test_tag_completion_offers_known_tags(qtbot, editor, library, record):
    a = store.new_annotation(library, record.id, "body__para_1")
    a.tags = ["migration", "mobility"]
    store.save_annotation(library, a)
    editor.set_target(record, "body__para_2")
    assert editor.completer.model().stringList() == ["migration", "mobility"]
    assert editor.completer.splitPath("legal, mi") == ["mi"]


def test_author_from_the_settings(qtbot, library, record, monkeypatch):
    from briefing.ui.settings import open_settings

    monkeypatch.setenv("BRIEFING_AUTHOR", "From the environment")
    settings = open_settings()
    settings.setValue("annotations/author", "From the settings")
    settings.sync()
    widget = AnnotationEditor(library)
    qtbot.addWidget(widget)
    widget.set_target(record, "body__para_1")
    assert widget.annotation.author == "From the settings"
    widget.raise_flag.setChecked(True)
    assert _stored(library, record.id, "body__para_1").author == "From the settings"


def test_a_failed_save_is_reported_and_retried(qtbot, editor, library, record):
    editor.set_target(record, "body__para_1")
    qtbot.keyClicks(editor.note, "written while the disk is gone")
    library.db.conn.execute("PRAGMA query_only = ON")  # every write now fails
    editor.flush()
    assert editor.status.text().startswith("Not saved:")
    library.db.conn.execute("PRAGMA query_only = OFF")
    editor.flush()  # still pending: saved now
    assert _stored(library, record.id, "body__para_1").note == "written while the disk is gone"


def test_line_to_take_and_if_raised_save_by_themselves(qtbot, editor, library, record):
    editor.set_target(record, "body__para_2")
    editor.line_to_take.setFocus()
    with qtbot.waitSignal(editor.annotation_saved, timeout=5000):
        qtbot.keyClicks(editor.line_to_take, "We support <b>this</b>")
    editor.if_raised.setFocus()
    qtbot.keyClicks(editor.if_raised, "Not our venue")
    editor.flush()
    stored = _stored(library, record.id, "body__para_2")
    assert stored is not None
    assert (stored.line_to_take, stored.if_raised) == ("We support <b>this</b>", "Not our venue")
    # Undo takes the last field back, and the store follows.
    editor.undo()
    assert editor.if_raised.toPlainText() == ""
    assert _stored(library, record.id, "body__para_2").if_raised == ""
    # Another target and back: the line is loaded again.
    editor.set_target(record, "body__para_1")
    assert editor.line_to_take.toPlainText() == ""
    editor.set_target(record, "body__para_2")
    assert editor.line_to_take.toPlainText() == "We support <b>this</b>"


def test_objectives_are_asked_for_and_saved(qtbot, editor, library, record, monkeypatch):
    from briefing.storage import objectives
    from briefing.ui.annotation_editor import ObjectivesDialog

    editor.set_target(record, "body__para_1")
    asked = []

    def ask(_parent, title, text):
        asked.append(text)
        return "Secure a follow-up meeting."

    monkeypatch.setattr(ObjectivesDialog, "ask", staticmethod(ask))
    with qtbot.waitSignal(editor.objectives_saved, timeout=5000):
        editor.objectives_button.click()
    assert asked == [""]
    assert objectives.objectives_for(library, record.id).text == "Secure a follow-up meeting."
    editor.objectives_button.click()
    assert asked[-1] == "Secure a follow-up meeting."  # the dialog opens on what is stored


def test_the_objectives_dialog_shows_plain_text(qtbot):
    from briefing.ui.annotation_editor import ObjectivesDialog

    dialog = ObjectivesDialog(None, "<b>Title</b>", "<i>kept</i>")
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == "<i>kept</i>"

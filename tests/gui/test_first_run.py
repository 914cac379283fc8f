"""The first run asks the delegate's name and delegation; Preferences changes them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from briefing import preferences
from briefing.preferences import Preferences
from briefing.ui.first_run import PreferencesDialog, open_on_first_run

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_first_run_asks_and_the_answer_signs_new_annotations(window, qtbot, monkeypatch):
    monkeypatch.delenv("BRIEFING_AUTHOR", raising=False)
    window.resize(1024, 700)
    dialog = open_on_first_run(window)
    assert dialog is not None and dialog.isVisible()
    assert "Welcome" in dialog.windowTitle()
    dialog.name.insert("Ana Pérez")  # (keyClicks types ASCII only)
    qtbot.keyClicks(dialog.delegation, "Delegation of Peru")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert preferences.load() == Preferences("Ana Pérez", "Delegation of Peru")
    assert open_on_first_run(window) is None  # asked once

    from briefing.storage import annotations as store

    note = store.new_annotation(window.library, window.record.id, window.record.places()[0].eid)
    assert note.author == "Ana Pérez"


def test_later_keeps_nothing_and_asks_again(window, qtbot):
    dialog = open_on_first_run(window)
    dialog.reject()
    assert preferences.load() == Preferences()
    again = open_on_first_run(window)
    assert again is not None
    again.reject()


def test_preferences_menu_changes_the_name(window, qtbot, monkeypatch):
    preferences.save(Preferences("Ana Pérez", "Delegation of Peru"))
    monkeypatch.setattr(
        PreferencesDialog,
        "ask",
        classmethod(lambda cls, parent, current: current.with_changes(name="A. Pérez")),
    )
    window.act_preferences.trigger()
    assert preferences.load() == Preferences("A. Pérez", "Delegation of Peru")
    assert "Preferences" in window.act_preferences.text()
    assert not window.act_preferences.shortcut().isEmpty()

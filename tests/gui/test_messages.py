"""Message boxes show file names and reasons as written, never as markup."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_a_warning_is_plain_text(qtbot, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from briefing.ui import messages

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box) or 0)
    messages.warn(None, "Cannot import this file", "<b>a&amp;b</b>.txt: binary content")
    (box,) = seen
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == "<b>a&amp;b</b>.txt: binary content"


def test_a_tooltip_shows_markup_in_a_note_as_typed(qtbot):
    from PySide6.QtGui import QTextDocument

    from briefing.ui.messages import plain_tooltip

    tip = plain_tooltip("Kim: <b>reject</b> & redraft\nline two")
    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText() == "Kim: <b>reject</b> & redraft\nline two"
    assert plain_tooltip("") == ""

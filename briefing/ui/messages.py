"""Message boxes whose text is always plain: file names, reasons and titles are data, not markup.

QMessageBox's static helpers guess the text format, so a file named `<b>x</b>.txt` or a
document title with an ampersand would render as rich text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, "Warning", title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, "Information", title, text)


def _show(parent: QWidget | None, icon: str, title: str, text: str) -> None:
    """A box with QMessageBox.Icon `icon`. QMessageBox is imported here, when a box is shown:
    PySide6 makes a class and its enums at first use, and a start shows none (issue 18)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon[icon], title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


def plain_tooltip(text: str) -> str:
    """A tooltip Qt cannot mistake for markup: Qt guesses a tooltip's format
    (`Qt.mightBeRichText`), so "Kim: <b>reject</b>" would render bold; escaped inside an
    explicit rich-text paragraph, it shows as typed. Newlines are kept as line breaks.

    Element text needs only these three escaped (quotes matter in attributes alone); the html
    module would cost 4 ms at start, where the status bar and the document set tooltips."""
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<p>" + escaped.replace("\n", "<br>") + "</p>"

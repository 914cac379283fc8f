"""A small dialog to correct a record's details (symbol, title, date, session, organ)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from briefing.domain import Record

# (field name as Library.update_details takes it, label)
FIELDS = (
    ("symbol", "&Symbol"),
    ("title", "&Title"),
    ("date", "&Date (YYYY-MM-DD)"),
    ("session", "S&ession"),
    ("organ", "&Organ"),
)


def provenance_text(source_name: str, has_source: bool, note: str | None) -> str:
    """One or two sentences on the record's source: kept or not, and any reason it is not
    what the current importer would build from it."""
    name = source_name or "its file"
    if has_source:
        text = f"Imported from {name}; the file is kept in the library, so a newer Briefing "
        text += "reads it again."
    else:
        text = f"Imported from {name}; the file itself was not kept."
    return f"{text} {note[0].upper()}{note[1:]}." if note else text


def _value(record: Record, name: str) -> str:
    value = getattr(record, name, None)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value or ""


class RecordDetailsDialog(QDialog):
    """Edits the details; `changes()` returns only what the user changed, typed for the store."""

    def __init__(self, record: Record, parent: QWidget | None = None, provenance: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Record details")
        self._record = record
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in FIELDS:
            edit = QLineEdit(_value(record, name))
            edit.setCursorPosition(0)  # a long title shows its beginning
            edit.setAccessibleName(label.replace("&", ""))
            form.addRow(label, edit)
            self.fields[name] = edit
        self.fields["symbol"].setPlaceholderText("e.g. A/68/151")
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Error")
        self.error.hide()
        # Where the record comes from and how it was built (the store's derive status).
        self.provenance = QLabel(provenance)
        self.provenance.setTextFormat(Qt.TextFormat.PlainText)
        self.provenance.setWordWrap(True)
        self.provenance.setAccessibleName("Source")
        self.provenance.setVisible(bool(provenance))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.provenance)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, edit in self.fields.items():
            text = edit.text().strip()
            if text == _value(self._record, name):
                continue
            if name == "title" and not text:
                raise ValueError("A record needs a title.")
            if name == "date" and text:
                try:
                    out[name] = dt.date.fromisoformat(text)
                except ValueError:
                    raise ValueError(f"Not a date: {text!r} (write it as 2013-06-28).") from None
                continue
            out[name] = text or None
        return out

    def _check_and_accept(self) -> None:
        try:
            self.changes()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, record: Record, provenance: str = ""
    ) -> dict[str, Any] | None:
        """The changed fields, or None when cancelled or nothing changed."""
        dialog = cls(record, parent, provenance)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes() or None

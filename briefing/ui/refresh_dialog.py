"""Re-deriving records built by an older importer, with a progress dialog and Cancel.

Runs on the GUI thread one record at a time (each is its own transaction and takes tens of
milliseconds), letting Qt process events between records so the dialog paints and Cancel works;
a cancelled run leaves the rest for the next start, never a half-updated record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QProgressDialog

from briefing import startup
from briefing.storage import Library


def refresh_with_progress(library: Library, parent: Any = None) -> startup.RefreshResult:
    pending = startup.records_to_refresh(library)
    if not pending:
        return startup.RefreshResult()
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle("Updating the library")
    label = QLabel(dialog)
    label.setTextFormat(Qt.TextFormat.PlainText)  # record titles are document text
    dialog.setLabel(label)
    dialog.setLabelText(
        f"Updating {pending} record{'s' if pending != 1 else ''} built by an earlier version "
        "of Briefing…"
    )
    dialog.setCancelButtonText("Cancel")
    dialog.setRange(0, pending)
    dialog.setMinimumDuration(300)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int, title: str) -> None:
        dialog.setValue(done)
        if title:
            dialog.setLabelText(f"Updating {done + 1} of {total}: {title[:80]}")
        QCoreApplication.processEvents()

    try:
        return startup.refresh_records(library, progress=progress, cancelled=dialog.wasCanceled)
    finally:
        dialog.close()
        dialog.deleteLater()


def describe(result: startup.RefreshResult) -> str:
    """The status bar's words for a finished run, or "" when there was nothing to do."""
    if not (result.updated or result.kept or result.cancelled):
        return ""
    return f"Library updated by the new importer: {result.summary()}."

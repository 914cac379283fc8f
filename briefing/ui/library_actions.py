"""Library actions of the main window that need a confirmation: deleting a record.

The work is `briefing.startup.delete_record` (a backup and an export of the record's annotations
first), the same the command line's `briefing delete` does; this module asks and tells.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from briefing import startup
from briefing.domain import BriefingError
from briefing.ui import messages


def confirm_delete(parent: QWidget, title: str, annotations: int) -> bool:
    """Ask before deleting; a module function so tests can replace it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Delete Record")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"Delete {title} from the library?")
    kept = f" and its {annotations} annotation(s) exported to a file" if annotations else ""
    box.setInformativeText(
        f"A backup of the library is taken first{kept}: File › Restore From Backup… brings the "
        "record back."
    )
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def delete_current_record(window: Any) -> startup.Deleted | None:
    """File › Delete Record…: confirm, back up, export its annotations, delete, open another."""
    record = window.record
    if record is None or record.id is None:
        return None
    from briefing.storage import annotations as store

    window.detail.flush_editor()  # what was just typed goes into the backup and the export
    count = len(store.annotations_for_record(window.library, record.id))
    if not confirm_delete(window, record.display_title, count):
        return None
    try:
        deleted = startup.delete_record(window.library, record.id)
    except BriefingError as exc:
        messages.warn(window, "Cannot delete this record", str(exc))
        return None
    window.forget_record(record.id)
    where = (
        f"; its annotations are in {deleted.annotations_file}" if deleted.annotations_file else ""
    )
    window.statusBar().showMessage(
        f"Deleted {deleted.title}. Backup: {deleted.backup.name}{where}", 15000
    )
    return deleted

"""The delegate's name and delegation: asked on the first run, changed in Preferences.

They sign the annotations (never the system's user name, "root" on many laptops) and fill the
delegation on a briefing note's cover. Kept in briefing.preferences, which the command line
reads too. The first run's dialog is window-modal and opened, not exec'd: the window is usable
behind it and nothing that drives the app (a test, the smoke test) waits on it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing import preferences
from briefing.preferences import Preferences

FIRST_RUN_TEXT = (
    "Welcome to Briefing. Your name signs the annotations you write; your delegation goes on "
    "the cover of your briefing notes. You can change both later in File › Preferences…."
)


class PreferencesDialog(QDialog):
    """Name and delegation; `chosen()` gives the edited Preferences."""

    def __init__(self, current: Preferences, first_run: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preferences-dialog")
        self.setWindowTitle("Welcome to Briefing" if first_run else "Preferences")
        self.name = QLineEdit(current.name)
        self.name.setPlaceholderText("e.g. Ana Pérez")
        self.name.setAccessibleName("Your name")
        self.name.setMaxLength(preferences.MAX_LENGTH)
        self.delegation = QLineEdit(current.delegation)
        self.delegation.setPlaceholderText("e.g. Delegation of Peru")
        self.delegation.setAccessibleName("Your delegation")
        self.delegation.setMaxLength(preferences.MAX_LENGTH)
        # The delegation's shared folder (docs/sharing.md): not asked on the first run.
        self.sharing = QCheckBox("&Share my positions with my delegation")
        self.sharing.setChecked(current.sharing)
        self.shared_folder = QLineEdit(current.shared_folder)
        self.shared_folder.setPlaceholderText("a folder Syncthing or a network drive keeps in step")
        self.shared_folder.setAccessibleName("Shared folder")
        self.shared_folder.setMaxLength(preferences.MAX_PATH_LENGTH)
        self.browse = QPushButton("Choose…")
        self.browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.shared_folder, 1)
        folder_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("Your &name", self.name)
        form.addRow("Your &delegation", self.delegation)
        if not first_run:
            form.addRow(self.sharing)
            form.addRow("Shared &folder", folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if first_run:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Later")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(FIRST_RUN_TEXT)
            intro.setTextFormat(Qt.TextFormat.PlainText)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._current = current
        self.name.setFocus()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "The delegation's shared folder")
        if folder:
            self.shared_folder.setText(folder)
            self.sharing.setChecked(True)

    def chosen(self) -> Preferences:
        return self._current.with_changes(
            name=self.name.text(),
            delegation=self.delegation.text(),
            shared_folder=self.shared_folder.text(),
            sharing=self.sharing.isChecked() and bool(self.shared_folder.text().strip()),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, current: Preferences) -> Preferences | None:
        """File › Preferences…: the edited preferences, or None when cancelled."""
        dialog = cls(current, first_run=False, parent=parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def save_and_tell(parent: Any, chosen: Preferences) -> None:
    """Keep the preferences; an annotation created from now on is signed with the new name."""
    try:
        preferences.save(chosen)
    except OSError as exc:
        from briefing.ui import messages

        messages.warn(parent, "Cannot save the preferences", f"{exc.filename}: {exc.strerror}")
        return
    status = getattr(parent, "statusBar", None)
    if status is not None:
        status().showMessage(f"Annotations are now signed {chosen.name or 'by default'}.", 6000)


def open_on_first_run(parent: QWidget) -> PreferencesDialog | None:
    """Open the welcome dialog when no name is kept yet; returns it (None when not needed)."""
    current = preferences.load()
    if current.complete:
        return None
    dialog = PreferencesDialog(current, first_run=True, parent=parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.accepted.connect(lambda: save_and_tell(parent, dialog.chosen()))
    dialog.open()
    return dialog

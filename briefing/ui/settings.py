"""The app's settings: one ini file in paths.config_dir(), so BRIEFING_HOME isolates tests."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from briefing import paths

SETTINGS_FILE = "briefing.ini"


def open_settings() -> QSettings:
    """QSettings over <config_dir>/briefing.ini (created on first write)."""
    folder = paths.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)

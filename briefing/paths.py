"""Where Briefing keeps user data, settings, logs and backups; BRIEFING_HOME redirects all of it.

Tests and benchmarks set BRIEFING_HOME to a temporary folder so they never touch a real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefing import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent


def home() -> Path:
    """The folder that holds everything of one Briefing user."""
    override = os.environ.get("BRIEFING_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return home() / "briefing.sqlite3"


def config_dir() -> Path:
    """Settings (QSettings ini files) live here, beside the data, so one override moves both."""
    override = os.environ.get("BRIEFING_HOME")
    if override:
        return Path(override).expanduser() / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("BRIEFING_HOME")
    if override:
        return Path(override).expanduser() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Derived files worth keeping between runs (cut fonts); never user data."""
    override = os.environ.get("BRIEFING_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database they copy."""
    return db_path.parent / "backups"


def resources_dir() -> Path:
    """The shipped resources: inside the package when installed, the repository's otherwise."""
    installed = _PACKAGE_DIR / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "resources"


def schema_snapshot_path() -> Path:
    installed = _PACKAGE_DIR / "database" / "schema.sql"
    if installed.is_file():
        return installed
    return _PACKAGE_DIR.parent / "database" / "schema.sql"


def default_record_path() -> Path:
    return resources_dir() / "lima-2013-rcp-chairs-summary.txt"

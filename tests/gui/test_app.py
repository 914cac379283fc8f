"""briefing.app: the application identity, and a database that cannot be opened."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_application_identity(qapp):
    from PySide6.QtGui import QGuiApplication

    from briefing import APP_ID, __version__
    from briefing.app import create_application, icon_path

    app = create_application([])
    assert app is qapp
    assert app.applicationName() == "Briefing"
    assert app.applicationVersion() == __version__
    assert QGuiApplication.desktopFileName() == APP_ID
    assert icon_path().is_file()
    assert not QGuiApplication.windowIcon().isNull()


def test_unopenable_database_asks_and_quit_returns_1(qapp, tmp_path: Path, monkeypatch):
    import briefing.app as app_module

    db = tmp_path / "garbage.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    asked: list[tuple[Path, str]] = []
    monkeypatch.setattr(
        app_module,
        "ask_open_failure",
        lambda _p, path, reason: asked.append((path, reason)) or "quit",
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    assert app_module.main(["--db", str(db)]) == 1
    ((path, reason),) = asked
    assert path == db
    assert "Traceback" not in reason and reason.strip()
    assert db.read_bytes() == b"this is not a database at all" * 100


def test_unopenable_database_start_new_keeps_the_old_file(qapp, tmp_path: Path, monkeypatch):
    import briefing.app as app_module

    db = tmp_path / "garbage.sqlite3"
    db.write_bytes(b"not sqlite" * 100)
    monkeypatch.setattr(app_module, "ask_open_failure", lambda *_a: "new")
    library = app_module.open_library(db)
    try:
        assert library is not None
        assert library.path == db
        kept = [p for p in tmp_path.iterdir() if p.name.startswith("garbage.sqlite3.unreadable-")]
        assert len(kept) == 1 and kept[0].read_bytes() == b"not sqlite" * 100
    finally:
        library.close()


def test_settings_live_in_the_config_dir(briefing_home: Path):
    from briefing.ui.settings import open_settings

    settings = open_settings()
    settings.setValue("probe", 1)
    settings.sync()
    assert (briefing_home / "config" / "briefing.ini").is_file()


def test_main_opens_the_window_on_the_given_db(qapp, tmp_path: Path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    import briefing.app as app_module
    from briefing.ui.main_window import MainWindow

    shown: list[MainWindow] = []

    def fake_exec() -> int:
        shown.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for w in shown:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    # main() installs the crash handler; put the test run's hooks back afterwards.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    db = tmp_path / "elsewhere.sqlite3"
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert app_module.main(["--db", str(db)]) == 0
        assert signal.getsignal(signal.SIGTERM) is not handlers[signal.SIGTERM]
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert db.is_file()
    (window,) = shown
    assert "Permanent Representative of Peru" in window.record.title
    assert window.library.path == db

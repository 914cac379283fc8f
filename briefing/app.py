"""The desktop app's entry point: QApplication, the library, the main window."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any

from briefing import APP_ID, APP_NAME, __version__, paths
from briefing.domain import BriefingError

log = logging.getLogger(__name__)

ORGANIZATION = "Briefing"
ICON_FILE = "org.briefing.Briefing.svg"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="briefing", add_help=False)
    parser.add_argument("--db", type=Path, default=None)
    args, _rest = parser.parse_known_args(argv)
    return args


def icon_path() -> Path:
    return paths.resources_dir() / "icons" / ICON_FILE


def _setup_logging() -> None:
    from briefing import logs

    logs.setup_logging()


def _install_crash_handler(app: Any) -> Any:
    """Uncaught exceptions go to the log and to a dialog on the GUI thread; returns the notifier."""
    from PySide6.QtCore import QObject, Qt, Signal
    from PySide6.QtWidgets import QMessageBox

    from briefing import logs

    class CrashNotifier(QObject):
        crashed = Signal(str)

    notifier = CrashNotifier(app)

    def show_dialog(message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME}: unexpected error", message)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # A signal emitted on another thread is queued to the GUI thread, where the dialog may open.
    notifier.crashed.connect(show_dialog)
    logs.install_crash_handler(notifier.crashed.emit)
    return notifier


def _backup_at_start(path: Path) -> None:
    """A consistent copy at each start (skipped when nothing changed since the newest one)."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    from briefing.storage.backup import backup_database

    try:
        backup_database(path, reason="start")
    except BriefingError as exc:
        # A database we cannot copy is reported by Library.open just after; never block start.
        log.warning("start backup skipped: %s", exc)


def _clean_litter(path: Path) -> None:
    """Temporary files a killed run left (half-written backups, fonts, restores)."""
    from briefing.storage.backup import clean_litter

    for removed in clean_litter(path):
        log.info("removed a temporary file left by an interrupted run: %s", removed)


def open_library(db: Path | None, parent: Any = None) -> Any:
    """Open the library; on a BriefingError ask to start a new database or quit (None)."""
    from PySide6.QtWidgets import QMessageBox

    from briefing.startup import open_library as open_seeded

    _clean_litter(db or paths.default_db_path())
    _backup_at_start(db or paths.default_db_path())
    while True:
        try:
            return open_seeded(db)
        except BriefingError as exc:
            path = db or paths.default_db_path()
            choice = ask_open_failure(parent, path, str(exc))
            if choice != "new":
                return None
            try:
                moved = set_aside(path)
            except OSError as move_error:
                QMessageBox.critical(
                    parent, APP_NAME, f"Cannot move {path} aside: {move_error.strerror}"
                )
                return None
            log.warning("database %s could not be opened (%s); moved to %s", path, exc, moved)


def set_aside(path: Path) -> Path:
    """Rename an unreadable database (and its WAL files) out of the way; nothing is deleted."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def ask_open_failure(parent: Any, path: Path, reason: str) -> str:
    """'new' or 'quit'. A module function so tests can replace it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("The database cannot be opened.")
    box.setInformativeText(
        f"{reason}\n\nFile: {path}\n\nStart a new database (the old file is kept, renamed), "
        "or quit?"
    )
    new = box.addButton("Start a new database", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return "new" if box.clickedButton() is new else "quit"


def create_application(argv: list[str]) -> Any:
    # Before PySide6, so that its import hook is not yet there to read this module's imports.
    from briefing.ui.pyside import skip_feature_scans  # noqa: I001

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    skip_feature_scans()  # before the window's modules are imported
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *argv])
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    icon = icon_path()
    if icon.is_file():
        QGuiApplication.setWindowIcon(QIcon(str(icon)))
    from briefing.ui.threads import stop_all

    # An export or import still running when the app quits is cancelled and waited for.
    app.aboutToQuit.connect(stop_all)
    return app


def build_window(library: Any) -> Any:
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    return MainWindow(library, open_settings())


def _close_on_signals(window: Any) -> Any:
    """Ctrl+C or SIGTERM close the window as the user would: settings and notes are saved."""
    import signal

    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: Any) -> None:
        window.close()

    signal.signal(signal.SIGINT, close)
    signal.signal(signal.SIGTERM, close)
    # Python runs signal handlers between bytecodes: wake the interpreter now and then.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return timer


def main(argv: list[str] | None = None) -> int:
    """Open the desktop app; returns the exit status."""
    args = _parse(sys.argv[1:] if argv is None else list(argv))
    _setup_logging()
    from briefing.platform_check import check

    lacking = check()
    if lacking:  # Qt's own message names the wrong library, then aborts
        print(lacking, file=sys.stderr)
        log.error(lacking)
        return 1
    app = create_application([])
    notifier = _install_crash_handler(app)
    library = open_library(args.db)
    if library is None:
        return 1
    try:
        from briefing.ui.refresh_dialog import describe, refresh_with_progress

        try:
            refreshed = describe(refresh_with_progress(library))
        except Exception as exc:  # noqa: BLE001 - never keep the window from opening
            # The records keep their old analysis; the window opens on them all the same, and
            # the next start tries again.
            log.exception("re-deriving records failed")
            refreshed = f"The library could not be updated: {exc}"
        window = build_window(library)
        window.show()
        if os.environ.get("BRIEFING_SMOKE_TEST") != "1":
            from briefing.ui.first_run import open_on_first_run

            window.first_run_dialog = open_on_first_run(window)
        if refreshed:
            window.statusBar().showMessage(refreshed, 15000)
        timer = _close_on_signals(window)
        record = window.record
        log.info("window shown on record %s", record.id if record is not None else None)
        if os.environ.get("BRIEFING_SMOKE_TEST") == "1":
            # Packaging's smoke test: quit once the populated window has been shown.
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, app.quit)
        status = app.exec()
        timer.stop()
    finally:
        library.close()
    del notifier
    return int(status)


if __name__ == "__main__":
    sys.exit(main())

"""Logging to the user's log folder, rotated, and a crash handler that leaves the traceback there.

No Qt here: the CLI uses this module too. The app passes `install_crash_handler` a function that
shows the message in a dialog; without one the message is a single line on stderr.

`BRIEFING_LOG_LEVEL` (DEBUG, INFO, WARNING, ERROR or a number) sets the level; INFO by default.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from briefing import APP_NAME, __version__, paths

LOG_FILE_NAME = "briefing.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
DEFAULT_LEVEL = logging.INFO
LEVEL_ENV = "BRIEFING_LOG_LEVEL"

_FORMAT = "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s"
# Marks the handler we added, so a second setup_logging() replaces it instead of doubling lines.
_HANDLER_MARK = "_briefing_handler"
_lock = threading.RLock()

log = logging.getLogger(__name__)

ShowFunction = Callable[[str], None]


def log_path() -> Path:
    """The current log file (older ones sit beside it as briefing.log.1 ... .5)."""
    return paths.log_dir() / LOG_FILE_NAME


def level_from_env(default: int = DEFAULT_LEVEL) -> int:
    """The level BRIEFING_LOG_LEVEL asks for; `default` when unset or not a level."""
    raw = os.environ.get(LEVEL_ENV, "").strip()
    if not raw:
        return default
    if raw.lstrip("-").isdigit():
        return int(raw)
    level = logging.getLevelName(raw.upper())
    return level if isinstance(level, int) else default


def _our_handler() -> logging.Handler | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, _HANDLER_MARK, False):
            return handler
    return None


def setup_logging(level: int | None = None) -> Path | None:
    """Send log records to a rotating file in the user's log folder; returns its path.

    Safe to call again (the handler is replaced, e.g. after BRIEFING_HOME changed). If the folder
    cannot be written, logging goes to stderr instead and None is returned: a read-only profile
    must not stop the app.
    """
    if level is None:
        level = level_from_env()
    root = logging.getLogger()
    with _lock:
        old = _our_handler()
        if old is not None:
            root.removeHandler(old)
            old.close()
        path: Path | None = log_path()
        handler: logging.Handler
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
        except OSError as exc:
            handler = logging.StreamHandler(sys.stderr)
            print(f"briefing: cannot write the log in {path.parent}: {exc}", file=sys.stderr)
            path = None
        handler.setFormatter(logging.Formatter(_FORMAT))
        setattr(handler, _HANDLER_MARK, True)
        root.addHandler(handler)
        root.setLevel(level)
    log.info("%s %s starting (Python %s)", APP_NAME, __version__, sys.version.split()[0])
    return path


def crash_message(exc: BaseException, path: Path | None) -> str:
    """The short text a user sees after a crash: what happened and where the details are."""
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    reason = " ".join(reason.split())
    if len(reason) > 200:
        reason = reason[:199] + "…"
    where = f"The details are in {path}" if path else "The details could not be written to a log"
    return f"{APP_NAME} hit an unexpected error ({reason}). {where}"


def report_crash(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    thread_name: str | None = None,
) -> str:
    """Write the traceback to the log file (setting it up if needed); returns the user message."""
    with _lock:
        handler = _our_handler()
        path: Path | None
        if handler is None:
            path = setup_logging()
        else:
            filename = getattr(handler, "baseFilename", None)
            path = Path(filename) if filename else None
    where = f" in thread {thread_name}" if thread_name else ""
    logging.getLogger("briefing.crash").critical(
        "Unhandled exception%s (%s %s)", where, APP_NAME, __version__, exc_info=(exc_type, exc, tb)
    )
    handler = _our_handler()
    if handler is not None:
        handler.flush()
    if path is None:
        # No file: the traceback must still land somewhere a developer can find it.
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
    return crash_message(exc, path)


def _stderr_show(message: str) -> None:
    print(f"briefing: {message}", file=sys.stderr)


def install_crash_handler(show: ShowFunction | None = None) -> None:
    """Route uncaught exceptions (main thread and other threads) to the log and to `show`.

    `show` receives one short message naming the log's path; it defaults to one line on stderr.
    If `show` itself fails, the message goes to stderr. Ctrl+C keeps Python's usual behaviour.
    `show` is called on the thread that crashed: a Qt implementation must hand the message to
    the GUI thread (a queued signal or QMetaObject.invokeMethod) before opening a dialog.
    """
    display = show or _stderr_show

    def _tell(message: str) -> None:
        try:
            display(message)
        except Exception:  # the dialog failed too: stderr is all that is left
            log.exception("the crash message could not be shown")
            _stderr_show(message)

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        _tell(report_crash(exc_type, exc, tb))

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else None
        _tell(report_crash(args.exc_type, args.exc_value, args.exc_traceback, thread_name=name))

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook

"""SQLite's errors in words a delegate can act on: one line naming the file and the cause.

SQLite says "database or disk is full", "unable to open database file", "database is locked".
Shown raw (or worse, taken for damage) they invite the wrong remedy: restoring a healthy file
because the disk was full. The result code, not the message text, tells the causes apart; the
text is the fallback for errors raised without one.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

# Primary result codes (https://www.sqlite.org/rescode.html).
_BUSY = 5
_LOCKED = 6
_READONLY = 8
_IOERR = 10
_CORRUPT = 11
_FULL = 13
_CANTOPEN = 14
_NOTADB = 26

FULL = "the disk is full: free some space and try again (nothing was changed)"
BUSY = (
    "the database is busy: another Briefing (the app, an import or a restore) is writing to "
    "it; try again when it has finished"
)
DAMAGED = "the database is damaged or not a database"


def describe_sqlite_error(exc: sqlite3.Error, path: Path | str, doing: str) -> str:
    """One line: `{path}: cannot {doing}: {cause}`, the cause in plain words.

    Args:
        exc: what sqlite3 raised.
        path: the database file.
        doing: what was being done, as a verb phrase: "open the database", "save annotations".
    """
    return f"{path}: cannot {doing}: {sqlite_cause(exc, path)}"


def sqlite_cause(exc: sqlite3.Error, path: Path | str) -> str:
    """The cause alone, in plain words (see describe_sqlite_error)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _FULL or "disk is full" in text:
        return FULL
    if primary in (_BUSY, _LOCKED) or "database is locked" in text or "is busy" in text:
        return BUSY
    if primary == _READONLY or "readonly" in text or "read-only" in text:
        return _read_only(Path(path))
    if primary == _CANTOPEN or "unable to open" in text:
        return _cannot_open(Path(path))
    if primary in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return DAMAGED
    if primary == _IOERR or "disk i/o error" in text:
        return "the disk reported an error reading or writing the file (is it still there?)"
    return str(exc) or type(exc).__name__


def _read_only(path: Path) -> str:
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only"
    return "the database file is read-only"


def _cannot_open(path: Path) -> str:
    folder = path.parent
    if not folder.exists():
        return f"its folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if not os.access(folder, os.W_OK):
        # SQLite writes the -wal and -shm files beside the database even to read it.
        return f"its folder {folder} is read-only (SQLite needs to write beside the database)"
    if path.exists() and not os.access(path, os.R_OK):
        return "the file cannot be read (permission denied)"
    return "the file cannot be opened"


def describe_os_error(exc: OSError) -> str:
    """An OSError's cause in the same words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)

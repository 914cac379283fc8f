"""Every file Briefing writes is written atomically: a temporary file beside it, then a rename.

A reader (another process, a crash, the next start) sees the old file or the new one, never half
of one. The temporary names share one pattern (`.NAME.XXXXXXXX.part`) so that litter left by a
kill between the write and the rename is recognisable and can be swept at the next start.
A leaf module: every layer may use it. Errors are OSError; each caller words them for its user.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".part"


def temp_path(target: Path) -> Path:
    """A fresh temporary name in the target's folder (same file system: the rename is atomic)."""
    # os.urandom is what secrets.token_hex reads; the secrets module is not needed at start.
    return target.parent / f".{target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"


def is_temp_file(path: Path) -> bool:
    """Whether `path` is one of our temporary files (for sweeping litter)."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def _fsync_dir(folder: Path) -> None:
    # The rename itself reaches the disk only when the folder is synced (POSIX; not on Windows).
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse it; the data is synced
            os.fsync(fd)
    finally:
        os.close(fd)


def commit(tmp: Path, target: Path) -> None:
    """Flush a filled temporary file to disk and put it in the target's place."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    _fsync_dir(target.parent)


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path to fill; on success it replaces `target`, on failure it goes.

    For writers that need a path rather than bytes (SQLite's backup API, fontTools' save).
    """
    target = Path(target)
    tmp = temp_path(target)
    try:
        yield tmp
        commit(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file beside it; no partial file ever."""
    target = Path(target)
    tmp = temp_path(target)
    # O_EXCL: never follow or reuse a file someone else put there; the umask sets the mode.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()

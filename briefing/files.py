"""Reading a file a user names: regular files only, never more than a limit, never blocking.

A FIFO given as a document blocks `open()` forever, `/dev/zero` reads without end, and a name
that is not valid UTF-8 reaches Python as lone surrogates that no database or terminal takes.
Each is refused here in one line, before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(ValueError):
    """Why a file's bytes were not read; `reason` is one line, without the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def readable_name(name: str | os.PathLike[str]) -> str:
    """A file name fit to store and print: bytes that were not UTF-8 become U+FFFD."""
    text = os.fspath(name)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def megabytes(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; UnreadableFile otherwise."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    _require_regular(info, limit)
    # O_NONBLOCK: should a FIFO be swapped in after the check above, opening it returns at once
    # instead of waiting for a writer; the fstat below then refuses it. No effect on a file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    try:
        _require_regular(os.fstat(fd), limit)
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UnreadableFile(f"file too large (the limit is {megabytes(limit)})")
    return data


def _require_regular(info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("not a regular file (a pipe, device or socket); give a file")
    if info.st_size > limit:
        raise UnreadableFile(
            f"file too large ({info.st_size / 1024 / 1024:.1f} MB; the limit is {megabytes(limit)})"
        )

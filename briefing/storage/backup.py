"""Backups of a Briefing database: consistent copies through SQLite's backup API, kept in rotation.

A backup is a complete, self-contained SQLite file (rollback journal, no -wal beside it) in
`paths.backups_dir(db_path)`, named `<stem>__<UTC timestamp>__<reason><suffix>`, for example
`briefing__20261128T152005.123456Z__start.sqlite3`: names sort by time, so the newest is last.

Only sqlite3 and the file system are used here, so the store can call `backup_database` before a
migration without a circular import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import glob
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing import atomic, paths
from briefing.datatypes import dataclass
from briefing.domain.errors import (
    DatabaseCorrupt,
    NotABriefingDatabase,
    NotFound,
    StorageError,
)
from briefing.storage.db import check_connection
from briefing.storage.schema_check import verify_contents

DEFAULT_KEEP = 10
# A backup taken before a record is deleted is the only copy of that record once the library
# moves on: routine backups (every start with changes, manual, pre-migration) must not rotate it
# away. These reasons rotate among themselves, keeping as many as the routine ones.
_KEPT_APART = frozenset({"pre-delete"})
_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_REASON_RE = re.compile(r"[^a-z0-9-]+")
# Bytes of the SQLite header that change with every write of a copy but say nothing about its
# content: the file change counter (24..28) and the version-valid-for number (92..96).
_VOLATILE_HEADER = ((24, 28), (92, 96))
_COMPARE_CHUNK = 1 << 20
_BUSY_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was taken (UTC), why, and how big it is."""

    path: Path
    created: dt.datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        local = self.created.astimezone()
        return f"{local:%Y-%m-%d %H:%M:%S} ({self.reason})"


def backup_database(
    db_path: Path,
    reason: str = "manual",
    keep: int = DEFAULT_KEEP,
    *,
    skip_if_unchanged: bool | None = None,
) -> Path:
    """Copy the database consistently into its backups folder and rotate old copies.

    The copy goes through sqlite3's backup API in one step under a read transaction, so it is
    consistent while another connection writes and includes what sits in the -wal file.

    Args:
        db_path: the database to copy.
        reason: why ("start", "manual", "pre-migration", "pre-restore"); part of the name.
        keep: how many backups of this database to keep (the newest); 0 keeps all.
        skip_if_unchanged: when true, and the newest backup already holds the same content,
            no new file is written and the newest backup's path is returned. Defaults to true
            for reason "start" so that starting the app ten times does not rotate away the
            backups that matter.

    Returns:
        The path of the backup (new, or the newest one when skipped).

    Raises:
        NotFound: no database at db_path.
        DatabaseCorrupt: the database cannot be read or its copy fails the quick check.
        StorageError: the backups folder cannot be written (read-only, disk full, ...).
    """
    db_path = Path(db_path)
    reason = _clean_reason(reason)
    if skip_if_unchanged is None:
        skip_if_unchanged = reason == "start"
    if not db_path.is_file():
        raise NotFound(f"no database to back up at {db_path}")
    folder = paths.backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, f"cannot create the backups folder {folder}") from exc

    newest = _newest(db_path) if skip_if_unchanged else None
    before = _files_state(db_path)
    if newest is not None and _unchanged_since_stamp(db_path, newest, before):
        return newest.path  # no file of the database touched since its newest copy was made

    final = _unique_name(db_path, reason)
    tmp = atomic.temp_path(final)
    try:
        _copy_through_backup_api(db_path, tmp)
        if newest is not None and _same_content(newest.path, tmp):
            tmp.unlink()
            _stamp_unchanged(db_path, newest.path, before)
            return newest.path
        atomic.commit(tmp, final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _os_error(exc, f"cannot write the backup in {folder}") from exc
        raise
    if skip_if_unchanged:
        _stamp_unchanged(db_path, final, before)
    if keep > 0:
        _rotate(db_path, keep)
    return final


# The start's backup copies the whole database (and checks the copy) only to find, on most
# starts, that nothing changed since the newest copy: 150 ms for a 7 MB library, seconds for a
# large one. So once a copy is known to hold the database, a stamp beside the backups keeps
# what the database's files were then (size and time of the file, its -wal and -journal). While
# they are the same, nothing was written, and the start skips the copy. Any write changes the
# time of the file it goes to, and the state kept is the one taken before the copy, so a write
# during or after the copy sends the next start to copy again.
_STAMP_SUFFIX = ".unchanged.json"


def _files_state(db_path: Path) -> list[list[Any]]:
    state: list[list[Any]] = []
    for suffix in ("", "-wal", "-journal"):
        try:
            st = os.stat(db_path.with_name(db_path.name + suffix))
        except OSError:
            state.append([suffix, None])
            continue
        state.append([suffix, st.st_size, st.st_mtime_ns])
    return state


def _stamp_path(db_path: Path) -> Path:
    return paths.backups_dir(db_path) / f"{db_path.name}{_STAMP_SUFFIX}"


def _unchanged_since_stamp(db_path: Path, newest: BackupInfo, state: list[list[Any]]) -> bool:
    try:
        kept = json.loads(_stamp_path(db_path).read_text("utf-8"))
        return bool(
            kept["backup"] == newest.path.name
            and kept["size"] == newest.size
            and kept["state"] == state
        )
    except (OSError, ValueError, KeyError, TypeError):  # none yet, damaged, or not ours
        return False


def _stamp_unchanged(db_path: Path, backup: Path, before: list[list[Any]]) -> None:
    """`backup` holds the database as `before` found its files."""
    with contextlib.suppress(OSError):  # no stamp: the next start copies and compares again
        data = {"backup": backup.name, "size": backup.stat().st_size, "state": before}
        atomic.write_atomically(_stamp_path(db_path), json.dumps(data).encode("utf-8"))


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of this database, oldest first (so the newest is last)."""
    db_path = Path(db_path)
    folder = paths.backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(db_path)
    found: list[BackupInfo] = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        created = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=dt.UTC)
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(entry, created, match["reason"], size))
    found.sort(key=lambda info: (info.created, info.path.name))
    return found


def verify_backup(backup: Path) -> None:
    """Raise unless the file is an intact Briefing database (integrity check, application id).

    Raises:
        NotFound: no such file.
        DatabaseCorrupt: the file fails PRAGMA integrity_check or is not SQLite at all.
        NotABriefingDatabase: SQLite, but not written by Briefing.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise NotFound(f"no such backup: {backup}")
    try:
        with _backup_connection(backup) as conn:
            # The one check of "is this our database" (storage/db.py), in full for a backup.
            version = check_connection(conn, f"backup {backup.name}", integrity="full")
            if version == 0:
                raise NotABriefingDatabase(f"{backup.name} is not a Briefing database")
            label = f"backup {backup.name}"
            verify_contents(conn, label, damaged_prefix=f"{label} is damaged: ")
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(f"backup {backup.name} is damaged: {exc}") from exc
    except OSError as exc:
        raise _os_error(exc, f"cannot read the backup {backup.name}") from exc


@contextlib.contextmanager
def _backup_connection(backup: Path) -> Iterator[sqlite3.Connection]:
    """A connection that reads a backup as SQLite would, never changing a byte of it.

    Our backups are one self-contained file, read `immutable` (no -wal/-shm created beside it).
    A copy taken by hand together with its -wal holds committed transactions in that -wal,
    which an immutable connection ignores: such a pair is copied into a temporary folder and
    opened there, so the committed WAL content is seen and the originals stay as they were.
    """
    wal = backup.with_name(backup.name + "-wal")
    if not (wal.is_file() and wal.stat().st_size > 0):
        conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            yield conn
        finally:
            conn.close()
        return
    with tempfile.TemporaryDirectory(prefix="briefing-backup-") as folder:
        copy = Path(folder) / backup.name
        shutil.copyfile(backup, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        conn = sqlite3.connect(copy)
        try:
            yield conn
        finally:
            conn.close()


def restore_backup(backup: Path, db_path: Path) -> None:
    """Replace the database with a backup, after verifying it and backing up the current one.

    Raises:
        NotFound, DatabaseCorrupt, NotABriefingDatabase: the backup is missing or unusable
            (the database is then untouched).
        StorageError: the database folder cannot be written.
    """
    backup = Path(backup)
    db_path = Path(db_path)
    verify_backup(backup)
    if backup.resolve() == db_path.resolve():
        raise StorageError("a database cannot be restored from itself")

    live_ok = False
    if db_path.exists():
        try:
            # keep=0: no rotation now, which could delete the very backup being restored.
            backup_database(db_path, reason="pre-restore", keep=0)
            live_ok = True
        except DatabaseCorrupt:
            # The very case a restore is for: keep the damaged bytes as they are, aside.
            _copy_raw_aside(db_path)

    if live_ok:
        # The current database is healthy: restore through the backup API *into* the live file.
        # SQLite then writes it in one transaction with its own journal/WAL, so a crash midway
        # leaves the old database, other connections (a running app) see a consistent change
        # instead of a file swapped under them, and the -wal/-shm files stay SQLite's business.
        try:
            _restore_into_live(backup, db_path)
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, f"cannot restore into {db_path}") from exc
    else:
        # No database or an unreadable one: SQLite cannot write into it, so put a verified copy
        # beside it and swap it in with os.replace. The damaged file's -wal and -shm belong to
        # it (they are copied aside above) and must go first: an old WAL left beside a new
        # database would be replayed onto it at the next open.
        _replace_file(backup, db_path)
    _check_restored(db_path)
    # Rotate only now: doing it with the pre-restore copy could delete the very backup being
    # restored; without it at all, every restore left one more file (16 after 35 restores).
    _rotate(db_path, DEFAULT_KEEP)


# -- internals --------------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    cleaned = _REASON_RE.sub("-", reason.lower()).strip("-")
    return cleaned or "manual"


def _name_pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(db_path.stem)
        + r"__(?P<stamp>\d{8}T\d{6}\.\d{6}Z)__(?P<reason>[a-z0-9-]+)"
        + re.escape(db_path.suffix)
    )


def _unique_name(db_path: Path, reason: str) -> Path:
    """A name with the current UTC time to the microsecond, later than every existing one."""
    folder = paths.backups_dir(db_path)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    existing = list_backups(db_path)
    if existing:
        # Clocks step back and two backups may land in one microsecond: stay strictly after
        # the newest so that the names keep sorting in the order the backups were taken.
        latest = existing[-1].created.replace(tzinfo=None)
        if now <= latest:
            now = latest + dt.timedelta(microseconds=1)
    while True:
        name = f"{db_path.stem}__{now.strftime(_STAMP_FORMAT)}__{reason}{db_path.suffix}"
        candidate = folder / name
        if not candidate.exists():
            return candidate
        now += dt.timedelta(microseconds=1)


def _newest(db_path: Path) -> BackupInfo | None:
    backups = list_backups(db_path)
    return backups[-1] if backups else None


def _rotate(db_path: Path, keep: int) -> None:
    backups = list_backups(db_path)
    routine = [info for info in backups if info.reason not in _KEPT_APART]
    apart = [info for info in backups if info.reason in _KEPT_APART]
    surplus = routine[: max(0, len(routine) - keep)] + apart[: max(0, len(apart) - keep)]
    for info in surplus:
        # The side files of a damaged database kept aside go with it.
        for path in (info.path, *_sidecars(info.path)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


# Temporary files older than this are litter of a process killed before its rename; younger
# ones may belong to another instance writing right now (a backup takes seconds).
LITTER_AGE_S = 15 * 60


def clean_litter(db_path: Path, *, older_than_s: float = LITTER_AGE_S) -> list[Path]:
    """Remove what a kill between writing and renaming left behind; returns what went.

    That is every temporary file of briefing.atomic (`.NAME.XXXXXXXX.part`) in the backups
    folder, beside the database (a restore's) and in the font cache, and the names earlier
    releases used (`.<name>.tmp` backups, `.<db>.restore.tmp`, `*.part` fonts), each only once
    older than `older_than_s`. Called where the app and the CLI open the library; never fails
    (litter that cannot go stays for next time).
    """
    db_path = Path(db_path)
    candidates: list[Path] = []
    with contextlib.suppress(OSError):
        folder = paths.backups_dir(db_path)
        if folder.is_dir():
            candidates += [
                p
                for p in folder.iterdir()
                if atomic.is_temp_file(p) or re.fullmatch(r"\..+\.tmp", p.name)
            ]
    candidates.append(db_path.parent / f".{db_path.name}.restore.tmp")
    with contextlib.suppress(OSError):
        mine = f".{glob.escape(db_path.name)}.*{atomic.TEMP_SUFFIX}"
        candidates += list(db_path.parent.glob(mine))
    with contextlib.suppress(OSError):
        fonts = paths.cache_dir() / "fonts"
        if fonts.is_dir():
            candidates += list(fonts.glob("*.part"))
    removed = []
    now = time.time()
    for path in candidates:
        try:
            if path.is_file() and now - path.stat().st_mtime >= older_than_s:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _connect_source(db_path: Path) -> sqlite3.Connection:
    # A plain connection (not mode=ro): a read-only connection cannot read a WAL database whose
    # -shm it may not create. Reading never writes the main file.
    conn = sqlite3.connect(db_path, timeout=_BUSY_TIMEOUT_S)
    return conn


def _copy_through_backup_api(db_path: Path, dest: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        dest.unlink()
    try:
        src = _connect_source(db_path)
    except sqlite3.Error as exc:
        raise _sqlite_error(exc, f"cannot open {db_path} to back it up") from exc
    try:
        try:
            dst = sqlite3.connect(dest)
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, f"cannot write the backup {dest.parent}") from exc
        try:
            try:
                # pages=-1: all pages in one step, under one read transaction, so the copy is a
                # single consistent snapshot even while another connection commits (WAL).
                src.backup(dst, pages=-1)
            except sqlite3.DatabaseError as exc:
                if _is_write_failure(exc):
                    raise _sqlite_error(exc, f"cannot write the backup in {dest.parent}") from exc
                raise DatabaseCorrupt(f"cannot back up {db_path}: {exc}") from exc
            try:
                # The copy keeps the source's WAL flag; make it one self-contained file.
                dst.execute("PRAGMA journal_mode=DELETE").fetchone()
                rows = dst.execute("PRAGMA quick_check").fetchall()
            except sqlite3.DatabaseError as exc:
                if _is_write_failure(exc):
                    raise _sqlite_error(exc, f"cannot write the backup in {dest.parent}") from exc
                raise DatabaseCorrupt(f"cannot back up {db_path}: {exc}") from exc
            if [tuple(r) for r in rows] != [("ok",)]:
                raise DatabaseCorrupt(f"cannot back up {db_path}: it is damaged ({rows[0][0]})")
        finally:
            dst.close()
    finally:
        src.close()


def _restore_into_live(backup: Path, db_path: Path) -> None:
    with _backup_connection(backup) as src:
        dst = sqlite3.connect(db_path, timeout=_BUSY_TIMEOUT_S)
        try:
            src.backup(dst, pages=-1)
            # Fold the restored pages back into the main file now rather than at some later
            # open, so that the file on disk is the backup even if nothing opens it again.
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            dst.close()


def _replace_file(backup: Path, db_path: Path) -> None:
    folder = db_path.parent
    tmp = atomic.temp_path(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        # Through the backup API rather than a byte copy: a backup's committed -wal content
        # comes along, and the result is one self-contained file.
        with _backup_connection(backup) as src:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst, pages=-1)
                dst.execute("PRAGMA journal_mode=DELETE").fetchone()
            finally:
                dst.close()
        for side in _sidecars(db_path):
            with contextlib.suppress(FileNotFoundError):
                side.unlink()
        atomic.commit(tmp, db_path)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, sqlite3.Error):
            raise _sqlite_error(exc, f"cannot restore into {db_path}") from exc
        raise _os_error(exc, f"cannot restore into {db_path}") from exc


def _copy_raw_aside(db_path: Path) -> None:
    """Copy a database that SQLite cannot read, byte for byte, into the backups folder."""
    folder = paths.backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _unique_name(db_path, "pre-restore-damaged")
        shutil.copyfile(db_path, target)
        for side in _sidecars(db_path):
            if side.exists():
                shutil.copyfile(
                    side, target.with_name(target.name + side.name[len(db_path.name) :])
                )
    except OSError as exc:
        raise _os_error(exc, f"cannot keep a copy of {db_path} before restoring") from exc


def _check_restored(db_path: Path) -> None:
    try:
        conn = sqlite3.connect(db_path, timeout=_BUSY_TIMEOUT_S)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseCorrupt(f"the restored database {db_path} cannot be read: {exc}") from exc
    if [tuple(r) for r in rows] != [("ok",)]:
        raise DatabaseCorrupt(f"the restored database {db_path} is damaged: {rows[0][0]}")


def _sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")]


def _same_content(a: Path, b: Path) -> bool:
    """Whether two copies hold the same database, the volatile header fields aside.

    Compared a chunk at a time, not by digest: the first difference ends the read, a library of
    any size needs a megabyte of memory, and the app's start (which backs up) need not load
    hashlib and OpenSSL (7 ms)."""
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        first = True
        while True:
            chunk_a, chunk_b = fa.read(_COMPARE_CHUNK), fb.read(_COMPARE_CHUNK)
            if first:
                chunk_a, chunk_b, first = _masked(chunk_a), _masked(chunk_b), False
            if chunk_a != chunk_b:
                return False
            if not chunk_a:
                return True


def _masked(head: bytes) -> bytes:
    data = bytearray(head)
    for start, end in _VOLATILE_HEADER:
        data[start:end] = bytes(len(data[start:end]))
    return bytes(data)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not every platform can open a directory (Windows)
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


_WRITE_FAILURE_WORDS = ("disk is full", "readonly", "read-only", "unable to open", "disk i/o")


def _is_write_failure(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(word in text for word in _WRITE_FAILURE_WORDS)


def _sqlite_error(exc: sqlite3.Error, what: str) -> StorageError:
    from briefing.storage.errors import DAMAGED, FULL, sqlite_cause

    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError(f"{what}: the folder is not writable")
    cause = sqlite_cause(exc, "")
    if cause == FULL:
        return StorageError(f"{what}: the disk is full")
    if cause == DAMAGED:
        return DatabaseCorrupt(f"{what}: {exc}")
    return StorageError(f"{what}: {cause}")


def _os_error(exc: OSError, what: str) -> StorageError:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return StorageError(f"{what}: the disk is full")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST):
        return StorageError(f"{what}: the folder is not writable")
    return StorageError(f"{what}: {exc.strerror or exc}")

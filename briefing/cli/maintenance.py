"""Keeping a delegate's database safe from the command line: backup, restore, backups, check."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from briefing import paths
from briefing.domain import (
    DatabaseCorrupt,
    NotFound,
    StorageError,
)
from briefing.storage import backup as backups
from briefing.storage.db import check_connection, read_only_uri
from briefing.storage.errors import DAMAGED, sqlite_cause
from briefing.storage.schema_check import verify_contents


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "backup",
        parents=[common],
        help="copy the database into its backups folder now",
        description="Copy the database consistently (SQLite's backup API) into the backups "
        "folder beside it; the newest copies are kept.",
    )
    p.add_argument(
        "--keep",
        type=int,
        default=backups.DEFAULT_KEEP,
        metavar="N",
        help=f"how many backups to keep (default {backups.DEFAULT_KEEP}; 0 keeps all)",
    )
    p.set_defaults(handler=_backup)

    p = subparsers.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (the current one is backed up first)",
        description="Check a backup, back up the current database (reason 'pre-restore'), "
        "then replace the database with the backup.",
    )
    p.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file, or its name as listed by `briefing backups`, or 'latest'",
    )
    p.set_defaults(handler=_restore)

    p = subparsers.add_parser(
        "backups",
        parents=[common],
        help="list the backups of the database, newest last",
    )
    p.set_defaults(handler=_list)

    p = subparsers.add_parser(
        "check",
        parents=[common],
        help="check the database's integrity (read only) and print one line",
        description="Run PRAGMA integrity_check and Briefing's own checks on the database "
        "without changing it; exit 0 and print 'ok: ...' when it is sound.",
    )
    p.set_defaults(handler=_check)


def _db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else paths.default_db_path()


def _backup(args: argparse.Namespace) -> int:
    db = _db_path(args)
    if args.keep < 0:
        raise StorageError("--keep must be 0 or more")
    out = backups.backup_database(db, reason="manual", keep=args.keep)
    print(out)
    return 0


def _resolve_backup(db: Path, name: str) -> Path:
    if name == "latest":
        # A damaged database kept aside before a restore is never what "latest" means.
        listed = [b for b in backups.list_backups(db) if b.reason != "pre-restore-damaged"]
        if not listed:
            raise NotFound(f"no backups of {db} yet")
        return listed[-1].path
    given = Path(name)
    if given.exists():
        return given
    beside = paths.backups_dir(db) / name
    if beside.exists():
        return beside
    raise NotFound(f"no such backup: {name} (see `briefing backups`)")


def _restore(args: argparse.Namespace) -> int:
    db = _db_path(args)
    source = _resolve_backup(db, args.backup)
    before = {b.path for b in backups.list_backups(db)}
    backups.restore_backup(source, db)
    kept = [b.path for b in backups.list_backups(db) if b.path not in before]
    note = f"; the previous database is kept as {kept[-1]}" if kept else ""
    print(f"restored {db} from {source.name}{note}")
    return 0


def _list(args: argparse.Namespace) -> int:
    db = _db_path(args)
    listed = backups.list_backups(db)
    if not listed:
        print(f"no backups of {db} yet")
        return 0
    for info in listed:
        print(f"{info.label:<36} {_size(info.size):>9}  {info.path.name}")
    return 0


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def _check(args: argparse.Namespace) -> int:
    db = _db_path(args)
    print(check_database(db))
    return 0


def check_database(db: Path) -> str:
    """Check a database without writing to it; return a one-line summary or raise.

    Raises:
        NotFound: no file.
        DatabaseCorrupt: not SQLite, truncated, or fails PRAGMA integrity_check.
        NotABriefingDatabase, DatabaseTooNew: the open-time refusals, found read only.
    """
    if not db.is_file():
        raise NotFound(f"no database at {db}")
    try:
        # Read only (immutable unless a -wal is pending), so a check never changes the file.
        conn = sqlite3.connect(read_only_uri(db), uri=True, timeout=10)
        try:
            # The one check of "is this our database" (storage/db.py), integrity in full.
            version = check_connection(conn, str(db), integrity="full")
            verify_contents(conn, str(db), damaged_prefix=f"{db}: ")
            counts = _counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        cause = sqlite_cause(exc, db)
        if cause != DAMAGED and isinstance(exc, sqlite3.OperationalError):
            # A full disk, a read-only folder or a busy database is no sign of damage: saying
            # "damaged" would invite restoring a healthy file.
            raise StorageError(f"{db}: cannot check it: {cause}") from exc
        raise DatabaseCorrupt(f"{db} is damaged or not a database ({exc})") from exc
    detail = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"ok: {db} (schema {version}{', ' + detail if detail else ''})"


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    out: dict[str, int] = {}
    for table in ("records", "annotations"):
        if table in tables:
            out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out

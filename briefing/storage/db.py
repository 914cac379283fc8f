"""The database file: is it ours, open it, migrate it, and one write transaction.

The one check for "is this our database" lives here (`check_database_file`): the open path, the
backups and `briefing check` all ask it, so a foreign, too new or damaged file is refused the
same way everywhere, read-only and byte for byte untouched.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.domain import DatabaseCorrupt, DatabaseTooNew, NotABriefingDatabase, StorageError
from briefing.storage.migrations import APPLICATION_ID, MIGRATIONS, latest_version

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def read_only_uri(path: Path) -> str:
    """A read-only URI for `path`. `immutable` only when no write-ahead log is pending beside
    it: immutable ignores the -wal, so committed data in one would be missed; without a log it
    keeps even the -wal and -shm side files from appearing beside a file we only look at."""
    wal = path.with_name(path.name + "-wal")
    try:
        pending_log = wal.stat().st_size > 0
    except FileNotFoundError:  # none, or another connection's close removed it just now
        pending_log = False
    mode = "mode=ro" if pending_log else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{mode}"


def check_database_file(path: Path, *, name: str | None = None, integrity: str = "quick") -> int:
    """Refuse a file that is not ours, too new or damaged; returns its schema version.

    An empty file, or an SQLite file with no schema at all, is ours to build in (version 0).
    `integrity` is "quick" (PRAGMA quick_check, at every open) or "full" (integrity_check, for
    backups and `briefing check`). `name` is how messages name the file (default: its path).
    """
    label = name or str(path)
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise NotABriefingDatabase(f"{label}: not a Briefing database (not an SQLite file)")
    if len(header) < 100:
        raise DatabaseCorrupt(f"{label}: the database is damaged (truncated header)")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"{label}: cannot open the database ({exc})") from exc
    try:
        return check_connection(conn, label, integrity=integrity)
    finally:
        conn.close()


def check_connection(conn: sqlite3.Connection, label: str, *, integrity: str = "quick") -> int:
    """The checks of check_database_file on an open (read-only) connection: ours, not newer,
    intact. Returns the schema version (0 for an SQLite file with no schema yet)."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            raise StorageError(f"{label}: cannot open the database ({exc})") from exc
        raise DatabaseCorrupt(f"{label}: the database is damaged ({exc})") from exc
    if app_id != APPLICATION_ID:
        if app_id == 0 and version == 0 and objects == 0:
            return 0  # an empty SQLite file: ours to build in
        raise NotABriefingDatabase(
            f"{label}: not a Briefing database (an SQLite file of another program)"
        )
    if version > latest_version():
        raise DatabaseTooNew(
            f"{label}: was written by a newer version of Briefing "
            f"(schema {version}; this version knows {latest_version()})"
        )
    pragma = "quick_check" if integrity == "quick" else "integrity_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(f"{label}: the database is damaged ({exc})") from exc
    if [r[0] for r in rows] != ["ok"]:
        raise DatabaseCorrupt(f"{label}: the database is damaged ({first_problem(rows)})")
    return version


def first_problem(rows: list[tuple[str, ...]]) -> str:
    """The first problem an integrity check names, on one line (SQLite may return several
    lines in one row, headed "*** in database main ***")."""
    lines = [line.strip() for row in rows for line in str(row[0]).splitlines()]
    problems = [line for line in lines if line and not line.startswith("***")]
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return (problems[0] if problems else "unknown damage") + more


def database(conn: sqlite3.Connection | None = None) -> Database:
    """sqlite-utils over `conn` (in memory without one), without its plugins: sqlite-utils
    would otherwise scan every installed package's entry points at the first connection (all
    of importlib.metadata, 40-130 ms of every start) and let any installed plugin change our
    connection. We use none."""
    from sqlite_utils import Database  # at first use: reading a record does not need it

    if conn is None:
        return Database(memory=True, execute_plugins=False)
    return Database(conn, execute_plugins=False)


def connect_sqlite(path: Path) -> sqlite3.Connection:
    """A write connection with our settings: busy timeout, foreign keys, WAL, and the
    recursive triggers sqlite-utils turns on when it wraps a connection (so the connection
    behaves the same before and after `database(conn)` is made)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def connect(path: Path) -> Database:
    """`connect_sqlite` under sqlite-utils."""
    return database(connect_sqlite(path))


def _holds_data(conn: sqlite3.Connection) -> bool:
    """True when any table of ours has a row (annotations may outlive every record)."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%'"
        )
    ]
    return any(
        conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")').fetchone()[0] for name in tables
    )


def pending_migrations(db: Database) -> int:
    return migrations_pending(db.conn)


def migrations_pending(conn: sqlite3.Connection) -> int:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    return sum(1 for m in MIGRATIONS if m.version > current)


def apply_migrations(
    db: Database | sqlite3.Connection, path: Path | None = None, *, upto: int | None = None
) -> None:
    """Bring the schema up to date (or to version `upto`); each migration and its user_version
    bump is one transaction.

    With `path` given and data present, a backup is taken before the first pending migration.
    """
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = [m for m in MIGRATIONS if m.version > current and (upto is None or m.version <= upto)]
    if not pending:
        return
    if path is not None and current > 0 and _holds_data(conn):
        from briefing.storage import backup  # backup imports this module

        backup.backup_database(path, reason="pre-migration")
    for migration in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another instance may have applied it while we waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] < migration.version:
                migration.apply(conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction (a savepoint when one is already open).

    `BEGIN IMMEDIATE` takes the write lock up front, so a second instance waits for the busy
    timeout instead of failing when a read would upgrade to a write.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def content_hash(db: Database) -> str:
    """A digest of every table's rows, to prove a failed operation changed nothing."""
    import hashlib  # here: a start has no use for it (7 ms with OpenSSL)

    digest = hashlib.sha256()
    names = [
        r[0]
        for r in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    for name in names:
        digest.update(name.encode())
        for row in db.conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            digest.update(repr(row).encode())
    return digest.hexdigest()

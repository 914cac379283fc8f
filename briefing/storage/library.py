"""The library: the one handle on a Briefing database that the CLI and the UI hold.

A room per job: db.py opens, checks and migrates the file; records.py keeps each record's source,
derived record and corrections; search.py indexes and searches the places; annotations.py and
backup.py work through this handle. Every write is one transaction (`BEGIN IMMEDIATE`, so two
instances on one database queue behind the busy timeout instead of failing on a lock upgrade);
a failure midway leaves nothing behind.

Opening a library never imports a record: seeding the embedded one and re-deriving records
built by an older importer are the wiring's (briefing.startup), which knows the importer.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import paths
from briefing.domain import NotABriefingDatabase, StorageError
from briefing.storage import db as database
from briefing.storage import search as fts
from briefing.storage.db import apply_migrations, content_hash  # noqa: F401  (re-exported)
from briefing.storage.errors import describe_sqlite_error
from briefing.storage.records import DETAIL_FIELDS, RecordsRoom, RecordSummary  # noqa: F401
from briefing.storage.schema_check import verify_schema
from briefing.storage.search import SearchHit, SearchHits, fts_query  # noqa: F401

if TYPE_CHECKING:
    from sqlite_utils import Database


class Library(RecordsRoom):
    """An open Briefing database. Build one with `Library.open(...)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """sqlite-utils over this library's connection, made when first asked for.

        Reads and writes go through `conn` (sqlite-utils' own `db.conn`, the same connection);
        sqlite-utils does the migrations and the nested transactions. Making it on first use
        keeps its import (click, pluggy, dateutil: 140-240 ms) off the app's start, where a
        record is only read.
        """
        if self._db is None:
            self._db = database.database(self.conn)
        return self._db

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None) -> Library:
        """Open (creating or migrating) the database; refuses a file that is not ours."""
        path = Path(path) if path is not None else paths.default_db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create its folder ({exc.strerror})") from exc
        if path.exists():
            if not path.is_file():
                raise NotABriefingDatabase(f"{path}: not a Briefing database (not a file)")
            database.check_database_file(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = database.connect_sqlite(path)
            # Nothing but what our migrations build: a foreign trigger or view would run as ours.
            verify_schema(conn, path)
            library = cls(conn, path)
            if database.migrations_pending(conn):
                apply_migrations(library.db, path)
            library.index_missing()
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StorageError(describe_sqlite_error(exc, path, "open the database")) from exc
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return library

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the library's own settings ----------------------------------------------------------

    def meta(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self._writing("save the library's settings"):
            self.conn.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    # -- transactions ------------------------------------------------------------------------

    def transaction(self) -> contextlib.AbstractContextManager[Database]:
        """One write transaction (a savepoint when one is already open); see db.transaction."""
        return database.transaction(self.db)

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[Database]:
        try:
            with self.transaction() as db:
                yield db
        except sqlite3.Error as exc:
            raise StorageError(describe_sqlite_error(exc, self.path, what)) from exc

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, record_id: int | None = None, limit: int = 50) -> SearchHits:
        """Full-text hits in every place and record masthead, best (bm25) first, every match
        ranked. Plain words just work (each is quoted, so `Román-Morey` or `5+5` is a phrase, a
        stray `"` is ignored, and `migra*` is a prefix); AND, OR, NOT and brackets act as FTS5
        operators, and a query that misuses them raises QueryError."""
        rows, total = fts.search(self.conn, query, record_id=record_id, limit=limit)
        rows = fts.mastheads_first(self.conn, query, rows, record_id)[:limit]
        titles = self.display_titles({row[0] for row in rows})
        return fts.hits_from_rows(rows, total, titles)

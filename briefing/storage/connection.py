"""The handle the store holds on its SQLite connection: sqlite-utils' `Database`, the part we use.

The store reads and writes through `db.conn` with its own SQL, and otherwise uses five things
of sqlite-utils' `Database`: `execute`, `atomic`, `enable_wal`, `table_names` and `close`.
Importing sqlite-utils costs 85-140 ms at every start (it loads click, pluggy, dateutil and
scans the installed packages for plugins), more than half of what a bare PySide6 window takes
to show, and the window needs none of it. So this class does those five things the way
sqlite-utils 4 does them (recursive triggers on, a write outside a transaction committed at
once, savepoints when nested); tests/unit/test_connection.py holds it to sqlite-utils' own
behaviour. Code that wants the rest of sqlite-utils wraps `db.conn` in its Database there.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

# Statements that manage transactions themselves: never auto-committed after.
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _first_keyword(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].rstrip(";").upper() if words else ""


class Database:
    """An SQLite connection (given, or in memory) with the few helpers the store uses."""

    def __init__(self, conn: sqlite3.Connection | None = None, *, memory: bool = False) -> None:
        if (conn is None) == (not memory):
            raise ValueError("give a connection or memory=True")
        self.conn: sqlite3.Connection = sqlite3.connect(":memory:") if conn is None else conn
        self.execute("PRAGMA recursive_triggers=on;")

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = (
                self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
            )
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                # The failed statement opened an implicit transaction nothing would commit.
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")
        return cursor

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction; a savepoint inside an open one."""
        if self.conn.in_transaction:
            savepoint = f"briefing_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                # A RAISE(ROLLBACK) may have ended the whole transaction, savepoint and all.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def enable_wal(self) -> None:
        """Write-ahead logging (the journal mode can change only outside a transaction)."""
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            if self.conn.in_transaction:
                raise sqlite3.OperationalError("enable_wal() inside a transaction")
            self.conn.execute("PRAGMA journal_mode=wal;")

    def table_names(self) -> list[str]:
        return [
            name
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

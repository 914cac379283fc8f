"""Is this database's schema exactly the one our migrations build? Refuse anything else.

A database or backup may carry objects Briefing never creates: a trigger that deletes every new
annotation after insert, a view that recurses forever, extra tables. SQLite runs them as its
own, so such a file must be refused before it is used, checked "ok" or restored. The expected
schema is built, not written down: the migrations are applied to an in-memory database up to
the file's `user_version`, and every table, index, trigger and view (FTS5 shadow tables
included) must match by name and SQL, with nothing extra and nothing missing.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from briefing.domain import DatabaseCorrupt, NotABriefingDatabase


def verify_contents(conn: sqlite3.Connection, label: str, *, damaged_prefix: str) -> None:
    """What `check` and restore ask beyond the open path: the schema exactly ours and every
    annotation row readable (a bit flip in a stored time or stance passes integrity_check).
    A damaged row is named after `damaged_prefix`."""
    from briefing.storage.annotations import damaged_rows  # annotations reads through Library

    verify_schema(conn, label)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if {"annotations", "annotation_versions"} <= tables:
        damaged = damaged_rows(conn)
        if damaged:
            more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
            raise DatabaseCorrupt(f"{damaged_prefix}{damaged[0]}{more}")


def verify_schema(conn: sqlite3.Connection, path: Path | str) -> None:
    """Raise NotABriefingDatabase, one line naming the first extra, changed or missing object,
    unless the schema of `conn` is the one the migrations build at its `user_version`.

    Reads only sqlite_master and the user_version: never runs a view or fires a trigger.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    found = _objects(conn)
    expected = _expected(version)
    for (kind, name), sql in sorted(found.items()):
        if (kind, name) not in expected:
            raise NotABriefingDatabase(
                f"{path}: not a Briefing database (it holds a {kind} {name!r} that Briefing "
                "does not create)"
            )
        if expected[(kind, name)] != sql:
            raise NotABriefingDatabase(
                f"{path}: not a Briefing database (its {kind} {name!r} differs from the one "
                f"Briefing creates at schema {version})"
            )
    for kind, name in sorted(expected.keys() - found.keys()):
        raise NotABriefingDatabase(
            f"{path}: not a Briefing database (the {kind} {name!r} of schema {version} is missing)"
        )


def _normalised(sql: str | None) -> str | None:
    # SQLite keeps the CREATE statement as written; only runs of blanks may differ harmlessly.
    return " ".join(sql.split()) if sql is not None else None


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str | None]:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    out: dict[tuple[str, str], str | None] = {}
    for kind, name, sql in rows:
        # Anything that is not one of the four kinds (a future SQLite's) is foreign too.
        out[(str(kind), str(name))] = _normalised(sql)
    return out


@functools.lru_cache(maxsize=8)
def _expected(version: int) -> dict[tuple[str, str], str | None]:
    """What the migrations build at `version`, from an in-memory database (cached per run)."""
    from briefing.storage.library import apply_migrations
    from briefing.storage.migrations import MIGRATIONS, latest_version

    # The migrations are SQL on a connection: no sqlite-utils needed to know the schema (this
    # runs at every open, before the window shows).
    conn = sqlite3.connect(":memory:")
    try:
        if version >= latest_version():
            apply_migrations(conn)
        else:
            # An older file (a backup from before an upgrade): the schema as it stood then,
            # each migration applied as apply_migrations does, stopping at its version.
            for migration in MIGRATIONS:
                if migration.version > version:
                    break
                conn.execute("BEGIN")
                migration.apply(conn)
                conn.execute("COMMIT")
        return _objects(conn)
    finally:
        conn.close()


__all__ = ["verify_schema"]

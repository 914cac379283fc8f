"""Is this database's schema exactly the one our migrations build? Refuse anything else.

A database or backup may carry objects Briefing never creates: a trigger that deletes every new
annotation after insert, a view that recurses forever, extra tables. SQLite runs them as its
own, so such a file must be refused before it is used, checked "ok" or restored. The expected
schema is built, not written down: the migrations are applied to an in-memory database up to
the file's `user_version`, and every table, index, trigger and view (FTS5 shadow tables
included) must match by name and SQL, with nothing extra and nothing missing.

Replaying every migration takes 20 ms, a thirtieth of the start, at every open. So what it
built is kept in the user's cache folder (one small file per schema version, for this Briefing
and this SQLite), and a file whose schema equals that copy is ours. Anything else is compared
with a fresh replay, as before: a stale or damaged copy can only cost that replay, never refuse
a good file. The copy sits beside the user's own settings, never in a database or a backup, so
it is not something a file from elsewhere can bring.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
from pathlib import Path

from briefing import __version__, atomic, paths
from briefing.domain import DatabaseCorrupt, NotABriefingDatabase

log = logging.getLogger(__name__)

Objects = dict[tuple[str, str], str | None]


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
    if found == _remembered(version):
        return
    expected = _expected(version)
    _remember(version, expected)
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


def _objects(conn: sqlite3.Connection) -> Objects:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    out: dict[tuple[str, str], str | None] = {}
    for kind, name, sql in rows:
        # Anything that is not one of the four kinds (a future SQLite's) is foreign too.
        out[(str(kind), str(name))] = _normalised(sql)
    return out


def _cache_file(version: int) -> Path:
    return paths.cache_dir() / f"schema-{version}.json"


def _stamp() -> dict[str, str]:
    # Another Briefing or another SQLite may build other SQL: their copies are not ours.
    return {"briefing": __version__, "sqlite": sqlite3.sqlite_version}


def _remembered(version: int) -> Objects | None:
    """The schema a replay built at `version` on an earlier run, or None."""
    try:
        data = json.loads(_cache_file(version).read_text(encoding="utf-8"))
        if data.get("made_by") != _stamp():
            return None
        return {(str(kind), str(name)): sql for kind, name, sql in data["objects"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # none yet, unreadable or damaged: a replay decides


def _remember(version: int, objects: Objects) -> None:
    if _remembered(version) == objects:
        return
    rows = [[kind, name, sql] for (kind, name), sql in sorted(objects.items())]
    data = json.dumps({"made_by": _stamp(), "objects": rows}, indent=1)
    path = _cache_file(version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomically(path, data.encode("utf-8"))
    except OSError as exc:  # a read-only or full disk: the next open replays again
        log.debug("cannot keep the expected schema in %s: %s", path, exc)


@functools.lru_cache(maxsize=8)
def _expected(version: int) -> Objects:
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

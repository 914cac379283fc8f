"""Databases and backups that SQLite calls sound but Briefing must not use (issue 19).

A foreign trigger, a recursive view or an extra table; a bit flip in a stored time or stance; a
copy taken together with its -wal. `check` and restore refuse the first kinds in one line and
change nothing; reads skip a damaged row and say which; a -wal's committed content is restored.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_annotations_helpers import make_record

from briefing.cli.maintenance import check_database
from briefing.domain import DatabaseCorrupt, NotABriefingDatabase, Stance
from briefing.storage import Library
from briefing.storage import annotations as store
from briefing.storage.backup import backup_database, list_backups, restore_backup
from briefing.storage.schema_check import verify_schema

EID = "body__para_2"

HOSTILE = {
    "trigger": (
        "CREATE TRIGGER eat_new_annotations AFTER INSERT ON annotations "
        "BEGIN DELETE FROM annotations WHERE id = new.id; END",
        "trigger 'eat_new_annotations'",
    ),
    "recursive view": (
        "CREATE VIEW forever AS WITH RECURSIVE n(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n",
        "view 'forever'",
    ),
    "extra table": ("CREATE TABLE extra (x)", "table 'extra'"),
    "changed trigger": (
        "DROP TRIGGER elements_fts_insert; CREATE TRIGGER elements_fts_insert AFTER INSERT ON "
        "elements BEGIN DELETE FROM elements WHERE id = new.id; END",
        "trigger 'elements_fts_insert' differs",
    ),
    "missing index": ("DROP INDEX records_symbol", "index 'records_symbol'"),
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "briefing.sqlite3"
    lib = Library.open(path)
    try:
        rid, _ = lib.import_record(make_record())
        store.update_annotation_at(lib, rid, EID, {"note": "kept", "stance": Stance.CONCERN})
    finally:
        lib.close()
    return path


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(sql)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def test_our_own_database_passes(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        verify_schema(conn, db)
    finally:
        conn.close()
    assert check_database(db).startswith("ok: ")


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_check_refuses_a_foreign_schema_object_in_one_line(db: Path, kind: str) -> None:
    sql, named = HOSTILE[kind]
    _tamper(db, sql)
    before = sha(db)
    with pytest.raises(NotABriefingDatabase) as caught:
        check_database(db)
    message = str(caught.value)
    assert "\n" not in message and named.split(" differs")[0] in message
    assert sha(db) == before


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_restore_refuses_a_backup_with_a_foreign_schema_object(db: Path, kind: str) -> None:
    sql, named = HOSTILE[kind]
    hostile = backup_database(db, reason="manual")
    _tamper(hostile, sql)
    before = sha(db)
    with pytest.raises(NotABriefingDatabase, match="not a Briefing database"):
        restore_backup(hostile, db)
    assert sha(db) == before
    assert [b.reason for b in list_backups(db)] == ["manual"]  # no pre-restore taken


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("created", "2026-11-28T15:19:3r.123Z", "time"),
        ("updated", "0001-01-01T00:00:00+14:00", "time"),
        ("stance", "concern\x01", "stance"),
        ("priority", "hig", "priority"),
        ("tags", '["a", ', "tags"),
    ],
)
def test_a_bit_flip_in_a_stored_value_is_skipped_and_reported(
    db: Path, column: str, value: str, said: str
) -> None:
    lib = Library.open(db)
    try:
        rid = lib.latest_record_id()
        other = store.update_annotation_at(lib, rid, "body__para_1", {"note": "sound"})
    finally:
        lib.close()
    conn = sqlite3.connect(db, isolation_level=None)
    # A flip on disk passes no CHECK constraint; this writes the same bytes through SQL.
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(f"UPDATE annotations SET {column} = ? WHERE target_eid = ?", (value, EID))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    lib = Library.open(db)
    try:
        listed = store.annotations_for_record(lib, lib.latest_record_id())
        assert [a.uid for a in listed] == [other.uid]  # the sound one, not a crash of the list
        assert [a.uid for a in store.all_annotations(lib)] == [other.uid]
    finally:
        lib.close()
    with pytest.raises(DatabaseCorrupt, match=said) as caught:
        check_database(db)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("column", "value"), [("updated", "9999-12-31T23:00:00-14:00"), ("priority", "hig")]
)
def test_restore_refuses_a_backup_with_a_bit_flip(db: Path, column: str, value: str) -> None:
    saved = backup_database(db, reason="manual")
    conn = sqlite3.connect(saved, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(f"UPDATE annotations SET {column} = ?", (value,))
    conn.close()
    before = sha(db)
    with pytest.raises(DatabaseCorrupt, match="damaged") as caught:
        restore_backup(saved, db)
    assert "\n" not in str(caught.value)
    assert sha(db) == before


def test_a_copy_taken_with_its_wal_restores_the_committed_wal_content(
    db: Path, tmp_path: Path
) -> None:
    # A copy by hand of a running database: the main file and its -wal holding the last commit.
    live = sqlite3.connect(db, isolation_level=None)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("UPDATE annotations SET note = 'only in the wal'")
    copy = tmp_path / "copy" / "briefing.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(db, copy)
    shutil.copyfile(db.with_name(db.name + "-wal"), copy.with_name(copy.name + "-wal"))
    live.execute("UPDATE annotations SET note = 'later, not in the copy'")
    live.close()
    copy_before = sha(copy)

    restore_backup(copy, db)

    lib = Library.open(db)
    try:
        notes = [a.note for a in store.all_annotations(lib)]
    finally:
        lib.close()
    assert notes == ["only in the wal"]
    assert sha(copy) == copy_before  # reading the copy changed nothing of it
    assert not copy.with_name(copy.name + "-shm").exists()


def test_every_schema_version_the_migrations_built_passes_and_nothing_more() -> None:
    from sqlite_utils import Database

    from briefing.storage.migrations import MIGRATIONS, latest_version

    for version in range(1, latest_version() + 1):
        db = Database(memory=True)
        try:
            for migration in MIGRATIONS[:version]:
                db.conn.execute("BEGIN")
                migration.apply(db.conn)
                db.conn.execute(f"PRAGMA user_version = {migration.version}")
                db.conn.execute("COMMIT")
            verify_schema(db.conn, f"schema {version}")  # an older backup is ours too
            db.conn.execute("CREATE TABLE extra (x)")
            with pytest.raises(NotABriefingDatabase, match="table 'extra'"):
                verify_schema(db.conn, f"schema {version}")
        finally:
            db.close()

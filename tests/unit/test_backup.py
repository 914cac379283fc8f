"""Backups through SQLite's backup API: consistent, self-contained, rotated, restorable."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from briefing import paths
from briefing.domain import DatabaseCorrupt, NotABriefingDatabase, NotFound, StorageError
from briefing.storage import apply_migrations
from briefing.storage import backup as backup_mod
from briefing.storage.backup import backup_database, list_backups, restore_backup
from briefing.storage.migrations import APPLICATION_ID


def make_db(path: Path, rows: int = 3, *, wal: bool = True) -> sqlite3.Connection:
    """A small database with Briefing's schema (restores refuse any other), left open (WAL, no
    automatic checkpoint). Rows go into `meta` twice, as "t:" and as its "mirror:", in one
    transaction each, so a copy is consistent when both counts agree."""
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
    apply_migrations(Database(conn))
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    for i in range(rows):
        add_row(conn, f"row {i}")
    return conn


_serial = iter(range(10**9))


def add_row(conn: sqlite3.Connection, value: str) -> None:
    n = next(_serial)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta (name, value) VALUES (?, ?)", (f"t:{n:09d}", value))
    conn.execute("INSERT INTO meta (name, value) VALUES (?, ?)", (f"mirror:{n:09d}", value))
    conn.execute("COMMIT")


T_ROWS = "SELECT value FROM meta WHERE name LIKE 't:%' ORDER BY name"
COUNTS = (
    "SELECT (SELECT count(*) FROM meta WHERE name LIKE 't:%'), "
    "(SELECT count(*) FROM meta WHERE name LIKE 'mirror:%')"
)


def values(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute(T_ROWS)]
    finally:
        conn.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "briefing.sqlite3"


@pytest.fixture
def conn(db: Path):
    db.parent.mkdir(parents=True)
    c = make_db(db)
    yield c
    c.close()


def test_backup_is_a_self_contained_copy_in_the_backups_folder(db: Path, conn) -> None:
    out = backup_database(db)
    assert out.parent == paths.backups_dir(db) == db.parent / "backups"
    assert out.name.startswith("briefing__") and out.name.endswith("__manual.sqlite3")
    assert values(out) == ["row 0", "row 1", "row 2"]
    # One file: the copy is in rollback-journal mode, so no -wal/-shm is needed to read it.
    check = sqlite3.connect(out)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert check.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    check.close()
    assert not list(out.parent.glob("*.tmp"))


def test_backup_includes_what_is_still_in_the_wal(db: Path, conn) -> None:
    add_row(conn, "only in the wal")
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 0  # not checkpointed: the row lives in the -wal file
    out = backup_database(db)
    assert values(out)[-1] == "only in the wal"


def test_backup_is_consistent_while_another_connection_writes(db: Path, conn) -> None:
    stop = threading.Event()
    written = []

    def writer() -> None:
        w = sqlite3.connect(db, isolation_level=None, timeout=10)
        i = 0
        while not stop.is_set():
            add_row(w, f"w{i}")
            written.append(i)
            i += 1
        w.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        outs = [backup_database(db, keep=0) for _ in range(15)]
    finally:
        stop.set()
        thread.join()
    assert written, "the writer never got to write"
    counts = []
    for out in outs:
        c = sqlite3.connect(out)
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # Each transaction writes both tables: a torn copy would show them differing.
        t, m = c.execute(COUNTS).fetchone()
        c.close()
        assert t == m
        counts.append(t)
    assert counts == sorted(counts)


def test_names_are_unique_and_sort_in_the_order_taken(db: Path, conn) -> None:
    outs = []
    for i in range(6):
        add_row(conn, f"extra {i}")
        outs.append(backup_database(db, keep=0))
    assert len(set(outs)) == 6
    assert sorted(o.name for o in outs) == [o.name for o in outs]
    assert [b.path for b in list_backups(db)] == outs
    assert [len(values(o)) for o in outs] == list(range(4, 10))


def test_names_stay_ordered_when_the_clock_repeats(db: Path, conn, monkeypatch) -> None:
    import datetime as dt

    frozen = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)

    class FrozenClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return frozen

    monkeypatch.setattr(backup_mod.dt, "datetime", FrozenClock)
    outs = [backup_database(db, keep=0) for _ in range(3)]
    assert len(set(outs)) == 3
    assert [b.path for b in list_backups(db)] == outs


def test_rotation_keeps_the_newest_per_database(db: Path, conn) -> None:
    other = db.with_name("other.sqlite3")
    make_db(other).close()
    other_backup = backup_database(other)
    outs = [backup_database(db, keep=3) for _ in range(5)]
    kept = [b.path for b in list_backups(db)]
    assert kept == outs[-3:]
    assert not outs[0].exists() and not outs[1].exists()
    assert other_backup.exists()  # another database's backups are not this one's to rotate
    assert [b.path for b in list_backups(other)] == [other_backup]


def test_start_backup_is_skipped_when_nothing_changed(db: Path, conn) -> None:
    first = backup_database(db, reason="start")
    assert backup_database(db, reason="start") == first
    assert len(list_backups(db)) == 1
    add_row(conn, "changed")
    second = backup_database(db, reason="start")
    assert second != first
    assert values(second)[-1] == "changed"
    # A manual backup is always taken.
    assert backup_database(db) != second
    assert len(list_backups(db)) == 3


def test_start_backups_do_not_rotate_away_older_ones_when_unchanged(db: Path, conn) -> None:
    manual = backup_database(db, keep=3)
    for _ in range(10):
        backup_database(db, reason="start", keep=3)
    assert manual.exists()


def test_no_database_to_back_up(db: Path) -> None:
    with pytest.raises(NotFound, match="no database"):
        backup_database(db)


def test_backup_of_a_damaged_file_is_refused_and_leaves_nothing(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(os.urandom(8192))
    before = sha(db)
    with pytest.raises(DatabaseCorrupt, match="cannot back up"):
        backup_database(db)
    assert sha(db) == before
    assert list_backups(db) == []
    assert not list(paths.backups_dir(db).glob("*tmp*"))


def test_backups_folder_blocked_by_a_file(db: Path, conn) -> None:
    paths.backups_dir(db).write_text("not a folder")
    with pytest.raises(StorageError, match="not writable") as info:
        backup_database(db)
    assert "\n" not in str(info.value)


def test_disk_full_while_writing_the_backup(db: Path, conn, monkeypatch) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = values(db)
    monkeypatch.setattr(backup_mod.os, "replace", full)
    with pytest.raises(StorageError, match="the disk is full"):
        backup_database(db)
    monkeypatch.undo()
    assert values(db) == before
    assert not list(paths.backups_dir(db).iterdir())  # the temporary copy is gone


def test_restore_brings_back_the_backup_and_keeps_the_current_one(db: Path, conn) -> None:
    saved = backup_database(db)
    add_row(conn, "after the backup")
    restore_backup(saved, db)
    # The open connection (a running app) sees the restored content, not a swapped-out file.
    assert [r[0] for r in conn.execute(T_ROWS)] == [
        "row 0",
        "row 1",
        "row 2",
    ]
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    pre = [b for b in list_backups(db) if b.reason == "pre-restore"]
    assert len(pre) == 1
    assert values(pre[0].path)[-1] == "after the backup"
    assert saved.exists()


def test_restore_of_the_oldest_backup_when_rotation_is_full(db: Path, conn) -> None:
    outs = [backup_database(db, keep=3) for _ in range(3)]
    add_row(conn, "later")
    restore_backup(outs[0], db)
    assert values(db) == ["row 0", "row 1", "row 2"]


def test_restore_into_a_damaged_database_keeps_the_damaged_bytes(db: Path, conn) -> None:
    saved = backup_database(db)
    conn.close()
    for side in ("-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)
    garbage = os.urandom(3 * 4096)
    db.write_bytes(garbage)
    db.with_name(db.name + "-wal").write_bytes(os.urandom(1000))  # a stale WAL must not replay
    restore_backup(saved, db)
    assert values(db) == ["row 0", "row 1", "row 2"]
    assert not db.with_name(db.name + "-wal").exists()
    damaged = [b for b in list_backups(db) if b.reason == "pre-restore-damaged"]
    assert len(damaged) == 1 and damaged[0].path.read_bytes() == garbage


def test_restore_when_the_database_is_gone(db: Path, conn) -> None:
    saved = backup_database(db)
    conn.close()
    db.unlink()
    restore_backup(saved, db)
    assert values(db) == ["row 0", "row 1", "row 2"]


def test_restore_refuses_a_missing_backup(db: Path, conn) -> None:
    before = values(db)
    with pytest.raises(NotFound, match="no such backup"):
        restore_backup(db.parent / "nope.sqlite3", db)
    assert values(db) == before


def test_restore_refuses_a_damaged_backup_and_leaves_the_database(db: Path, conn) -> None:
    saved = backup_database(db)
    data = bytearray(saved.read_bytes())
    data[4096 : 2 * 4096] = os.urandom(4096)  # a page of the table's b-tree
    saved.write_bytes(bytes(data))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = sha(db)
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        restore_backup(saved, db)
    assert sha(db) == before
    assert [b.reason for b in list_backups(db)] == ["manual"]  # no pre-restore taken either


def test_restore_refuses_a_file_that_is_not_briefings(db: Path, conn, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite3"
    f = sqlite3.connect(foreign)
    f.execute("CREATE TABLE x (y)")
    f.commit()
    f.close()
    before = values(db)
    with pytest.raises(NotABriefingDatabase, match="not a Briefing database"):
        restore_backup(foreign, db)
    assert values(db) == before


def test_restore_refuses_plain_garbage(db: Path, conn, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"hello, not sqlite at all" * 100)
    with pytest.raises(DatabaseCorrupt) as info:
        restore_backup(junk, db)
    assert "\n" not in str(info.value)


def test_checking_a_backup_changes_nothing_beside_it(db: Path, conn) -> None:
    saved = backup_database(db)
    before = sha(saved)
    backup_mod.verify_backup(saved)
    assert sha(saved) == before
    assert sorted(p.name for p in saved.parent.iterdir()) == [saved.name]


def test_routine_backups_never_rotate_away_a_pre_delete_backup(db: Path, conn) -> None:
    before_delete = backup_database(db, reason="pre-delete", keep=3)
    for n in range(5):
        add_row(conn, f"later {n}")
        backup_database(db, reason="start", keep=3)
    assert before_delete.exists()
    reasons = [b.reason for b in list_backups(db)]
    assert reasons.count("start") == 3 and reasons.count("pre-delete") == 1
    # Pre-delete backups rotate among themselves.
    deletes = [backup_database(db, reason="pre-delete", keep=3) for _ in range(4)]
    assert not before_delete.exists()
    assert [b.path for b in list_backups(db) if b.reason == "pre-delete"] == deletes[-3:]


def test_copies_compare_equal_but_for_the_header_fields_every_write_changes(tmp_path: Path) -> None:
    from briefing.storage import backup

    body = bytearray(os.urandom(3 * backup._COMPARE_CHUNK + 17))
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(body)
    changed = bytearray(body)
    for start, end in backup._VOLATILE_HEADER:  # the change counter and version-valid-for
        changed[start:end] = os.urandom(end - start)
    b.write_bytes(changed)
    assert backup._same_content(a, b)
    changed[2 * backup._COMPARE_CHUNK + 5] ^= 0xFF  # one byte, past the first chunk
    b.write_bytes(changed)
    assert not backup._same_content(a, b)
    b.write_bytes(body[:-1])
    assert not backup._same_content(a, b)


def _counting_copies(monkeypatch, after=None) -> list[Path]:
    copies: list[Path] = []
    real = backup_mod._copy_through_backup_api

    def copy(src: Path, dest: Path) -> None:
        copies.append(dest)
        real(src, dest)
        if after is not None:
            after()

    monkeypatch.setattr(backup_mod, "_copy_through_backup_api", copy)
    return copies


def test_an_unchanged_database_is_not_copied_again_at_start(db: Path, conn, monkeypatch) -> None:
    first = backup_database(db, reason="start")
    copies = _counting_copies(monkeypatch)
    for _ in range(3):
        assert backup_database(db, reason="start") == first
    assert copies == []  # the stamp says no file of the database was written since
    add_row(conn, "changed")
    second = backup_database(db, reason="start")
    assert len(copies) == 1 and second != first and values(second)[-1] == "changed"
    assert backup_database(db, reason="start") == second
    assert len(copies) == 1
    # A manual backup is always copied, and the start after it compares with it again.
    manual = backup_database(db)
    assert len(copies) == 2
    assert backup_database(db, reason="start") == manual
    assert len(copies) == 3
    assert backup_database(db, reason="start") == manual
    assert len(copies) == 3


def test_a_write_during_the_start_copy_sends_the_next_start_to_copy(db: Path, conn, monkeypatch):
    backup_database(db, reason="start")
    add_row(conn, "before")
    copies = _counting_copies(monkeypatch, after=lambda: add_row(conn, "during"))
    taken = backup_database(db, reason="start")
    assert values(taken)[-1] == "before"  # the copy was made before the write
    monkeypatch.undo()
    copies = _counting_copies(monkeypatch)
    again = backup_database(db, reason="start")
    assert len(copies) == 1 and values(again)[-1] == "during"


def test_a_damaged_stamp_means_a_copy(db: Path, conn, monkeypatch) -> None:
    first = backup_database(db, reason="start")
    copies = _counting_copies(monkeypatch)
    stamp = backup_mod._stamp_path(db)
    for n, junk in enumerate(("not json", "[]", '{"backup": 1}'), start=1):
        stamp.write_text(junk)
        assert backup_database(db, reason="start") == first
        assert len(copies) == n
    assert not any(b.path == stamp for b in list_backups(db))  # the stamp is not a backup

"""Opening refuses a file that is not ours, too new or damaged, and leaves it byte for byte."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from briefing.domain import (
    DatabaseCorrupt,
    DatabaseTooNew,
    NotABriefingDatabase,
    Paragraph,
    Part,
    PartKind,
    Record,
    StorageError,
)
from briefing.storage import Library, latest_version


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def small_record(n: int) -> Record:
    paragraphs = [
        Paragraph(f"body__para_{i}", str(i), f"Paragraph {i} of record {n} on migration " * 20)
        for i in range(1, 40)
    ]
    return Record(
        title=f"Record {n}",
        symbol=f"A/{n}",
        parts=[Part("body", PartKind.BODY, "", paragraphs)],
        source_sha256=f"{n:064x}",
    )


@pytest.fixture
def good_db(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    path = folder / "briefing.sqlite3"
    with Library.open(path) as lib:
        for n in range(1, 6):
            lib.import_record(small_record(n))
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.sqlite3"]
    return path


def assert_refused(path: Path, error: type[Exception], *words: str) -> str:
    before = folder_state(path.parent)
    with pytest.raises(error) as caught:
        Library.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word in message
    # Not a byte written, and no -wal/-shm side files left beside it.
    assert folder_state(path.parent) == before
    return message


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not ours')")
    conn.commit()
    conn.close()
    assert_refused(path, NotABriefingDatabase, "not a Briefing database")


def test_a_foreign_sqlite_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    assert_refused(path, NotABriefingDatabase, "not a Briefing database")


@pytest.mark.parametrize(
    "content",
    [b"hello, this is text and not a database\n" * 10, bytes(range(256)) * 20, b"SQLite"],
    ids=["text", "binary", "short"],
)
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "briefing.sqlite3"
    path.write_bytes(content)
    assert_refused(path, NotABriefingDatabase, "not an SQLite file")


def test_a_database_from_a_newer_version_is_refused(good_db: Path) -> None:
    conn = sqlite3.connect(good_db)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.commit()
    conn.close()
    message = assert_refused(good_db, DatabaseTooNew)
    assert message.endswith(
        f"was written by a newer version of Briefing (schema {latest_version() + 5}; "
        f"this version knows {latest_version()})"
    )


def test_a_truncated_database_is_detected(good_db: Path) -> None:
    data = good_db.read_bytes()
    assert len(data) > 8 * 4096
    good_db.write_bytes(data[: len(data) // 2])
    assert_refused(good_db, DatabaseCorrupt, "damaged")


def test_a_database_with_garbage_pages_is_detected(good_db: Path) -> None:
    data = bytearray(good_db.read_bytes())
    rng = __import__("random").Random(7)
    page = 4096
    for number in range(2, len(data) // page):
        data[number * page : (number + 1) * page] = rng.randbytes(page)
    good_db.write_bytes(bytes(data))
    assert_refused(good_db, DatabaseCorrupt, "damaged")


def test_a_cut_header_is_detected(good_db: Path) -> None:
    good_db.write_bytes(good_db.read_bytes()[:60])
    assert_refused(good_db, DatabaseCorrupt, "damaged")


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "briefing.sqlite3"
    path.mkdir()
    with pytest.raises(StorageError, match="not a file"):
        Library.open(path)


def test_an_empty_file_becomes_a_library(tmp_path: Path) -> None:
    path = tmp_path / "briefing.sqlite3"
    path.write_bytes(b"")
    with Library.open(path) as lib:
        assert lib.records() == []
        assert lib.db.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_a_database_with_a_pending_log_opens_with_its_writes(tmp_path: Path) -> None:
    # A copy taken while another instance holds it open: the last writes are in the -wal only.
    source = tmp_path / "a" / "briefing.sqlite3"
    lib = Library.open(source)
    lib.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    lib.import_record(small_record(1))
    copy = tmp_path / "b" / "briefing.sqlite3"
    copy.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{source}{suffix}", f"{copy}{suffix}")
    lib.close()
    assert os.path.getsize(f"{copy}-wal") > 0
    with Library.open(copy) as reopened:
        assert [s.symbol for s in reopened.records()] == ["A/1"]


def test_a_read_only_folder_gives_one_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError) as caught:
            Library.open(folder / "briefing.sqlite3")
        assert "\n" not in str(caught.value)
        assert "briefing.sqlite3" in str(caught.value)
    finally:
        folder.chmod(0o700)


def test_two_instances_on_one_database(tmp_path: Path) -> None:
    path = tmp_path / "briefing.sqlite3"
    first = Library.open(path)
    second = Library.open(path)
    first.import_record(small_record(1))
    second.import_record(small_record(2))
    assert {s.symbol for s in first.records()} == {"A/1", "A/2"}
    first.close()
    second.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_write_ahead_log_removed_while_the_file_is_looked_at(tmp_path, monkeypatch):
    # Another process's close checkpoints and deletes the -wal between a look for it and its
    # size being read (two CLI writers at once): the file is read as having no pending log.
    from briefing.storage import db

    path = tmp_path / "lib.sqlite3"
    Library.open(path).close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists()
    seen = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: True if self == wal else seen(self))
    assert db.read_only_uri(path).endswith("?mode=ro&immutable=1")
    wal.write_bytes(b"\0" * 32)  # a log with something in it: read through it, not immutable
    assert db.read_only_uri(path).endswith("?mode=ro")

"""SQLite's errors in plain words: full disk, read-only folder, busy, damaged (issue 19)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from briefing.storage.errors import BUSY, DAMAGED, FULL, describe_sqlite_error, sqlite_cause


def _error(code: int, message: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    exc.sqlite_errorname = ""
    return exc


def test_one_line_naming_the_file_and_what_was_being_done(tmp_path: Path):
    text = describe_sqlite_error(_error(13, "database or disk is full"), tmp_path / "b.db", "save")
    assert text == f"{tmp_path / 'b.db'}: cannot save: {FULL}"
    assert "\n" not in text and "damaged" not in text


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (13, "database or disk is full", FULL),
        (5, "database is locked", BUSY),
        (517, "database is locked", BUSY),  # SQLITE_BUSY_SNAPSHOT: the primary code counts
        (6, "database table is locked", BUSY),
        (11, "database disk image is malformed", DAMAGED),
        (26, "file is not a database", DAMAGED),
    ],
)
def test_result_codes(code: int, message: str, expected: str, tmp_path: Path):
    assert sqlite_cause(_error(code, message), tmp_path / "b.db") == expected


def test_text_alone_when_there_is_no_code(tmp_path: Path):
    assert sqlite_cause(sqlite3.OperationalError("database is locked"), tmp_path) == BUSY
    assert sqlite_cause(sqlite3.OperationalError("database or disk is full"), tmp_path) == FULL


def test_a_read_only_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    # As root a chmod 555 folder stays writable: ask os.access the way a delegate's would answer.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode)
    )
    cause = sqlite_cause(_error(14, "unable to open database file"), folder / "b.db")
    assert cause.startswith(f"its folder {folder} is read-only")
    assert sqlite_cause(_error(8, "attempt to write a readonly database"), folder / "b.db") == (
        f"its folder {folder} is read-only"
    )


def test_a_missing_folder_and_a_folder_that_is_a_file(tmp_path: Path):
    gone = sqlite_cause(_error(14, "unable to open database file"), tmp_path / "no" / "b.db")
    assert gone == f"its folder {tmp_path / 'no'} does not exist"
    (tmp_path / "file").write_text("x")
    flat = sqlite_cause(_error(14, "unable to open database file"), tmp_path / "file" / "b.db")
    assert flat == f"{tmp_path / 'file'} is a file, not a folder"


def test_a_real_lock_held_by_another_connection(tmp_path: Path):
    path = tmp_path / "b.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            waiter.execute("BEGIN IMMEDIATE")
    finally:
        waiter.close()
        holder.close()
    assert describe_sqlite_error(caught.value, path, "save annotations").endswith(BUSY)

"""The expected schema kept between runs (storage/schema_check.py): the replay of every migration
is skipped at open when the file's schema equals the copy, and nothing else changes. A hostile
file is still refused; a stale or damaged copy never refuses a good file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from briefing import paths
from briefing.domain import NotABriefingDatabase
from briefing.storage import Library, schema_check
from briefing.storage.migrations import latest_version


def _replays(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the replays from here on (the in-process cache emptied first)."""
    schema_check._expected.cache_clear()
    calls: list[int] = []
    replay = schema_check._expected

    def counted(version: int) -> schema_check.Objects:
        calls.append(version)
        return replay(version)

    monkeypatch.setattr(schema_check, "_expected", counted)
    return calls


def _open_and_close(path: Path) -> None:
    Library.open(path).close()


def _made(tmp_path: Path) -> Path:
    """A library created, then opened again: its schema checked at the latest version."""
    db = tmp_path / "briefing.sqlite3"
    _open_and_close(db)
    _open_and_close(db)
    return db


def test_a_second_open_reads_the_kept_schema_instead_of_replaying(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _made(tmp_path)
    kept = paths.cache_dir() / f"schema-{latest_version()}.json"
    assert kept.is_file()
    replays = _replays(monkeypatch)
    _open_and_close(db)
    assert replays == []
    kept.unlink()
    _open_and_close(db)
    assert replays == [latest_version()]
    assert kept.is_file()


def test_a_hostile_file_is_refused_with_the_copy_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _made(tmp_path)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TRIGGER eat AFTER INSERT ON annotations BEGIN SELECT 1; END")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(NotABriefingDatabase, match="trigger 'eat'"):
        _open_and_close(db)
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all",
        json.dumps({"made_by": {"briefing": "0.0.0", "sqlite": "1"}, "objects": []}),
        json.dumps({"objects": [["table", "records", "CREATE TABLE records (x)"]]}),
        "[1, 2, 3]",
    ],
    ids=["unreadable", "another version", "no stamp", "wrong shape"],
)
def test_a_stale_or_damaged_copy_never_refuses_a_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    db = _made(tmp_path)
    kept = paths.cache_dir() / f"schema-{latest_version()}.json"
    kept.write_text(damage, encoding="utf-8")
    replays = _replays(monkeypatch)
    _open_and_close(db)  # a replay decides, and the copy is made again
    assert replays == [latest_version()]
    assert schema_check._remembered(latest_version()) == schema_check._objects(sqlite3.connect(db))


def test_a_copy_that_matches_nothing_costs_a_replay_and_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _made(tmp_path)
    kept = paths.cache_dir() / f"schema-{latest_version()}.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["objects"] = data["objects"][1:]  # as if an object were missing from the copy
    kept.write_text(json.dumps(data), encoding="utf-8")
    replays = _replays(monkeypatch)
    _open_and_close(db)
    assert replays == [latest_version()]
    assert len(json.loads(kept.read_text(encoding="utf-8"))["objects"]) == len(data["objects"]) + 1


def test_an_unwritable_cache_folder_only_costs_the_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("")
    monkeypatch.setattr(paths, "cache_dir", lambda: blocked / "cache")
    db = _made(tmp_path)
    replays = _replays(monkeypatch)
    _open_and_close(db)
    assert replays == [latest_version()]

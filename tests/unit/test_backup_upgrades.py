"""Upgrades: a library from every released schema opens, migrates and keeps every record and note.

Each `tests/fixtures/schema-vN.sql` is a small library (the Lima record, annotations, a corrected
title) written by `tests/fixtures/make_fixtures.py` at the release that introduced schema N.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

from briefing.storage import Library, latest_version
from briefing.storage.backup import list_backups

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SQL_FIXTURES = sorted(FIXTURES.glob("schema-v*.sql"), key=lambda p: int(p.stem.split("-v")[1]))


def _make_fixtures_module():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_fixtures = _make_fixtures_module()


def test_there_is_a_fixture_for_todays_schema() -> None:
    # A release that changes the schema adds its fixture, so the next one is tested against it.
    assert (FIXTURES / f"schema-v{latest_version()}.sql").is_file(), (
        f"no fixture for schema {latest_version()}: run "
        ".venv/bin/python tests/fixtures/make_fixtures.py and commit its output"
    )


@pytest.mark.parametrize("fixture", SQL_FIXTURES, ids=lambda p: p.stem)
def test_a_fixture_opens_migrates_and_keeps_everything(fixture: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    make_fixtures.load_fixture(fixture, db)
    raw = sqlite3.connect(db)
    old_version = raw.execute("PRAGMA user_version").fetchone()[0]
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The search index came back as it was, agreeing with the rows it indexes.
    raw.execute("INSERT INTO elements_fts(elements_fts) VALUES ('integrity-check')")
    raw.close()
    assert f"schema-v{old_version}" == fixture.stem

    with Library.open(db) as lib:
        version = lib.db.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == latest_version()
        summaries = lib.records()
        assert len(summaries) == 1, "a record went missing (or the default was seeded again)"
        record = lib.record(summaries[0].id)
        from briefing.importer import default_record

        fresh = default_record()
        assert [(p.eid, p.text) for _part, p in record.paragraphs()] == [
            (p.eid, p.text) for _part, p in fresh.paragraphs()
        ]
        assert record.title == "Chair's Summary, Lima 2013 (corrected title)"
        from briefing.storage import annotations as store

        kept = {a.target_eid: a for a in store.annotations_for_record(lib, record.id)}
        for eid, note, stance, tags, raise_it in make_fixtures.ANNOTATIONS:
            a = kept[eid]
            assert a.note == note
            assert a.stance is not None and a.stance.value == stance
            assert sorted(a.tags) == sorted(tags)
            assert a.raise_at_meeting is raise_it
            assert a.author == "Fixture Delegate"
            assert not a.detached
        assert len(kept) == len(make_fixtures.ANNOTATIONS)
        from briefing.storage import objectives

        kept_objectives = objectives.objectives_for(lib, record.id)
        if old_version >= 5:  # the briefing lines and objectives came with schema 5
            for eid, line, if_raised in make_fixtures.BRIEFING_LINES:
                assert (kept[eid].line_to_take, kept[eid].if_raised) == (line, if_raised)
            assert kept_objectives is not None and kept_objectives.text == make_fixtures.OBJECTIVES
        else:
            assert all(not a.line_to_take and not a.if_raised for a in kept.values())
            assert kept_objectives is None
        assert lib.search("migration", record_id=record.id), "the search index did not survive"
        assert lib.db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    if old_version < latest_version():
        assert [b.reason for b in list_backups(db)] == ["pre-migration"]
    else:
        assert list_backups(db) == []  # nothing to migrate, nothing backed up


def test_loading_a_fixture_twice_gives_the_same_database(tmp_path: Path) -> None:
    if not SQL_FIXTURES:
        pytest.skip("no fixture yet")
    fixture = SQL_FIXTURES[-1]
    one, two = tmp_path / "one.sqlite3", tmp_path / "two.sqlite3"
    make_fixtures.load_fixture(fixture, one)
    make_fixtures.load_fixture(fixture, two)
    assert make_fixtures.dump(one) == make_fixtures.dump(two)

"""Keep the source, re-derive the record: every importer gain reaches the libraries delegates hold.

The fixture `library-v3.sql` was written by the last release of schema 3 (make_library_v3.py):
four records, annotations on each, two corrected details. It must open with today's code,
migrate, re-derive, and keep every annotation where it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import sqlite3
from pathlib import Path

import pytest

from briefing import importer, startup
from briefing.domain import DocumentError, StorageError
from briefing.storage import Library, latest_version
from briefing.storage import annotations as store
from briefing.storage.backup import list_backups
from briefing.storage.db import content_hash

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = FIXTURES / "samples"


def _load(sql: Path, db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(sql.read_text(encoding="utf-8"))
    conn.close()


def _fixture_annotations(db: Path) -> dict[str, tuple[str, str, str, str | None, str]]:
    """uid -> (record key, eid, quote, stance, note) as schema 3 stored them."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT uid, record_key, target_eid, quote, stance, note FROM annotations"
    ).fetchall()
    conn.close()
    return {uid: (key, eid, quote, stance, note) for uid, key, eid, quote, stance, note in rows}


@pytest.fixture
def v3_library(tmp_path: Path, briefing_home: Path) -> Path:
    db = tmp_path / "library.sqlite3"
    _load(FIXTURES / "library-v3.sql", db)
    return db


def test_the_v3_library_opens_migrates_rederives_and_keeps_every_annotation(
    v3_library: Path,
) -> None:
    before = _fixture_annotations(v3_library)
    assert len(before) == 8 and len({key for key, *_ in before.values()}) == 4
    with startup.open_library(v3_library) as lib:
        assert lib.db.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        assert len(lib.records()) == 4, "a record went missing or the default was seeded again"
        assert startup.records_to_refresh(lib) == 4
        result = startup.refresh_records(lib)
        assert result.updated + len(result.kept) == 4 and not result.cancelled
        assert startup.records_to_refresh(lib) == 0
        assert [b.reason for b in list_backups(v3_library)] == ["pre-migration", "pre-refresh"]

        by_key = {s.key: s.id for s in lib.records()}
        for uid, (key, eid, quote, stance, note) in before.items():
            annotation = store.get_annotation(lib, uid)
            assert annotation is not None, uid
            assert (annotation.target_eid, annotation.note) == (eid, note)
            assert (annotation.stance.value if annotation.stance else None) == stance
            assert not annotation.detached
            record = lib.record(by_key[key])
            place = record.find(annotation.target_eid)
            assert place is not None and place.text == quote

        # The embedded record's source is known: it was re-derived from it in full.
        lima = by_key[next(k for k in by_key if k.startswith("sha256:"))]
        status = lib.derive_status(lima)
        assert (status.has_source, status.importer_version, status.note) == (
            True,
            importer.IMPORTER_VERSION,
            None,
        )
        assert lib.record(lima).title == "Chair's Summary, Lima 2013 (corrected title)"
        # The others had no source kept: their structure stays, they say why.
        resolution = lib.find_record_id("A/RES/67/219")
        status = lib.derive_status(resolution)
        assert not status.has_source and status.note == startup.NO_SOURCE_NOTE
        assert lib.record(resolution).session == "Sixty-seventh session (corrected)"
        assert lib.record(resolution).themes, "the analysis was re-run over the kept structure"
        assert lib.search("A/RES/67/219")[0].record_id == resolution


def test_importing_the_file_again_gives_a_v3_record_its_source(v3_library: Path) -> None:
    with startup.open_library(v3_library) as lib:
        startup.refresh_records(lib)
        resolution = lib.find_record_id("A/RES/67/219")
        notes = {a.uid: a.note for a in store.annotations_for_record(lib, resolution)}
        path = SAMPLES / "a-res-67-219-international-migration-2012.txt"
        record_id, created, _warnings = startup.import_file(lib, path)
        assert (record_id, created) == (resolution, False)
        status = lib.derive_status(resolution)
        assert status.has_source and status.importer_version == importer.IMPORTER_VERSION
        assert status.note is None
        assert lib.source(resolution).data == path.read_bytes()
        kept = store.annotations_for_record(lib, resolution)
        assert {a.uid: a.note for a in kept} == notes
        assert not any(a.detached for a in kept)
        assert lib.record(resolution).session == "Sixty-seventh session (corrected)"


# --- a newer importer over a library of today's records ---------------------------------------


def _library_with(tmp_path: Path, names: list[str]) -> tuple[Path, list[int]]:
    db = tmp_path / "lib.sqlite3"
    with startup.open_library(db, seed=False) as lib:
        ids = [startup.import_file(lib, SAMPLES / name)[0] for name in names]
    return db, ids


RESOLUTION = "a-res-67-219-international-migration-2012.txt"
LETTER = "s-2013-113-sg-letter-mali-annex-2013.txt"
REPORT = "a-77-416-sixth-committee-report-2022.txt"


def _newer_importer(monkeypatch: pytest.MonkeyPatch, change) -> None:
    """Pretend the importer improved: a higher version whose records differ by `change`."""
    real = importer.derive

    def derive(data: bytes, source_name: str = "", *, source: str | None = None):
        record, warnings = real(data, source_name, source=source)
        return change(record), warnings

    monkeypatch.setattr(startup, "IMPORTER_VERSION", importer.IMPORTER_VERSION + 1)
    monkeypatch.setattr(importer, "derive", derive)


def _renumbered(record):
    """Every paragraph's eid changes (a new eid style), the text stays."""
    for part in record.parts:
        for para in part.paragraphs:
            para.eid = para.eid.replace("__para_", "__op_").replace("__p_", "__pp_")
    record.reindex()
    return record


def test_a_newer_importer_reaches_every_record_and_annotations_follow_their_text(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, LETTER])
    with Library.open(db) as lib:
        record = lib.record(ids[0])
        target = next(p for _part, p in record.paragraphs() if p.number)
        note = store.new_annotation(lib, ids[0], target.eid)
        note.note = "Keep this"
        store.save_annotation(lib, note)
        lib.update_details(ids[0], title="Corrected title")
    _newer_importer(monkeypatch, _renumbered)
    with startup.open_library(db, seed=False) as lib:
        seen: list[tuple[int, int, str]] = []
        result = startup.refresh_records(
            lib, progress=lambda d, t, title: seen.append((d, t, title))
        )
        assert result.updated == 2 and not result.kept
        assert seen[0][:2] == (0, 2) and seen[-1][:2] == (2, 2)
        [kept] = store.annotations_for_record(lib, ids[0])
        assert kept.note == "Keep this" and not kept.detached
        assert kept.target_eid != target.eid and "__op_" in kept.target_eid
        assert lib.record(ids[0]).find(kept.target_eid).text == target.text
        assert lib.record(ids[0]).title == "Corrected title"
        assert lib.derive_status(ids[1]).importer_version == startup.IMPORTER_VERSION
        # The search index follows the new eids.
        assert any("__op_" in h.eid for h in lib.search("migration", record_id=ids[0]))
        assert startup.refresh_records(lib).updated == 0  # nothing left to do


def test_a_cancelled_run_leaves_the_rest_for_next_time(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, LETTER, REPORT])
    _newer_importer(monkeypatch, _renumbered)
    with startup.open_library(db, seed=False) as lib:
        calls = iter([False, True])
        result = startup.refresh_records(lib, cancelled=lambda: next(calls, True))
        assert (result.updated, result.cancelled, result.remaining) == (1, True, 2)
        versions = [lib.derive_status(i).importer_version for i in ids]
        assert versions.count(startup.IMPORTER_VERSION) == 1
        assert startup.records_to_refresh(lib) == 2
    with startup.open_library(db, seed=False) as lib:
        assert startup.refresh_records(lib).updated == 2


def test_a_record_whose_source_no_longer_reads_keeps_its_analysis_and_says_why(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, LETTER])
    with Library.open(db) as lib:
        before = [lib.record(i) for i in ids]

    def refuse_letters(record):
        if record.symbol == "S/2013/113":
            raise DocumentError("the newer parser refuses it")
        return _renumbered(record)

    _newer_importer(monkeypatch, refuse_letters)
    with startup.open_library(db, seed=False) as lib:
        result = startup.refresh_records(lib)
        assert result.updated == 1
        [(title, reason)] = result.kept
        assert title == "S/2013/113" and "the newer parser refuses it" in reason
        assert lib.record(ids[1]) == before[1]
        assert "refuses" in lib.derive_status(ids[1]).note
        assert startup.records_to_refresh(lib) == 0  # not retried until the importer changes


def test_a_failure_while_storing_a_derivation_changes_nothing(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION])
    with Library.open(db) as lib:
        note = store.new_annotation(lib, ids[0], lib.record(ids[0]).places()[3].eid)
        note.note = "mine"
        store.save_annotation(lib, note)
    _newer_importer(monkeypatch, _renumbered)
    with startup.open_library(db, seed=False) as lib:
        before = content_hash(lib.db)

        def broken(*_args, **_kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(store, "reanchor_record", broken)  # fails after the record's rows
        with pytest.raises(StorageError, match="cannot update the record"):
            startup.refresh_records(lib, backup=False)
        assert content_hash(lib.db) == before


def test_the_codec_keeps_every_field_of_every_sample() -> None:
    from briefing.storage.codec import record_from_json, record_to_json

    for path in sorted(SAMPLES.glob("*.txt")):
        record = importer.read_document(path)
        back = record_from_json(record_to_json(record))
        assert back == dataclasses.replace(record, id=None), path.name


def test_make_library_v3_is_the_script_that_made_the_fixture() -> None:
    # The fixture's provenance stays written down: the script names the commit it ran on.
    text = (FIXTURES / "make_library_v3.py").read_text(encoding="utf-8")
    assert "71848f6" in text and "library-v3.sql" in text


@pytest.mark.slow
def test_worker_processes_derive_a_library_as_this_process_would(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, LETTER, REPORT])
    with Library.open(db) as lib:
        before = {i: lib.record(i) for i in ids}
        note = store.new_annotation(lib, ids[0], before[ids[0]].places()[2].eid)
        note.note = "kept"
        store.save_annotation(lib, note)
    # A newer version number only: the workers (fresh processes) run the real importer.
    monkeypatch.setattr(startup, "IMPORTER_VERSION", importer.IMPORTER_VERSION + 1)
    with startup.open_library(db, seed=False) as lib:
        calls = iter([False, False, True])
        first = startup.refresh_records(lib, workers=2, cancelled=lambda: next(calls, True))
        assert (first.updated, first.cancelled, first.remaining) == (2, True, 1)
        rest = startup.refresh_records(lib, workers=2)
        assert (rest.updated, rest.kept) == (1, [])
        for record_id, record in before.items():
            assert lib.derive_status(record_id).importer_version == startup.IMPORTER_VERSION
            assert lib.record(record_id) == record  # the same importer: the same record
        [kept] = store.annotations_for_record(lib, ids[0])
        assert kept.note == "kept" and not kept.detached


def test_a_version_imported_meanwhile_is_not_overwritten_by_the_old_ones_derivation(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, REPORT])
    newer = tmp_path / "a-77-416-v2.txt"
    text = (SAMPLES / REPORT).read_text(encoding="utf-8")
    newer.write_text(text.replace("3rd plenary meeting", "3rd zebrafinch meeting", 1), "utf-8")
    imported: list[int] = []

    def meanwhile(record):
        # While the old report is being derived (its source and state read already), another
        # instance imports the new version of it.
        if record.symbol == "A/77/416" and not imported:
            imported.append(1)  # once (the import below derives through here too)
            with Library.open(db) as other:
                startup.import_file(other, newer)
        return record

    _newer_importer(monkeypatch, meanwhile)
    with startup.open_library(db, seed=False) as lib:
        result = startup.refresh_records(lib, workers=1)
        assert (result.updated, result.skipped) == (1, 1)
        report = lib.find_record_id("A/77/416")
        assert lib.source(report).data == newer.read_bytes()
        assert lib.search("zebrafinch", record_id=report).total >= 1  # the new text, indexed
        assert "zebrafinch" in " ".join(p.text for p in lib.record(report).places())


def test_an_unexpected_failure_on_one_source_keeps_that_record_and_updates_the_rest(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, LETTER])

    def broken_for_letters(record):
        if record.symbol == "S/2013/113":
            raise IndexError("list index out of range")  # a parser bug, not a refusal
        return record

    _newer_importer(monkeypatch, broken_for_letters)
    with startup.open_library(db, seed=False) as lib:
        result = startup.refresh_records(lib)
        assert result.updated == 1
        [(title, reason)] = result.kept
        assert title == "S/2013/113" and "IndexError" in reason
        assert startup.records_to_refresh(lib) == 0  # not retried at every start


def test_a_record_deleted_meanwhile_is_skipped(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _library_with(tmp_path, [RESOLUTION, LETTER, REPORT])
    _newer_importer(monkeypatch, lambda record: record)
    with startup.open_library(db, seed=False) as lib:

        def progress(done: int, _total: int, _title: str) -> None:
            if done == 1:
                with Library.open(db) as other:
                    other.delete_record(ids[2])

        result = startup.refresh_records(lib, progress=progress, workers=1)
        assert (result.updated, result.skipped) == (2, 1)
        assert len(lib.records()) == 2


class _Colour(enum.StrEnum):
    RED = "red"


@dataclasses.dataclass
class _Inner:
    name: str
    when: dt.date | None = None


@dataclasses.dataclass
class _Everything:
    """A field of each kind the importer may one day give a record."""

    pair: tuple[int, int] = (0, 0)
    many: tuple[str, ...] = ()
    stamp: dt.datetime | None = None
    colour_or_text: _Colour | str = ""
    mapping: dict[str, int] = dataclasses.field(default_factory=dict)
    nested: list[list[_Inner]] = dataclasses.field(default_factory=list)
    maybe: _Colour | None = None
    number_or_text: int | str = 0


def test_the_codec_round_trips_every_kind_of_field_a_record_may_gain() -> None:
    import json

    from briefing.storage import codec

    value = _Everything(
        pair=(1, 2),
        many=("a", "b"),
        stamp=dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC),
        colour_or_text=_Colour.RED,
        mapping={"a": 1},
        nested=[[_Inner("x", dt.date(2013, 5, 23))], []],
        maybe=_Colour.RED,
        number_or_text="seven",
    )
    back = codec._build(_Everything, json.loads(json.dumps(codec._encode(value))))
    assert back == value
    assert type(back.colour_or_text) is _Colour and isinstance(back.pair, tuple)

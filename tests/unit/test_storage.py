"""The store: migrations, import (idempotent, in place, atomic), overrides, round trip, search."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from briefing.domain import (
    AgendaItem,
    Conclusion,
    Entity,
    Footnote,
    Meeting,
    NotFound,
    Paragraph,
    Part,
    PartKind,
    Point,
    QueryError,
    Record,
    Resolution,
    Signatory,
    Span,
    SpanStyle,
    Theme,
)
from briefing.storage import APPLICATION_ID, Library, latest_version
from briefing.storage import migrations as migrations_module
from briefing.storage.library import content_hash, fts_query


def make_record(symbol: str | None = "A/68/50", variant: str = "", sha: str = "") -> Record:
    """A small record with every kind of structure the store keeps."""
    point_a = Point(
        eid="annex_1__para_8__point_a",
        label="a",
        text=f"Mr. Román-Morey noted that 5+5 processes met{variant}",
        spans=[Span(44, 44, SpanStyle.FOOTNOTE, "a")],
        points=[
            Point(
                "annex_1__para_8__point_a__point_i",
                "i",
                "unbalanced flows of migrants",
                spans=[Span(0, 10, SpanStyle.ITALIC)],
            ),
            Point("annex_1__para_8__point_a__point_ii", "ii", "circular migration"),
        ],
        closing="as the Chair observed.",
    )
    para8 = Paragraph(
        eid="annex_1__para_8",
        number="8",
        text="Key points of the discussion:",
        spans=[Span(0, 10, SpanStyle.BOLD)],
        points=[point_a, Point("annex_1__para_8__point_b", "b", "Data on diasporas")],
        closing="Participants agreed.",
        closing_spans=[Span(0, 12, SpanStyle.ITALIC)],
    )
    return Record(
        title="Letter dated 4 June 2013 from the Permanent Representative of Peru",
        symbol=symbol,
        organ="General Assembly",
        distribution="General",
        date=dt.date(2013, 6, 4),
        original_language="English",
        session="Sixty-eighth session",
        agenda=[AgendaItem("21 (e)", "Globalization and interdependence: migration")],
        meeting=Meeting(
            "Fourth Global Meeting of Chairs",
            "Lima",
            dt.date(2013, 5, 22),
            dt.date(2013, 5, 23),
            "Defining the place of regional consultative processes",
        ),
        parts=[
            Part(
                "letter",
                PartKind.LETTER,
                "",
                [Paragraph("letter__p_1", None, "I have the honour to transmit the summary.")],
                [Signatory("Fernando Rojas", "Ambassador\nPermanent Representative")],
            ),
            Part(
                "annex_1",
                PartKind.ANNEX,
                "Chair's summary",
                [
                    Paragraph("annex_1__heading_1", None, "I. Introduction", role="heading"),
                    para8,
                    Paragraph("annex_1__p_3", None, "Lima, 23 May 2013", role="place_date"),
                ],
                notes=["[Original: Spanish]"],
            ),
        ],
        footnotes=[
            Footnote("*", "footnote_star", "A/68/50.", cited_in=[]),
            Footnote(
                "a",
                "footnote_a",
                "The Bali Process and the Almaty Process (yet to be formalized).",
                spans=[Span(4, 16, SpanStyle.ITALIC)],
                cited_in=["annex_1__para_8__point_a", "annex_1__para_8"],
            ),
        ],
        processes=[
            Entity(
                "Bali Process",
                "regional_consultative_process",
                None,
                None,
                ["footnote_a", "annex_1__para_8"],
            ),
            Entity(
                "Almaty Process",
                "regional_consultative_process",
                None,
                "yet to be formalized",
                ["footnote_a"],
            ),
        ],
        organizations=[Entity("African Union", "regional_body", "AU", None, [])],
        resolutions=[Resolution("65/170", ["letter__p_1"]), Resolution("67/219")],
        themes=[
            Theme("Defining the place of RCPs", "meeting", ["annex_1__para_8"]),
            Theme("Migration and development", "record"),
        ],
        conclusions=[Conclusion("annex_1__para_8__point_a", "8 (a)", point_a.text)],
        key_points=[Conclusion("annex_1__para_8__point_b", "8 (b)", "Data on diasporas")],
        source_name="sample.txt",
        source_sha256=sha,
    )


@pytest.fixture
def library(tmp_path: Path):
    lib = Library.open(tmp_path / "lib.sqlite3")
    yield lib
    lib.close()


def pragma(lib: Library, name: str):
    return lib.db.conn.execute(f"PRAGMA {name}").fetchone()[0]


# -- opening and migrations ------------------------------------------------------------------


def test_open_creates_folders_and_marks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "lib.sqlite3"
    with Library.open(path) as lib:
        assert lib.path == path
        assert pragma(lib, "application_id") == APPLICATION_ID
        assert pragma(lib, "user_version") == latest_version() >= 2
        assert pragma(lib, "journal_mode") == "wal"
        assert pragma(lib, "foreign_keys") == 1
        assert pragma(lib, "busy_timeout") == 5000
        assert pragma(lib, "synchronous") == 1  # NORMAL
        tables = set(lib.db.table_names())
    assert {"records", "record_sources", "record_overrides", "elements", "elements_fts"} <= tables
    # The analysis is one derived document per record, not a table per kind of thing.
    assert not {"parts", "entities", "themes", "conclusions"} & tables
    assert path.is_file()


def test_open_without_path_uses_briefing_home(briefing_home: Path) -> None:
    with Library.open() as lib:
        assert lib.path == briefing_home / "briefing.sqlite3"
    assert (briefing_home / "briefing.sqlite3").is_file()


def test_migrations_are_numbered_in_order() -> None:
    versions = [m.version for m in migrations_module.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert all(m.name.startswith(f"{m.version:04d}_") for m in migrations_module.MIGRATIONS)
    assert migrations_module.MIGRATIONS[0].name == "0001_records"
    assert migrations_module.MIGRATIONS[1].name == "0002_fts"


def test_an_old_database_migrates_with_nothing_lost_and_is_backed_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.storage import backup

    calls: list[tuple[Path, str, int]] = []

    def fake_backup(db_path: Path, reason: str = "manual", keep: int = 10) -> Path:
        # The backup sees the database before any pending migration ran.
        version = sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0]
        calls.append((db_path, reason, version))
        return db_path

    monkeypatch.setattr(backup, "backup_database", fake_backup)
    path = tmp_path / "old.sqlite3"
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript((fixtures / "schema-v3.sql").read_text(encoding="utf-8"))
    conn.close()
    with Library.open(path) as lib:
        assert pragma(lib, "user_version") == latest_version()
        assert calls == [(path, "pre-migration", 3)]
        [summary] = lib.records()
        record = lib.record(summary.id)
        assert record.find("annex_1__para_8__point_c") is not None
        # The new index covers the rows that were there before it.
        assert "annex_1__para_8__point_c" in [h.eid for h in lib.search("regional", limit=500)]


def make_record_as_stored(lib: Library, record_id: int) -> Record:
    expected = make_record()
    row = lib.db.conn.execute(
        "SELECT key, source_sha256 FROM records WHERE id = ?", (record_id,)
    ).fetchone()
    expected.id, expected.key, expected.source_sha256 = record_id, row[0], row[1]
    return expected


def test_a_fresh_or_current_database_is_not_backed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.storage import backup

    calls: list[str] = []
    monkeypatch.setattr(backup, "backup_database", lambda *a, **k: calls.append("called"))
    path = tmp_path / "lib.sqlite3"
    with Library.open(path) as lib:
        lib.import_record(make_record())
    Library.open(path).close()
    assert calls == []


def test_a_failing_migration_leaves_the_schema_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lib.sqlite3"
    with Library.open(path) as lib:
        lib.import_record(make_record())
        before = content_hash(lib.db)

    def broken(conn) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("INSERT INTO records_missing VALUES (1)")

    from briefing.storage import backup

    monkeypatch.setattr(backup, "backup_database", lambda *a, **k: None)
    monkeypatch.setattr(
        migrations_module,
        "MIGRATIONS",
        [
            *migrations_module.MIGRATIONS,
            migrations_module.Migration(latest_version() + 1, "9999_broken", broken),
        ],
    )
    import briefing.storage.db as db_module

    monkeypatch.setattr(db_module, "MIGRATIONS", migrations_module.MIGRATIONS)
    monkeypatch.setattr(db_module, "latest_version", lambda: latest_version() + 1)
    with pytest.raises(Exception, match="records_missing"):
        Library.open(path)
    monkeypatch.undo()
    with Library.open(path) as lib:
        assert pragma(lib, "user_version") == latest_version()
        assert "half_done" not in lib.db.table_names()
        assert content_hash(lib.db) == before


# -- importing -------------------------------------------------------------------------------


def test_round_trip_record_to_db_to_record(library: Library) -> None:
    record = make_record()
    record_id, created = library.import_record(record)
    assert created
    assert record.id == record_id
    assert record.key == "symbol:A/68/50"
    back = library.record(record_id)
    assert back == record
    assert back.parts[1].paragraphs[1].points[0].points[0].spans == [Span(0, 10, SpanStyle.ITALIC)]
    assert back.signatories == [Signatory("Fernando Rojas", "Ambassador\nPermanent Representative")]


def test_key_without_symbol_is_the_text_digest(library: Library) -> None:
    record = make_record(symbol=None, sha="ab" * 32)
    library.import_record(record)
    assert record.key == "sha256:" + "ab" * 32
    assert library.records()[0].key == record.key


def test_same_text_twice_is_stored_once_and_writes_nothing(library: Library) -> None:
    first_id, created = library.import_record(make_record(sha="1" * 64))
    assert created
    before = content_hash(library.db)
    again = make_record(sha="1" * 64)
    assert library.import_record(again) == (first_id, False)
    assert again.id == first_id
    assert content_hash(library.db) == before
    assert len(library.records()) == 1


def test_a_new_version_of_a_symbol_replaces_the_content_in_place(library: Library) -> None:
    old_id, _ = library.import_record(make_record(sha="1" * 64))
    elements_before = library.db.conn.execute("SELECT count(*) FROM elements").fetchone()[0]
    new = make_record(variant=" in 2013", sha="2" * 64)
    assert library.import_record(new) == (old_id, False)
    assert [s.id for s in library.records()] == [old_id]
    stored = library.record(old_id)
    assert stored.source_sha256 == "2" * 64
    assert stored.parts[1].paragraphs[1].points[0].text.endswith("met in 2013")
    count = library.db.conn.execute("SELECT count(*) FROM elements").fetchone()[0]
    assert count == elements_before
    # The index follows: the old wording is gone, the new one is found.
    assert [h.eid for h in library.search('"processes met in 2013"')] == [
        "annex_1__para_8__point_a"
    ]
    fts_rows = library.db.conn.execute("SELECT count(*) FROM elements_fts").fetchone()[0]
    assert fts_rows == count
    library.db.conn.execute("INSERT INTO elements_fts (elements_fts) VALUES ('integrity-check')")


def test_corrections_win_over_a_reimport(library: Library) -> None:
    record_id, _ = library.import_record(make_record(sha="1" * 64))
    library.update_details(
        record_id,
        title="Chair's summary, Lima",
        date=dt.date(2013, 6, 5),
        meeting_place="Lima, Peru",
    )
    library.import_record(make_record(variant=" again", sha="2" * 64))
    stored = library.record(record_id)
    assert stored.title == "Chair's summary, Lima"
    assert stored.date == dt.date(2013, 6, 5)
    assert stored.meeting is not None and stored.meeting.place == "Lima, Peru"
    assert stored.session == "Sixty-eighth session"  # not corrected: as imported
    assert library.records()[0].title == "Chair's summary, Lima"
    library.reset_details(record_id, "title")
    assert library.record(record_id).title == make_record().title
    assert library.record(record_id).date == dt.date(2013, 6, 5)


def test_a_corrected_symbol_keeps_the_key(library: Library) -> None:
    record_id, _ = library.import_record(make_record(sha="1" * 64))
    library.update_details(record_id, symbol="A/68/50/Corr.1")
    assert library.record(record_id).symbol == "A/68/50/Corr.1"
    assert library.record(record_id).key == "symbol:A/68/50"
    assert library.find_record_id("A/68/50/Corr.1") == record_id
    # The same document re-imported still lands on the same record.
    assert library.import_record(make_record(variant="!", sha="3" * 64))[0] == record_id


def test_update_details_refuses_unknown_fields(library: Library) -> None:
    record_id, _ = library.import_record(make_record())
    with pytest.raises(ValueError, match="colour"):
        library.update_details(record_id, colour="red")
    with pytest.raises(NotFound):
        library.update_details(record_id + 1, title="x")


def test_a_failure_midway_leaves_nothing(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.storage import search

    library.import_record(make_record(sha="1" * 64))
    before = content_hash(library.db)
    real = search.index_record

    def index_then_fail(conn, record_id, record) -> None:
        real(conn, record_id, record)  # the row and its index are written...
        raise RuntimeError("disk gone")  # ...and then the write fails

    monkeypatch.setattr(search, "index_record", index_then_fail)
    with pytest.raises(RuntimeError):
        library.import_record(make_record(symbol="A/68/99", sha="9" * 64))
    assert content_hash(library.db) == before
    # And a failed replacement keeps the old content.
    with pytest.raises(RuntimeError):
        library.import_record(make_record(variant=" v2", sha="8" * 64))
    assert content_hash(library.db) == before


def test_records_newest_first_and_delete(library: Library) -> None:
    first, _ = library.import_record(make_record("A/1", sha="1" * 64))
    second, _ = library.import_record(make_record("A/2", sha="2" * 64))
    assert [s.id for s in library.records()] == [second, first]
    assert library.latest_record_id() == second
    assert [s.symbol for s in library.records()] == ["A/2", "A/1"]
    library.delete_record(second)
    assert library.latest_record_id() == first
    assert {h.record_id for h in library.search("diasporas")} == {first}
    for table in ("elements", "record_sources", "record_overrides"):
        rows = library.db.conn.execute(
            f"SELECT count(*) FROM {table} WHERE record_id = ?", (second,)
        ).fetchone()[0]
        assert rows == 0, table
    with pytest.raises(NotFound):
        library.record(second)
    with pytest.raises(NotFound):
        library.delete_record(second)
    library.delete_record(first)
    assert library.latest_record_id() is None
    assert library.db.conn.execute("SELECT count(*) FROM elements_fts").fetchone()[0] == 0


def test_find_record_id_by_id_or_symbol(library: Library) -> None:
    record_id, _ = library.import_record(make_record("A/68/50"))
    assert library.find_record_id(str(record_id)) == record_id
    assert library.find_record_id("A/68/50") == record_id
    assert library.find_record_id("a/68/50") == record_id
    with pytest.raises(NotFound):
        library.find_record_id("A/99/1")


# -- search ----------------------------------------------------------------------------------


@pytest.fixture
def searchable(library: Library) -> Library:
    library.import_record(make_record("A/1", sha="1" * 64))
    other = make_record("A/2", sha="2" * 64)
    other.parts[1].paragraphs[1].text = "Nothing about the subject here."
    library.import_record(other)
    return library


@pytest.mark.parametrize(
    ("query", "eid"),
    [
        ("Román-Morey", "annex_1__para_8__point_a"),
        ("roman morey", "annex_1__para_8__point_a"),  # diacritics and case folded
        ("5+5", "annex_1__para_8__point_a"),
        ('"unbalanced', "annex_1__para_8__point_a__point_i"),
        ("circular migration", "annex_1__para_8__point_a__point_ii"),
        ('"circular migration"', "annex_1__para_8__point_a__point_ii"),
        ("diaspor*", "annex_1__para_8__point_b"),
        ("Almaty", "footnote_a"),
        ("Participants agreed", "annex_1__para_8"),  # closing text is indexed too
        ("circular OR diasporas", "annex_1__para_8__point_a__point_ii"),
        ("(circular OR flows) AND migrants", "annex_1__para_8__point_a__point_i"),
    ],
)
def test_plain_words_just_work(searchable: Library, query: str, eid: str) -> None:
    hits = searchable.search(query)
    assert eid in {h.eid for h in hits}
    hit = next(h for h in hits if h.eid == eid)
    assert hit.kind == ("footnote" if eid.startswith("footnote") else
                        "point" if "__point_" in eid else "paragraph")  # fmt: skip
    assert hit.highlights
    for start, end in hit.highlights:
        assert 0 <= start < end <= len(hit.snippet)
    assert "\ue000" not in hit.snippet and "\ue001" not in hit.snippet


def test_highlights_point_at_the_matched_words(searchable: Library) -> None:
    hit = searchable.search("diasporas")[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["diasporas"]
    hit = searchable.search("Román-Morey")[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Román-Morey"]


def test_search_ranks_and_filters(searchable: Library) -> None:
    first, second = (s.id for s in reversed(searchable.records()))
    hits = searchable.search("Key points")
    assert {h.record_id for h in hits} == {first}
    assert {h.record_title for h in hits} == {"A/1"}
    all_hits = searchable.search("Almaty")
    assert {h.record_id for h in all_hits} == {first, second}
    assert [h.record_id for h in searchable.search("Almaty", record_id=second)] == [second]
    assert len(searchable.search("Almaty", limit=1)) == 1
    ranks = [h.rank for h in searchable.search("migration OR migrants OR processes")]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("query", ["", "   ", '"', "--", "*"])
def test_an_empty_query_finds_nothing(searchable: Library, query: str) -> None:
    assert searchable.search(query) == []


@pytest.mark.parametrize(
    "query",
    ["migration AND", "(migration OR x", "a OR migration)", "NOT migration", "OR", "AND OR NOT"],
)
def test_a_malformed_query_is_a_query_error(searchable: Library, query: str) -> None:
    with pytest.raises(QueryError) as caught:
        searchable.search(query)
    message = str(caught.value)
    assert "\n" not in message
    assert "cannot search for" in message


def test_fts_query_quotes_every_word() -> None:
    assert fts_query("Román-Morey 5+5") == '"Román-Morey" "5+5"'
    assert fts_query('say "hello there" migra*') == '"say" "hello there" "migra"*'
    assert fts_query("a AND (b OR c)") == '"a" AND ( "b" OR "c" )'
    assert fts_query("col:umn NEAR") == '"col:umn" "NEAR"'


def test_scoped_search_after_a_replacement_between_other_records(library: Library) -> None:
    first, _ = library.import_record(make_record("A/1", sha="1" * 64))
    second, _ = library.import_record(make_record("A/2", sha="2" * 64))
    library.import_record(make_record("A/1", variant=" anew", sha="3" * 64))
    third, _ = library.import_record(make_record("A/3", sha="4" * 64))
    for record_id in (first, second, third):
        hits = library.search("Almaty", record_id=record_id)
        assert [h.record_id for h in hits] == [record_id]
        assert len(library.search("diasporas OR migrants", record_id=record_id)) == 2
    assert [h.record_id for h in library.search("anew", record_id=first)] == [first]
    assert library.search("anew", record_id=second) == []
    assert library.search("Almaty", record_id=third + 100) == []


def test_opening_a_library_imports_nothing(tmp_path: Path) -> None:
    # Seeding the embedded record is the wiring's (briefing.startup), not the store's.
    with Library.open(tmp_path / "lib.sqlite3") as lib:
        assert lib.records() == []


SAMPLES = sorted(
    (Path(__file__).resolve().parents[2].parent / "shared/records/samples").glob("*.txt")
)


def test_every_real_document_round_trips_and_is_searchable(library: Library) -> None:
    from briefing.importer import default_record, read_document

    documents = [default_record()] + [read_document(p) for p in SAMPLES]
    ids = []
    for document in documents:
        record_id, created = library.import_record(document)
        assert created, document.source_name
        ids.append(record_id)
    for record_id, document in zip(ids, documents, strict=True):
        assert library.record(record_id) == document, document.source_name
        some = next((p for _part, p in document.paragraphs() if len(p.text.split()) > 3), None)
        if some is not None:
            words = " ".join(w for w in some.text.split()[:4] if any(c.isalnum() for c in w))
            hits = library.search(f'"{words}"' if '"' not in words else words, record_id=record_id)
            assert some.eid in {h.eid for h in hits}, (document.source_name, words)
    assert len(library.records()) == len(documents)


def test_every_match_of_a_common_word_is_ranked(library: Library) -> None:
    ids = [library.import_record(make_record(f"A/{n}", sha=f"{n:064x}"))[0] for n in range(1, 7)]
    hits = library.search("Almaty")
    assert hits.total == len(hits) == 6
    assert {h.record_id for h in hits} == set(ids)
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    one = library.search("Almaty", record_id=ids[0])
    assert (one.total, len(one), one[0].record_id) == (1, 1, ids[0])


def test_a_symbol_finds_its_record(library: Library) -> None:
    first, _ = library.import_record(make_record("A/RES/67/219", sha="1" * 64))
    library.import_record(make_record("S/PV.7138", sha="2" * 64))
    hits = library.search("A/RES/67/219")
    assert hits and (hits[0].record_id, hits[0].kind, hits[0].eid) == (first, "record", "")
    assert library.search("S/PV.7138")[0].record_title == "S/PV.7138"


def test_the_total_counts_past_the_limit(searchable: Library) -> None:
    hits = searchable.search("Almaty", limit=1)
    assert len(hits) == 1
    assert hits.total == 2
    assert searchable.search("zzyzx").total == 0

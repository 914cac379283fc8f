"""Search ranks every match: the impact index's answers are FTS5's own bm25 over every place.

The fast path (storage/search.py) scores (tf, length) groups instead of places; it must give the
same ranks, the same places (up to ties at the cut) and the same total as `ORDER BY rank` over
every match, for words and pairs of words drawn from a library of every sample.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from briefing import startup
from briefing.domain import QueryError
from briefing.storage import Library
from briefing.storage import search as fts

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("search") / "lib.sqlite3"
    lib = startup.open_library(db)  # Lima
    for path in sorted(SAMPLES.glob("*.txt")):
        startup.import_file(lib, path)
    yield lib
    lib.close()


def _same(lib: Library, query: str, record_id: int | None = None) -> bool:
    conn = lib.db.conn
    rows, total = fts.search(conn, query, record_id=record_id)
    reference, ref_total = fts._search_fts(conn, fts.fts_query(query), record_id, 50)
    if total != ref_total:
        return False
    if [round(r[4], 9) for r in rows] != [round(r[4], 9) for r in reference]:
        return False
    cut = round(reference[-1][4], 9) if len(reference) == 50 else None
    ours = {(r[0], r[1]) for r in rows if round(r[4], 9) != cut}
    theirs = {(r[0], r[1]) for r in reference if round(r[4], 9) != cut}
    return ours == theirs


def test_one_word_is_ranked_exactly_as_fts5_ranks_every_match(library: Library) -> None:
    words = sorted(
        {
            row[0].split("_")[0]
            for row in library.db.conn.execute("SELECT term FROM search_impact_vocab")
        }
    )
    assert len(words) > 1000
    sample = random.Random(7).sample(words, 150) + ["migration", "the", "council", "shall"]
    differ = [w for w in sample if not _same(library, w)]
    assert differ == []


def test_pairs_of_words_are_ranked_exactly(library: Library) -> None:
    rng = random.Random(11)
    common = ["the", "of", "and", "council", "security", "general", "assembly", "migration"]
    pairs = [f"{rng.choice(common)} {rng.choice(common)}" for _ in range(30)]
    pairs += ["international migration", "human rights", "peace security"]
    assert [p for p in pairs if not _same(library, p)] == []


def test_within_a_record_and_other_queries_rank_every_match(library: Library) -> None:
    lima = library.find_record_id(library.records()[-1].id)
    for query in ("migration", "regional consultative", "migra*", "Bali OR Almaty"):
        assert _same(library, query, lima), query
    hits = library.search("migration", record_id=lima)
    assert hits and {h.record_id for h in hits} == {lima}


def test_the_total_counts_every_matching_place(library: Library) -> None:
    conn = library.db.conn
    for word in ("migration", "council", "the"):
        hits = library.search(word)
        (expected,) = conn.execute(
            "SELECT count(*) FROM elements_fts WHERE elements_fts MATCH ?", (f'"{word}"',)
        ).fetchone()
        assert hits.total == expected and len(hits) == min(50, expected)


def test_symbols_find_their_records(library: Library) -> None:
    # (Diacritics: test_storage.py searches "Roman" for "Román".)
    for summary in library.records():
        if summary.symbol:
            first = library.search(summary.symbol)[0]
            assert (first.record_id, first.kind) == (summary.id, "record"), summary.symbol
    with pytest.raises(QueryError):
        library.search("migration AND")


def test_a_corrected_symbol_and_title_find_the_record(tmp_path: Path) -> None:
    with startup.open_library(tmp_path / "lib.sqlite3", seed=False) as lib:
        rid, _created, _w = startup.import_file(
            lib, SAMPLES / "a-res-67-219-international-migration-2012.txt"
        )
        lib.update_details(rid, symbol="A/RES/67/219/Corr.1", title="Zebrafinch migration")
        assert lib.search("A/RES/67/219/Corr.1")[0].record_id == rid
        assert {h.record_id for h in lib.search("zebrafinch")} == {rid}
        lib.reset_details(rid)
        assert lib.search("zebrafinch").total == 0
        assert lib.search("A/RES/67/219")[0].record_id == rid


def test_characters_newer_than_sqlites_tables_are_tokenized_as_sqlite_does(tmp_path: Path) -> None:
    # U+2066/2069 (bidi isolates in mixed Arabic and English text) and U+20BD (the rouble sign)
    # are newer than SQLite 3.40's Unicode tables: to it they are token characters.
    text = (SAMPLES / "a-res-67-219-international-migration-2012.txt").read_text("utf-8")
    odd = tmp_path / "odd.txt"
    odd.write_text(
        text.replace("Recalling", "Recalling \u2066migration\u2069 costs 100\u20bd and", 1), "utf-8"
    )
    with startup.open_library(tmp_path / "lib.sqlite3", seed=False) as lib:
        startup.import_file(lib, odd)
        for word in ("migration", "100", "costs"):
            assert _same(lib, word), word


def test_snippets_made_here_highlight_the_words_and_quote_the_place(library: Library) -> None:
    conn = library.db.conn
    cases = (("migration", {"migration"}), ("council security", {"council", "security"}))
    for query, words in cases:
        hits = library.search(query)
        assert hits
        for hit in hits:
            marked = {hit.snippet[a:b].lower() for a, b in hit.highlights}
            assert marked and marked <= words, (query, hit.snippet)
            (text,) = conn.execute(
                "SELECT text FROM elements WHERE record_id = ? AND eid = ?",
                (hit.record_id, hit.eid),
            ).fetchone()
            assert hit.snippet.strip("…") in text


def test_a_non_ascii_search_leaves_no_transaction_open_and_later_writes_last(
    tmp_path: Path,
) -> None:
    # Tokenizing "Perú" on the library's connection began a transaction nothing committed:
    # the next write became a savepoint inside it, lost when the library closed.
    path = tmp_path / "lib.sqlite3"
    with startup.open_library(path) as lib:  # Lima
        assert lib.search("Perú").total > 0  # a non-ASCII word: the tokenizing table
        assert not lib.conn.in_transaction
        lib.set_meta("after-search", "kept")
        other = sqlite3.connect(path, timeout=0.5)
        try:  # nobody holds the write lock
            other.execute("INSERT INTO meta (name, value) VALUES ('other', 'writer')")
            other.commit()
        finally:
            other.close()
    with startup.open_library(path) as lib:
        assert lib.meta("after-search") == "kept"
        assert lib.meta("other") == "writer"

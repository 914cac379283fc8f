"""The records command line, run as a subprocess against a database in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "tests" / "fixtures" / "samples").glob("*.txt"))

pytestmark = pytest.mark.e2e


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_HOME": str(home), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=home.parent,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def table_hash(db: Path) -> str:
    """A digest of every table's content (file bytes may move with checkpoints; rows may not)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    digest = hashlib.sha256()
    try:
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        for (name,) in names:
            digest.update(name.encode())
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                digest.update(repr(row).encode())
        digest.update(repr(conn.execute("PRAGMA user_version").fetchone()).encode())
    finally:
        conn.close()
    return digest.hexdigest()


@pytest.fixture
def home(briefing_home: Path) -> Path:
    return briefing_home


def db_path(home: Path) -> Path:
    return home / "briefing.sqlite3"


# -- bad input -------------------------------------------------------------------------------

BAD_INPUTS = {
    "empty": b"",
    "blank": b"\n \n\t\n",
    "binary": bytes(range(256)) * 8,
    "bad-encoding": b"\xff\xfe" + "A/68/50 General Assembly".encode("utf-16-le") + b"\x00\xd8",
    "not-a-un-document": b"Shopping list\n\n- eggs\n- milk\n- bread\n",
}


@pytest.mark.parametrize("kind", [*BAD_INPUTS, "missing"])
def test_bad_input_exits_non_zero_with_one_line_and_the_db_unchanged(
    home: Path, tmp_path: Path, kind: str
) -> None:
    run(home, "records")  # the database exists (seeded) before the bad import
    before = table_hash(db_path(home))
    bad = tmp_path / f"{kind}.txt"
    if kind != "missing":
        bad.write_bytes(BAD_INPUTS[kind])
    result = run(home, "import", str(bad), check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"briefing: {bad}: ")
    assert "Traceback" not in result.stderr
    assert table_hash(db_path(home)) == before


def test_bad_input_into_a_new_database_creates_nothing(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run(home, "import", str(bad), check=False)
    assert result.returncode == 1
    assert not db_path(home).exists()


def test_a_file_that_is_not_a_database_gives_one_line(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    db.write_text("not a database at all\n" * 20)
    before = db.read_bytes()
    result = run(home, "records", "--db", str(db), check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"briefing: {db}: not a Briefing database (not an SQLite file)"
    ]
    assert db.read_bytes() == before


def test_a_malformed_query_gives_one_line(home: Path) -> None:
    result = run(home, "search", "migration AND", check=False)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("briefing: cannot search for 'migration AND'")


def test_show_an_unknown_record(home: Path) -> None:
    result = run(home, "show", "A/99/999", "--db", str(home / "x.sqlite3"), check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["briefing: no record with id or symbol 'A/99/999'"]


# -- the seeded Lima record ------------------------------------------------------------------


def test_show_json_holds_the_record_as_the_importer_built_it(home: Path) -> None:
    from briefing.importer import IMPORTER_VERSION, default_record
    from briefing.storage.serialize import record_to_dict

    shown = json.loads(run(home, "show", "--json").stdout)
    expected = record_to_dict(default_record())
    expected["id"], expected["key"] = shown["id"], shown["key"]
    derivation = shown.pop("derivation")
    assert shown == expected
    # Seeded from the embedded file: its bytes are kept, by this importer.
    assert derivation == {"importer_version": IMPORTER_VERSION, "source_kept": True, "note": None}


def test_show_json_on_lima_holds_the_issue_fields(home: Path) -> None:
    data = json.loads(run(home, "show", "--json").stdout)
    for name in (
        "id", "symbol", "organ", "session", "date", "agenda", "title", "meeting", "signatories",
        "parts", "footnotes", "processes", "organizations", "resolutions", "themes",
        "conclusions", "key_points", "kind", "subtitle", "speakers", "votes", "tables",
    ):  # fmt: skip
        assert name in data, name
    assert data["symbol"] is None or isinstance(data["symbol"], str)  # Lima's text has none
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["date"])
    assert all(set(a) == {"item", "title", "marker"} for a in data["agenda"])
    meeting = data["meeting"]
    assert meeting is not None and {"title", "place", "start", "end", "theme"} <= set(meeting)
    assert meeting["place"] == "Lima"
    assert all({"name", "title"} <= set(s) for s in data["signatories"])
    annexes = [p for p in data["parts"] if p["kind"] == "annex"]
    assert annexes
    numbered = [p for p in annexes[0]["paragraphs"] if p["number"]]
    assert len(numbered) == 11
    by_number = {p["number"]: p for p in numbered}
    assert [pt["label"] for pt in by_number["8"]["points"]] == list("abcdef")
    assert [pt["label"] for pt in by_number["10"]["points"]] == list("abcde")
    for point in by_number["8"]["points"]:
        assert {"eid", "label", "text", "points"} <= set(point)
    assert by_number["8"]["eid"] == "annex_1__para_8"
    assert [f["marker"] for f in data["footnotes"]] == ["*", "a", "b"]
    assert all({"marker", "text", "cited_in"} <= set(f) for f in data["footnotes"])
    for entity in data["processes"] + data["organizations"]:
        assert {"name", "short_name", "kind", "status", "mentions"} <= set(entity)
    assert [c["label"] for c in data["key_points"]] == [f"8 ({x})" for x in "abcdef"]
    assert [c["label"] for c in data["conclusions"]] == [f"10 ({x})" for x in "abcde"]
    text = json.dumps(data, ensure_ascii=False)
    assert "Román-Morey" in text
    assert "**" not in text and "^" not in text


def test_show_plain_text_is_readable(home: Path) -> None:
    out = run(home, "show").stdout
    assert "Román-Morey" in out
    assert "(a)" in out
    assert "**" not in out


# -- import, records, search ----------------------------------------------------------------


def test_import_prints_the_id_and_is_idempotent(home: Path, tmp_path: Path) -> None:
    sample = SAMPLES[0]
    first = run(home, "import", str(sample)).stdout.strip()
    assert first.isdigit()
    before = table_hash(db_path(home))
    assert run(home, "import", str(sample)).stdout.strip() == first
    assert table_hash(db_path(home)) == before
    listing = json.loads(run(home, "records", "--json").stdout)
    assert [r["id"] for r in listing][0] == int(first)
    assert len(listing) == 2  # the seeded Lima record and the sample
    assert all(
        {"id", "key", "symbol", "title", "date", "organ", "imported_at"} <= set(r) for r in listing
    )
    plain = run(home, "records").stdout.splitlines()
    assert len(plain) == 2 and plain[0].split()[0] == first
    shown = json.loads(run(home, "show", first, "--json").stdout)
    assert shown["id"] == int(first)
    if shown["symbol"]:
        by_symbol = json.loads(run(home, "show", shown["symbol"], "--json").stdout)
        assert by_symbol["id"] == int(first)


def test_search_finds_lima_with_snippets(home: Path) -> None:
    hits = json.loads(run(home, "search", "Botswana", "--json").stdout)
    assert [h["eid"] for h in hits] == ["annex_1__para_3"]
    for hit in hits:
        assert {"record_id", "record_title", "eid", "kind", "snippet", "highlights"} <= set(hit)
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["snippet"])
    lima_id = json.loads(run(home, "show", "--json").stdout)["id"]
    scoped = json.loads(run(home, "search", "migration", "--record", str(lima_id), "--json").stdout)
    assert scoped and {h["record_id"] for h in scoped} == {lima_id}
    plain = run(home, "search", "Bali").stdout
    assert "[Bali]" in plain


def test_search_says_how_many_places_match(home: Path) -> None:
    everything = json.loads(run(home, "search", "migration", "--json").stdout)
    few = run(home, "search", "migration", "--limit", "2")
    assert few.stdout.count("\n    ") == 2
    # More places than the limit: the summary says how many match in all, on stderr.
    total = len(json.loads(run(home, "search", "migration", "--limit", "500", "--json").stdout))
    assert len(everything) == min(total, 50)
    assert few.stderr.strip() == f"2 of {total:,} places"


def test_every_subcommand_takes_db(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "elsewhere" / "mine.sqlite3"
    run(home, "records", "--db", str(db))
    assert db.is_file()
    assert not db_path(home).exists()
    result = run(home, "search", "zzyzx", "--db", str(db), "--json")
    assert json.loads(result.stdout) == []
    assert not db_path(home).exists()


def test_a_reader_that_goes_away_ends_the_output_quietly(home: Path) -> None:
    # `briefing show --json | head -1`: the pipe closes before the record is written.
    run(home, "records")  # the library exists, with the embedded record
    env = {**os.environ, "BRIEFING_HOME": str(home), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "show", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=home.parent,
    )
    proc.stdout.close()
    with proc.stderr:
        stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert stderr == ""

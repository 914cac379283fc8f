"""Hostile inputs through the real CLI: refused in one line, in seconds, the database unchanged.

FIFOs and /dev/zero, JSON nested past the recursion limit, dates out of range, lone surrogates,
names and arguments that are not UTF-8, UTF-16 without a BOM, control characters in `show`,
and the temporary files a killed run leaves (issue 19).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_annotations_helpers import make_record  # noqa: E402

from briefing.storage import Library  # noqa: E402

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
LIMA = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"
# A generous safety net, not a measure: a refusal takes well under a second; a hang, forever.
HANG = 60


def run(home: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "BRIEFING_HOME": str(home), "BRIEFING_AUTHOR": "Delegate A"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=HANG,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(done: subprocess.CompletedProcess[bytes]) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, (done.returncode, err)
    assert err.startswith("briefing: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "unexpected error" not in err
    return err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "briefing.sqlite3"
    lib = Library.open(path)
    try:
        lib.import_record(make_record())
    finally:
        lib.close()
    return path


def test_a_fifo_is_refused_at_once_by_import_and_annotations_import(
    db: Path, tmp_path: Path, briefing_home: Path
):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    before = sha(db)
    for command in (("import",), ("annotations", "import")):
        err = one_line(run(briefing_home, *command, str(fifo), "--db", str(db)))
        assert "not a regular file" in err
    assert sha(db) == before


def test_dev_zero_is_refused_without_reading_it(db: Path, briefing_home: Path):
    before = sha(db)
    for command in (("import",), ("annotations", "import")):
        err = one_line(run(briefing_home, *command, "/dev/zero", "--db", str(db)))
        assert "not a regular file" in err
    assert sha(db) == before


def _collection(items: list, **extra) -> dict:
    return {
        "@context": ["http://www.w3.org/ns/anno.jsonld"],
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
        **extra,
    }


def _item(n: int, **overrides) -> dict:
    item = {
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "type": "Annotation",
        "created": "2026-11-28T15:19:32.123Z",
        "creator": {"type": "Person", "name": "Delegate B"},
        "body": [{"type": "TextualBody", "value": f"note {n}", "purpose": "commenting"}],
        "target": {
            "source": "urn:briefing:record:symbol:A%2FRES%2F99%2F1",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "x"},
                {"type": "EidSelector", "value": "body__para_2"},
            ],
        },
    }
    item.update(overrides)
    return item


def test_two_thousand_pages_linked_by_next_are_read(db: Path, tmp_path: Path, briefing_home):
    # Written by hand: json.dumps itself recurses once per page.
    pages = (
        "".join(
            '{"type": "AnnotationPage", "items": ['
            + json.dumps(_item(n))
            + "]"
            + (', "next": ' if n < 1999 else "")
            for n in range(2000)
        )
        + "}" * 2000
    )
    head = json.dumps({**_collection([]), "total": 2000, "first": None})
    text = head.replace('"first": null', '"first": ' + pages)
    path = tmp_path / "pages.jsonld"
    path.write_text(text, encoding="utf-8")
    done = run(briefing_home, "annotations", "import", str(path), "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    assert b"2000 added" in done.stdout


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("deep.jsonld", "[" * 100_000 + "]" * 100_000, "not a JSON-LD object"),
        ("deep-object.jsonld", '{"a":' * 5000 + "1" + "}" * 5000, "W3C"),
        ("broken-deep.jsonld", "[" * 5000 + "]" * 4999, "not JSON"),
        (
            "early.jsonld",
            json.dumps(_collection([_item(1, created="0001-01-01T00:00:00+14:00")])),
            "out of range",
        ),
        (
            "late.jsonld",
            json.dumps(_collection([_item(1, created="9999-12-31T23:00:00-14:00")])),
            "out of range",
        ),
        (
            "surrogate.jsonld",
            json.dumps(_collection([_item(1, creator={"type": "Person", "name": "A \ud800"})])),
            "not valid Unicode",
        ),
        (
            "long-eid.jsonld",
            json.dumps(
                _collection(
                    [
                        _item(
                            1,
                            target={
                                "source": "urn:briefing:record:symbol:A%2FRES%2F99%2F1",
                                "selector": [
                                    {"type": "TextQuoteSelector", "exact": "x"},
                                    {"type": "EidSelector", "value": "e" * 100_000},
                                ],
                            },
                        )
                    ]
                )
            ),
            "too long",
        ),
        (
            "many-tags.jsonld",
            json.dumps(
                _collection(
                    [
                        _item(
                            1,
                            body=[
                                {"type": "TextualBody", "value": f"t{n}", "purpose": "tagging"}
                                for n in range(10_000)
                            ],
                        )
                    ]
                )
            ),
            "too many tags",
        ),
    ],
)
def test_hostile_annotation_files_are_refused_in_one_line(
    db: Path, tmp_path: Path, briefing_home: Path, name: str, content: str, said: str
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = sha(db)
    err = one_line(run(briefing_home, "annotations", "import", str(path), "--db", str(db)))
    assert said in err, err
    assert sha(db) == before


def test_a_file_name_that_is_not_utf8_imports(tmp_path: Path, briefing_home: Path):
    odd = tmp_path / os.fsdecode(b"lima-\xff\xfe.txt")
    # Not the embedded record's exact text, which a new database already holds.
    odd.write_bytes(LIMA.read_bytes() + b"\n")
    db = tmp_path / "new.sqlite3"
    done = run(briefing_home, "import", os.fsencode(odd), "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    record_id = done.stdout.decode().strip()
    shown = run(briefing_home, "show", record_id, "--json", "--db", str(db))
    assert json.loads(shown.stdout)["source_name"] == "lima-\ufffd\ufffd.txt"


def test_note_and_eid_that_are_not_utf8_are_refused(db: Path, briefing_home: Path):
    before = sha(db)
    err = one_line(
        run(briefing_home, "annotate", "body__para_2", "--note", b"caf\xe9", "--db", str(db))
    )
    assert "not valid Unicode" in err
    err = one_line(run(briefing_home, "annotate", b"body__\xff", "--db", str(db)))
    assert "has no place" in err
    assert sha(db) == before


def test_a_note_over_the_limit_is_refused_on_the_command_line(db: Path, briefing_home: Path):
    before = sha(db)
    err = one_line(
        run(briefing_home, "annotate", "body__para_2", "--note", "x" * 60_000, "--db", str(db))
    )
    assert "note is too long" in err and "50,000" in err
    assert sha(db) == before


def test_utf16_without_a_bom_is_read_as_utf16(tmp_path: Path, briefing_home: Path):
    path = tmp_path / "lima-utf16.txt"
    path.write_bytes(LIMA.read_text(encoding="utf-8").encode("utf-16-le"))
    db = tmp_path / "new.sqlite3"
    done = run(briefing_home, "import", str(path), "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    assert b"UTF-16 without a byte-order mark" in done.stderr


def test_show_escapes_control_characters(tmp_path: Path, briefing_home: Path):
    text = LIMA.read_text(encoding="utf-8")
    at = text.index("regional consultative processes")
    path = tmp_path / "lima-esc.txt"
    # Set the window title, then hide what follows; and a one-byte CSI (C1) for good measure.
    path.write_text(text[:at] + "\x1b]0;owned\x07\x1b[8m\x9b" + text[at:], encoding="utf-8")
    db = tmp_path / "new.sqlite3"
    assert run(briefing_home, "import", str(path), "--db", str(db)).returncode == 0
    shown = run(briefing_home, "show", "--db", str(db))
    assert shown.returncode == 0, shown.stderr.decode()
    out = shown.stdout.decode("utf-8")
    assert not {"\x1b", "\x07", "\x9b"} & set(out)
    # The importer drops C0 controls from a document's text; what is left (a C1 CSI) is shown
    # escaped, never sent to the terminal.
    assert "]0;owned[8m\\x9b" in out


def test_litter_of_a_killed_run_is_cleaned_at_the_next_start(db: Path, briefing_home: Path):
    backups = db.parent / "backups"
    backups.mkdir()
    fonts = briefing_home / "cache" / "fonts"
    fonts.mkdir(parents=True)
    old = time.time() - 3600
    litter = [
        backups / ".briefing__20261128T152005.123456Z__manual.sqlite3.tmp",
        db.parent / f".{db.name}.restore.tmp",
        fonts / "tmpab12cd.ttf.part",
    ]
    for path in litter:
        path.write_bytes(b"half")
        os.utime(path, (old, old))
    fresh = backups / ".briefing__20261201T000000.000000Z__manual.sqlite3.tmp"
    fresh.write_bytes(b"another instance is writing this one now")
    done = run(briefing_home, "records", "--db", str(db))
    assert done.returncode == 0, done.stderr.decode()
    assert [p for p in litter if p.exists()] == []
    assert fresh.exists()


def test_check_and_restore_refuse_foreign_schema_objects_in_one_line(
    db: Path, tmp_path: Path, briefing_home: Path
):
    import sqlite3

    made = run(briefing_home, "backup", "--db", str(db))
    assert made.returncode == 0, made.stderr.decode()
    hostile_backup = Path(made.stdout.decode().strip())
    conn = sqlite3.connect(hostile_backup, isolation_level=None)
    conn.execute(
        "CREATE VIEW forever AS WITH RECURSIVE n(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
    )
    conn.close()
    before = sha(db)
    err = one_line(run(briefing_home, "restore", str(hostile_backup), "--db", str(db)))
    assert "view 'forever'" in err
    assert sha(db) == before

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        "CREATE TRIGGER eat AFTER INSERT ON annotations "
        "BEGIN DELETE FROM annotations WHERE id = new.id; END"
    )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = sha(db)
    err = one_line(run(briefing_home, "check", "--db", str(db)))
    assert "trigger 'eat'" in err
    assert sha(db) == before


def test_a_damaged_row_is_skipped_by_list_and_named_by_check(db: Path, briefing_home: Path):
    import sqlite3

    for eid in ("body__para_1", "body__para_2"):
        done = run(briefing_home, "annotate", eid, "--note", f"on {eid}", "--db", str(db))
        assert done.returncode == 0, done.stderr.decode()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # as a bit flip on disk would
    conn.execute(
        "UPDATE annotations SET updated = '2026-1q-28T15:19:32.123Z' "
        "WHERE target_eid = 'body__para_1'"
    )
    conn.close()
    listed = run(briefing_home, "annotations", "list", "--json", "--db", str(db))
    assert listed.returncode == 0, listed.stderr.decode()
    assert [a["eid"] for a in json.loads(listed.stdout)] == ["body__para_2"]
    assert b"skipped annotation" in listed.stderr and b"time is damaged" in listed.stderr
    err = one_line(run(briefing_home, "check", "--db", str(db)))
    assert "time is damaged" in err


def test_a_write_while_another_holds_the_lock_says_what_is_busy(db: Path, briefing_home: Path):
    import sqlite3

    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as a long import does
    try:
        err = one_line(
            run(briefing_home, "annotate", "body__para_2", "--note", "x", "--db", str(db))
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "the database is busy" in err and "database is locked" not in err

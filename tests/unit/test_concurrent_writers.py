"""Two writers at one place lose nothing: read and write are one transaction (issue 19).

Before, `annotate` read the annotation outside its write transaction, so two writers adding tags
at once each saved their own list and dropped the other's (68 of 3,000 lost in-process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_annotations_helpers import make_record

from briefing.domain import InvalidAnnotation, Stance
from briefing.domain.annotations import MAX_NOTE_CHARS, MAX_TAGS
from briefing.storage import Library
from briefing.storage import annotations as store

REPO = Path(__file__).resolve().parents[2]
EID = "body__para_2"
TAGS_PER_WRITER = 40


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    lib = Library.open(tmp_path / "lib.sqlite3")
    try:
        lib.import_record(make_record())
    finally:
        lib.close()
    return tmp_path / "lib.sqlite3"


def _tags_at(db_path: Path) -> list[str]:
    lib = Library.open(db_path)
    try:
        rid = lib.latest_record_id()
        return store.annotation_at(lib, rid, EID, author="Delegate A").tags
    finally:
        lib.close()


def _add_tags(db_path: Path, writer: str, count: int, errors: list[BaseException]) -> None:
    try:
        lib = Library.open(db_path)
        try:
            rid = lib.latest_record_id()
            for n in range(count):
                tag = f"{writer}-{n}"
                store.update_annotation_at(
                    lib,
                    rid,
                    EID,
                    {"tags": lambda tags, tag=tag: [*tags, tag]},
                    author="Delegate A",
                )
        finally:
            lib.close()
    except BaseException as exc:  # reported by the test, not lost in the thread
        errors.append(exc)


def test_two_threads_adding_tags_at_one_place_keep_every_tag(db_path, monkeypatch):
    monkeypatch.setattr("briefing.domain.annotations.MAX_TAGS", 1000)
    errors: list[BaseException] = []
    writers = [
        threading.Thread(target=_add_tags, args=(db_path, name, TAGS_PER_WRITER, errors))
        for name in ("left", "right")
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert errors == []
    tags = _tags_at(db_path)
    expected = {f"{w}-{n}" for w in ("left", "right") for n in range(TAGS_PER_WRITER)}
    assert set(tags) == expected
    assert len(tags) == 2 * TAGS_PER_WRITER


# A real process per writer, each running the CLI's `annotate --tag` in a loop (one process
# start each would cost seconds): the same code path, separate SQLite connections and locks.
_WRITER = """
import sys
from briefing.cli import main
db, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(count):
    assert main(["annotate", "body__para_2", "--tag", f"{writer}-{n}", "--db", db]) == 0
"""


def test_two_processes_running_annotate_keep_every_tag(db_path, briefing_home):
    per_writer = 20  # under MAX_TAGS together: 2 x 20 = 40
    env = {**os.environ, "BRIEFING_HOME": str(briefing_home), "BRIEFING_AUTHOR": "Delegate A"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db_path), name, str(per_writer)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    try:
        results = [proc.communicate(timeout=300)[1] for proc in procs]
    finally:  # a writer that failed or hung leaves no process behind for the next test
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    for proc, err in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
    tags = _tags_at(db_path)
    assert set(tags) == {f"{w}-{n}" for w in ("left", "right") for n in range(per_writer)}


def test_a_stale_copy_keeps_the_other_writer_fields_and_a_version_of_a_conflict(db_path):
    lib = Library.open(db_path)
    try:
        rid = lib.latest_record_id()
        loaded = store.update_annotation_at(lib, rid, EID, {"note": "ours"}, author="A")
        store.update_annotation_at(
            lib, rid, EID, {"note": "theirs", "stance": Stance.OPPOSE}, author="A"
        )
        saved = store.update_annotation_at(
            lib, rid, EID, {"note": "ours, edited", "tags": ["legal"]}, author="A", base=loaded
        )
        assert saved.note == "ours, edited"  # both changed it: the later edit is current
        assert saved.stance == Stance.OPPOSE  # only they changed it: theirs kept
        assert saved.tags == ["legal"]
        assert [v.note for v in store.annotation_versions(lib, saved.uid)] == ["theirs"]
    finally:
        lib.close()


def test_limits_are_refused_in_one_line_and_nothing_is_written(db_path):
    lib = Library.open(db_path)
    try:
        rid = lib.latest_record_id()
        with pytest.raises(InvalidAnnotation, match="note is too long"):
            store.update_annotation_at(lib, rid, EID, {"note": "x" * (MAX_NOTE_CHARS + 1)})
        with pytest.raises(InvalidAnnotation, match="too many tags"):
            store.update_annotation_at(
                lib, rid, EID, {"tags": [f"t{n}" for n in range(MAX_TAGS + 1)]}
            )
        with pytest.raises(InvalidAnnotation, match="not valid Unicode"):
            store.update_annotation_at(lib, rid, EID, {"note": "bad \udc80 byte"})
        count = lib.db.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        assert count == 0
    finally:
        lib.close()

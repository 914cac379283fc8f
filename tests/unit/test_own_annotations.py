"""Each delegate edits their own annotation at a place; deletions keep the last state. Through
the command line's entry point, in process (the subprocess run is tests/e2e/test_sharing_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_annotations_helpers import make_record

from briefing import preferences
from briefing.cli import main
from briefing.domain import NotFound, Stance
from briefing.storage import Library
from briefing.storage import annotations as store

EID = "body__para_2"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(store.AUTHOR_ENV, raising=False)
    preferences.save(preferences.Preferences(name="Ben"))
    path = tmp_path / "lib.sqlite3"
    lib = Library.open(path)
    try:
        lib.import_record(make_record())
    finally:
        lib.close()
    return path


def _at(db: Path) -> dict[str, store.Annotation]:
    lib = Library.open(db)
    try:
        found = store.annotations_at(lib, lib.latest_record_id(), EID)
    finally:
        lib.close()
    return {a.author: a for a in found}


def _ana(db: Path) -> str:
    lib = Library.open(db)
    try:
        return store.update_annotation_at(
            lib, lib.latest_record_id(), EID, {"stance": Stance.SUPPORT}, author="Ana"
        ).uid
    finally:
        lib.close()


def test_annotate_without_author_makes_my_own_beside_a_colleagues(db, capsys):
    ana = _ana(db)
    assert main(["annotate", EID, "--stance", "oppose", "--db", str(db)]) == 0
    assert main(["annotate", EID, "--note", "too far", "--db", str(db)]) == 0  # mine again
    held = _at(db)
    assert {a: (h.stance, h.note) for a, h in held.items()} == {
        "Ana": (Stance.SUPPORT, ""),
        "Ben": (Stance.OPPOSE, "too far"),
    }
    assert held["Ana"].uid == ana
    # By its id, a colleague's annotation is edited, and stays theirs.
    assert main(["annotate", EID, "--id", ana, "--note", "typo fixed", "--db", str(db)]) == 0
    assert _at(db)["Ana"].note == "typo fixed" and len(_at(db)) == 2
    capsys.readouterr()
    assert main(["annotate", "body__para_1", "--id", ana, "--note", "x", "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"briefing: no annotation {ana} at body__para_1"]


def test_a_deletion_keeps_the_last_state_and_restore_brings_it_back(db, capsys):
    ana = _ana(db)
    lib = Library.open(db)
    try:
        store.update_annotation_at(lib, lib.latest_record_id(), EID, {"note": "v2"}, author="Ana")
    finally:
        lib.close()
    assert main(["annotations", "delete", ana, "--db", str(db)]) == 0
    assert _at(db) == {}
    capsys.readouterr()
    assert main(["annotations", "list", "--deleted", "--json", "--db", str(db)]) == 0
    (gone,) = json.loads(capsys.readouterr().out)
    assert (gone["uid"], gone["note"], gone["stance"]) == (ana, "v2", "support")
    assert main(["annotations", "restore", ana, "--db", str(db)]) == 0
    assert _at(db)["Ana"].note == "v2"
    lib = Library.open(db)
    try:
        assert store.deleted_annotations(lib) == []
        # The deleted state stays in its history; a second restore has nothing to restore.
        assert [v.note for v in store.annotation_versions(lib, ana)] == ["v2"]
        with pytest.raises(NotFound):
            store.restore_annotation(lib, ana)
        # Edited back to nothing in the editor: deleted the same way, its last state kept.
        store.update_annotation_at(
            lib,
            lib.latest_record_id(),
            EID,
            {"stance": None, "note": ""},
            author="Ana",
            delete_if_empty=True,
        )
        (deletion,) = store.deleted_annotations(lib)
        assert deletion.annotation.note == "v2" and deletion.annotation.stance is Stance.SUPPORT
    finally:
        lib.close()

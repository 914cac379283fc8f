"""A stale annotation editor must not overwrite what another writer saved meanwhile (issue 19).

The editor loads an annotation, then the CLI (or a second window, or a merged import) changes it;
typing one character in the editor must keep the other writer's fields it did not touch, and a
field both changed keeps the editor's edit as current and the other as a version.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_annotations_helpers import make_record  # noqa: E402

from briefing.domain import Priority, Stance  # noqa: E402
from briefing.storage import Library  # noqa: E402
from briefing.storage import annotations as store  # noqa: E402
from briefing.ui.annotation_editor import AnnotationEditor  # noqa: E402

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
EID = "body__para_2"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lib.sqlite3"


@pytest.fixture
def library(db_path: Path):
    lib = Library.open(db_path)
    yield lib
    lib.close()


@pytest.fixture
def record(library):
    rec = make_record()
    library.import_record(rec)
    return library.record(rec.id)


@pytest.fixture
def editor(qtbot, library, monkeypatch):
    monkeypatch.setenv("BRIEFING_AUTHOR", "Delegate A")
    widget = AnnotationEditor(library)
    qtbot.addWidget(widget)
    return widget


def _cli(*args: str, db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_HOME": str(home), "BRIEFING_AUTHOR": "Delegate A"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_typing_in_a_stale_editor_keeps_the_cli_edits(
    qtbot, editor, library, record, db_path, briefing_home
):
    first = store.new_annotation(library, record.id, EID)
    first.note = "Original note"
    first.author = "Delegate A"
    store.save_annotation(library, first)
    editor.set_target(record, EID)
    assert editor.note.toPlainText() == "Original note"

    done = _cli(
        "annotate",
        EID,
        "--note",
        "From the CLI",
        "--stance",
        "concern",
        "--tag",
        "funding",
        "--priority",
        "high",
        db=db_path,
        home=briefing_home,
    )
    assert done.returncode == 0, done.stderr

    editor.raise_flag.setChecked(True)  # one change in the stale editor: saved at once
    editor.flush()

    now = store.annotation_at(library, record.id, EID, author="Delegate A")
    assert now.note == "From the CLI"
    assert now.stance == Stance.CONCERN
    assert now.tags == ["funding"]
    assert now.priority == Priority.HIGH
    assert now.raise_at_meeting
    # The editor now shows what is stored, so its next save starts from there.
    assert editor.note.toPlainText() == "From the CLI"
    assert editor.tags.text() == "funding"


def test_a_field_both_changed_keeps_the_editor_edit_and_the_other_as_a_version(
    qtbot, editor, library, record, db_path, briefing_home
):
    editor.set_target(record, EID)
    qtbot.keyClicks(editor.note, "Typed first")
    editor.flush()
    done = _cli("annotate", EID, "--note", "Written by the CLI", db=db_path, home=briefing_home)
    assert done.returncode == 0, done.stderr

    qtbot.keyClicks(editor.note, ", then more")
    editor.flush()

    now = store.annotation_at(library, record.id, EID, author="Delegate A")
    assert now.note == "Typed first, then more"
    kept = [v.note for v in store.annotation_versions(library, now.uid)]
    assert "Written by the CLI" in kept


def test_a_note_over_the_limit_is_not_saved_and_the_editor_says_why(
    qtbot, editor, library, record, monkeypatch
):
    monkeypatch.setattr("briefing.domain.annotations.MAX_NOTE_CHARS", 20)
    editor.set_target(record, EID)
    qtbot.keyClicks(editor.note, "well within")
    editor.flush()
    qtbot.keyClicks(editor.note, " and now far beyond the limit")
    editor.flush()
    assert editor.status.text().startswith("Not saved: the note is too long")
    assert store.annotation_at(library, record.id, EID, author="Delegate A").note == "well within"
    editor.note.setPlainText("short again")
    editor.flush()
    assert store.annotation_at(library, record.id, EID, author="Delegate A").note == "short again"


def test_the_app_cleans_the_litter_of_a_killed_run_when_it_opens_the_library(qtbot, tmp_path):
    import time

    from briefing.app import open_library

    db = tmp_path / "app" / "briefing.sqlite3"
    Library.open(db).close()
    litter = db.parent / "backups" / ".briefing__20261128T152005.123456Z__start.sqlite3.tmp"
    litter.parent.mkdir(exist_ok=True)
    litter.write_bytes(b"half a backup")
    an_hour_ago = time.time() - 3600
    os.utime(litter, (an_hour_ago, an_hour_ago))
    library = open_library(db)
    try:
        assert library is not None
        assert not litter.exists()
    finally:
        library.close()

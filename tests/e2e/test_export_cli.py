"""`briefing export` as a subprocess against a temporary database, read back with pypdf."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.domain import Stance
from briefing.storage import Library
from briefing.storage.annotations import save_annotation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_pdf_records import annotation, lima_annotations, lima_like_record  # noqa: E402

pytestmark = pytest.mark.e2e


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, BRIEFING_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite3"
    library = Library.open(path)
    try:
        first, _ = library.import_record(lima_like_record("A/68/93"))
        for note in lima_annotations():
            note.record_id = first
            save_annotation(library, note)
        second, _ = library.import_record(lima_like_record("A/68/94", n_extra=3))
        extra = annotation(
            "annex_1__para_10__point_d", note="Second record's note.", stance=Stance.NEUTRAL
        )
        extra.record_id = second
        save_annotation(library, extra)
    finally:
        library.close()
    return path


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_newest_record_by_default(tmp_path: Path, db: Path, briefing_home: Path) -> None:
    out = tmp_path / "note.pdf"
    done = run(
        "export",
        "--db",
        str(db),
        "--out",
        str(out),
        "--marking",
        "For internal use",
        "--delegation",
        "Delegation of Peru",
        home=briefing_home,
    )
    assert done.returncode == 0, done.stderr
    assert "briefing note" in done.stdout and str(out) in done.stdout
    text = _text(out)
    assert "A/68/94" in text and "A/68/93" not in text
    assert "Second record's note." in text
    assert "FOR INTERNAL USE" in text and "Delegation of Peru" in text
    assert PdfReader(out).metadata.author == "Delegation of Peru"
    assert f"(briefing note, {len(PdfReader(out).pages)} pages)" in done.stdout


def test_a_one_page_export_says_page(tmp_path: Path, db: Path, briefing_home: Path) -> None:
    out = tmp_path / "cover.pdf"
    done = run(
        "export", "--db", str(db), "--out", str(out), "--sections", "cover", home=briefing_home
    )
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(out).pages) == 1
    assert done.stdout.strip().endswith("(briefing note, 1 page)")


def test_pack_with_sections_and_filters(tmp_path: Path, db: Path, briefing_home: Path) -> None:
    out = tmp_path / "pack.pdf"
    done = run(
        "export",
        "A/68/93",
        "A/68/94",
        "--db",
        str(db),
        "--out",
        str(out),
        "--sections",
        "cover,conclusions",
        "--stance",
        "oppose,neutral",
        "--paper",
        "Letter",
        "--title",
        "Migration pack",
        "--deterministic",
        home=briefing_home,
    )
    assert done.returncode == 0, done.stderr
    assert "briefing pack of 2 records" in done.stdout
    reader = PdfReader(out)
    text = _text(out)
    assert "Migration pack" in text and "BRIEFING PACK" in text
    assert "IOM's role" in text and "Second record's note." in text
    assert "Welcome;" not in text and "Full text" not in text and "Contents" not in text
    assert round(reader.pages[0].mediabox.width) == 612
    again = tmp_path / "again.pdf"
    run(
        "export",
        "A/68/93",
        "A/68/94",
        "--db",
        str(db),
        "--out",
        str(again),
        "--sections",
        "cover,conclusions",
        "--stance",
        "oppose,neutral",
        "--paper",
        "Letter",
        "--title",
        "Migration pack",
        "--deterministic",
        home=briefing_home,
    )
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sections", "cover,annexes"], "unknown section 'annexes'"),
        (["--stance", "furious"], "unknown stance 'furious'"),
        (["--priority", "urgent"], "unknown priority 'urgent'"),
        (["A/99/999"], ""),
    ],
)
def test_bad_input_is_one_line_and_no_file(tmp_path, db, briefing_home, args, message) -> None:
    out = tmp_path / "bad.pdf"
    done = run("export", "--db", str(db), "--out", str(out), *args, home=briefing_home)
    assert done.returncode == 1
    assert done.stderr.startswith("briefing: ") and done.stderr.count("\n") == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_unwritable_target(tmp_path: Path, db: Path, briefing_home: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run("export", "--db", str(db), "--out", str(blocker / "x.pdf"), home=briefing_home)
    assert done.returncode == 1
    assert "is not a folder" in done.stderr


def test_characters_without_a_font_get_a_warning(tmp_path: Path, briefing_home: Path) -> None:
    path = tmp_path / "hebrew.sqlite3"
    library = Library.open(path)
    try:
        rid, _ = library.import_record(lima_like_record("A/68/93"))
        note = annotation("annex_1__para_10__point_a", note="Shalom: שלום", stance=Stance.SUPPORT)
        note.record_id = rid
        save_annotation(library, note)
    finally:
        library.close()
    out = tmp_path / "note.pdf"
    done = run("export", "--db", str(path), "--out", str(out), home=briefing_home)
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    # One warning line; on a cold font cache a progress line ("preparing the bold fonts")
    # may come before it.
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "briefing: warning: 4 different characters (Hebrew) have no font in the PDF "
        "and print as blanks"
    ]

"""`briefing export` as the real program: a filter that matches nothing is said in one warning
line; --notes-column is accepted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_annotations_cli import make_db, run  # noqa: E402

pytestmark = pytest.mark.e2e


def test_a_filter_that_matches_nothing_warns_in_one_line(tmp_path: Path) -> None:
    make_db(tmp_path / "briefing.sqlite3")
    assert run("annotate", "body__para_2", "--stance", "concern", home=tmp_path).returncode == 0
    out = tmp_path / "note.pdf"
    done = run("export", "--stance", "oppose", "--out", str(out), "--notes-column", home=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warnings == ["briefing: warning: no position matches the filters (stance Oppose)"]
    assert out.is_file()
    matched = run("export", "--stance", "concern", "--out", str(out), home=tmp_path)
    assert "no position matches" not in matched.stderr

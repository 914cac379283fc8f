"""`briefing annotate --line/--if-raised` and `briefing objectives`, run as the real program,
and their way through `annotations export` and `import` into a colleague's library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_annotations_cli import make_db, run  # noqa: E402

pytestmark = pytest.mark.e2e


def test_lines_and_objectives_round_trip_through_the_cli(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    make_db(one / "briefing.sqlite3")
    make_db(two / "briefing.sqlite3")

    done = run(
        "annotate",
        "body__para_2",
        "--line",
        "We support regional processes.",
        "--if-raised",
        "The venue is not ours to decide.",
        home=one,
    )
    assert done.returncode == 0, done.stderr
    assert "line to take: We support regional processes." in done.stdout
    assert run("objectives", "--set", "Secure a follow-up meeting.", home=one).returncode == 0
    shown = run("objectives", home=one)
    assert shown.stdout.strip() == "Secure a follow-up meeting."

    listed = json.loads(run("annotations", "list", "--json", home=one).stdout)
    assert listed[0]["line_to_take"] == "We support regional processes."
    assert listed[0]["if_raised"] == "The venue is not ours to decide."

    shared = tmp_path / "shared.jsonld"
    exported = run("annotations", "export", "--out", str(shared), home=one)
    assert exported.returncode == 0 and "objectives of 1 record" in exported.stdout
    imported = run("annotations", "import", str(shared), home=two, author="Delegate B")
    assert imported.returncode == 0, imported.stderr
    assert "objectives for 1 record(s) added" in imported.stdout
    assert run("objectives", home=two).stdout.strip() == "Secure a follow-up meeting."
    theirs = json.loads(run("annotations", "list", "--json", home=two).stdout)
    assert theirs[0]["if_raised"] == "The venue is not ours to decide."


def test_objectives_of_an_unknown_record_is_one_line(tmp_path: Path) -> None:
    make_db(tmp_path / "briefing.sqlite3")
    done = run("objectives", "NO/SUCH/1", "--set", "x", home=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "no record" in done.stderr
    assert "Traceback" not in done.stderr

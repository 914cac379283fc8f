"""`briefing annotate` and `briefing annotations export|import|list`, run as the real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_annotations_helpers import make_record  # noqa: E402

from briefing.storage import Library  # noqa: E402

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, home: Path, author: str = "Delegate A") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_HOME": str(home), "BRIEFING_AUTHOR": author}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def make_db(path: Path) -> None:
    lib = Library.open(path)
    try:
        lib.import_record(make_record())
    finally:
        lib.close()


def count(path: Path) -> int:
    lib = Library.open(path)
    try:
        return lib.db.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    finally:
        lib.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.sqlite3"
    make_db(path)
    return path


def test_annotate_list_update(db, briefing_home):
    done = run(
        "annotate",
        "body__para_2",
        "--stance",
        "support-with-amendments",
        "--note",
        "Ask for dates",
        "--tag",
        "dates",
        "--priority",
        "high",
        "--raise",
        "--record",
        "A/RES/99/1",
        "--db",
        str(db),
        home=briefing_home,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("saved ")
    uid = done.stdout.split()[1].rstrip(":")
    assert "Support with amendments" in done.stdout and "raise at the meeting" in done.stdout

    listed = run("annotations", "list", "--json", "--db", str(db), home=briefing_home)
    assert listed.returncode == 0, listed.stderr
    [item] = json.loads(listed.stdout)
    assert item["uid"] == uid
    assert item["stance"] == "support_with_amendments" and item["priority"] == "high"
    assert item["tags"] == ["dates"] and item["raise_at_meeting"] is True
    assert item["author"] == "Delegate A" and item["note"] == "Ask for dates"

    # Again at the same place: the same annotation is updated, the stance cleared.
    again = run(
        "annotate",
        "body__para_2",
        "--tag",
        "legal",
        "--stance",
        "none",
        "--db",
        str(db),
        home=briefing_home,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.split()[1].rstrip(":") == uid
    [item] = json.loads(
        run("annotations", "list", "--json", "--db", str(db), home=briefing_home).stdout
    )
    assert item["tags"] == ["dates", "legal"] and item["stance"] is None
    assert item["note"] == "Ask for dates"

    text = run("annotations", "list", "--record", "A/RES/99/1", "--db", str(db), home=briefing_home)
    assert uid in text.stdout and "para. 2" in text.stdout and "| Ask for dates" in text.stdout


def test_annotate_refuses_unknown_place_and_stance(db, briefing_home):
    bad = run("annotate", "body__para_99", "--note", "x", "--db", str(db), home=briefing_home)
    assert bad.returncode == 1
    assert bad.stderr.startswith("briefing: ") and "body__para_99" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    wrong = run(
        "annotate", "body__para_1", "--stance", "adore", "--db", str(db), home=briefing_home
    )
    assert wrong.returncode == 2 and "unknown stance" in wrong.stderr
    assert count(db) == 0


def test_export_import_merge_and_refusal(db, tmp_path, briefing_home):
    for eid, note in [("body__para_1", "one"), ("footnote_a", "two")]:
        assert (
            run("annotate", eid, "--note", note, "--db", str(db), home=briefing_home).returncode
            == 0
        )
    out = tmp_path / "share" / "ours.jsonld"
    exported = run(
        "annotations",
        "export",
        "A/RES/99/1",
        "--out",
        str(out),
        "--db",
        str(db),
        home=briefing_home,
    )
    assert exported.returncode == 0, exported.stderr
    assert "2 annotation(s)" in exported.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    assert [p.name for p in out.parent.iterdir()] == ["ours.jsonld"]

    colleague = tmp_path / "b.sqlite3"
    make_db(colleague)
    first = run(
        "annotations",
        "import",
        str(out),
        "--db",
        str(colleague),
        home=briefing_home,
        author="Delegate B",
    )
    assert first.returncode == 0, first.stderr
    assert "2 added" in first.stdout
    second = run("annotations", "import", str(out), "--db", str(colleague), home=briefing_home)
    assert "0 added, 2 already here" in second.stdout
    assert count(colleague) == 2
    listed = json.loads(
        run("annotations", "list", "--json", "--db", str(colleague), home=briefing_home).stdout
    )
    assert {a["author"] for a in listed} == {"Delegate A"}

    # The colleague edits one of ours (named by its id: without it, `annotate` would make
    # their own annotation at the place) and sends it back: both edits are kept.
    (ours_uid,) = [a["uid"] for a in listed if a["eid"] == "body__para_1"]
    edit = run(
        "annotate",
        "body__para_1",
        "--id",
        ours_uid,
        "--note",
        "one, amended",
        "--db",
        str(colleague),
        home=briefing_home,
        author="Delegate B",
    )
    assert edit.returncode == 0, edit.stderr
    back = tmp_path / "theirs.jsonld"
    assert (
        run(
            "annotations", "export", "--out", str(back), "--db", str(colleague), home=briefing_home
        ).returncode
        == 0
    )
    merged = run("annotations", "import", str(back), "--db", str(db), home=briefing_home)
    assert merged.returncode == 0, merged.stderr
    assert "1 updated (our edit kept as a version)" in merged.stdout
    ours = {
        a["eid"]: a
        for a in json.loads(
            run("annotations", "list", "--json", "--db", str(db), home=briefing_home).stdout
        )
    }
    assert ours["body__para_1"]["note"] == "one, amended"
    assert ours["body__para_1"]["other_versions"] == 1
    assert ours["footnote_a"]["other_versions"] == 0
    assert count(db) == 2

    broken = tmp_path / "broken.jsonld"
    broken.write_text(out.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    refused = run("annotations", "import", str(broken), "--db", str(colleague), home=briefing_home)
    assert refused.returncode == 1
    assert "broken.jsonld" in refused.stderr and "not JSON" in refused.stderr
    assert count(colleague) == 2


def test_export_all_without_record(db, tmp_path, briefing_home):
    assert (
        run(
            "annotate", "body__para_3", "--note", "n", "--db", str(db), home=briefing_home
        ).returncode
        == 0
    )
    out = tmp_path / "all.jsonld"
    done = run("annotations", "export", "--out", str(out), "--db", str(db), home=briefing_home)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 1


def test_delete(db, briefing_home):
    done = run(
        "annotate", "body__para_1", "--note", "gone soon", "--db", str(db), home=briefing_home
    )
    uid = done.stdout.split()[1].rstrip(":")
    deleted = run("annotations", "delete", uid, "--db", str(db), home=briefing_home)
    assert deleted.returncode == 0 and deleted.stdout.strip() == (
        f"deleted {uid} (its last state is kept: `restore` undoes it)"
    )
    assert count(db) == 0
    again = run("annotations", "delete", uid, "--db", str(db), home=briefing_home)
    assert again.returncode == 1 and "no annotation" in again.stderr


def test_round_trip_on_the_default_record_between_fresh_libraries(tmp_path):
    """Two fresh installs (each seeded with the Lima record): export from one, import into the
    other, and the listings agree field for field."""
    ours, theirs = tmp_path / "ours-home", tmp_path / "theirs-home"
    for eid, args in [
        ("annex_1__para_8__point_c", ["--stance", "concern", "--note", "Too vague", "--raise"]),
        ("letter__p_2", ["--note", "Check the\nagenda item", "--tag", "agenda", "--tag", "HLD"]),
        ("footnote_a", ["--priority", "low", "--stance", "seek_instructions"]),
    ]:
        done = run("annotate", eid, *args, home=ours)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "lima.jsonld"
    assert run("annotations", "export", "--out", str(out), home=ours).returncode == 0
    imported = run("annotations", "import", str(out), home=theirs, author="Someone else")
    assert imported.returncode == 0, imported.stderr
    assert "3 added" in imported.stdout and "detached" not in imported.stdout

    def listing(home: Path) -> list[dict]:
        rows = json.loads(run("annotations", "list", "--json", home=home).stdout)
        return sorted(rows, key=lambda r: r["uid"])

    assert listing(theirs) == listing(ours)
    assert len(listing(ours)) == 3


def test_annotate_a_process_of_the_default_record(tmp_path):
    home = tmp_path / "home"
    shown = json.loads(run("show", "--json", home=home).stdout)
    names = [p["name"] for p in shown.get("processes", [])]
    if not names:
        pytest.skip("the analysis lists no process")
    eid = f"process:{names[-1]}"
    done = run("annotate", eid, "--stance", "support", home=home)
    assert done.returncode == 0, done.stderr
    assert f"Process: {names[-1]}" in done.stdout
    [item] = json.loads(run("annotations", "list", "--json", home=home).stdout)
    assert item["eid"] == eid and item["quote"] == names[-1] and not item["detached"]


def test_a_resolutions_places_are_cited_as_delegates_cite_them(tmp_path, briefing_home):
    db = tmp_path / "res.sqlite3"
    resolution = REPO / "tests" / "fixtures" / "samples" / "s-res-2155-2014-south-sudan-unmiss.txt"
    assert run("import", str(resolution), "--db", str(db), home=briefing_home).returncode == 0
    shown = json.loads(run("show", "--json", "--db", str(db), home=briefing_home).stdout)
    operative = next(
        p for part in shown["parts"] for p in part["paragraphs"] if p["label"].startswith("OP")
    )
    done = run("annotate", operative["eid"], "--note", "x", "--db", str(db), home=briefing_home)
    assert done.returncode == 0, done.stderr
    assert f"{operative['label']} ({operative['eid']})" in done.stdout
    listed = run("annotations", "list", "--db", str(db), home=briefing_home).stdout
    assert f"{operative['label']} ({operative['eid']})" in listed
    rows = json.loads(
        run("annotations", "list", "--json", "--db", str(db), home=briefing_home).stdout
    )
    assert rows[0]["place"] == operative["label"]


def test_preferences_set_on_the_command_line_sign_annotations(db, briefing_home):
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_AUTHOR"}
    env["BRIEFING_HOME"] = str(briefing_home)

    def bare(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=120,
        )

    done = bare("preferences", "--name", "Ana Pérez", "--delegation", "Delegation of Peru")
    assert done.returncode == 0, done.stderr
    assert "name: Ana Pérez" in done.stdout and "delegation: Delegation of Peru" in done.stdout
    noted = bare(
        "annotate", "body__para_2", "--note", "x", "--record", "A/RES/99/1", "--db", str(db)
    )
    assert noted.returncode == 0, noted.stderr
    listed = json.loads(bare("annotations", "list", "--json", "--db", str(db)).stdout)
    assert [a["author"] for a in listed] == ["Ana Pérez"]

"""`briefing delete RECORD`, run as the real program: a backup and the annotations first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "fixtures" / "samples" / "s-prst-2014-4-un-eu-cooperation-2014.txt"


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_HOME": str(home), "BRIEFING_AUTHOR": "Delegate A"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_delete_backs_up_exports_and_restore_brings_it_back(briefing_home, tmp_path):
    db = ["--db", str(tmp_path / "lib.sqlite3")]
    assert run("import", str(SAMPLE), *db, home=briefing_home).returncode == 0
    shown = json.loads(run("show", "S/PRST/2014/4", "--json", *db, home=briefing_home).stdout)
    eid = shown["parts"][0]["paragraphs"][0]["eid"]
    noted = run(
        "annotate", eid, "--note", "Keep", "--record", "S/PRST/2014/4", *db, home=briefing_home
    )
    assert noted.returncode == 0, noted.stderr

    done = run("delete", "S/PRST/2014/4", *db, home=briefing_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("deleted S/PRST/2014/4")
    records = json.loads(run("records", "--json", *db, home=briefing_home).stdout)
    assert "S/PRST/2014/4" not in json.dumps(records)
    (exported,) = (tmp_path / "backups").glob("deleted-*.annotations.jsonld")
    assert '"Keep"' in exported.read_text(encoding="utf-8")

    backup = done.stdout.split("backup: ")[1].split(" ")[0]
    restored = run("restore", Path(backup).name, *db, home=briefing_home)
    assert restored.returncode == 0, restored.stderr
    records = json.loads(run("records", "--json", *db, home=briefing_home).stdout)
    assert "S/PRST/2014/4" in json.dumps(records)


def test_deleting_a_record_that_is_not_there_is_one_line(briefing_home, tmp_path):
    db = ["--db", str(tmp_path / "lib.sqlite3")]
    done = run("delete", "X/NONE/1", *db, home=briefing_home)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not list((tmp_path / "backups").glob("*pre-delete*"))

"""A library of an older Briefing, opened by the real command line: updated once, with progress."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "library-v3.sql"

pytestmark = pytest.mark.e2e


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_the_first_command_updates_an_old_library_then_none_does(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()

    first = run(home, "records", "--json", "--db", str(db))
    assert first.returncode == 0, first.stderr
    lines = first.stderr.strip().splitlines()
    assert lines[0] == (
        "briefing: updating 4 records built by an earlier version of Briefing "
        "(a backup is taken first)"
    )
    assert lines[1] == "briefing: 1 record updated, 3 kept as they were"
    assert len(lines) == 5 and all("import the file again" in line for line in lines[2:])
    assert len(json.loads(first.stdout)) == 4

    second = run(home, "records", "--db", str(db))
    assert second.returncode == 0 and second.stderr == ""

    shown = json.loads(run(home, "show", "A/RES/67/219", "--json", "--db", str(db)).stdout)
    assert shown["derivation"]["source_kept"] is False
    assert "import the file again" in shown["derivation"]["note"]
    backups = run(home, "backups", "--db", str(db)).stdout
    assert "pre-migration" in backups and "pre-refresh" in backups

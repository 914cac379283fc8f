"""`briefing share`, `briefing sync` and the kept versions in `annotations list`, run as the real
program: two delegates, each their own BRIEFING_HOME, one shared folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLES_DIR / "a-res-67-219-international-migration-2012.txt"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_AUTHOR"}
    env["BRIEFING_HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_two_delegates_share_one_annotation_edited_on_both_sides_offline(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    for home, name in ((ana, "Ana Pérez"), (ben, "Ben Ng")):
        assert run(home, "preferences", "--name", name).returncode == 0
        out = run(home, "share", str(shared))
        assert out.returncode == 0 and "sharing: on" in out.stdout
    assert run(ana, "import", str(SAMPLE)).returncode == 0
    assert (
        run(ana, "annotate", "body__para_3", "--note", "draft", "--stance", "support").returncode
        == 0
    )
    assert run(ana, "sync").returncode == 0
    out = run(ben, "sync")
    assert (
        "Ana Pérez: 1 new, 0 updated, 0 kept as versions, 0 skipped; 1 record(s) imported"
        in out.stdout
    )

    # Offline, both change the note (Ben has none of his own there: he edits Ana's).
    run(ana, "annotate", "body__para_3", "--note", "Ana: welcome OP3")
    run(
        ben,
        "annotate",
        "body__para_3",
        "--record",
        "A/RES/67/219",
        "--note",
        "Ben: OP3 goes too far",
    )
    for home in (ana, ben, ana, ben):
        assert run(home, "sync").returncode == 0

    listings = [json.loads(run(h, "annotations", "list", "--json").stdout) for h in (ana, ben)]
    for listing in listings:
        (annotation,) = [a for a in listing if a["eid"] == "body__para_3"]
        notes = {annotation["note"]} | {v["note"] for v in annotation["versions"]}
        assert notes == {"Ana: welcome OP3", "Ben: OP3 goes too far"}
    assert listings[0][0]["note"] == listings[1][0]["note"] == "Ben: OP3 goes too far"
    text = run(ana, "annotations", "list").stdout
    assert "  version: Ana Pérez, " in text and "Support: Ana: welcome OP3" in text

    # Off: sync says so in one line; the folder is remembered.
    assert run(ana, "share", "--off").stdout.startswith("sharing: off")
    out = run(ana, "sync")
    assert out.returncode == 1 and out.stderr.strip() == (
        "briefing: sharing is off: `briefing share DIR` turns it on"
    )
    assert f"shared folder: {shared}" in run(ana, "share").stdout


def test_share_refuses_a_folder_that_is_not_there(tmp_path):
    out = run(tmp_path / "home", "share", str(tmp_path / "not-mounted"))
    assert out.returncode == 1
    assert out.stderr.startswith("briefing: the shared folder ") and "is not there" in out.stderr

"""`briefing share`, `briefing sync`, `annotate` in my own name and a shared deletion, run as the
real program: two delegates, each their own BRIEFING_HOME, one shared folder. (The same
annotation edited on two laptops, and its kept versions, are tests/unit/test_sharing.py's.)"""

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


def _uid(saved: subprocess.CompletedProcess[str]) -> str:
    """The uid `annotate` names on its first line ("saved UID: ...")."""
    assert saved.returncode == 0, saved.stderr
    return saved.stdout.split()[1].rstrip(":")


def test_two_delegates_each_their_own_annotation_at_a_place_and_a_deletion(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana, ben = tmp_path / "ana", tmp_path / "ben"
    for home, name in ((ana, "Ana Pérez"), (ben, "Ben Ng")):
        assert run(home, "preferences", "--name", name).returncode == 0
        out = run(home, "share", str(shared))
        assert out.returncode == 0 and "sharing: on" in out.stdout
    assert run(ana, "import", str(SAMPLE)).returncode == 0
    hers = _uid(run(ana, "annotate", "body__para_3", "--stance", "support", "--line", "Welcome"))
    withdrawn = _uid(run(ana, "annotate", "body__para_4", "--note", "to withdraw"))
    assert run(ana, "sync").returncode == 0
    out = run(ben, "sync")
    assert (
        "Ana Pérez: 2 new, 0 updated, 0 kept as versions, 0 skipped; 1 record(s) imported"
        in out.stdout
    )

    # Ben annotates the same place without --author: his own annotation, not Ana's.
    mine = _uid(
        run(ben, "annotate", "body__para_3", "--record", "A/RES/67/219", "--stance", "oppose")
    )
    assert mine != hers
    out = run(ana, "annotations", "delete", withdrawn)
    assert out.returncode == 0 and "last state is kept" in out.stdout
    for home in (ana, ben):  # (Ana taking Ben's in is tests/unit/test_sharing.py's)
        assert run(home, "sync").returncode == 0

    listing = json.loads(run(ben, "annotations", "list", "--json").stdout)
    held = {a["author"]: (a["uid"], a["stance"]) for a in listing}
    assert held == {"Ana Pérez": (hers, "support"), "Ben Ng": (mine, "oppose")}
    assert all(a["eid"] == "body__para_3" and a["versions"] == [] for a in listing)
    (gone,) = json.loads(run(ben, "annotations", "list", "--deleted", "--json").stdout)
    assert (gone["uid"], gone["note"], gone["author"]) == (withdrawn, "to withdraw", "Ana Pérez")
    names = sorted(p.name for p in shared.glob("*.jsonld"))
    assert [n.rsplit("-", 1)[0] for n in names] == ["ana-perez", "ben-ng"], names

    # Off: sync says so in one line; the folder is remembered.
    assert run(ana, "share", "--off").stdout.startswith("sharing: off")
    out = run(ana, "sync")
    assert out.returncode == 1 and out.stderr.strip() == (
        "briefing: sharing is off: `briefing share DIR` turns it on"
    )


def test_share_refuses_a_folder_that_is_not_there(tmp_path):
    out = run(tmp_path / "home", "share", str(tmp_path / "not-mounted"))
    assert out.returncode == 1
    assert out.stderr.startswith("briefing: the shared folder ") and "is not there" in out.stderr

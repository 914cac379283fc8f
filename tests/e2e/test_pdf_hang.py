"""A PDF crafted to hang inside one page, through the real CLI: one line naming the file and
the reason, within the limit, the library unchanged (briefing/importer/pdf.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_pdf_time_limit import slow_pdf  # noqa: E402

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


def test_briefing_import_stops_a_hanging_pdf(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "BRIEFING_HOME": str(home), "BRIEFING_PDF_TIME_LIMIT": "2"}

    def briefing(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=120,  # a safety net: the import stops in seconds, a hang never would
        )

    assert briefing("records").returncode == 0
    databases = sorted(home.rglob("*.sqlite3"))
    assert databases
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in databases}
    crafted = tmp_path / "crafted.pdf"
    crafted.write_bytes(slow_pdf())
    started = time.monotonic()
    done = briefing("import", str(crafted))
    assert time.monotonic() - started < 60
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(crafted) in done.stderr and "took longer than 2 s" in done.stderr
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in databases} == before

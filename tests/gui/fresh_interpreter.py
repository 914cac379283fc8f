"""Run a piece of code in a fresh interpreter, as a start would (offscreen, this tree on the
path), and read back the JSON it prints last. Used where a test must see a first import or a
first frame that the test process itself has long had."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def run_child(code: str, *args: str, home: Path | None = None) -> Any:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    if home is not None:
        env["BRIEFING_HOME"] = str(home)
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])

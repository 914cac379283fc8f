"""`python -m briefing` with no subcommand: the app starts, and SIGTERM closes it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _wait_for(predicate, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit  # a bound on waiting, not a timing assertion
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_app_starts_and_sigterm_saves_the_session(briefing_home: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFING_HOME=str(briefing_home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        logs = briefing_home / "logs"

        def shown() -> bool:
            assert proc.poll() is None, proc.communicate()
            return any("window shown on record" in p.read_text() for p in logs.glob("*.log*"))

        _wait_for(shown, "the window")
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    ini = (briefing_home / "config" / "briefing.ini").read_text()
    assert "record_id=1" in ini
    assert (briefing_home / "briefing.sqlite3").is_file()

"""Shared fixtures: every test runs with its own BRIEFING_HOME, never a real profile."""

from __future__ import annotations

import os
from pathlib import Path

# Qt must see the platform before it is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

REPO = Path(__file__).resolve().parents[1]
# The real UN documents the tests read: copies of ../shared/records/samples, so that a clone
# anywhere runs every test (test_importer_samples checks the copies against the originals).
SAMPLES_DIR = REPO / "tests" / "fixtures" / "samples"
LIMA_PATH = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"
SAMPLES = sorted(SAMPLES_DIR.glob("*.txt"))


@pytest.fixture(autouse=True)
def briefing_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "briefing-home"
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    # Nothing a test runs may reach a network; Qt and Python both honour these.
    monkeypatch.setenv("no_proxy", "*")
    return home


@pytest.fixture
def lima_text() -> str:
    return LIMA_PATH.read_text(encoding="utf-8")

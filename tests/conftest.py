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


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Cut fonts are derived files: one cache for the whole run (cutting them per test is slow),
    # never the real profile's (the cache follows BRIEFING_HOME otherwise).
    return tmp_path_factory.mktemp("font-cache")


@pytest.fixture(autouse=True)
def briefing_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, font_cache: Path) -> Path:
    home = tmp_path / "briefing-home"
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    if "BRIEFING_FONT_CACHE" not in os.environ:
        monkeypatch.setenv("BRIEFING_FONT_CACHE", str(font_cache))
    # Nothing a test runs may reach a network; Qt and Python both honour these.
    monkeypatch.setenv("no_proxy", "*")
    return home


@pytest.fixture
def lima_text() -> str:
    return LIMA_PATH.read_text(encoding="utf-8")

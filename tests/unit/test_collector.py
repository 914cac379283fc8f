"""The cycle collector during the start (briefing/collector.py): rarer from `import briefing` to
the window's first frame, then as it was; never overriding thresholds someone else set."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from briefing import collector


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)
    collector._defaults = None


def test_importing_briefing_holds_the_collector_in_a_fresh_interpreter():
    code = (
        "import gc, json; before = gc.get_threshold(); import briefing; "
        "print(json.dumps([before, gc.get_threshold()]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = json.loads(out.stdout)
    assert before[0] < collector.START_ALLOCATIONS
    assert after == [collector.START_ALLOCATIONS, *before[1:]]


def test_end_restores_the_thresholds_that_were_there(thresholds):
    collector._defaults = None
    gc.set_threshold(700, 10, 10)
    collector.begin_start()
    assert collector.starting()
    assert gc.get_threshold() == (collector.START_ALLOCATIONS, 10, 10)
    collector.begin_start()  # twice is once
    collector.end_start()
    assert gc.get_threshold() == (700, 10, 10)
    assert not collector.starting()
    collector.end_start()  # and after the end, nothing
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_set_meanwhile_by_someone_else_stand(thresholds):
    collector._defaults = None
    gc.set_threshold(700, 10, 10)
    collector.begin_start()
    gc.set_threshold(5000, 20, 20)
    collector.end_start()
    assert gc.get_threshold() == (5000, 20, 20)


def test_a_collector_already_rarer_or_off_is_left_alone(thresholds):
    collector._defaults = None
    gc.set_threshold(500_000, 10, 10)
    collector.begin_start()
    assert not collector.starting()
    assert gc.get_threshold() == (500_000, 10, 10)

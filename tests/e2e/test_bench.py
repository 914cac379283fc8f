"""The bench command runs on a tiny library and reports every figure (no timing assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
@pytest.mark.gui
@pytest.mark.slow
def test_bench_run_reports_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    env = {
        "BRIEFING_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "BRIEFING_FONT_CACHE": str(tmp_path / "fonts"),
    }
    res = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--sizes",
            "2",
            "--runs",
            "1",
            "--quick",
            "--json",
            str(out),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    report = json.loads(out.read_text())
    assert report["machine"]["nproc"] >= 1
    assert "lima-2013-rcp-chairs-summary.txt" in report["import"]
    pdf_import = report["pdf_import"]
    assert pdf_import.get("pages_per_s", 0) > 0 or "skipped" in pdf_import
    first = report["first_export"]  # the cold first export beside a warm one
    assert first["cold_seconds"]["median"] > 0 and first["warm_seconds"]["median"] > 0
    assert first["cold_over_warm"] > 0
    # One small size: every figure of a size is reported (more sizes only cost the suite time).
    for size in ("2",):
        figures = report["sizes"][size]
        assert figures["records"] == int(size)
        assert figures["build"]["records_per_s"] > 0
        assert {"migration", "development", "rare"} <= set(figures["search"])
        for label in ("note", "pack"):
            assert figures["export"][label]["pages"] > 0
            assert figures["export"][label]["plain_pages"] > 0
            low, high = figures["export"][label]["ratio_min_max"]
            assert 0 < low <= figures["export"][label]["ratio"] <= high
        assert figures["start"]["median"] > 0
        low, high = figures["start_ratio"]["ratio_min_max"]
        assert 0 < low <= figures["start_ratio"]["ratio"] <= high
        assert figures["selection"]["n"] > 0
        assert figures["memory_mb"]["median"] > 0


def test_the_instruction_count_stops_each_child_at_its_first_frame():
    # bench/start_instructions.py cuts bench_app's two children after their first frame; the
    # cut must find its line in both, and what runs is the start up to there and no further.
    sys.path.insert(0, str(REPO / "bench"))
    import bench_app
    import start_instructions

    for code in (bench_app._CHILD, bench_app._BARE):
        cut = start_instructions._to_first_frame(code)
        assert cut.startswith(code[: code.index("app.processEvents()")])
        assert cut.rstrip().endswith("os._exit(0)")
        assert "json.dumps" not in cut  # nothing after the first frame is measured
    with pytest.raises(SystemExit):
        start_instructions._to_first_frame("print('no window')\n")

"""The whole app's start as a delegate meets it (issue 18): `python -m briefing`, process to exit.

    DISPLAY=:0 .venv/bin/python bench/app_process.py [--records 60] [--runs 9]

bench_app times the window from `import briefing` to its first frame. This times what a launch
adds around it, in a fresh process each time: the interpreter, logging, the platform check (on
X11), the start backup, the refresh check, the window, the smoke test's quit and the exit. The
yardstick is a bare PySide6 window in a process that quits after its first frame the same way,
run after each of ours. Under the X server of $DISPLAY when there is one, offscreen otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_app  # noqa: E402

_BARE = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.resize(1200, 800)\n"
    "window.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, BRIEFING_HOME=str(home), BRIEFING_SMOKE_TEST="1")
    if env.get("DISPLAY"):
        env.pop("QT_QPA_PLATFORM", None)
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=bench_app.REPO, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=60)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-process-") as tmp:
        home = Path(tmp)
        bench_app.build_library(home, args.records)
        bench_app.compile_bytecode()
        env = _env(home)
        app = [sys.executable, "-m", "briefing"]
        bare = [sys.executable, "-c", _BARE]
        first = _timed(app, env)  # the first start also makes the start backup
        _timed(bare, env)
        ours, yardstick = [], []
        for _ in range(args.runs):
            ours.append(_timed(app, env))
            yardstick.append(_timed(bare, env))
    where = f"X server {os.environ['DISPLAY']}" if os.environ.get("DISPLAY") else "offscreen"
    print(f"{args.records} record(s), {where}, {args.runs} runs each")
    print(f"first start (makes the start backup): {first * 1000:.0f} ms")
    o, b = statistics.median(ours), statistics.median(yardstick)
    print(f"app process, median: {o * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"bare window process, median: {b * 1000:.0f} ms (min {min(yardstick) * 1000:.0f})")
    print(f"ratio of medians: {o / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The start counted in instructions (issue 18): the populated window against a bare one.

    .venv/bin/python bench/start_instructions.py

On a shared machine the wall clock moves by a fifth between runs of the same code; valgrind's
instruction count does not. Each child runs under callgrind from the interpreter's start to its
first frame (bench_app's child and bare-window code, shown and one pass of events) and leaves
with os._exit, so the interpreter's shutdown is not counted. Both are one run each: the count
barely differs between runs. Needs valgrind; says so and stops when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_app  # noqa: E402

_FIRST_FRAME = "\nimport os\nos._exit(0)\n"


def _to_first_frame(code: str) -> str:
    """The child's code up to its first frame (the line after the first processEvents)."""
    head, marker, _rest = code.partition("app.processEvents()\n")
    if not marker:
        raise SystemExit("bench_app's child code no longer shows its first frame as expected")
    return head + marker + _FIRST_FRAME


def count(home: Path, code: str) -> int:
    env = dict(os.environ, BRIEFING_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="briefing-callgrind-") as tmp:
        out = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(tmp) / 'callgrind.out'}",
                sys.executable,
                "-c",
                code,
            ],
            env=env,
            cwd=bench_app.REPO,
            capture_output=True,
            text=True,
        )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise SystemExit(out.stderr[-2000:])
    return int(found.group(1))


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="briefing-bench-start-") as tmp:
        home = Path(tmp)
        bench_app.build_library(home, 1)
        bench_app.compile_bytecode()
        ours = count(home, _to_first_frame(bench_app._CHILD))
        bare = count(home, _to_first_frame(bench_app._BARE))
    print(f"populated window: {ours / 1e6:,.0f} M instructions to the first frame")
    print(f"bare window:      {bare / 1e6:,.0f} M")
    print(f"ratio:            {ours / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

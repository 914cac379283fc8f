"""Desktop app timings (issue 3): start to a shown, populated window; selection to updated detail.

    .venv/bin/python bench/bench_app.py [--records 1,1000] [--runs 5]

Each library size is built once in a temporary BRIEFING_HOME from bench/synth.py (the real
documents, varied), the newest record being the Lima record so every run opens the same text.
"Start" is measured in a fresh interpreter, from before `import briefing` to the window shown
with its panes filled and events processed (offscreen platform), its first frame; "complete"
goes on to the panes built just after that frame (not on screen); "selection" is the time
from asking the window to select a process, theme or conclusion to the Detail pane showing it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

_CHILD = r"""
import time
t0 = time.perf_counter()
import json, sys
from briefing.app import build_window, create_application
from briefing.storage import Library
app = create_application([])
library = Library.open()
window = build_window(library)
window.show()
app.processEvents()
shown = time.perf_counter() - t0
shown_cpu = time.process_time()
assert window.record is not None and window.processes.model.rowCount() > 0
# The panes not on screen are built just after the first frame (issue 18): until they are.
while not window.start_complete():
    app.processEvents()
complete = time.perf_counter() - t0
record = window.record
items = record.processes + record.organizations + record.themes + record.conclusions
samples = []
for _round in range(5):
    for item in items:
        s = time.perf_counter()
        window.select_item(item)
        samples.append(time.perf_counter() - s)
        assert window.detail.title_label.text()
window.close()
library.close()
print(json.dumps({"shown": shown, "shown_cpu": shown_cpu, "complete": complete, "select": samples}))
"""

# The yardstick: a bare PySide6 window, from the same starting line to shown with events done.
_BARE = r"""
import time
t0 = time.perf_counter()
import json
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
print(json.dumps({"shown": time.perf_counter() - t0, "shown_cpu": time.process_time()}))
"""


def build_library(home: Path, count: int) -> None:
    from synth import write_library_sources

    from briefing import startup
    from briefing.storage import Library

    os.environ["BRIEFING_HOME"] = str(home)
    library = Library.open()
    try:
        # Some varied texts land on the same record (same symbol): make more than needed.
        sources = write_library_sources(home / "sources", count * 3 + 10)
        # The Lima record last, so it is the newest and the one every start opens.
        lima = [p for p in sources if p.name.startswith("lima-")][:1]
        stored = 0
        for path in [p for p in sources if p not in lima]:
            if stored >= count - len(lima):
                break
            try:
                # As a delegate imports: the file's bytes kept as the record's source.
                _id, new, _warnings = startup.import_file(library, path)
            except Exception as exc:  # a varied text the importer refuses: skip it
                print(f"  skipped {path.name}: {exc}", file=sys.stderr)
                continue
            stored += int(new)
        for path in lima:
            startup.import_file(library, path)
        print(f"  library: {len(library.records())} records", file=sys.stderr)
    finally:
        library.close()


def compile_bytecode() -> None:
    """Write our modules' bytecode once, as `pip install` does: with PYTHONDONTWRITEBYTECODE
    set (as on this machine), every child would otherwise compile every module it imports."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "briefing")],
        check=True,
        capture_output=True,
    )


def run_child(home: Path, code: str = _CHILD) -> dict:
    env = dict(os.environ, BRIEFING_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_ratio(home: Path, pairs: int) -> dict:
    """Start to the populated window over start to a bare PySide6 window: the median of
    `pairs` back-to-back pairs (ours, then bare), so a shared machine's slow spells weigh on
    both alike (as the PDF figures are measured)."""
    compile_bytecode()
    run_child(home)  # warm the OS file cache
    run_child(home, _BARE)
    ours, complete, bare, ratios, complete_ratios, cpu_ratios = [], [], [], [], [], []
    for _ in range(pairs):
        result = run_child(home)
        ours.append(result["shown"])
        complete.append(result["complete"])
        yardstick = run_child(home, _BARE)
        bare.append(yardstick["shown"])
        ratios.append(ours[-1] / bare[-1])
        complete_ratios.append(complete[-1] / bare[-1])
        cpu_ratios.append(result["shown_cpu"] / yardstick["shown_cpu"])
    return {
        "ratio": statistics.median(ratios),
        "ratio_min_max": [min(ratios), max(ratios)],
        "ours_median_s": statistics.median(ours),
        "bare_median_s": statistics.median(bare),
        # To the panes built after the first frame too (the Annotations pane).
        "complete_ratio": statistics.median(complete_ratios),
        "complete_median_s": statistics.median(complete),
        # The same start in CPU time of the process (interpreter start included, as for the
        # bare window): what a shared machine's other work changes least.
        "cpu_ratio": statistics.median(cpu_ratios),
        "cpu_ratio_min_max": [min(cpu_ratios), max(cpu_ratios)],
        "pairs": pairs,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", default="1,1000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for count in [int(c) for c in args.records.split(",")]:
        with tempfile.TemporaryDirectory(prefix=f"briefing-bench-{count}-") as tmp:
            home = Path(tmp)
            print(f"building a library of {count} record(s)…", file=sys.stderr)
            started = time.perf_counter()
            build_library(home, count)
            print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            run_child(home)  # warm the OS file cache once
            shown, select = [], []
            for _ in range(args.runs):
                result = run_child(home)
                shown.append(result["shown"])
                select.extend(result["select"])
            select.sort()
            rows.append(
                (
                    count,
                    statistics.median(shown),
                    max(shown),
                    statistics.median(select),
                    select[int(len(select) * 0.95) - 1],
                    max(select),
                )
            )
    print(
        "| records | start to shown window, median (max) "
        "| selection to detail, median / p95 / max |"
    )
    print("|---:|---:|---:|")
    for count, med, worst, smed, p95, smax in rows:
        print(
            f"| {count} | {med * 1000:.0f} ms ({worst * 1000:.0f} ms) | "
            f"{smed * 1000:.1f} / {p95 * 1000:.1f} / {smax * 1000:.1f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Killing the program while it saves annotations loses nothing it reported saved.

A subprocess saves annotations in a loop (new ones, updates, tags) and prints "saved <uid>" after
each commit; it is SIGKILLed at random moments, many times. After each kill the database passes
PRAGMA integrity_check and holds every uid reported, with the note reported.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_annotations_helpers import make_record  # noqa: E402

from briefing.storage import Library  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

REPO = Path(__file__).resolve().parents[2]
RUNS = 30

WRITER = textwrap.dedent(
    """
    import itertools, sys
    from pathlib import Path
    from briefing.storage import Library
    from briefing.storage import annotations as store

    lib = Library.open(Path(sys.argv[1]))
    run = sys.argv[2]
    record_id = lib.latest_record_id()
    eids = ["body__para_1", "body__para_2", "body__para_3", "footnote_a"]
    last = None
    for n in itertools.count():
        if last is not None and n % 3 == 0:
            a = last  # an update of the one just saved
        else:
            a = store.new_annotation(lib, record_id, eids[n % len(eids)])
        a.note = f"run {run} save {n} " + "x" * (n % 200)
        a.tags = [f"t{n % 7}", f"run{run}"]
        last = store.save_annotation(lib, a)
        if n == 0:
            # Ready once the first save is in: it also makes the store's sqlite-utils handle,
            # which on a loaded machine took longer than the kills' whole window.
            print("ready", flush=True)
        print(f"saved {last.uid} {n}", flush=True)
    """
)

_SAVED = re.compile(r"^saved ([0-9a-f-]{36}) (\d+)$")


def test_sigkill_while_saving_loses_nothing_reported(tmp_path: Path, briefing_home: Path):
    db = tmp_path / "kill.sqlite3"
    lib = Library.open(db)
    lib.import_record(make_record())
    lib.close()
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "BRIEFING_HOME": str(briefing_home), "PYTHONPATH": str(REPO)}
    rng = random.Random(20261128)
    reported: dict[str, int] = {}  # uid -> last save number reported for it
    total_reported = 0

    for run in range(RUNS):
        proc = subprocess.Popen(
            [sys.executable, str(writer), str(db), str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        if ready.strip() != "ready":  # stop it before reading its errors, or the read waits on it
            proc.kill()
            pytest.fail(f"the writer did not start: {ready!r} {proc.communicate(timeout=30)[1]}")
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        # Read the rest through the same text stream as "ready": communicate() reads the pipe
        # itself and would drop what readline() had already buffered (a report, or half of one).
        with proc.stdout, proc.stderr:
            out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        lines = out.splitlines()
        # A line cut by the kill is not a report; only complete ones count.
        complete = lines if out.endswith("\n") else lines[:-1]
        for line in complete:
            match = _SAVED.match(line)
            assert match, line
            reported[match.group(1)] = int(match.group(2))
            total_reported += 1

        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            rows = dict(conn.execute("SELECT uid, note FROM annotations").fetchall())
        finally:
            conn.close()
        for uid, n in reported.items():
            assert uid in rows, f"run {run}: reported uid {uid} is missing"
            # The stored note is the reported save or a later one (an unreported commit).
            stored_n = int(rows[uid].split()[3])
            assert stored_n >= n, f"run {run}: {uid} lost save {n}"

    assert total_reported > 0  # the kills did land while saving
    final = Library.open(db)  # the store's own open-time checks pass too
    final.close()

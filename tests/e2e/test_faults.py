"""Fault tests: kill the real CLI mid-write, damage the file, take the disk away; nothing is lost.

Each kill test runs many times (BRIEFING_FAULT_RUNS, default 24) with a seeded random schedule
(BRIEFING_FAULT_SEED), so a failure can be replayed. See RELIABILITY.md for what each proves.

The file-system tests mount tiny tmpfs file systems (read-only, or nearly full); they need root and
mount(2) and are skipped where that is not allowed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "fixtures" / "samples"
IMPORT_DOC = SAMPLES / "a-res-67-219-international-migration-2012.txt"
# 16 kills and corruptions a run keep the suite under ten minutes; BRIEFING_FAULT_RUNS=100 for more.
RUNS = int(os.environ.get("BRIEFING_FAULT_RUNS", "16"))
SEED = int(os.environ.get("BRIEFING_FAULT_SEED", "20261128"))

from briefing.startup import open_library  # noqa: E402
from briefing.storage import annotations as store  # noqa: E402

# -- helpers ----------------------------------------------------------------------------------


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["BRIEFING_HOME"] = str(home)
    env["PYTHONPATH"] = str(REPO)
    env.pop("PYTHONHASHSEED", None)
    return env


def cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=REPO,
        env=env_for(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(args: list[str], home: Path) -> subprocess.Popen[str]:
    """The program with stdout piped (read line by line) and stderr to a file (never blocks)."""
    err_file = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by finish)
    proc = subprocess.Popen(
        args, cwd=REPO, env=env_for(home), stdout=subprocess.PIPE, stderr=err_file, text=True
    )
    proc.err_file = err_file  # type: ignore[attr-defined]
    return proc


def finish(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """Everything still to read, after a kill or an exit.

    Read through the same text wrapper that readline used: communicate() would read the pipe's
    file descriptor directly and lose the lines already buffered in the wrapper.
    """
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    proc.wait(timeout=60)
    err_file = proc.err_file  # type: ignore[attr-defined]
    err_file.seek(0)
    err = err_file.read()
    err_file.close()
    return out, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(db: Path) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(db)
    try:
        rows = [tuple(r) for r in conn.execute("PRAGMA integrity_check")]
        rows += [("fk", *map(str, r)) for r in conn.execute("PRAGMA foreign_key_check")]
        # FTS5 keeps its own index: check it agrees with the rows it indexes.
        conn.execute("INSERT INTO elements_fts(elements_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        rows = [("error", str(exc))]
    finally:
        conn.close()
    return rows


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert err.startswith("briefing: "), err
    assert "\n" not in err and "Traceback" not in err, err
    return err


def record_shape(db: Path, record_id: int) -> dict[str, object]:
    with open_library(db) as lib:
        record = lib.record(record_id)
    return {
        "paragraphs": [(p.eid, p.text) for _part, p in record.paragraphs()],
        "points": [(pt.eid, pt.text) for _part, p in record.paragraphs() for pt in p.walk_points()],
        "footnotes": [(f.eid, f.text) for f in record.footnotes],
        "title": record.title,
    }


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library holding the Lima record, closed and checkpointed: one file to copy per run."""
    home = tmp_path_factory.mktemp("base-home")
    db = home / "base.sqlite3"
    old = os.environ.get("BRIEFING_HOME")
    os.environ["BRIEFING_HOME"] = str(home)
    try:
        with open_library(db) as lib:
            assert lib.latest_record_id() is not None
            lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            lib.db.execute("PRAGMA journal_mode=DELETE")
    finally:
        if old is None:
            os.environ.pop("BRIEFING_HOME", None)
        else:
            os.environ["BRIEFING_HOME"] = old
    return db


def fresh_copy(base_db: Path, folder: Path, name: str = "briefing.sqlite3") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / name
    shutil.copyfile(base_db, db)
    return db


# A shim around the real CLI entry point that only reports, on stdout, when the store opens and
# commits its write transaction, so a kill can be aimed inside it.
_TX_SHIM = textwrap.dedent(
    """
    import contextlib, sys
    from briefing.storage import library as L
    _orig = L.Library.transaction

    @contextlib.contextmanager
    def transaction(self):
        print("tx-begin", flush=True)
        with _orig(self) as db:
            yield db
        print("tx-end", flush=True)

    L.Library.transaction = transaction
    from briefing.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


# -- SIGKILL during an import -----------------------------------------------------------------


def _timed_reference_import(home: Path, db: Path) -> tuple[int, float, float]:
    """A clean import through the shim: the record id, the transaction's length, the run's."""
    t0 = time.monotonic()
    proc = start([sys.executable, "-c", _TX_SHIM, "import", str(IMPORT_DOC), "--db", str(db)], home)
    assert proc.stdout is not None
    begin = end = None
    record_id = None
    for line in proc.stdout:
        word = line.strip()
        if word == "tx-begin" and begin is None:
            begin = time.monotonic()
        elif word == "tx-end":
            end = time.monotonic()
        elif word.isdigit():
            record_id = int(word)
    _out, err = finish(proc)
    total = time.monotonic() - t0
    assert proc.returncode == 0 and record_id is not None, err
    assert begin is not None and end is not None
    return record_id, end - begin, total


def test_sigkill_during_import_leaves_the_record_whole_or_absent(
    base_db: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    # The reference: a clean import of the same document, timed to aim the kills.
    ref_home = tmp_path / "ref"
    ref_db = fresh_copy(base_db, ref_home)
    ref_id, tx_len, run_len = _timed_reference_import(ref_home, ref_db)
    reference = record_shape(ref_db, ref_id)
    assert len(reference["paragraphs"]) > 5
    with open_library(ref_db) as lib:
        before_ids = {s.id for s in lib.records()} - {ref_id}

    outcomes = {"killed, absent": 0, "killed, whole": 0, "finished, whole": 0}
    aims = {"in-transaction": 0, "anywhere": 0}
    for run in range(RUNS):
        home = tmp_path / f"run{run}"
        db = fresh_copy(base_db, home)
        proc = start(
            [sys.executable, "-c", _TX_SHIM, "import", str(IMPORT_DOC), "--db", str(db)], home
        )
        assert proc.stdout is not None
        if run % 2 == 0:
            # Aim inside the write transaction: a random moment of its measured length.
            aims["in-transaction"] += 1
            if proc.stdout.readline().strip() == "tx-begin":
                time.sleep(rng.uniform(0, tx_len))
        else:
            # Anywhere in the process's life: start-up, parse, transaction, commit, exit.
            aims["anywhere"] += 1
            time.sleep(rng.uniform(0, run_len))
        proc.send_signal(signal.SIGKILL)
        out, _err = finish(proc)
        finished = proc.returncode == 0
        reported = finished and any(w.strip().isdigit() for w in out.splitlines())

        assert integrity(db) == [("ok",)], f"run {run}"
        with open_library(db) as lib:
            summaries = lib.records()
        ids = {s.id for s in summaries}
        assert before_ids <= ids, f"run {run}: an earlier record went missing"
        new = ids - before_ids
        assert len(new) <= 1, f"run {run}: {new}"
        if new:
            assert record_shape(db, new.pop()) == reference, f"run {run}: a half record"
            outcomes["finished, whole" if finished else "killed, whole"] += 1
        else:
            assert not reported, f"run {run}: the import said done but the record is absent"
            outcomes["killed, absent"] += 1
    print(
        f"\nimport kills: {RUNS} runs (transaction ~{tx_len * 1000:.0f} ms of ~{run_len:.2f} s), "
        f"aims {aims}, outcomes {outcomes}"
    )


# -- SIGKILL during annotation writes ---------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from briefing.startup import open_library
    from briefing.storage import annotations as store

    db, prefix, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    # Optional "k/n": write only every n-th place starting at k, so writers can share no place.
    share = sys.argv[4] if len(sys.argv) > 4 else "0/1"
    k, n = map(int, share.split("/"))
    lib = open_library(db)
    rid = min(s.id for s in lib.records())
    eids = [p.eid for _part, p in lib.record(rid).paragraphs()][k::n]
    for i in range(limit):
        eid = eids[i % len(eids)]
        a = store.annotation_at(lib, rid, eid) or store.new_annotation(lib, rid, eid)
        a.note = f"{prefix} {i}"
        a.tags = [prefix]
        store.save_annotation(lib, a)
        # Reported only after save_annotation returned, i.e. after the commit.
        print(f"{eid}\\t{prefix} {i}", flush=True)
    lib.close()
    """
)


def notes_by_eid(db: Path) -> dict[str, str]:
    with open_library(db) as lib:
        rid = min(s.id for s in lib.records())  # the Lima record, seeded first
        return {a.target_eid: a.note for a in store.annotations_for_record(lib, rid)}


def test_sigkill_during_annotation_writes_keeps_every_reported_write(
    base_db: Path, tmp_path: Path
) -> None:
    """One database, many writer processes killed in turn: each one's reported saves survive."""
    rng = random.Random(SEED + 1)
    home = tmp_path / "home"
    db = fresh_copy(base_db, home)
    reported: dict[str, str] = {}  # eid -> the last note a writer reported saved
    total_reported = 0
    in_flight_found = 0
    for run in range(RUNS):
        prefix = f"w{run}"
        proc = start([sys.executable, "-c", _WRITER, str(db), prefix, "100000"], home)
        assert proc.stdout is not None
        wanted = rng.randint(0, 40)
        seen: list[tuple[str, str]] = []
        while len(seen) < wanted:
            line = proc.stdout.readline()
            if not line:
                break
            eid, note = line.rstrip("\n").split("\t")
            seen.append((eid, note))
        time.sleep(rng.uniform(0, 0.01))
        proc.send_signal(signal.SIGKILL)
        rest, err = finish(proc)
        for line in rest.splitlines():
            if "\t" in line:
                eid, note = line.split("\t")
                seen.append((eid, note))
        assert proc.returncode == -signal.SIGKILL, err
        for eid, note in seen:
            reported[eid] = note
        total_reported += len(seen)

        assert integrity(db) == [("ok",)], f"run {run}"
        stored = notes_by_eid(db)
        # The write in flight when the kill came may have committed without being reported.
        in_flight_i = len(seen)
        for eid, note in reported.items():
            if stored.get(eid) != note:
                assert stored.get(eid) == f"{prefix} {in_flight_i}", (run, eid, note, stored)
                in_flight_found += 1
                reported[eid] = stored[eid]
    print(
        f"\nannotation kills: {RUNS} runs, {total_reported} saves reported, all kept; "
        f"{in_flight_found} unreported in-flight saves were committed"
    )


def test_sigkill_of_briefing_annotate_processes(base_db: Path, tmp_path: Path) -> None:
    """The CLI itself: `briefing annotate` killed at random moments; reported saves survive."""
    rng = random.Random(SEED + 2)
    home = tmp_path / "home"
    db = fresh_copy(base_db, home)
    with open_library(db) as lib:
        rid = lib.latest_record_id()
        eids = [p.eid for _part, p in lib.record(rid).paragraphs()][:4]
    expected: dict[str, set[str]] = {}  # eid -> notes it may hold now
    runs = max(4, RUNS // 2)
    for run in range(runs):
        eid = eids[run % len(eids)]
        note = f"cli {run}"
        proc = start(
            [sys.executable, "-c", _TX_SHIM, "annotate", eid, "--note", note, "--db", str(db)],
            home,
        )
        killed = run % 3 != 2  # every third one is left to finish: it must be kept
        if killed:
            if run % 2 == 0 and proc.stdout is not None:
                if proc.stdout.readline().strip() == "tx-begin":
                    time.sleep(rng.uniform(0, 0.02))
            else:
                time.sleep(rng.uniform(0, 1.2))
            proc.send_signal(signal.SIGKILL)
        out, err = finish(proc)
        done = proc.returncode == 0 and "saved" in out
        if not killed:
            assert done, err
        previous = expected.get(eid, {None})  # type: ignore[arg-type]
        expected[eid] = {note} if done else previous | {note}
        assert integrity(db) == [("ok",)], f"run {run}"
        stored = notes_by_eid(db)
        assert stored.get(eid) in expected[eid], (run, eid, stored.get(eid), expected[eid])
        expected[eid] = {stored.get(eid)}  # type: ignore[arg-type]


# -- two instances at once --------------------------------------------------------------------


def test_two_processes_writing_at_once_both_keep_every_write(base_db: Path, tmp_path: Path) -> None:
    """Two writers and an importer on one database at once: WAL + busy timeout, nothing lost."""
    home = tmp_path / "home"
    db = fresh_copy(base_db, home)
    writes = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), prefix, str(writes), share],
            cwd=REPO,
            env=env_for(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix, share in (("alpha", "0/2"), ("beta", "1/2"))
    ]
    # Meanwhile a third instance imports a document: a long write between the small ones.
    imported = cli(home, "import", str(IMPORT_DOC), "--db", str(db))
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
    assert imported.returncode == 0, imported.stderr
    assert integrity(db) == [("ok",)]
    expected: dict[str, str] = {}
    for out, _err in results:
        lines = out.splitlines()
        assert len(lines) == writes
        for line in lines:
            eid, note = line.split("\t")
            expected[eid] = note
    assert {n.split()[0] for n in expected.values()} == {"alpha", "beta"}
    with open_library(db) as lib:
        assert len(lib.records()) == 2
        rid = min(s.id for s in lib.records())
        stored = {a.target_eid: a.note for a in store.annotations_for_record(lib, rid)}
    assert stored == expected


# -- damaged files ----------------------------------------------------------------------------


def _opening_commands(db: Path) -> list[list[str]]:
    return [
        ["check", "--db", str(db)],
        ["records", "--db", str(db)],
        ["annotate", "letter__p_1", "--note", "x", "--record", "1", "--db", str(db)],
        ["import", str(IMPORT_DOC), "--db", str(db)],
    ]


def _assert_refused_untouched(home: Path, db: Path) -> None:
    before = sha(db)
    for args in _opening_commands(db):
        result = cli(home, *args)
        err = assert_one_line_error(result)
        assert str(db.name) in err or "database" in err, err
        assert sha(db) == before, f"{args[0]} changed the damaged file"
        assert not db.with_name(db.name + "-wal").exists(), f"{args[0]} left a -wal beside it"


@pytest.mark.parametrize("keep", ["header", "one page", "half", "all but one page"])
def test_a_truncated_database_is_refused_at_open_and_left_as_is(
    base_db: Path, tmp_path: Path, keep: str
) -> None:
    home = tmp_path / "home"
    db = fresh_copy(base_db, home)
    size = db.stat().st_size
    page = 4096
    cut = {
        "header": 100,
        "one page": page,
        "half": (size // 2 // page) * page + 123,
        "all but one page": size - page,
    }[keep]
    with db.open("r+b") as fh:
        fh.truncate(cut)
    _assert_refused_untouched(home, db)


def test_garbage_pages_are_refused_at_open_and_left_as_is(base_db: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 3)
    page = 4096
    pages = base_db.stat().st_size // page
    for run in range(max(6, RUNS // 3)):
        home = tmp_path / f"run{run}"
        db = fresh_copy(base_db, home)
        data = bytearray(db.read_bytes())
        # Page 1 (the header and schema) in some runs; random other pages in the rest.
        chosen = [0] if run % 4 == 0 else rng.sample(range(1, pages), k=min(3, pages - 1))
        for n in chosen:
            data[n * page : (n + 1) * page] = rng.randbytes(page)
        db.write_bytes(bytes(data))
        _assert_refused_untouched(home, db)


def test_a_damaged_database_can_be_restored_from_its_backup(base_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = fresh_copy(base_db, home)
    assert (
        cli(
            home, "annotate", "letter__p_1", "--note", "keep me", "--record", "1", "--db", str(db)
        ).returncode
        == 0
    )
    assert cli(home, "backup", "--db", str(db)).returncode == 0
    data = bytearray(db.read_bytes())
    data[4096 * 2 : 4096 * 4] = random.Random(SEED).randbytes(4096 * 2)
    db.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)
    damaged = sha(db)
    assert_one_line_error(cli(home, "records", "--db", str(db)))
    restored = cli(home, "restore", "latest", "--db", str(db))
    assert restored.returncode == 0, restored.stderr
    assert cli(home, "check", "--db", str(db)).returncode == 0
    assert notes_by_eid(db).get("letter__p_1") == "keep me"
    kept = [p for p in (home / "backups").iterdir() if "pre-restore-damaged" in p.name]
    assert len(kept) == 1 and sha(kept[0]) == damaged


# -- the disk: read-only, full ----------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_read_only_data_folder_gives_clear_messages_and_loses_nothing(
    base_db: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "ro", "8m") as mnt:
        home = mnt
        db = fresh_copy(base_db, home)
        ok = cli(
            home, "annotate", "letter__p_1", "--note", "before", "--record", "1", "--db", str(db)
        )
        assert ok.returncode == 0, ok.stderr
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(mnt)], capture_output=True, text=True
        )
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only ({remount.stderr.strip()})")
        before = sha(db)
        for args in (
            ["annotate", "letter__p_1", "--note", "after", "--record", "1", "--db", str(db)],
            ["import", str(IMPORT_DOC), "--db", str(db)],
            ["backup", "--db", str(db)],
        ):
            err = assert_one_line_error(cli(home, *args))
            # The store says it cannot open the file (SQLite cannot make its -shm there);
            # backup, which is ours, names the cause.
            words = ("read-only", "readonly", "not writable", "cannot open")
            assert any(w in err for w in words), err
            if args[0] == "backup":
                assert "not writable" in err, err
        assert sha(db) == before
        subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        assert integrity(db) == [("ok",)]
        assert notes_by_eid(db).get("letter__p_1") == "before"


def test_a_data_folder_under_a_file_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    db = blocker / "briefing.sqlite3"
    for args in (["records", "--db", str(db)], ["backup", "--db", str(db)]):
        assert_one_line_error(cli(tmp_path, *args))
    assert blocker.read_text() == "a file where the data folder should be"


def test_a_full_disk_gives_clear_messages_and_loses_nothing(base_db: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "4m") as mnt:
        home = mnt
        db = fresh_copy(base_db, home)
        first = cli(
            home, "annotate", "letter__p_1", "--note", "before", "--record", "1", "--db", str(db)
        )
        assert first.returncode == 0, first.stderr
        # Fill the file system to the last few KB.
        filler = mnt / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * 4096)
        finally:
            os.close(fd)
        failures = []
        for args in (
            ["import", str(IMPORT_DOC), "--db", str(db)],
            ["backup", "--db", str(db)],
            ["annotate", "letter__p_2", "--note", "x" * 100_000, "--record", "1", "--db", str(db)],
        ):
            result = cli(home, *args)
            if result.returncode != 0:
                err = assert_one_line_error(result)
                assert any(w in err for w in ("full", "space")), err
                failures.append(args[0])
        assert failures, "the disk was not full enough to fail any write"
        print(f"\nfull disk: refused {failures}")
        assert not [p for p in mnt.rglob("*.tmp")], "a temporary file was left behind"
        # Even reading needs a few bytes (the -shm), so make room before looking.
        filler.unlink()
        assert integrity(db) == [("ok",)]
        assert notes_by_eid(db).get("letter__p_1") == "before"
        again = cli(
            home, "annotate", "annex_1__para_1", "--note", "after", "--record", "1", "--db", str(db)
        )
        assert again.returncode == 0, again.stderr
        assert notes_by_eid(db).get("annex_1__para_1") == "after"
        assert notes_by_eid(db).get("letter__p_1") == "before"

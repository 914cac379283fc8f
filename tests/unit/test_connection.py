"""The store's Database behaves as sqlite-utils' Database in everything the store uses.

Each check runs the same steps on ours and on sqlite-utils' own (the behaviour we replaced to
keep sqlite-utils out of the start), so a change in either shows here.
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from briefing.storage.connection import Database


def _both(tmp_path):
    ours = Database(sqlite3.connect(str(tmp_path / "ours.db")))
    theirs = sqlite_utils.Database(sqlite3.connect(str(tmp_path / "theirs.db")))
    return ours, theirs


def _steps(db, path):
    db.execute("CREATE TABLE t (x INTEGER CHECK (x < 10))")
    db.execute("INSERT INTO t VALUES (?)", [1])  # committed at once
    seen = [sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone()[0]]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (99)")
    seen.append(db.conn.in_transaction)
    with db.atomic():
        db.execute("INSERT INTO t VALUES (2)")
        with pytest.raises(ValueError), db.atomic():  # a savepoint: only it is undone
            db.execute("INSERT INTO t VALUES (3)")
            raise ValueError
        seen.append(db.conn.in_transaction)
    with pytest.raises(ValueError), db.atomic():
        db.execute("INSERT INTO t VALUES (4)")
        raise ValueError
    seen.append(sorted(x for (x,) in db.execute("SELECT x FROM t")))
    seen.append(db.execute("PRAGMA recursive_triggers").fetchone()[0])
    db.enable_wal()
    seen.append(db.execute("PRAGMA journal_mode").fetchone()[0])
    seen.append(sorted(db.table_names()))
    return seen


def test_as_sqlite_utils_does(tmp_path):
    ours, theirs = _both(tmp_path)
    try:
        mine = _steps(ours, str(tmp_path / "ours.db"))
        reference = _steps(theirs, str(tmp_path / "theirs.db"))
    finally:
        ours.close()
        theirs.close()
    assert mine == reference == [1, False, True, [1, 2], 1, "wal", ["t"]]


def test_in_memory_and_refusals():
    with Database(memory=True) as db:
        assert db.execute("SELECT 1").fetchone() == (1,)
    with pytest.raises(ValueError):
        Database()


@pytest.mark.e2e
@pytest.mark.gui
def test_the_app_starts_without_sqlite_utils(tmp_path):
    """Opening a library and building the window never imports sqlite-utils (nor click)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from briefing.app import build_window, create_application\n"
        "from briefing.startup import open_library\n"
        "app = create_application([])\n"
        "library = open_library(None)\n"
        "window = build_window(library)\n"
        "window.show(); app.processEvents()\n"
        "print(sorted(m for m in ('sqlite_utils', 'click', 'pluggy', 'dateutil') "
        "if m in sys.modules))\n"
    )
    env = dict(os.environ, BRIEFING_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"

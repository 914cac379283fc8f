"""database/schema.sql is what the migrations build: regenerate it when adding a migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from briefing import paths
from briefing.storage import Library, latest_version
from briefing.storage.schema import main, schema_sql


def test_the_snapshot_matches_the_migrations() -> None:
    snapshot = paths.schema_snapshot_path().read_text(encoding="utf-8")
    assert snapshot == schema_sql(), (
        "database/schema.sql is stale: run `python -m briefing.storage.schema --write`"
    )


def test_the_snapshot_is_what_a_real_library_holds(tmp_path: Path) -> None:
    path = tmp_path / "briefing.sqlite3"
    Library.open(path).close()
    conn = sqlite3.connect(path)
    on_disk = sorted(conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    conn.close()
    snapshot = paths.schema_snapshot_path().read_text(encoding="utf-8")
    for (sql,) in on_disk:
        assert f"{sql.strip()};" in snapshot


def test_write_and_check(tmp_path: Path) -> None:
    target = tmp_path / "schema.sql"
    assert main(["--check", "--path", str(target)]) == 1
    assert main(["--write", "--path", str(target)]) == 0
    assert main(["--check", "--path", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_sql()
    # Deterministic: two builds give the same text.
    assert schema_sql() == schema_sql()

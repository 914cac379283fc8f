"""The schema snapshot: what the migrations build, as deterministic SQL.

`python -m briefing.storage.schema --write` regenerates database/schema.sql after a migration is
added; `--check` (and tests/unit/test_schema_snapshot.py) fails when the file is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing import paths
from briefing.storage.db import apply_migrations, database
from briefing.storage.migrations import APPLICATION_ID, latest_version

HEADER = "-- generated from the migrations by: python -m briefing.storage.schema --write\n"


def schema_sql() -> str:
    """The schema a fresh database gets, from an in-memory migrate, sorted by type and name."""
    db = database()
    try:
        apply_migrations(db)
        rows = db.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    finally:
        db.close()
    lines = [
        HEADER,
        f"-- PRAGMA application_id = {APPLICATION_ID};  (0x{APPLICATION_ID:08X})\n",
        f"-- PRAGMA user_version = {latest_version()};\n",
    ]
    for _type, _name, sql in rows:
        lines.append(f"\n{sql.strip()};\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.storage.schema")
    parser.add_argument("--write", action="store_true", help="write the snapshot file")
    parser.add_argument("--check", action="store_true", help="fail if the snapshot is stale")
    parser.add_argument("--path", type=Path, default=None, help="the snapshot file")
    args = parser.parse_args(argv)
    target: Path = args.path or paths.schema_snapshot_path()
    sql = schema_sql()
    if args.write:
        target.write_text(sql, encoding="utf-8", newline="\n")
        print(f"wrote {target}")
        return 0
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != sql:
            print(
                f"{target} is stale: run python -m briefing.storage.schema --write", file=sys.stderr
            )
            return 1
        return 0
    sys.stdout.write(sql)
    return 0


if __name__ == "__main__":
    sys.exit(main())

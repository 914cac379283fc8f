"""`briefing backup`, `restore`, `backups` and `check`, run as the real program."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEFING_HOME=str(home), PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    err = result.stderr.strip()
    assert err.startswith("briefing: ") and "\n" not in err and "Traceback" not in err, err
    return err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def db(home: Path) -> Path:
    """The default database of this home, created (and seeded with Lima) by a first command."""
    ok(cli(home, "records"))
    path = home / "briefing.sqlite3"
    assert path.is_file()
    return path


def note_at(home: Path, eid: str) -> str | None:
    import json

    out = ok(cli(home, "annotations", "list", "--json"))
    data = json.loads(out)
    items = data if isinstance(data, list) else data.get("annotations", data.get("items", []))
    for item in items:
        if item.get("target_eid", item.get("eid")) == eid:
            return item.get("note")
    return None


def test_backup_then_backups_lists_it(home: Path, db: Path) -> None:
    out = ok(cli(home, "backup")).strip()
    made = Path(out)
    assert made.is_file() and made.parent == home / "backups"
    listing = ok(cli(home, "backups"))
    assert made.name in listing and "(manual)" in listing


def test_backups_of_a_database_without_any(home: Path, db: Path) -> None:
    assert "no backups" in ok(cli(home, "backups"))


def test_restore_brings_back_an_annotation_changed_since(home: Path, db: Path) -> None:
    ok(cli(home, "annotate", "letter__p_1", "--note", "before the backup"))
    ok(cli(home, "backup"))
    ok(cli(home, "annotate", "letter__p_1", "--note", "after the backup"))
    assert note_at(home, "letter__p_1") == "after the backup"
    out = ok(cli(home, "restore", "latest"))
    assert "restored" in out and "pre-restore" in out
    assert note_at(home, "letter__p_1") == "before the backup"
    # The state just before the restore is a backup in its own right: restore it back.
    listing = ok(cli(home, "backups"))
    assert "(pre-restore)" in listing
    pre = next(line.split()[-1] for line in listing.splitlines() if "(pre-restore)" in line)
    ok(cli(home, "restore", pre))
    assert note_at(home, "letter__p_1") == "after the backup"
    assert ok(cli(home, "check")).startswith("ok: ")


def test_restore_of_a_missing_backup_is_refused(home: Path, db: Path) -> None:
    before = sha(db)
    err = one_line_error(cli(home, "restore", "no-such-backup.sqlite3"))
    assert "no such backup" in err
    assert sha(db) == before


def test_restore_latest_without_backups_is_refused(home: Path, db: Path) -> None:
    assert "no backups" in one_line_error(cli(home, "restore", "latest"))


def test_restore_of_a_damaged_backup_is_refused_and_the_database_kept(home: Path, db: Path) -> None:
    ok(cli(home, "annotate", "letter__p_1", "--note", "precious"))
    made = Path(ok(cli(home, "backup")).strip())
    data = bytearray(made.read_bytes())
    data[4096:8192] = os.urandom(4096)
    made.write_bytes(bytes(data))
    err = one_line_error(cli(home, "restore", str(made)))
    assert "damaged" in err
    assert note_at(home, "letter__p_1") == "precious"


def test_restore_of_a_foreign_file_is_refused(home: Path, db: Path, tmp_path: Path) -> None:
    import sqlite3

    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    assert "not a Briefing database" in one_line_error(cli(home, "restore", str(foreign)))


def test_check_a_sound_database(home: Path, db: Path) -> None:
    out = ok(cli(home, "check")).strip()
    assert out.startswith("ok: ") and "\n" not in out
    assert "1 records" in out


def test_check_a_damaged_database_in_one_line_and_change_nothing(home: Path, db: Path) -> None:
    with db.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(os.urandom(4096 * 2))
    before = sha(db)
    err = one_line_error(cli(home, "check"))
    assert "damaged" in err
    assert sha(db) == before


def test_check_a_file_that_is_not_sqlite(home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("this is a text file\n" * 200)
    before = sha(junk)
    one_line_error(cli(home, "check", "--db", str(junk)))
    assert sha(junk) == before


def test_check_when_there_is_no_database(home: Path) -> None:
    assert "no database" in one_line_error(cli(home, "check"))


def test_backup_when_there_is_no_database(home: Path) -> None:
    assert "no database" in one_line_error(cli(home, "backup"))


def test_backup_keep_rotates(home: Path, db: Path) -> None:
    made = []
    for i in range(4):
        ok(cli(home, "annotate", "letter__p_1", "--note", f"n{i}"))
        made.append(Path(ok(cli(home, "backup", "--keep", "2")).strip()))
    assert [p.exists() for p in made] == [False, False, True, True]

"""Readers, limits and litter below the CLI: the pieces test_hostile_inputs drives end to end."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest

from briefing import paths
from briefing.domain.times import parse_time
from briefing.export import fonts
from briefing.export.webannotation import _loads_iteratively, load_json
from briefing.files import UnreadableFile, read_regular_file, readable_name
from briefing.importer.decode import decode_bytes
from briefing.storage.backup import backup_database, clean_litter, list_backups, restore_backup


def test_read_regular_file_refuses_what_is_not_a_file(tmp_path: Path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_regular_file(fifo, 100)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_regular_file(Path("/dev/zero"), 100)
    with pytest.raises(UnreadableFile, match="directory"):
        read_regular_file(tmp_path, 100)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(UnreadableFile, match="too large"):
        read_regular_file(big, 100)
    big.write_bytes(b"x" * 100)
    assert read_regular_file(big, 100) == b"x" * 100


def test_readable_name_replaces_bytes_that_are_not_utf8():
    assert readable_name(os.fsdecode(b"caf\xe9.txt")) == "caf\ufffd.txt"
    assert readable_name("Román.txt") == "Román.txt"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text_not_binary(encoding: str):
    text, warnings = decode_bytes("Lima, 23 May 2013\nRomán-Morey\n".encode(encoding))
    assert text == "Lima, 23 May 2013\nRomán-Morey\n"
    assert warnings == ["UTF-16 without a byte-order mark: read as UTF-16"]


def test_binary_with_nul_bytes_is_still_binary():
    rng = random.Random(19)
    data = bytes(rng.randrange(256) for _ in range(4000)) + b"\x00" * 40
    from briefing.domain import DocumentError

    with pytest.raises(DocumentError, match="binary"):
        decode_bytes(data)


def test_the_iterative_parser_reads_what_json_reads():
    samples = [
        '{"a": [1, 2.5, -3e2, true, false, null, "x\\u00e9\\n"], "b": {}, "c": []}',
        "[]",
        '"just a string"',
        '  {"nested": {"deeper": [[[{"k": "v"}]]]}}  ',
    ]
    for text in samples:
        assert _loads_iteratively(text) == json.loads(text)
    deep = "[" * 50_000 + "]" * 50_000
    value = load_json(deep)
    for _ in range(49_999):
        value = value[0]
    assert value == []
    for broken in ("[1, 2", '{"a" 1}', "[1] x", "[" * 3000 + "]" * 2999):
        with pytest.raises(ValueError, match="line 1, column"):
            load_json(broken)


@pytest.mark.parametrize(
    "text", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-14:00", "1899-12-31T23:59:59Z"]
)
def test_times_out_of_range_are_a_value_error_in_one_line(text: str):
    with pytest.raises(ValueError, match="out of range"):
        parse_time(text)


def test_the_font_cache_follows_briefing_home(monkeypatch, briefing_home: Path):
    monkeypatch.delenv("BRIEFING_FONT_CACHE", raising=False)
    assert paths.cache_dir() == briefing_home / "cache"
    assert fonts.font_cache_dir() == briefing_home / "cache" / "fonts"


def test_clean_litter_removes_only_old_temporary_files(tmp_path: Path, briefing_home: Path):
    db = tmp_path / "briefing.sqlite3"
    backups = paths.backups_dir(db)
    backups.mkdir()
    old = backups / ".briefing__x.sqlite3.tmp"
    young = backups / ".briefing__y.sqlite3.tmp"
    kept = backups / "briefing__20261128T152005.123456Z__manual.sqlite3"
    for path in (old, young, kept):
        path.write_bytes(b"x")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(kept, (an_hour_ago, an_hour_ago))
    assert clean_litter(db) == [old]
    assert young.exists() and kept.exists()
    assert clean_litter(tmp_path / "no-such-folder" / "db.sqlite3") == []


def test_restores_rotate_backups(tmp_path: Path):
    from briefing.storage import Library

    db = tmp_path / "briefing.sqlite3"
    Library.open(db).close()
    backup_database(db, reason="manual", keep=0)
    for _ in range(12):  # each restore adds a pre-restore copy
        restore_backup(list_backups(db)[-1].path, db)
    assert len(list_backups(db)) == 10

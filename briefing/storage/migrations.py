"""The schema as numbered migrations, applied in order at every open, one transaction each.

`PRAGMA user_version` holds the number of the last migration applied; it is bumped inside the
same transaction as the migration, so a crash leaves either the old schema or the new one.
To change the schema, append a migration at the end of this file (never edit one that has been
released), then regenerate the snapshot: `python -m briefing.storage.schema --write`.

Tables that point at places in a record (annotations) should reference `records(id)` and the
place's `eid`, never `elements(id)`: a re-import of a new version replaces a record's elements
(keeping the record's id and the eids), so rows keyed to element ids would go with them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from briefing.datatypes import dataclass

# "BRIF": marks the file as Briefing's (PRAGMA application_id, a signed 32-bit integer).
APPLICATION_ID = 0x42524946


# A migration is SQL run on the connection inside apply_migrations' transaction.
Apply = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    version: int  # 1, 2, ...: the user_version once applied
    name: str  # "0001_records"
    apply: Apply


MIGRATIONS: list[Migration] = []


def migration(name: str) -> Callable[[Apply], Apply]:
    """Register a migration; `name` starts with its number, which must follow the last one."""

    def register(fn: Apply) -> Apply:
        version = int(name.split("_", 1)[0])
        expected = len(MIGRATIONS) + 1
        if version != expected:
            raise RuntimeError(f"migration {name} is out of order (expected number {expected})")
        MIGRATIONS.append(Migration(version, name, fn))
        return fn

    return register


def _script(conn: sqlite3.Connection, sql: str) -> None:
    # executescript would commit the open transaction; run statement by statement instead.
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def latest_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


@migration("0001_records")
def _records(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    source_sha256 TEXT NOT NULL UNIQUE,
    source_name TEXT NOT NULL DEFAULT '',
    symbol TEXT,
    organ TEXT,
    distribution TEXT,
    date TEXT,
    original_language TEXT,
    session TEXT,
    title TEXT NOT NULL,
    meeting_title TEXT,
    meeting_place TEXT,
    meeting_start TEXT,
    meeting_end TEXT,
    meeting_theme TEXT,
    imported_at TEXT NOT NULL,
    first_imported_at TEXT NOT NULL
);
CREATE INDEX records_imported_at ON records (imported_at);
CREATE INDEX records_symbol ON records (symbol);
CREATE TABLE record_overrides (
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
) WITHOUT ROWID;
CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX agenda_items_record ON agenda_items (record_id, position);
CREATE TABLE parts (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    eid TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX parts_record ON parts (record_id, position);
CREATE TABLE signatories (
    id INTEGER PRIMARY KEY,
    part_id INTEGER NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX signatories_part ON signatories (part_id, position);
CREATE TABLE elements (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    part_id INTEGER REFERENCES parts (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES elements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'point', 'footnote')),
    eid TEXT NOT NULL,
    number TEXT,
    role TEXT,
    text TEXT NOT NULL,
    spans TEXT NOT NULL DEFAULT '[]',
    closing TEXT NOT NULL DEFAULT '',
    closing_spans TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX elements_record ON elements (record_id, position);
CREATE INDEX elements_record_eid ON elements (record_id, eid);
CREATE INDEX elements_part ON elements (part_id);
CREATE INDEX elements_parent ON elements (parent_id);
CREATE TABLE footnote_citations (
    footnote_id INTEGER NOT NULL REFERENCES elements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    eid TEXT NOT NULL,
    PRIMARY KEY (footnote_id, position)
) WITHOUT ROWID;
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    category TEXT NOT NULL CHECK (category IN ('process', 'organization')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT,
    kind TEXT NOT NULL,
    status TEXT
);
CREATE INDEX entities_record ON entities (record_id, category, position);
CREATE INDEX entities_name ON entities (name);
CREATE TABLE entity_mentions (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    eid TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
) WITHOUT ROWID;
CREATE TABLE resolutions (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    symbol TEXT NOT NULL
);
CREATE INDEX resolutions_record ON resolutions (record_id, position);
CREATE INDEX resolutions_symbol ON resolutions (symbol);
CREATE TABLE resolution_mentions (
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    eid TEXT NOT NULL,
    PRIMARY KEY (resolution_id, position)
) WITHOUT ROWID;
CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX themes_record ON themes (record_id, position);
CREATE INDEX themes_name ON themes (name);
CREATE TABLE theme_mentions (
    theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    eid TEXT NOT NULL,
    PRIMARY KEY (theme_id, position)
) WITHOUT ROWID;
CREATE TABLE conclusions (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    category TEXT NOT NULL CHECK (category IN ('conclusion', 'key_point')),
    position INTEGER NOT NULL,
    eid TEXT NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX conclusions_record ON conclusions (record_id, category, position)
""",
    )


@migration("0002_fts")
def _fts(conn: sqlite3.Connection) -> None:
    # An external-content index over the elements table, kept in step by triggers, so every
    # write to elements (import, replacement, cascade delete) updates it in the same transaction.
    # remove_diacritics 2: "Roman" finds "Román".
    _script(
        conn,
        """
CREATE VIRTUAL TABLE elements_fts USING fts5 (
    text,
    closing,
    content = 'elements',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER elements_fts_insert AFTER INSERT ON elements BEGIN
    INSERT INTO elements_fts (rowid, text, closing) VALUES (new.id, new.text, new.closing);
END;
CREATE TRIGGER elements_fts_delete AFTER DELETE ON elements BEGIN
    INSERT INTO elements_fts (elements_fts, rowid, text, closing)
    VALUES ('delete', old.id, old.text, old.closing);
END;
CREATE TRIGGER elements_fts_update AFTER UPDATE OF text, closing ON elements BEGIN
    INSERT INTO elements_fts (elements_fts, rowid, text, closing)
    VALUES ('delete', old.id, old.text, old.closing);
    INSERT INTO elements_fts (rowid, text, closing) VALUES (new.id, new.text, new.closing);
END;
INSERT INTO elements_fts (elements_fts) VALUES ('rebuild')
""",
    )


@migration("0003_annotations")
def _annotations(conn: sqlite3.Connection) -> None:
    # Owner: annotations (briefing/storage/annotations.py). Annotations point at their record by
    # `records.key`, not by id and without a foreign key: they outlive a record's deletion and
    # re-attach when it is imported again, and a shared file names records by key. The place is
    # the eid plus a quote of its text; `anchored_sha256` is the record text they were anchored
    # against, so a re-import (new source_sha256) triggers a re-anchor on the next read.
    # `annotation_versions` keeps other edits of an annotation merged from colleagues' files.
    _script(
        conn,
        """
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    record_key TEXT NOT NULL,
    target_eid TEXT NOT NULL,
    quote TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    stance TEXT CHECK (stance IS NULL OR stance IN ('support', 'support_with_amendments',
        'neutral', 'concern', 'oppose', 'seek_instructions')),
    priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
    raise_at_meeting INTEGER NOT NULL DEFAULT 0 CHECK (raise_at_meeting IN (0, 1)),
    tags TEXT NOT NULL DEFAULT '[]',
    author TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    detached INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1)),
    anchored_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE INDEX annotations_record ON annotations (record_key, target_eid);
CREATE TABLE annotation_tags (
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (annotation_id, position)
) WITHOUT ROWID;
CREATE INDEX annotation_tags_tag ON annotation_tags (tag);
CREATE TABLE annotation_versions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    record_key TEXT NOT NULL,
    target_eid TEXT NOT NULL,
    quote TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    stance TEXT,
    priority TEXT NOT NULL DEFAULT 'normal',
    raise_at_meeting INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]',
    author TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    kept_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (uid, content_hash)
);
CREATE INDEX annotation_versions_uid ON annotation_versions (uid, updated)
""",
    )


@migration("0004_source_and_derived")
def _source_and_derived(conn: sqlite3.Connection) -> None:
    # Keep the source, derive the rest (docs/architecture.md). Each record keeps the bytes it was
    # imported from (record_sources) and its analysis as one JSON document (records.derived)
    # with the importer version that built it, so a better importer re-derives it in place.
    # The seventeen tables that held the analysis go; `elements` becomes the search index's
    # table only: one row per place (and one for the record's masthead), with its eid.
    # Records imported before this migration have no source: their analysis is kept as it was
    # (read from the old tables by legacy_v3) until their file is imported again.
    from briefing.storage import codec, legacy_v3, search

    _script(
        conn,
        """
CREATE TABLE record_sources (
    record_id INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    data BLOB NOT NULL
);
ALTER TABLE records ADD COLUMN importer_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN derived TEXT NOT NULL DEFAULT '{}';
ALTER TABLE records ADD COLUMN derived_at TEXT;
ALTER TABLE records ADD COLUMN derive_tried INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN derive_note TEXT
""",
    )
    for (record_id,) in conn.execute("SELECT id FROM records ORDER BY id").fetchall():
        record = legacy_v3.read_record(conn, record_id)
        conn.execute(
            "UPDATE records SET derived = ?, derived_at = imported_at WHERE id = ?",
            (codec.record_to_json(record), record_id),
        )
    _script(
        conn,
        """
DROP TRIGGER elements_fts_insert;
DROP TRIGGER elements_fts_delete;
DROP TRIGGER elements_fts_update;
DROP TABLE elements_fts;
DROP TABLE footnote_citations;
DROP TABLE entity_mentions;
DROP TABLE resolution_mentions;
DROP TABLE theme_mentions;
DROP TABLE signatories;
DROP TABLE elements;
DROP TABLE entities;
DROP TABLE resolutions;
DROP TABLE themes;
DROP TABLE conclusions;
DROP TABLE parts;
DROP TABLE agenda_items
""",
    )
    _script(conn, search.SCHEMA_0004)
    # The index is derived data, filled by the store for every record that has none
    # (RecordsRoom.index_missing, at open): with today's code, not this migration's.


@migration("0005_briefing_lines")
def _briefing_lines(conn: sqlite3.Connection) -> None:
    # Owner: annotations and objectives (briefing/storage/annotations.py, objectives.py). A
    # government brief puts the delegation's objectives first, then per place the line to take
    # and the defensive line "if raised". The two lines are columns beside the note (kept
    # versions too, so a merged colleague's edit of them is kept as a note's is). Objectives
    # are one text per record, keyed by `records.key` like annotations (they outlive the
    # record's deletion and travel in a shared file); other edits of them merged from a file
    # are kept in `objective_versions`.
    _script(
        conn,
        """
ALTER TABLE annotations ADD COLUMN line_to_take TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN if_raised TEXT NOT NULL DEFAULT '';
ALTER TABLE annotation_versions ADD COLUMN line_to_take TEXT NOT NULL DEFAULT '';
ALTER TABLE annotation_versions ADD COLUMN if_raised TEXT NOT NULL DEFAULT '';
CREATE TABLE record_objectives (
    record_key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE objective_versions (
    id INTEGER PRIMARY KEY,
    record_key TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    updated TEXT NOT NULL,
    kept_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (record_key, text, author, updated)
);
CREATE INDEX objective_versions_key ON objective_versions (record_key, updated)
""",
    )

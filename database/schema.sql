-- generated from the migrations by: python -m briefing.storage.schema --write
-- PRAGMA application_id = 1112688966;  (0x42524946)
-- PRAGMA user_version = 5;

CREATE INDEX annotation_tags_tag ON annotation_tags (tag);

CREATE INDEX annotation_versions_uid ON annotation_versions (uid, updated);

CREATE INDEX annotations_record ON annotations (record_key, target_eid);

CREATE INDEX elements_record_eid ON elements (record_id, eid);

CREATE INDEX objective_versions_key ON objective_versions (record_key, updated);

CREATE INDEX records_imported_at ON records (imported_at);

CREATE INDEX records_symbol ON records (symbol);

CREATE TABLE annotation_tags (
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (annotation_id, position)
) WITHOUT ROWID;

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
    reason TEXT NOT NULL, line_to_take TEXT NOT NULL DEFAULT '', if_raised TEXT NOT NULL DEFAULT '',
    UNIQUE (uid, content_hash)
);

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
, line_to_take TEXT NOT NULL DEFAULT '', if_raised TEXT NOT NULL DEFAULT '');

CREATE TABLE elements (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    eid TEXT NOT NULL,
    text TEXT NOT NULL
);

CREATE VIRTUAL TABLE elements_fts USING fts5 (
    text,
    content = 'elements',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE 'elements_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'elements_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'elements_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'elements_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value TEXT
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

CREATE TABLE record_objectives (
    record_key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE record_overrides (
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
) WITHOUT ROWID;

CREATE TABLE record_sources (
    record_id INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    data BLOB NOT NULL
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
, importer_version INTEGER NOT NULL DEFAULT 0, derived TEXT NOT NULL DEFAULT '{}', derived_at TEXT, derive_tried INTEGER NOT NULL DEFAULT 0, derive_note TEXT);

CREATE TABLE search_impact (
    element_id INTEGER PRIMARY KEY REFERENCES elements (id) ON DELETE CASCADE,
    tokens TEXT NOT NULL
);

CREATE VIRTUAL TABLE search_impact_fts USING fts5 (
    tokens,
    content = 'search_impact',
    content_rowid = 'element_id',
    detail = none,
    columnsize = 0,
    tokenize = "ascii tokenchars '_'"
);

CREATE TABLE 'search_impact_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'search_impact_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'search_impact_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE VIRTUAL TABLE search_impact_vocab USING fts5vocab (search_impact_fts, 'row');

CREATE TRIGGER elements_fts_delete AFTER DELETE ON elements BEGIN
    INSERT INTO elements_fts (elements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER elements_fts_insert AFTER INSERT ON elements BEGIN
    INSERT INTO elements_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER search_impact_delete AFTER DELETE ON search_impact BEGIN
    INSERT INTO search_impact_fts (search_impact_fts, rowid, tokens)
    VALUES ('delete', old.element_id, old.tokens);
END;

CREATE TRIGGER search_impact_insert AFTER INSERT ON search_impact BEGIN
    INSERT INTO search_impact_fts (rowid, tokens) VALUES (new.element_id, new.tokens);
END;

"""The library: one SQLite file of records, opened, checked, migrated, read, written and searched.

`Library` is the one handle the CLI and the UI hold. Every write is one transaction
(`BEGIN IMMEDIATE`, so two instances on one database queue behind the busy timeout instead of
failing on a lock upgrade); a failure midway leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from briefing import paths
from briefing.domain import (
    AgendaItem,
    Conclusion,
    DatabaseCorrupt,
    DatabaseTooNew,
    Entity,
    Footnote,
    Meeting,
    NotABriefingDatabase,
    NotFound,
    Paragraph,
    Part,
    PartKind,
    Point,
    QueryError,
    Record,
    Resolution,
    Signatory,
    StorageError,
    Theme,
)
from briefing.storage.migrations import APPLICATION_ID, MIGRATIONS, latest_version
from briefing.storage.serialize import (
    content_digest,
    date_from_text,
    date_to_text,
    spans_from_json,
    spans_to_json,
)

_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

# Details a delegate may correct; a correction wins over what any later re-import brings.
DETAIL_FIELDS = (
    "symbol",
    "title",
    "organ",
    "distribution",
    "date",
    "original_language",
    "session",
    "meeting_title",
    "meeting_place",
    "meeting_start",
    "meeting_end",
    "meeting_theme",
)
_DATE_FIELDS = frozenset({"date", "meeting_start", "meeting_end"})

# Snippet highlight markers: private-use characters, stripped and turned into offsets.
_HL_START = "\ue000"
_HL_END = "\ue001"


@dataclass(frozen=True)
class RecordSummary:
    id: int
    key: str
    symbol: str | None
    title: str
    date: dt.date | None
    organ: str | None
    imported_at: dt.datetime

    @property
    def display_title(self) -> str:
        return self.symbol or self.title


@dataclass(frozen=True)
class SearchHit:
    record_id: int
    record_title: str  # the record's symbol, or its title when it has none
    eid: str
    kind: str  # "paragraph", "point" or "footnote"
    snippet: str  # plain text, no markers
    highlights: list[tuple[int, int]]  # (start, end) offsets of matched terms in snippet
    rank: float  # bm25: lower is better


# A word in more places than this is ranked among its most recently imported places only. bm25
# costs a few microseconds per matching row and FTS5 must score every row before it can keep the
# best; a word found in 15,000 paragraphs took 30-45 ms, too slow to search as one types, and
# ranking that many near-equal hits says little anyway. Recent imports are what a delegate is
# preparing: they are ranked; the total is still counted and reported.
RANK_WITHIN = 2000


class SearchHits(list[SearchHit]):
    """The best hits, best first, and what they were chosen from.

    `total`: how many places match in all. `ranked`: how many of them were ranked (the most
    recently imported `RANK_WITHIN` when there are more, else all of them).
    """

    def __init__(self, hits=(), *, total: int = 0, ranked: int = 0) -> None:
        super().__init__(hits)
        self.total = total
        self.ranked = ranked

    @property
    def narrowed(self) -> bool:
        """True when only the most recent places were ranked."""
        return self.ranked < self.total


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _check_existing_file(path: Path) -> None:
    """Refuse a file that is not ours, too new or damaged, without writing a byte to it."""
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header.startswith(_SQLITE_MAGIC):
        raise NotABriefingDatabase(f"{path}: not a Briefing database (not an SQLite file)")
    if len(header) < 100:
        raise DatabaseCorrupt(f"{path}: the database is damaged (truncated header)")
    # Read-only, and `immutable` when no write-ahead log is pending, so that not even the -wal
    # and -shm side files appear beside a file we are about to refuse.
    wal = path.with_name(path.name + "-wal")
    pending_log = wal.exists() and wal.stat().st_size > 0
    mode = "mode=ro" if pending_log else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: cannot open the database ({exc})") from exc
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
                raise StorageError(f"{path}: cannot open the database ({exc})") from exc
            raise DatabaseCorrupt(f"{path}: the database is damaged ({exc})") from exc
        if app_id != APPLICATION_ID:
            if app_id == 0 and version == 0 and objects == 0:
                return  # an empty SQLite file: ours to build in
            raise NotABriefingDatabase(
                f"{path}: not a Briefing database (an SQLite file of another program)"
            )
        if version > latest_version():
            raise DatabaseTooNew(
                f"{path}: was written by a newer version of Briefing "
                f"(schema {version}; this version knows {latest_version()})"
            )
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise DatabaseCorrupt(f"{path}: the database is damaged ({exc})") from exc
        if [r[0] for r in rows] != ["ok"]:
            raise DatabaseCorrupt(f"{path}: the database is damaged ({rows[0][0]})")
    finally:
        conn.close()


def _backup_before_migration(path: Path) -> None:
    try:
        from briefing.storage import backup
    except ModuleNotFoundError as exc:
        if exc.name != "briefing.storage.backup":
            raise
        return
    backup.backup_database(path, reason="pre-migration")


def _holds_data(db: Database) -> bool:
    """True when any table of ours has a row (annotations may outlive every record)."""
    tables = [
        name
        for (name,) in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%'"
        )
    ]
    return any(
        db.conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")').fetchone()[0] for name in tables
    )


def apply_migrations(db: Database, path: Path | None = None) -> None:
    """Bring the schema up to date; each migration and its user_version bump is one transaction.

    With `path` given and data present, a backup is taken before the first pending migration.
    """
    conn = db.conn
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = [m for m in MIGRATIONS if m.version > current]
    if not pending:
        return
    if path is not None and current > 0 and _holds_data(db):
        _backup_before_migration(path)
    for migration in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another instance may have applied it while we waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] < migration.version:
                migration.apply(db)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class Library:
    """An open Briefing database. Build one with `Library.open(...)`."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, seed_default: bool = True) -> Library:
        path = Path(path) if path is not None else paths.default_db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create its folder ({exc.strerror})") from exc
        if path.exists():
            if not path.is_file():
                raise NotABriefingDatabase(f"{path}: not a Briefing database (not a file)")
            _check_existing_file(path)
        db: Database | None = None
        try:
            db = Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000))
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            apply_migrations(db, path)
            library = cls(db, path)
            if seed_default:
                library._seed_default()
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise StorageError(f"{path}: cannot open the database ({exc})") from exc
        except BaseException:
            if db is not None:
                db.close()
            raise
        return library

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _seed_default(self) -> None:
        """Import the embedded record into a library that has never held one."""
        if self._meta("default_seeded") or self.latest_record_id() is not None:
            return
        import briefing.importer

        default_record = getattr(briefing.importer, "default_record", None)
        if default_record is None:
            return  # an importer without the embedded record: nothing to seed from
        record = default_record()
        with self.transaction():
            if self._meta("default_seeded") or self.latest_record_id() is not None:
                return
            self._import(record)
            self._set_meta("default_seeded", _now())

    def _meta(self, name: str) -> str | None:
        row = self.db.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, name: str, value: str) -> None:
        self.db.conn.execute(
            "INSERT INTO meta (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    # -- transactions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction (a savepoint when one is already open).

        `BEGIN IMMEDIATE` takes the write lock up front, so a second instance waits for the
        busy timeout instead of failing when a read would upgrade to a write.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[Database]:
        try:
            with self.transaction() as db:
                yield db
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: cannot {what} ({exc})") from exc

    # -- writing -----------------------------------------------------------------------------

    def import_record(self, record: Record) -> tuple[int, bool]:
        """Store a record; returns (id, created).

        The same text (same source_sha256) is never stored twice: its id comes back with
        created False and nothing is written. A different text with the same key (a new
        version of the same symbol) replaces that record's content in place, keeping its id
        and the delegate's corrections. Sets `record.id`, `record.key` (and `source_sha256`
        from the content when empty).
        """
        with self._writing("import the record"):
            return self._import(record)

    def _import(self, record: Record) -> tuple[int, bool]:
        conn = self.db.conn
        if not record.source_sha256:
            record.source_sha256 = content_digest(record)
        sha = record.source_sha256
        row = conn.execute("SELECT id, key FROM records WHERE source_sha256 = ?", (sha,)).fetchone()
        if row:
            record.id, record.key = row[0], row[1]
            return row[0], False
        key = record.key or (f"symbol:{record.symbol}" if record.symbol else f"sha256:{sha}")
        meeting = record.meeting
        values = {
            "key": key,
            "source_sha256": sha,
            "source_name": record.source_name,
            "symbol": record.symbol,
            "organ": record.organ,
            "distribution": record.distribution,
            "date": date_to_text(record.date),
            "original_language": record.original_language,
            "session": record.session,
            "title": record.title,
            "meeting_title": meeting.title if meeting else None,
            "meeting_place": meeting.place if meeting else None,
            "meeting_start": date_to_text(meeting.start) if meeting else None,
            "meeting_end": date_to_text(meeting.end) if meeting else None,
            "meeting_theme": meeting.theme if meeting else None,
            "imported_at": _now(),
        }
        row = conn.execute("SELECT id FROM records WHERE key = ?", (key,)).fetchone()
        if row:
            record_id = row[0]
            self._delete_content(record_id)
            assignments = ", ".join(f"{name} = :{name}" for name in values)
            conn.execute(
                f"UPDATE records SET {assignments} WHERE id = :id", {**values, "id": record_id}
            )
            created = False
        else:
            values["first_imported_at"] = values["imported_at"]
            names = ", ".join(values)
            placeholders = ", ".join(f":{name}" for name in values)
            cursor = conn.execute(f"INSERT INTO records ({names}) VALUES ({placeholders})", values)
            record_id = cursor.lastrowid
            assert record_id is not None
            created = True
        self._insert_content(record_id, record)
        record.id, record.key = record_id, key
        return record_id, created

    def _delete_content(self, record_id: int) -> None:
        conn = self.db.conn
        for table in (
            "elements",
            "parts",
            "agenda_items",
            "entities",
            "resolutions",
            "themes",
            "conclusions",
        ):
            conn.execute(f"DELETE FROM {table} WHERE record_id = ?", (record_id,))

    def _next_id(self, table: str) -> int:
        return int(
            self.db.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
        )

    def _insert_content(self, record_id: int, record: Record) -> None:
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO agenda_items (record_id, position, item, title) VALUES (?, ?, ?, ?)",
            [(record_id, i, a.item, a.title) for i, a in enumerate(record.agenda)],
        )
        part_id = self._next_id("parts")
        # Consecutive ids from the top: a record's elements form one id range, which scoped
        # search relies on.
        element_id = self._next_id("elements")
        parts: list[tuple[Any, ...]] = []
        signatories: list[tuple[Any, ...]] = []
        elements: list[tuple[Any, ...]] = []
        position = 0

        def add_points(points: list[Point], parent: int, pid: int) -> None:
            nonlocal element_id, position
            for point in points:
                this = element_id
                element_id += 1
                position += 1
                elements.append(
                    (
                        this, record_id, pid, parent, position, "point", point.eid, point.label,
                        None, point.text, spans_to_json(point.spans), point.closing,
                        spans_to_json(point.closing_spans),
                    )
                )  # fmt: skip
                add_points(point.points, this, pid)

        for part_position, part in enumerate(record.parts):
            parts.append(
                (
                    part_id, record_id, part_position, part.eid, part.kind.value, part.title,
                    json.dumps(part.notes, ensure_ascii=False),
                )
            )  # fmt: skip
            for i, signatory in enumerate(part.signatories):
                signatories.append((part_id, i, signatory.name, signatory.title))
            for para in part.paragraphs:
                this = element_id
                element_id += 1
                position += 1
                elements.append(
                    (
                        this, record_id, part_id, None, position, "paragraph", para.eid,
                        para.number, para.role, para.text, spans_to_json(para.spans),
                        para.closing, spans_to_json(para.closing_spans),
                    )
                )  # fmt: skip
                add_points(para.points, this, part_id)
            part_id += 1
        citations: list[tuple[Any, ...]] = []
        for footnote in record.footnotes:
            this = element_id
            element_id += 1
            position += 1
            elements.append(
                (
                    this, record_id, None, None, position, "footnote", footnote.eid,
                    footnote.marker, None, footnote.text, spans_to_json(footnote.spans), "", "[]",
                )
            )  # fmt: skip
            citations.extend((this, i, eid) for i, eid in enumerate(footnote.cited_in))
        conn.executemany(
            "INSERT INTO parts (id, record_id, position, eid, kind, title, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            parts,
        )
        conn.executemany(
            "INSERT INTO signatories (part_id, position, name, title) VALUES (?, ?, ?, ?)",
            signatories,
        )
        conn.executemany(
            "INSERT INTO elements (id, record_id, part_id, parent_id, position, kind, eid, "
            "number, role, text, spans, closing, closing_spans) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            elements,
        )
        conn.executemany(
            "INSERT INTO footnote_citations (footnote_id, position, eid) VALUES (?, ?, ?)",
            citations,
        )
        entity_id = self._next_id("entities")
        entities: list[tuple[Any, ...]] = []
        mentions: list[tuple[Any, ...]] = []
        for category, group in (
            ("process", record.processes),
            ("organization", record.organizations),
        ):
            for i, entity in enumerate(group):
                entities.append(
                    (
                        entity_id, record_id, category, i, entity.name, entity.short_name,
                        entity.kind, entity.status,
                    )
                )  # fmt: skip
                mentions.extend((entity_id, j, eid) for j, eid in enumerate(entity.mentions))
                entity_id += 1
        conn.executemany(
            "INSERT INTO entities (id, record_id, category, position, name, short_name, kind, "
            "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            entities,
        )
        conn.executemany(
            "INSERT INTO entity_mentions (entity_id, position, eid) VALUES (?, ?, ?)", mentions
        )
        resolution_id = self._next_id("resolutions")
        rows: list[tuple[Any, ...]] = []
        mentions = []
        for i, resolution in enumerate(record.resolutions):
            rows.append((resolution_id, record_id, i, resolution.symbol))
            mentions.extend((resolution_id, j, eid) for j, eid in enumerate(resolution.mentions))
            resolution_id += 1
        conn.executemany(
            "INSERT INTO resolutions (id, record_id, position, symbol) VALUES (?, ?, ?, ?)", rows
        )
        conn.executemany(
            "INSERT INTO resolution_mentions (resolution_id, position, eid) VALUES (?, ?, ?)",
            mentions,
        )
        theme_id = self._next_id("themes")
        rows = []
        mentions = []
        for i, theme in enumerate(record.themes):
            rows.append((theme_id, record_id, i, theme.name, theme.source))
            mentions.extend((theme_id, j, eid) for j, eid in enumerate(theme.mentions))
            theme_id += 1
        conn.executemany(
            "INSERT INTO themes (id, record_id, position, name, source) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO theme_mentions (theme_id, position, eid) VALUES (?, ?, ?)", mentions
        )
        conn.executemany(
            "INSERT INTO conclusions (record_id, category, position, eid, label, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (record_id, category, i, c.eid, c.label, c.text)
                for category, items in (
                    ("conclusion", record.conclusions),
                    ("key_point", record.key_points),
                )
                for i, c in enumerate(items)
            ],
        )

    def update_details(self, record_id: int, **fields: Any) -> None:
        """Correct a record's details (symbol, title, date, session, meeting_place, ...).

        A correction is kept apart from what was imported and wins over it, across re-imports.
        None blanks the field; `reset_details` drops corrections and shows the imported value.
        """
        unknown = sorted(set(fields) - set(DETAIL_FIELDS))
        if unknown:
            raise ValueError(f"not a detail a delegate can correct: {', '.join(unknown)}")
        values: list[tuple[Any, ...]] = []
        stamp = _now()
        for name, value in fields.items():
            if name in _DATE_FIELDS and value is not None:
                if isinstance(value, str):
                    value = dt.date.fromisoformat(value)
                if not isinstance(value, dt.date):
                    raise ValueError(f"{name} must be a date, not {value!r}")
                value = value.isoformat()
            elif value is not None:
                value = str(value)
            values.append((record_id, name, value, stamp))
        with self._writing("save the record's details"):
            self._require(record_id)
            self.db.conn.executemany(
                "INSERT INTO record_overrides (record_id, field, value, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (record_id, field) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at",
                values,
            )

    def reset_details(self, record_id: int, *fields: str) -> None:
        """Drop the delegate's corrections of these fields (all when none named)."""
        with self._writing("reset the record's details"):
            self._require(record_id)
            if fields:
                self.db.conn.executemany(
                    "DELETE FROM record_overrides WHERE record_id = ? AND field = ?",
                    [(record_id, f) for f in fields],
                )
            else:
                self.db.conn.execute(
                    "DELETE FROM record_overrides WHERE record_id = ?", (record_id,)
                )

    def delete_record(self, record_id: int) -> None:
        with self._writing("delete the record"):
            self._require(record_id)
            self.db.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))

    # -- reading -----------------------------------------------------------------------------

    def _require(self, record_id: int) -> None:
        row = self.db.conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")

    def _overrides(self, record_id: int | None = None) -> dict[int, dict[str, str | None]]:
        sql = "SELECT record_id, field, value FROM record_overrides"
        params: tuple[Any, ...] = ()
        if record_id is not None:
            sql += " WHERE record_id = ?"
            params = (record_id,)
        out: dict[int, dict[str, str | None]] = {}
        for rid, field, value in self.db.conn.execute(sql, params):
            out.setdefault(rid, {})[field] = value
        return out

    def _details(self, row: dict[str, Any], overrides: dict[str, str | None]) -> dict[str, Any]:
        details = {name: row[name] for name in DETAIL_FIELDS}
        details.update({k: v for k, v in overrides.items() if k in details})
        return details

    def _display_titles(self, record_ids: set[int]) -> dict[int, str]:
        """Symbol (or title) of each record, corrections applied."""
        if not record_ids:
            return {}
        marks = ", ".join("?" * len(record_ids))
        ids = sorted(record_ids)
        details = {
            rid: {"symbol": symbol, "title": title}
            for rid, symbol, title in self.db.conn.execute(
                f"SELECT id, symbol, title FROM records WHERE id IN ({marks})", ids
            )
        }
        for rid, field, value in self.db.conn.execute(
            "SELECT record_id, field, value FROM record_overrides "
            f"WHERE field IN ('symbol', 'title') AND record_id IN ({marks})",
            ids,
        ):
            details[rid][field] = value
        return {rid: d["symbol"] or d["title"] or "" for rid, d in details.items()}

    def records(self) -> list[RecordSummary]:
        """Every record, newest import first, with the delegate's corrections applied."""
        overrides = self._overrides()
        out = []
        for row in self.db.query("SELECT * FROM records ORDER BY imported_at DESC, id DESC"):
            details = self._details(row, overrides.get(row["id"], {}))
            out.append(
                RecordSummary(
                    id=row["id"],
                    key=row["key"],
                    symbol=details["symbol"],
                    title=details["title"] or "",
                    date=date_from_text(details["date"]),
                    organ=details["organ"],
                    imported_at=dt.datetime.fromisoformat(row["imported_at"]),
                )
            )
        return out

    def latest_record_id(self) -> int | None:
        row = self.db.conn.execute(
            "SELECT id FROM records ORDER BY imported_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def find_record_id(self, ref: str | int) -> int:
        """A record named by id ("3") or symbol ("A/68/50"); NotFound when neither matches."""
        text = str(ref).strip()
        if text.isdigit():
            row = self.db.conn.execute(
                "SELECT id FROM records WHERE id = ?", (int(text),)
            ).fetchone()
            if row:
                return int(row[0])
        matches = [s.id for s in self.records() if s.symbol and s.symbol == text]
        if not matches:
            matches = [
                s.id for s in self.records() if s.symbol and s.symbol.casefold() == text.casefold()
            ]
        if matches:
            return matches[0]
        raise NotFound(f"no record with id or symbol {text!r}")

    def record(self, record_id: int) -> Record:
        """The full record, as imported, with the delegate's corrections applied."""
        conn = self.db.conn
        conn.row_factory = sqlite3.Row
        try:
            return self._record(record_id)
        finally:
            conn.row_factory = None

    def _record(self, record_id: int) -> Record:
        conn = self.db.conn
        row = conn.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        details = self._details(dict(row), self._overrides(record_id).get(record_id, {}))
        meeting = None
        if details["meeting_title"] is not None or any(
            details[f] is not None
            for f in ("meeting_place", "meeting_start", "meeting_end", "meeting_theme")
        ):
            meeting = Meeting(
                title=details["meeting_title"] or "",
                place=details["meeting_place"],
                start=date_from_text(details["meeting_start"]),
                end=date_from_text(details["meeting_end"]),
                theme=details["meeting_theme"],
            )
        record = Record(
            title=details["title"] or "",
            symbol=details["symbol"],
            organ=details["organ"],
            distribution=details["distribution"],
            date=date_from_text(details["date"]),
            original_language=details["original_language"],
            session=details["session"],
            meeting=meeting,
            source_name=row["source_name"],
            source_sha256=row["source_sha256"],
            key=row["key"],
            id=row["id"],
        )
        record.agenda = [
            AgendaItem(r["item"], r["title"])
            for r in conn.execute(
                "SELECT item, title FROM agenda_items WHERE record_id = ? ORDER BY position",
                (record_id,),
            )
        ]
        parts: dict[int, Part] = {}
        for r in conn.execute(
            "SELECT * FROM parts WHERE record_id = ? ORDER BY position", (record_id,)
        ):
            part = Part(
                eid=r["eid"],
                kind=PartKind(r["kind"]),
                title=r["title"],
                notes=json.loads(r["notes"]),
            )
            parts[r["id"]] = part
            record.parts.append(part)
        for r in conn.execute(
            "SELECT s.part_id, s.name, s.title FROM signatories s JOIN parts p ON p.id = s.part_id "
            "WHERE p.record_id = ? ORDER BY p.position, s.position",
            (record_id,),
        ):
            parts[r["part_id"]].signatories.append(Signatory(r["name"], r["title"]))
        containers: dict[int, Paragraph | Point] = {}
        footnotes: dict[int, Footnote] = {}
        for r in conn.execute(
            "SELECT * FROM elements WHERE record_id = ? ORDER BY position", (record_id,)
        ):
            kind = r["kind"]
            if kind == "paragraph":
                para = Paragraph(
                    eid=r["eid"],
                    number=r["number"],
                    text=r["text"],
                    spans=spans_from_json(r["spans"]),
                    closing=r["closing"],
                    closing_spans=spans_from_json(r["closing_spans"]),
                    role=r["role"] or "paragraph",
                )
                containers[r["id"]] = para
                parts[r["part_id"]].paragraphs.append(para)
            elif kind == "point":
                point = Point(
                    eid=r["eid"],
                    label=r["number"] or "",
                    text=r["text"],
                    spans=spans_from_json(r["spans"]),
                    closing=r["closing"],
                    closing_spans=spans_from_json(r["closing_spans"]),
                )
                containers[r["id"]] = point
                containers[r["parent_id"]].points.append(point)
            else:
                footnote = Footnote(
                    marker=r["number"] or "",
                    eid=r["eid"],
                    text=r["text"],
                    spans=spans_from_json(r["spans"]),
                )
                footnotes[r["id"]] = footnote
                record.footnotes.append(footnote)
        for r in conn.execute(
            "SELECT c.footnote_id, c.eid FROM footnote_citations c "
            "JOIN elements e ON e.id = c.footnote_id WHERE e.record_id = ? "
            "ORDER BY c.footnote_id, c.position",
            (record_id,),
        ):
            footnotes[r["footnote_id"]].cited_in.append(r["eid"])
        entities: dict[int, Entity] = {}
        for r in conn.execute(
            "SELECT * FROM entities WHERE record_id = ? ORDER BY category, position", (record_id,)
        ):
            entity = Entity(
                name=r["name"],
                kind=r["kind"],
                short_name=r["short_name"],
                status=r["status"],
            )
            entities[r["id"]] = entity
            (record.processes if r["category"] == "process" else record.organizations).append(
                entity
            )
        for r in conn.execute(
            "SELECT m.entity_id, m.eid FROM entity_mentions m JOIN entities e "
            "ON e.id = m.entity_id WHERE e.record_id = ? ORDER BY m.entity_id, m.position",
            (record_id,),
        ):
            entities[r["entity_id"]].mentions.append(r["eid"])
        resolutions: dict[int, Resolution] = {}
        for r in conn.execute(
            "SELECT id, symbol FROM resolutions WHERE record_id = ? ORDER BY position", (record_id,)
        ):
            resolutions[r["id"]] = Resolution(r["symbol"])
            record.resolutions.append(resolutions[r["id"]])
        for r in conn.execute(
            "SELECT m.resolution_id, m.eid FROM resolution_mentions m JOIN resolutions x "
            "ON x.id = m.resolution_id WHERE x.record_id = ? ORDER BY m.resolution_id, m.position",
            (record_id,),
        ):
            resolutions[r["resolution_id"]].mentions.append(r["eid"])
        themes: dict[int, Theme] = {}
        for r in conn.execute(
            "SELECT id, name, source FROM themes WHERE record_id = ? ORDER BY position",
            (record_id,),
        ):
            themes[r["id"]] = Theme(r["name"], r["source"])
            record.themes.append(themes[r["id"]])
        for r in conn.execute(
            "SELECT m.theme_id, m.eid FROM theme_mentions m JOIN themes t ON t.id = m.theme_id "
            "WHERE t.record_id = ? ORDER BY m.theme_id, m.position",
            (record_id,),
        ):
            themes[r["theme_id"]].mentions.append(r["eid"])
        for r in conn.execute(
            "SELECT category, eid, label, text FROM conclusions WHERE record_id = ? "
            "ORDER BY category, position",
            (record_id,),
        ):
            item = Conclusion(r["eid"], r["label"], r["text"])
            (record.conclusions if r["category"] == "conclusion" else record.key_points).append(
                item
            )
        return record

    # -- search ------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        record_id: int | None = None,
        limit: int = 50,
        rank_within: int | None = RANK_WITHIN,
    ) -> SearchHits:
        """Full-text hits in paragraphs, points and footnotes, best (bm25) first.

        Plain words just work (each is quoted, so `Román-Morey` or `5+5` is a phrase, a stray
        `"` is ignored, and `migra*` is a prefix); AND, OR, NOT and brackets act as FTS5
        operators, and a query that misuses them raises QueryError.

        When more than `rank_within` places match, only the most recently imported
        `rank_within` of them are ranked (see RANK_WITHIN); None ranks them all.
        """
        match = fts_query(query)
        if match is None:
            return SearchHits()
        where = "elements_fts MATCH ?"
        outer = ""
        params: list[Any] = [match]
        if record_id is not None:
            # A record's elements are written with consecutive ids (see _insert_content), so a
            # rowid range lets FTS5 skip the rest of the library; the outer filter stays exact.
            lo, hi = self.db.conn.execute(
                "SELECT min(id), max(id) FROM elements WHERE record_id = ?", (record_id,)
            ).fetchone()
            if lo is None:
                return SearchHits()
            where += " AND rowid BETWEEN ? AND ?"
            outer = " WHERE e.record_id = ?"
            params += [lo, hi]
        try:
            total = self.db.conn.execute(
                f"SELECT count(*) FROM elements_fts WHERE {where}", params
            ).fetchone()[0]
            ranked = total
            if rank_within is not None and total > rank_within:
                # Element ids grow with each import: the newest places have the highest rowids,
                # and FTS5 walks rowids backwards without scoring anything.
                (newest_bound,) = self.db.conn.execute(
                    f"SELECT rowid FROM elements_fts WHERE {where} "
                    "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    [*params, rank_within - 1],
                ).fetchone()
                where += " AND rowid >= ?"
                params.append(newest_bound)
                ranked = rank_within
            # Rank and snippet inside the FTS query alone, so FTS5 sorts by rank itself and
            # makes snippets only for the rows kept; then join the few rows kept to elements.
            sql = (
                "SELECT e.record_id, e.eid, e.kind, f.snippet, f.rank FROM ("
                "SELECT rowid AS id, "
                f"snippet(elements_fts, -1, '{_HL_START}', '{_HL_END}', '…', 24) AS snippet, "
                f"rank FROM elements_fts WHERE {where} ORDER BY rank LIMIT ?"
                f") AS f JOIN elements e ON e.id = f.id{outer} ORDER BY f.rank, e.id"
            )
            params.append(limit)
            if record_id is not None:
                params.append(record_id)
            rows = self.db.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            detail = str(exc).removeprefix("fts5: ")
            raise QueryError(
                f"cannot search for {query.strip()!r}: {detail} "
                "(AND, OR and NOT need words on both sides; brackets must pair)"
            ) from exc
        titles = self._display_titles({row[0] for row in rows})
        hits = SearchHits(total=total, ranked=ranked)
        for rid, eid, kind, snippet, rank in rows:
            text, highlights = _strip_highlights(snippet)
            hits.append(SearchHit(rid, titles.get(rid, ""), eid, kind, text, highlights, rank))
        return hits


_QUERY_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+|"')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def fts_query(query: str) -> str | None:
    """A user's query as an FTS5 MATCH expression, or None when it holds no words."""
    tokens = _QUERY_TOKEN.findall(query)
    advanced = any(t in _OPERATORS or t in "()" for t in tokens if t)
    out: list[str] = []
    for token in tokens:
        if token in ("(", ")") or token in _OPERATORS:
            out.append(token)
        elif token.startswith('"'):
            inner = token.strip('"')
            if any(c.isalnum() for c in inner):
                out.append(f'"{inner}"')
        else:
            prefix = token.endswith("*")
            word = token.strip("*")
            if any(c.isalnum() for c in word):
                out.append(f'"{word}"' + ("*" if prefix else ""))
    if not advanced:
        out = [t for t in out if t not in ("(", ")") and t not in _OPERATORS]
    if not any(t.startswith('"') for t in out):
        if advanced and out:
            raise QueryError(f"cannot search for {query.strip()!r}: it holds no words")
        return None
    return " ".join(out)


def _strip_highlights(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    text: list[str] = []
    highlights: list[tuple[int, int]] = []
    start = None
    length = 0
    for ch in snippet:
        if ch == _HL_START:
            start = length
        elif ch == _HL_END:
            if start is not None and length > start:
                highlights.append((start, length))
            start = None
        else:
            text.append(ch)
            length += 1
    return "".join(text), highlights


def content_hash(db: Database) -> str:
    """A digest of every table's rows, to prove a failed operation changed nothing."""
    digest = hashlib.sha256()
    names = [
        r[0]
        for r in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    for name in names:
        digest.update(name.encode())
        for row in db.conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            digest.update(repr(row).encode())
    return digest.hexdigest()

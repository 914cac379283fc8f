"""The records of a library: each one's source, its derived record, and the delegate's corrections.

A record row keeps (docs/architecture.md):
- the **source**: the bytes it was imported from and their media type (`record_sources`);
- the **derived record**: the importer's result as one JSON document (`records.derived`, see
  codec.py) with the `importer_version` that built it; a few masthead columns are copied from it
  for the records list; `elements` (search.py) indexes its places;
- the delegate's **corrections** of its details (`record_overrides`), applied on every read and
  never touched by a re-import or a re-derive.

Re-deriving replaces the derived record and its index in one transaction and re-anchors the
record's annotations in the same one. This module never imports the importer: what derives a
record from its source is the caller's (briefing.startup).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from briefing.datatypes import dataclass
from briefing.domain import Meeting, NotFound, Record
from briefing.storage import codec, search
from briefing.storage.serialize import content_digest, date_from_text, date_to_text

if TYPE_CHECKING:
    from briefing.storage.library import Library

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
DATE_FIELDS = frozenset({"date", "meeting_start", "meeting_end"})

# `derive_tried` of a record stored without a source by a caller that built it itself (a tool, a
# test): there is nothing to re-derive it from, and no importer version will try.
NEVER_REDERIVE = 2**62


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


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
class Source:
    """What a record was imported from: its bytes, their media type and the file's name."""

    data: bytes
    media_type: str  # "text/plain", "application/pdf"
    name: str = ""


@dataclass(frozen=True)
class StaleRecord:
    """A record built by an older importer (or never by this one), waiting to be re-derived."""

    id: int
    display_title: str
    importer_version: int
    has_source: bool


@dataclass(frozen=True)
class DeriveStatus:
    importer_version: int
    has_source: bool
    # Why the record is not what the current importer would build from its source (its source
    # was not kept, or could not be read again); None when it is.
    note: str | None


def _masthead_columns(record: Record) -> dict[str, Any]:
    meeting = record.meeting
    return {
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
    }


def _apply_details(record: Record, details: dict[str, str | None]) -> None:
    """Put the delegate's corrections on a record read from its derived JSON."""
    for name in ("symbol", "organ", "distribution", "original_language", "session"):
        if name in details:
            setattr(record, name, details[name])
    if "title" in details:
        record.title = details["title"] or ""
    if "date" in details:
        record.date = date_from_text(details["date"])
    meeting_fields = {
        k[len("meeting_") :]: v for k, v in details.items() if k.startswith("meeting_")
    }
    if meeting_fields:
        # A copy: the derived record's own meeting stays as derived.
        meeting = (
            dataclasses.replace(record.meeting)
            if record.meeting
            else Meeting(title="", place=None, start=None, end=None, theme=None)
        )
        for name, value in meeting_fields.items():
            if name in ("start", "end"):
                setattr(meeting, name, date_from_text(value))
            elif name == "title":
                meeting.title = value or ""
            else:
                setattr(meeting, name, value)
        record.meeting = meeting


class RecordsRoom:
    """The records' half of Library (mixed in): import, read, correct, re-derive, delete."""

    # -- importing ---------------------------------------------------------------------------

    def import_record(
        self: Library, record: Record, source: Source | None = None, importer_version: int = 0
    ) -> tuple[int, bool]:
        """Store a record (with the source it was derived from); returns (id, created).

        The same document (same source_sha256) is never stored twice: its id comes back with
        created False. If the stored copy lacks its source, or was derived by an older
        importer, it takes this source and this derivation (its annotations re-anchored). A
        different document with the same key (a new version of the same symbol) replaces that
        record's content in place, keeping its id and the delegate's corrections. Sets
        `record.id` and `record.key` (and `source_sha256` from the content when empty).
        """
        with self._writing("import the record"):
            return self._import(record, source, importer_version)

    def _import(
        self: Library, record: Record, source: Source | None, importer_version: int
    ) -> tuple[int, bool]:
        conn = self.conn
        if not record.source_sha256:
            record.source_sha256 = content_digest(record)
        sha = record.source_sha256
        row = conn.execute(
            "SELECT r.id, r.key, r.importer_version, s.record_id IS NOT NULL FROM records r "
            "LEFT JOIN record_sources s ON s.record_id = r.id WHERE r.source_sha256 = ?",
            (sha,),
        ).fetchone()
        if row:
            record_id, key, built_by, has_source = row
            record.id, record.key = record_id, key
            gains_source = source is not None and not has_source
            if gains_source or (importer_version > built_by and source is not None):
                self._write_source(record_id, source)
                self._replace_derived(record_id, record, importer_version, note=None)
            return record_id, False
        key = record.key or (f"symbol:{record.symbol}" if record.symbol else f"sha256:{sha}")
        stamp = now_text()
        values = {
            "key": key,
            "source_sha256": sha,
            "source_name": record.source_name,
            **_masthead_columns(record),
            "imported_at": stamp,
            "importer_version": importer_version,
            "derived": codec.record_to_json(record),
            "derived_at": stamp,
            "derive_tried": importer_version if source is not None else NEVER_REDERIVE,
            "derive_note": None if source is not None else "stored without its source",
        }
        row = conn.execute("SELECT id FROM records WHERE key = ?", (key,)).fetchone()
        if row:
            record_id = row[0]
            assignments = ", ".join(f"{name} = :{name}" for name in values)
            conn.execute(
                f"UPDATE records SET {assignments} WHERE id = :id", {**values, "id": record_id}
            )
            conn.execute("DELETE FROM record_sources WHERE record_id = ?", (record_id,))
            created = False
        else:
            values["first_imported_at"] = stamp
            names = ", ".join(values)
            placeholders = ", ".join(f":{name}" for name in values)
            cursor = conn.execute(f"INSERT INTO records ({names}) VALUES ({placeholders})", values)
            assert cursor.lastrowid is not None
            record_id = cursor.lastrowid
            created = True
        if source is not None:
            self._write_source(record_id, source)
        search.index_record(conn, record_id, self._corrected(record_id, record))
        record.id, record.key = record_id, key
        return record_id, created

    def keep_source(self: Library, record_id: int, source: Source) -> None:
        """Give a record the source it was derived from (one a library lacked)."""
        with self._writing("keep the record's source"):
            self._require(record_id)
            self._write_source(record_id, source)

    def _write_source(self: Library, record_id: int, source: Source | None) -> None:
        if source is None:
            return
        self.conn.execute(
            "INSERT INTO record_sources (record_id, media_type, data) VALUES (?, ?, ?) "
            "ON CONFLICT (record_id) DO UPDATE SET media_type = excluded.media_type, "
            "data = excluded.data",
            (record_id, source.media_type, source.data),
        )

    # -- re-deriving -------------------------------------------------------------------------

    def index_missing(self: Library) -> int:
        """Index every record the search index lacks (after migration 0004, which leaves the
        index to today's code); returns how many. One transaction."""
        conn = self.conn
        missing = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM records r WHERE NOT EXISTS "
                "(SELECT 1 FROM elements e WHERE e.record_id = r.id) ORDER BY id"
            )
        ]
        if missing:
            with self._writing("index the records for search"):
                for record_id in missing:
                    search.index_record(conn, record_id, self.record(record_id))
        return len(missing)

    def stale_records(self: Library, importer_version: int) -> list[StaleRecord]:
        """Records not yet tried with this importer version, oldest import first."""
        rows = self.conn.execute(
            "SELECT r.id, coalesce(r.symbol, r.title), r.importer_version, "
            "s.record_id IS NOT NULL FROM records r "
            "LEFT JOIN record_sources s ON s.record_id = r.id "
            "WHERE r.derive_tried < ? ORDER BY r.first_imported_at, r.id",
            (importer_version,),
        ).fetchall()
        return [StaleRecord(r[0], r[1] or "", r[2], bool(r[3])) for r in rows]

    def source(self: Library, record_id: int) -> Source | None:
        """The bytes a record was imported from, or None when they were not kept."""
        row = self.conn.execute(
            "SELECT s.data, s.media_type, r.source_name FROM record_sources s "
            "JOIN records r ON r.id = s.record_id WHERE s.record_id = ?",
            (record_id,),
        ).fetchone()
        return Source(bytes(row[0]), row[1], row[2]) if row else None

    def stored_record(self: Library, record_id: int) -> Record:
        """The derived record as stored, without the delegate's corrections."""
        row = self.conn.execute(
            "SELECT derived, id, key, source_name, source_sha256 FROM records WHERE id = ?",
            (record_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        record = codec.record_from_json(row[0])
        record.id, record.key, record.source_name, record.source_sha256 = row[1:]
        return record

    def replace_derived(
        self: Library,
        record_id: int,
        record: Record,
        importer_version: int,
        *,
        note: str | None = None,
        tried: int | None = None,
    ) -> None:
        """Store a new derivation of a record, in one transaction with its index and the
        re-anchoring of its annotations (see startup.refresh_records for the check that the
        record is still as it was when its source was read)."""
        with self._writing("update the record"):
            self._require(record_id)
            self._replace_derived(record_id, record, importer_version, note=note, tried=tried)

    def _replace_derived(
        self: Library,
        record_id: int,
        record: Record,
        importer_version: int,
        *,
        note: str | None,
        tried: int | None = None,
    ) -> None:
        from briefing.storage import annotations  # annotations reads records through Library

        conn = self.conn
        sha, key = conn.execute(
            "SELECT source_sha256, key FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        # The source is the same, so is the document's identity: keep the stored sha and key.
        record = dataclasses.replace(record, id=record_id, key=key, source_sha256=sha)
        values = {
            **_masthead_columns(record),
            "derived": codec.record_to_json(record),
            "derived_at": now_text(),
            "importer_version": importer_version,
            "derive_tried": importer_version if tried is None else tried,
            "derive_note": note,
            "id": record_id,
        }
        assignments = ", ".join(f"{name} = :{name}" for name in values if name != "id")
        conn.execute(f"UPDATE records SET {assignments} WHERE id = :id", values)
        search.index_record(conn, record_id, self._corrected(record_id, record))
        annotations.reanchor_record(self, record_id)

    def mark_derive_tried(self: Library, record_id: int, importer_version: int, note: str) -> None:
        """Keep a record's analysis as it is and say why it was not re-derived (until the
        importer changes again)."""
        with self._writing("update the record"):
            self.conn.execute(
                "UPDATE records SET derive_tried = ?, derive_note = ? WHERE id = ?",
                (importer_version, note, record_id),
            )

    def derive_stamp(self: Library, record_id: int) -> tuple[str, int] | None:
        """(source_sha256, derive_tried) of a record, None when it is gone: what a re-derive
        compares, inside its write transaction, with what it read the source under."""
        row = self.conn.execute(
            "SELECT source_sha256, derive_tried FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return (row[0], int(row[1])) if row else None

    def derive_status(self: Library, record_id: int) -> DeriveStatus:
        row = self.conn.execute(
            "SELECT r.importer_version, s.record_id IS NOT NULL, r.derive_note FROM records r "
            "LEFT JOIN record_sources s ON s.record_id = r.id WHERE r.id = ?",
            (record_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        return DeriveStatus(row[0], bool(row[1]), row[2])

    # -- corrections -------------------------------------------------------------------------

    def _corrected(self: Library, record_id: int, record: Record) -> Record:
        """A copy of the record with the delegate's corrections, for what search indexes."""
        overrides = self._overrides(record_id).get(record_id, {})
        if not overrides:
            return record
        corrected = dataclasses.replace(record)
        _apply_details(corrected, overrides)
        return corrected

    def _reindex_masthead(self: Library, record_id: int) -> None:
        search.index_masthead(self.conn, record_id, self.record(record_id))

    def update_details(self: Library, record_id: int, **fields: Any) -> None:
        """Record the delegate's corrections of a record's details (see DETAIL_FIELDS)."""
        unknown = set(fields) - set(DETAIL_FIELDS)
        if unknown:
            raise ValueError(f"not a record detail: {', '.join(sorted(unknown))}")
        stamp = now_text()
        values = []
        for name, value in fields.items():
            if name in DATE_FIELDS and value is not None:
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
            self.conn.executemany(
                "INSERT INTO record_overrides (record_id, field, value, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (record_id, field) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at",
                values,
            )
            self._reindex_masthead(record_id)

    def reset_details(self: Library, record_id: int, *fields: str) -> None:
        """Drop the delegate's corrections of these fields (all when none named)."""
        with self._writing("reset the record's details"):
            self._require(record_id)
            if fields:
                self.conn.executemany(
                    "DELETE FROM record_overrides WHERE record_id = ? AND field = ?",
                    [(record_id, f) for f in fields],
                )
            else:
                self.conn.execute("DELETE FROM record_overrides WHERE record_id = ?", (record_id,))
            self._reindex_masthead(record_id)

    def delete_record(self: Library, record_id: int) -> None:
        with self._writing("delete the record"):
            self._require(record_id)
            self.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))

    # -- reading -----------------------------------------------------------------------------

    def _require(self: Library, record_id: int) -> None:
        row = self.conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")

    def _overrides(self: Library, record_id: int | None = None) -> dict[int, dict[str, str | None]]:
        sql = "SELECT record_id, field, value FROM record_overrides"
        params: tuple[Any, ...] = ()
        if record_id is not None:
            sql += " WHERE record_id = ?"
            params = (record_id,)
        out: dict[int, dict[str, str | None]] = {}
        for rid, field, value in self.conn.execute(sql, params):
            if field in DETAIL_FIELDS:
                out.setdefault(rid, {})[field] = value
        return out

    def display_titles(self: Library, record_ids: set[int]) -> dict[int, str]:
        """Symbol (or title) of each record, corrections applied."""
        if not record_ids:
            return {}
        marks = ", ".join("?" * len(record_ids))
        ids = sorted(record_ids)
        details = {
            rid: {"symbol": symbol, "title": title}
            for rid, symbol, title in self.conn.execute(
                f"SELECT id, symbol, title FROM records WHERE id IN ({marks})", ids
            )
        }
        for rid, field, value in self.conn.execute(
            "SELECT record_id, field, value FROM record_overrides "
            f"WHERE field IN ('symbol', 'title') AND record_id IN ({marks})",
            ids,
        ):
            details[rid][field] = value
        return {rid: d["symbol"] or d["title"] or "" for rid, d in details.items()}

    def records(self: Library) -> list[RecordSummary]:
        """Every record, newest import first, with the delegate's corrections applied."""
        overrides = self._overrides()
        out = []
        for rid, key, symbol, title, date, organ, imported_at in self.conn.execute(
            "SELECT id, key, symbol, title, date, organ, imported_at FROM records "
            "ORDER BY imported_at DESC, id DESC"
        ):
            details = {"symbol": symbol, "title": title, "date": date, "organ": organ}
            details.update({k: v for k, v in overrides.get(rid, {}).items() if k in details})
            out.append(
                RecordSummary(
                    id=rid,
                    key=key,
                    symbol=details["symbol"],
                    title=details["title"] or "",
                    date=date_from_text(details["date"]),
                    organ=details["organ"],
                    imported_at=dt.datetime.fromisoformat(imported_at),
                )
            )
        return out

    def latest_record_id(self: Library) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM records ORDER BY imported_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def find_record_id(self: Library, ref: str | int) -> int:
        """A record named by id ("3") or symbol ("A/68/50"); NotFound when neither matches."""
        text = str(ref).strip()
        if text.isdigit():
            row = self.conn.execute("SELECT id FROM records WHERE id = ?", (int(text),)).fetchone()
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

    def record(self: Library, record_id: int) -> Record:
        """The record as last derived, with the delegate's corrections applied."""
        record = self.stored_record(record_id)
        _apply_details(record, self._overrides(record_id).get(record_id, {}))
        return record

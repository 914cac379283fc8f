"""The delegation's objectives for each record: read, set (merging a concurrent edit), merge.

One text per record, keyed by the record's `key` as annotations are, so objectives outlive a
re-import or a deletion of the record and travel in a shared annotation file. As for notes, a
colleague's other edit is never silently dropped: the newer edit is current and the other is
kept in `objective_versions`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from briefing.datatypes import dataclass
from briefing.digest import sha256_hex
from briefing.domain import InvalidAnnotation, NotFound, Objectives, StorageError
from briefing.domain.annotations import objectives_problem
from briefing.domain.times import format_time, parse_time, utc_now
from briefing.storage.annotations import default_author
from briefing.storage.errors import describe_sqlite_error

if TYPE_CHECKING:
    from briefing.storage import Library


def _record_key(library: Library, record_id: int) -> str:
    row = library.conn.execute("SELECT key FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise NotFound(f"no record {record_id}")
    return str(row[0])


def _read(library: Library, key: str) -> Objectives | None:
    row = library.conn.execute(
        "SELECT record_key, text, author, updated FROM record_objectives WHERE record_key = ?",
        (key,),
    ).fetchone()
    if row is None:
        return None
    try:
        updated = parse_time(row[3])
    except ValueError:
        updated = utc_now()  # a damaged time: the text still matters more than when it was set
    return Objectives(record_key=row[0], text=row[1], author=row[2], updated=updated)


def _require_valid(objectives: Objectives) -> None:
    problem = objectives_problem(objectives)
    if problem is not None:
        raise InvalidAnnotation(f"objectives not saved: {problem}")


def _write(library: Library, objectives: Objectives) -> None:
    if not objectives.text.strip():
        library.conn.execute(
            "DELETE FROM record_objectives WHERE record_key = ?", (objectives.record_key,)
        )
        return
    library.conn.execute(
        "INSERT INTO record_objectives (record_key, text, author, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (record_key) DO UPDATE SET text = excluded.text, "
        "author = excluded.author, updated = excluded.updated",
        (
            objectives.record_key,
            objectives.text,
            objectives.author,
            format_time(objectives.updated),
        ),
    )


def _keep_version(library: Library, objectives: Objectives, reason: str) -> bool:
    """Keep an edit beside the current one; False when that very edit is kept already."""
    cursor = library.conn.execute(
        "INSERT OR IGNORE INTO objective_versions "
        "(record_key, text, author, updated, kept_at, reason) VALUES (?, ?, ?, ?, ?, ?)",
        (
            objectives.record_key,
            objectives.text,
            objectives.author,
            format_time(objectives.updated),
            format_time(utc_now()),
            reason,
        ),
    )
    return cursor.rowcount > 0


def _errors(library: Library, doing: str, exc: sqlite3.Error) -> StorageError:
    return StorageError(describe_sqlite_error(exc, library.path, doing))


def objectives_for(library: Library, record_id: int) -> Objectives | None:
    """The record's objectives, or None when none are set."""
    try:
        return _read(library, _record_key(library, record_id))
    except sqlite3.Error as exc:
        raise _errors(library, "read objectives", exc) from exc


def objectives_by_key(library: Library, keys: Iterable[str] | None = None) -> dict[str, str]:
    """record key -> objectives text (every record's, or those of `keys`)."""
    try:
        rows = library.conn.execute("SELECT record_key, text FROM record_objectives")
        wanted = set(keys) if keys is not None else None
        return {key: text for key, text in rows if wanted is None or key in wanted}
    except sqlite3.Error as exc:
        raise _errors(library, "read objectives", exc) from exc


def all_objectives(library: Library) -> list[Objectives]:
    """Every record's objectives (records not in the library included), by record key."""
    try:
        keys = [
            key
            for (key,) in library.conn.execute(
                "SELECT record_key FROM record_objectives ORDER BY record_key"
            )
        ]
        return [found for key in keys if (found := _read(library, key)) is not None]
    except sqlite3.Error as exc:
        raise _errors(library, "read objectives", exc) from exc


def set_objectives(
    library: Library,
    record_id: int,
    text: str,
    *,
    author: str | None = None,
    base: str | None = None,
) -> Objectives:
    """Set the record's objectives in one `BEGIN IMMEDIATE` transaction ("" clears them).

    `base` is the text as the caller loaded it (the editor's copy): when the stored text has
    changed since, the caller's edit becomes current and the stored one is kept as a version,
    as for a note edited in two windows.
    """
    try:
        with library.transaction():
            key = _record_key(library, record_id)
            current = _read(library, key)
            saved = Objectives(
                record_key=key,
                text=text.strip(),
                author=(author or "").strip() or default_author(),
                updated=utc_now(),
            )
            _require_valid(saved)
            if current is not None and current.text == saved.text:
                return current
            if current is not None and base is not None and current.text != base.strip():
                _keep_version(library, current, "superseded by a concurrent edit")
            _write(library, saved)
            return saved
    except sqlite3.Error as exc:
        raise _errors(library, "save objectives", exc) from exc


def objective_versions(library: Library, record_id: int) -> list[Objectives]:
    """The kept other edits of a record's objectives, oldest first."""
    try:
        key = _record_key(library, record_id)
        rows = library.conn.execute(
            "SELECT record_key, text, author, updated FROM objective_versions "
            "WHERE record_key = ? ORDER BY updated, id",
            (key,),
        ).fetchall()
    except sqlite3.Error as exc:
        raise _errors(library, "read objectives", exc) from exc
    out = []
    for record_key, text, author, updated in rows:
        try:
            out.append(Objectives(record_key, text, author, parse_time(updated)))
        except ValueError:
            continue
    return out


@dataclass
class ObjectivesMerge:
    added: int = 0
    unchanged: int = 0
    updated: int = 0  # a newer edit became current; ours was kept as a version
    versions_kept: int = 0  # an older edit kept beside ours

    def summary(self) -> str:
        parts = []
        if self.added:
            parts.append(f"objectives for {self.added} record(s) added")
        if self.updated:
            parts.append(f"objectives for {self.updated} record(s) updated (ours kept)")
        if self.versions_kept:
            parts.append(f"{self.versions_kept} other edit(s) of objectives kept as versions")
        return ", ".join(parts)


def _supersedes(edit: Objectives, current: Objectives) -> bool:
    # As for annotations: the later edit, and at one millisecond the larger digest of the text,
    # so every library merging the same two edits keeps the same one current.
    return (edit.updated, sha256_hex(edit.text)) > (current.updated, sha256_hex(current.text))


def merge_objectives(library: Library, incoming: list[Objectives]) -> ObjectivesMerge:
    """Merge objectives from a shared file in one transaction: new ones added, a different
    edit kept as a version (the newer being current), the same edit not duplicated."""
    result = ObjectivesMerge()
    for item in incoming:
        _require_valid(item)
    try:
        with library.transaction():
            for item in incoming:
                item = replace(item, text=item.text.strip())
                if not item.text:
                    continue
                current = _read(library, item.record_key)
                if current is None:
                    _write(library, item)
                    result.added += 1
                elif current.text == item.text:
                    result.unchanged += 1
                elif _supersedes(item, current):
                    _keep_version(library, current, "superseded by an imported edit")
                    _write(library, item)
                    result.updated += 1
                elif _keep_version(library, item, "imported edit"):
                    result.versions_kept += 1
                else:
                    result.unchanged += 1
    except sqlite3.Error as exc:
        raise _errors(library, "merge objectives", exc) from exc
    return result

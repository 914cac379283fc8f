"""A delegate's annotations in the library: save, list, delete, re-anchor, and merge versions.

Annotations are keyed to their record by the record's `key` (its identity across databases and
re-imports) and to the place by its eid plus a quote of the place's text. A record's content may
be replaced in place when a new text of it is imported; every annotation remembers the
`source_sha256` it was anchored against, and the first read after a change re-anchors the
record's annotations: by eid, then by quote; one whose place has gone is kept and flagged
`detached`, never dropped. Deleting a record keeps its annotations too (they re-attach if the
record comes back).

A colleague's edit of an annotation we hold (same uid, different content) is never silently
overwritten: the newer edit is current and the other is kept in `annotation_versions`.

Each delegate edits their own annotation at a place: without a uid, `update_annotation_at` takes
the author's (the default author's) annotation there, or starts one of theirs; a colleague's is
edited only when named by its uid. A deletion keeps the annotation's last state as a kept version
with the reason `deleted` (its `kept_at` the time of the deletion) and its other versions: that
row is the deletion's tombstone, what sharing sends to colleagues, and what `restore_annotation`
brings back. An edit made before a deletion does not bring the annotation back when it arrives
(it is kept as a version); an edit made after it does.

Every write is one short transaction. `update_annotation_at` reads and writes in the same
`BEGIN IMMEDIATE` transaction and merges field by field, so two writers at one place (the CLI,
a second window, the editor with a stale copy) never drop each other's edits.

Rows are checked as they are read: a damaged one (a bad time, stance, priority or tag list,
say after a bit flip on disk) is logged and left out of the list rather than failing it, and
`damaged_rows` reports them for `briefing check`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from briefing.datatypes import dataclass
from briefing.digest import sha256_hex
from briefing.domain import (
    Annotation,
    InvalidAnnotation,
    NotFound,
    Priority,
    Record,
    Stance,
    StorageError,
)
from briefing.domain.anchoring import (  # noqa: F401  (re-exported: part of this module's interface)
    _norm,
    anchor,
    anchor_places,
    clean_tags,
    place_text,
    place_texts,
    subject_places,
)
from briefing.domain.annotations import annotation_problem
from briefing.domain.eids import is_subject_eid
from briefing.domain.times import format_time, parse_time, utc_now  # noqa: F401
from briefing.storage.errors import describe_sqlite_error

if TYPE_CHECKING:
    from briefing.storage import Library

log = logging.getLogger(__name__)

AUTHOR_ENV = "BRIEFING_AUTHOR"
# The reason of the kept version that holds a deleted annotation's last state (its tombstone).
DELETED = "deleted"
# The fields a delegate edits; what update_annotation_at merges one by one.
EDITABLE_FIELDS = (
    "note",
    "stance",
    "priority",
    "tags",
    "raise_at_meeting",
    "line_to_take",
    "if_raised",
)
F = TypeVar("F", bound=Callable[..., Any])

_COLUMNS = (
    "id, uid, record_key, target_eid, quote, note, stance, priority, raise_at_meeting, "
    "author, created, updated, detached, anchored_sha256, tags, line_to_take, if_raised"
)


# --- authors, tags, places ------------------------------------------------------------------


def default_author() -> str:
    """$BRIEFING_AUTHOR, else the name in the preferences, else the system user name."""
    name = os.environ.get(AUTHOR_ENV, "").strip()
    if name:
        return name
    from briefing import preferences

    name = preferences.load().name
    if name:
        return name
    import getpass  # the last resort only: 2 ms of a start where the preferences name someone

    try:
        return getpass.getuser() or "delegate"
    except Exception:  # no user name in this environment (some containers)
        return "delegate"


def random_uuid() -> str:
    """A random (version 4) UUID, written as `str(uuid.uuid4())` writes it. Made here because
    the uuid module, on Linux, imports platform and asks uname: 6 ms of a start, where the
    editor makes its draft annotation."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def content_hash(annotation: Annotation) -> str:
    """What makes two edits of an annotation the same edit (timestamps and anchoring aside)."""
    payload = json.dumps(
        [
            annotation.uid,
            annotation.record_key,
            annotation.target_eid,
            annotation.note,
            annotation.stance.value if annotation.stance else None,
            annotation.priority.value,
            sorted(t.casefold() for t in clean_tags(annotation.tags)),
            bool(annotation.raise_at_meeting),
            annotation.author,
            # The briefing lines came with schema 5; written only when set, so the digest of
            # every edit kept before them stays what it was (merges still recognise it).
            *(
                [annotation.line_to_take, annotation.if_raised]
                if annotation.line_to_take or annotation.if_raised
                else []
            ),
        ],
        ensure_ascii=False,
    )
    return sha256_hex(payload)


def is_empty(annotation: Annotation) -> bool:
    """True when it says nothing: no note, lines, stance, tags, flag, and normal priority."""
    return (
        not annotation.note.strip()
        and annotation.stance is None
        and not clean_tags(annotation.tags)
        and not annotation.raise_at_meeting
        and annotation.priority == Priority.NORMAL
        and not annotation.line_to_take.strip()
        and not annotation.if_raised.strip()
    )


def _storage_errors(fn: F) -> F:
    """SQLite errors of a read or write become StorageError naming the database."""

    @functools.wraps(fn)
    def wrapper(library: Library, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(library, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StorageError(
                describe_sqlite_error(exc, library.path, "read or save annotations")
            ) from exc

    return cast(F, wrapper)


@contextlib.contextmanager
def _writing(library: Library) -> Iterator[None]:
    """One short write transaction (BEGIN IMMEDIATE through the library); SQLite errors become
    StorageError with the database named."""
    try:
        with library.transaction():
            yield
    except sqlite3.Error as exc:
        raise StorageError(describe_sqlite_error(exc, library.path, "save annotations")) from exc


# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RecordRef:
    id: int
    key: str
    sha256: str


def _record_ref(library: Library, record_id: int) -> _RecordRef:
    row = library.conn.execute(
        "SELECT id, key, source_sha256 FROM records WHERE id = ?", (record_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no record {record_id}")
    return _RecordRef(row[0], row[1], row[2])


def _record_ref_by_key(library: Library, key: str) -> _RecordRef | None:
    row = library.conn.execute(
        "SELECT id, key, source_sha256 FROM records WHERE key = ?", (key,)
    ).fetchone()
    return _RecordRef(row[0], row[1], row[2]) if row else None


class DamagedRow(ValueError):
    """A stored annotation row whose values cannot be read back (one line naming the field)."""


def _from_row(row: tuple[Any, ...], record_id: int | None) -> Annotation:
    """The annotation of a row; DamagedRow when a stored value is not one we write."""
    (
        id_,
        uid,
        record_key,
        eid,
        quote,
        note,
        stance,
        priority,
        raise_,
        author,
        created,
        updated,
        detached,
        _anchored,
        tags,
        line_to_take,
        if_raised,
    ) = row
    name = f"annotation {uid}" if isinstance(uid, str) and uid else f"annotation row {id_}"
    try:
        created_at = parse_time(created)
        updated_at = parse_time(updated)
    except ValueError as exc:
        raise DamagedRow(f"{name}: a stored time is damaged ({exc})") from None
    try:
        stance_value = Stance(stance) if stance else None
    except ValueError:
        raise DamagedRow(f"{name}: the stored stance {stance!r} is unknown") from None
    try:
        priority_value = Priority(priority)
    except ValueError:
        raise DamagedRow(f"{name}: the stored priority {priority!r} is unknown") from None
    try:
        tag_list = json.loads(tags)
    except (TypeError, ValueError, RecursionError):
        tag_list = None
    if not isinstance(tag_list, list) or not all(isinstance(t, str) for t in tag_list):
        raise DamagedRow(f"{name}: the stored tags are damaged")
    for label, value in (
        ("uid", uid),
        ("record key", record_key),
        ("eid", eid),
        ("note", note),
        ("author", author),
        ("quote", quote),
        ("line to take", line_to_take),
        ("if raised", if_raised),
    ):
        if not isinstance(value, str):
            raise DamagedRow(f"{name}: the stored {label} is not text")
    return Annotation(
        uid=uid,
        record_key=record_key,
        target_eid=eid,
        quote=quote,
        author=author,
        created=created_at,
        updated=updated_at,
        note=note,
        stance=stance_value,
        priority=priority_value,
        tags=tag_list,
        raise_at_meeting=bool(raise_),
        line_to_take=line_to_take,
        if_raised=if_raised,
        detached=bool(detached),
        id=id_,
        record_id=record_id,
    )


def _readable(rows: Any, record_id: Callable[[tuple[Any, ...]], int | None]) -> list[Annotation]:
    """The annotations of `rows`, leaving out (and logging) the damaged ones."""
    out = []
    for row in rows:
        try:
            out.append(_from_row(row, record_id(row)))
        except DamagedRow as exc:
            log.warning("skipped: %s", exc)
    return out


def _values(annotation: Annotation) -> dict[str, Any]:
    return {
        "uid": annotation.uid,
        "record_key": annotation.record_key,
        "target_eid": annotation.target_eid,
        "quote": annotation.quote,
        "note": annotation.note,
        "stance": Stance(annotation.stance).value if annotation.stance else None,
        "priority": Priority(annotation.priority).value,
        "raise_at_meeting": int(bool(annotation.raise_at_meeting)),
        "author": annotation.author,
        "created": format_time(annotation.created),
        "updated": format_time(annotation.updated),
        "detached": int(bool(annotation.detached)),
        "tags": json.dumps(clean_tags(annotation.tags), ensure_ascii=False),
        "line_to_take": annotation.line_to_take,
        "if_raised": annotation.if_raised,
    }


def _write_row(library: Library, annotation: Annotation, anchored: str) -> int:
    """Insert or update the current row of `annotation.uid` (inside a transaction)."""
    _require_valid(annotation)  # every path that writes a row: save, update, merge
    conn = library.conn
    values = _values(annotation)
    values["anchored_sha256"] = anchored
    row = conn.execute("SELECT id FROM annotations WHERE uid = ?", (annotation.uid,)).fetchone()
    if row is None:
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        cursor = conn.execute(f"INSERT INTO annotations ({names}) VALUES ({marks})", values)
        annotation_id = int(cursor.lastrowid or 0)
    else:
        annotation_id = int(row[0])
        sets = ", ".join(f"{name} = :{name}" for name in values if name != "uid")
        conn.execute(f"UPDATE annotations SET {sets} WHERE id = :id", {**values, "id": row[0]})
    conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (annotation_id,))
    conn.executemany(
        "INSERT INTO annotation_tags (annotation_id, position, tag) VALUES (?, ?, ?)",
        [(annotation_id, i, tag) for i, tag in enumerate(clean_tags(annotation.tags))],
    )
    return annotation_id


def _keep_version(library: Library, annotation: Annotation, reason: str) -> bool:
    """Keep `annotation` as a non-current version of its uid; False if that edit is known."""
    digest = content_hash(annotation)
    known = library.conn.execute(
        "SELECT 1 FROM annotation_versions WHERE uid = ? AND content_hash = ?",
        (annotation.uid, digest),
    ).fetchone()
    if known:
        return False
    values = _values(annotation)
    del values["detached"]
    values.update(content_hash=digest, kept_at=format_time(utc_now()), reason=reason)
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    library.conn.execute(f"INSERT INTO annotation_versions ({names}) VALUES ({marks})", values)
    return True


def _deleted_at(library: Library, uid: str) -> dt.datetime | None:
    """When `uid` was last deleted here (its latest tombstone), if ever."""
    row = library.conn.execute(
        "SELECT MAX(kept_at) FROM annotation_versions WHERE uid = ? AND reason = ?",
        (uid, DELETED),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    try:
        return parse_time(row[0])
    except ValueError:
        return None


def _tombstone(library: Library, annotation: Annotation, when: dt.datetime) -> bool:
    """Keep `annotation` as its uid's last state, deleted at `when` (inside a transaction);
    False if that tombstone was already held."""
    digest = content_hash(annotation)
    stamp = format_time(when)
    conn = library.conn
    row = conn.execute(
        "SELECT id, kept_at, reason FROM annotation_versions WHERE uid = ? AND content_hash = ?",
        (annotation.uid, digest),
    ).fetchone()
    if row is None:
        values = _values(annotation)
        del values["detached"]
        values.update(content_hash=digest, kept_at=stamp, reason=DELETED)
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        conn.execute(f"INSERT INTO annotation_versions ({names}) VALUES ({marks})", values)
        return True
    if row[2] == DELETED and row[1] >= stamp:
        return False
    # The same state kept before (a merged edit): it is now also the state deleted.
    conn.execute(
        "UPDATE annotation_versions SET kept_at = ?, reason = ? WHERE id = ?",
        (stamp, DELETED, row[0]),
    )
    return True


def _remove_current(library: Library, uid: str) -> None:
    conn = library.conn
    row = conn.execute("SELECT id FROM annotations WHERE uid = ?", (uid,)).fetchone()
    if row is not None:
        conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (row[0],))
        conn.execute("DELETE FROM annotations WHERE id = ?", (row[0],))


_VERSION_COLUMNS = (
    "id, uid, record_key, target_eid, quote, note, stance, priority, raise_at_meeting, "
    "author, created, updated, 0, '', tags, line_to_take, if_raised"
)


def damaged_rows(conn: sqlite3.Connection) -> list[str]:
    """One line per stored annotation or kept version whose values cannot be read back.

    The same check the reads make (they leave such rows out); `briefing check` reports these.
    Takes a plain connection so that a read-only check can run it.
    """
    out = []
    for table, columns in (("annotations", _COLUMNS), ("annotation_versions", _VERSION_COLUMNS)):
        for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY id"):
            try:
                _from_row(row, None)
            except DamagedRow as exc:
                kind = "" if table == "annotations" else " (a kept version)"
                out.append(f"{exc}{kind}")
    return out


# --- re-anchoring ---------------------------------------------------------------------------


@_storage_errors
def reanchor_record(library: Library, record_id: int) -> int:
    """Re-anchor every annotation of a record against its current text; returns how many moved
    or changed attachment. Called by the first read after the record's text changed; the store
    may call it right after a re-import too."""
    changed = 0
    with _writing(library):
        # The record and its digest are read inside the write transaction: read before it, a
        # re-derive by another instance in between would have us re-anchor against old places
        # and stamp the result as current.
        ref = _record_ref(library, record_id)
        places = anchor_places(library.record(record_id))
        rows = library.conn.execute(
            f"SELECT {_COLUMNS} FROM annotations WHERE record_key = ?", (ref.key,)
        ).fetchall()
        for before in _readable(rows, lambda _row: ref.id):
            after = anchor(before, places)
            if (after.target_eid, after.detached) != (before.target_eid, before.detached):
                changed += 1
            library.conn.execute(
                "UPDATE annotations SET target_eid = ?, detached = ?, anchored_sha256 = ? "
                "WHERE id = ?",
                (after.target_eid, int(after.detached), ref.sha256, before.id),
            )
    return changed


def _ensure_anchored(library: Library, ref: _RecordRef) -> None:
    stale = library.conn.execute(
        "SELECT 1 FROM annotations WHERE record_key = ? AND anchored_sha256 != ? LIMIT 1",
        (ref.key, ref.sha256),
    ).fetchone()
    if stale:
        reanchor_record(library, ref.id)


# --- the public functions -------------------------------------------------------------------


@_storage_errors
def new_annotation(
    library: Library, record_id: int, eid: str, record: Record | None = None
) -> Annotation:
    """An unsaved annotation on place `eid` of record `record_id`, quote and author filled.

    `record` is that record as the caller already holds it (the editor does), which spares
    decoding it again at start, where the editor opens on the restored place."""
    ref = _record_ref(library, record_id)
    if record is None or record.id != record_id:
        record = library.stored_record(record_id)
    place = record.find(eid)
    quote = place.text if place is not None else ""
    if place is None and is_subject_eid(eid):
        quote = eid.partition(":")[2]
    now = utc_now()
    return Annotation(
        uid=random_uuid(),
        record_key=ref.key,
        target_eid=eid,
        quote=quote,
        author=default_author(),
        created=now,
        updated=now,
        record_id=record_id,
    )


@_storage_errors
def save_annotation(library: Library, annotation: Annotation) -> Annotation:
    """Insert or update by uid, in one transaction; returns it with id, record_id and `updated`.

    Needs `record_key` or `record_id`. The annotation is taken as anchored to the record's
    current text (the caller annotated what it sees).
    """
    ref: _RecordRef | None = None
    if annotation.record_id is not None:
        ref = _record_ref(library, annotation.record_id)
    elif annotation.record_key:
        ref = _record_ref_by_key(library, annotation.record_key)
    else:
        raise NotFound("an annotation needs a record")
    saved = replace(
        annotation,
        record_key=ref.key if ref else annotation.record_key,
        record_id=ref.id if ref else None,
        author=annotation.author or default_author(),
        tags=clean_tags(annotation.tags),
        updated=utc_now(),
        created=annotation.created or utc_now(),
    )
    _require_valid(saved)
    with _writing(library):
        saved.id = _write_row(library, saved, ref.sha256 if ref else "")
    return saved


def _require_valid(annotation: Annotation) -> None:
    problem = annotation_problem(annotation)
    if problem is not None:
        raise InvalidAnnotation(f"annotation not saved: {problem}")


def _field(annotation: Annotation, name: str) -> Any:
    value = getattr(annotation, name)
    if name == "tags":
        return [t.casefold() for t in clean_tags(value)]
    if name == "stance":
        return Stance(value) if value else None
    if name == "priority":
        return Priority(value)
    if name == "raise_at_meeting":
        return bool(value)
    return value


@_storage_errors
def update_annotation_at(
    library: Library,
    record_id: int,
    eid: str,
    changes: Mapping[str, Any],
    *,
    author: str | None = None,
    uid: str | None = None,
    base: Annotation | None = None,
    delete_if_empty: bool = False,
) -> Annotation:
    """Change some fields of `author`'s annotation at (record, eid) atomically.

    Whose annotation: `uid` names one (anyone's; NotFound unless it is at this place), else the
    editor's copy `base` (by its uid), else the annotation of `author` (default: the default
    author) at the place, else a new one of theirs. A colleague's annotation at the place is
    never edited unless named: in a delegation each holds their own stance on a place.

    The read and the write are one `BEGIN IMMEDIATE` transaction, so a writer never saves over
    an edit committed after it read. Fields not in `changes` keep the database's current value.
    A value in `changes` may be a function of the current value (`tags`: add to them).

    `base` is the annotation as the caller loaded it (the editor's copy). A field changed both
    by the caller (`changes`) and, since `base`, by someone else: the caller's edit becomes
    current and the row as it was is kept as a version, as merges do. Without `base` (the CLI)
    the given fields are simply set.

    Returns the annotation as saved; with `delete_if_empty` an annotation edited down to
    nothing is deleted instead (its last state kept, as `delete_annotation` does) and returned
    with `id` None.

    Raises:
        InvalidAnnotation: the result exceeds a limit or holds text that is not Unicode.
        NotFound: no such record, or no annotation `uid` at this place.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    wanted_author = (author or "").strip() or default_author()
    with _writing(library):
        ref = _record_ref(library, record_id)
        current = None
        if uid is not None:
            current = get_annotation(library, uid.strip())
            if current is None or (current.record_key, current.target_eid, current.detached) != (
                ref.key,
                eid,
                False,
            ):
                raise NotFound(f"no annotation {uid.strip()} at {eid}")
        elif base is not None and base.id is not None:
            current = get_annotation(library, base.uid)
            if current is not None and (current.target_eid, current.detached) != (eid, False):
                current = None  # re-anchored elsewhere meanwhile: not this place's any more
        if current is None:
            current = _own_at(library, record_id, eid, wanted_author)
        if current is None:
            current = new_annotation(library, record_id, eid)
            if base is not None:
                current = replace(base, id=None, record_id=record_id, record_key=ref.key)
            current.author = wanted_author
        merged = current
        conflict = False
        for name, value in changes.items():
            if callable(value):
                value = value(getattr(current, name))
            if name == "tags":
                value = clean_tags(value)
            updated = replace(merged, **{name: value})
            if _field(updated, name) == _field(current, name):
                continue
            if (
                base is not None
                and current.id is not None
                and _field(current, name) != _field(base, name)
            ):
                conflict = True  # both changed it: ours wins, theirs is kept below
            merged = updated
        if merged is current and current.id is not None:
            return current
        if delete_if_empty and is_empty(merged):
            if current.id is not None:
                # The row as it was (a concurrent edit included) is the state deleted.
                _tombstone(library, current, utc_now())
                _remove_current(library, current.uid)
            return replace(merged, id=None)
        saved = replace(
            merged,
            record_key=ref.key,
            record_id=ref.id,
            author=merged.author or wanted_author,
            tags=clean_tags(merged.tags),
            updated=utc_now(),
            detached=False,
        )
        _require_valid(saved)
        if conflict:
            _keep_version(library, current, "superseded by a concurrent edit")
        saved.id = _write_row(library, saved, ref.sha256)
    return saved


@dataclass(frozen=True)
class Deletion:
    """A deleted annotation: its last state and when it was deleted (a tombstone)."""

    annotation: Annotation
    deleted: dt.datetime


@_storage_errors
def delete_annotation(library: Library, uid: str) -> Deletion | None:
    """Delete an annotation; NotFound if there is none with that uid.

    Nothing is lost: its last state is kept as a version marked deleted (with its other kept
    versions), shared as a deletion by sharing, and `restore_annotation` brings it back.
    Returns that Deletion (None for a damaged row, which had no state to keep).
    """
    with _writing(library):
        current = get_annotation(library, uid)
        if current is None:
            if library.conn.execute("SELECT 1 FROM annotations WHERE uid = ?", (uid,)).fetchone():
                _remove_current(library, uid)  # damaged, unreadable: there is no state to keep
                return None
            raise NotFound(f"no annotation {uid}")
        when = max(utc_now(), current.updated)
        _tombstone(library, current, when)
        _remove_current(library, uid)
    return Deletion(replace(current, id=None), when)


@_storage_errors
def deleted_annotations(library: Library) -> list[Deletion]:
    """The annotations deleted here or by their author elsewhere and not brought back since:
    each one's last state, oldest deletion first."""
    rows = library.conn.execute(
        f"SELECT {_VERSION_COLUMNS}, kept_at FROM annotation_versions AS v "
        "WHERE reason = ? AND NOT EXISTS (SELECT 1 FROM annotations AS a WHERE a.uid = v.uid) "
        "ORDER BY kept_at, id",
        (DELETED,),
    ).fetchall()
    latest: dict[str, Deletion] = {}
    for row in rows:
        try:
            annotation = _from_row(row[:-1], None)
            when = parse_time(row[-1])
        except (DamagedRow, ValueError) as exc:
            log.warning("skipped: %s", exc)
            continue
        ref = _record_ref_by_key(library, annotation.record_key)
        annotation = replace(annotation, id=None, record_id=ref.id if ref else None)
        latest[annotation.uid] = Deletion(annotation, when)  # rows oldest first: the last wins
    return sorted(latest.values(), key=lambda d: (d.deleted, d.annotation.uid))


@_storage_errors
def restore_annotation(library: Library, uid: str) -> Annotation:
    """Bring a deleted annotation back as it was last (a new edit, later than the deletion, so
    it comes back on colleagues' laptops too). NotFound if `uid` is not a deleted annotation."""
    with _writing(library):
        if get_annotation(library, uid) is not None:
            raise NotFound(f"annotation {uid} is not deleted")
        found = [d for d in deleted_annotations(library) if d.annotation.uid == uid]
        if not found:
            raise NotFound(
                f"no deleted annotation {uid} (see `briefing annotations list --deleted`)"
            )
        last = found[-1].annotation
        ref = _record_ref_by_key(library, last.record_key)
        anchored = ""
        if ref is not None:
            last = anchor(replace(last, record_id=ref.id), anchor_places(library.record(ref.id)))
            anchored = ref.sha256
        restored = replace(
            last, updated=max(utc_now(), found[-1].deleted + dt.timedelta(milliseconds=1))
        )
        restored.id = _write_row(library, restored, anchored)
    return restored


@_storage_errors
def annotations_for_record(
    library: Library, record_id: int, *, include_detached: bool = True
) -> list[Annotation]:
    """The record's annotations, oldest first (re-anchored first if its text changed)."""
    ref = _record_ref(library, record_id)
    _ensure_anchored(library, ref)
    sql = f"SELECT {_COLUMNS} FROM annotations WHERE record_key = ?"
    if not include_detached:
        sql += " AND detached = 0"
    sql += " ORDER BY created, id"
    return _readable(library.conn.execute(sql, (ref.key,)), lambda _row: ref.id)


@_storage_errors
def all_annotations(library: Library) -> list[Annotation]:
    """Every annotation in the library, including those whose record is not (or no longer) in it."""
    refs = {
        key: _RecordRef(id_, key, sha)
        for id_, key, sha in library.conn.execute("SELECT id, key, source_sha256 FROM records")
    }
    keys = {key for (key,) in library.conn.execute("SELECT DISTINCT record_key FROM annotations")}
    for key in sorted(keys & refs.keys()):
        _ensure_anchored(library, refs[key])

    def record_id(row: tuple[Any, ...]) -> int | None:
        ref = refs.get(row[2])
        return ref.id if ref else None

    return _readable(
        library.conn.execute(
            f"SELECT {_COLUMNS} FROM annotations ORDER BY record_key, created, id"
        ),
        record_id,
    )


@_storage_errors
def get_annotation(library: Library, uid: str) -> Annotation | None:
    row = library.conn.execute(
        f"SELECT {_COLUMNS} FROM annotations WHERE uid = ?", (uid,)
    ).fetchone()
    if row is None:
        return None
    ref = _record_ref_by_key(library, row[2])
    try:
        return _from_row(row, ref.id if ref else None)
    except DamagedRow as exc:
        log.warning("skipped: %s", exc)
        return None


def _preferred(annotations: list[Annotation], author: str) -> Annotation | None:
    """Ours if we have one at the place, else the most recently updated."""
    if not annotations:
        return None
    ours = [a for a in annotations if a.author == author]
    pool = ours or annotations
    return max(pool, key=lambda a: (a.updated, a.id or 0))


@_storage_errors
def annotation_at(
    library: Library, record_id: int, eid: str, *, author: str | None = None
) -> Annotation | None:
    """The current annotation at a place: ours (`author`, default the default author's) if any,
    else the latest."""
    found = [
        a
        for a in annotations_for_record(library, record_id, include_detached=False)
        if a.target_eid == eid
    ]
    return _preferred(found, author or default_author())


def _own_at(library: Library, record_id: int, eid: str, author: str) -> Annotation | None:
    found = [
        a
        for a in annotations_for_record(library, record_id, include_detached=False)
        if a.target_eid == eid and a.author == author
    ]
    return max(found, key=lambda a: (a.updated, a.id or 0)) if found else None


@_storage_errors
def own_annotation_at(
    library: Library, record_id: int, eid: str, *, author: str | None = None
) -> Annotation | None:
    """`author`'s (default: the default author's) annotation at a place, or None: what the
    delegate edits there (the latest edited, should they have two)."""
    return _own_at(library, record_id, eid, (author or "").strip() or default_author())


@_storage_errors
def annotations_at(library: Library, record_id: int, eid: str) -> list[Annotation]:
    """Every attached annotation at a place (ours and colleagues')."""
    return [
        a
        for a in annotations_for_record(library, record_id, include_detached=False)
        if a.target_eid == eid
    ]


@_storage_errors
def stances_by_eid(library: Library, record_id: int) -> dict[str, Stance]:
    """The stance to mark at each annotated place (attached annotations with a stance)."""
    by_eid: dict[str, list[Annotation]] = {}
    for a in annotations_for_record(library, record_id, include_detached=False):
        if a.stance is not None:
            by_eid.setdefault(a.target_eid, []).append(a)
    author = default_author()
    out: dict[str, Stance] = {}
    for eid, found in by_eid.items():
        chosen = _preferred(found, author)
        if chosen is not None and chosen.stance is not None:
            out[eid] = chosen.stance
    return out


@_storage_errors
def all_tags(library: Library) -> list[str]:
    """Every tag in use, sorted ignoring case (for completion)."""
    tags = {tag for (tag,) in library.conn.execute("SELECT DISTINCT tag FROM annotation_tags")}
    return sorted(tags, key=lambda t: (t.casefold(), t))


@_storage_errors
def annotation_versions(library: Library, uid: str, *, deleted: bool = True) -> list[Annotation]:
    """The kept non-current versions of an annotation (other edits merged in, the state it was
    deleted in), oldest first; `deleted=False` leaves out the deleted states."""
    sql = f"SELECT {_VERSION_COLUMNS} FROM annotation_versions WHERE uid = ?"
    if not deleted:
        sql += f" AND reason != '{DELETED}'"
    rows = library.conn.execute(sql + " ORDER BY updated, id", (uid,)).fetchall()

    def record_id(row: tuple[Any, ...]) -> int | None:
        ref = _record_ref_by_key(library, row[2])
        return ref.id if ref else None

    out = _readable(rows, record_id)
    for version in out:
        version.id = None  # not a current row
    return out


@_storage_errors
def version_counts(library: Library) -> dict[str, int]:
    """uid -> number of kept other versions, for annotations that have any."""
    return {
        uid: count
        for uid, count in library.conn.execute(
            "SELECT uid, COUNT(*) FROM annotation_versions GROUP BY uid"
        )
    }


# --- merging a shared file ------------------------------------------------------------------


@dataclass
class MergeResult:
    """What importing a colleague's annotations did."""

    added: int = 0
    unchanged: int = 0
    updated: int = 0  # a newer edit became current; ours was kept as a version
    versions_kept: int = 0  # an older or concurrent edit kept as a version beside ours
    without_record: int = 0  # kept, keyed to a record not in this library
    detached: int = 0
    uids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.unchanged} already here"]
        if self.updated:
            parts.append(f"{self.updated} updated (our edit kept as a version)")
        if self.versions_kept:
            parts.append(f"{self.versions_kept} other edits kept as versions")
        if self.without_record:
            parts.append(f"{self.without_record} for records not in the library (kept)")
        if self.detached:
            parts.append(f"{self.detached} detached (place not found)")
        return ", ".join(parts)


@_storage_errors
def merge_annotations(library: Library, incoming: list[Annotation]) -> MergeResult:
    """Merge annotations from a shared file, all in one transaction.

    New uids are added under their author; an edit we already hold (current or kept) is not
    duplicated; a different edit of an annotation we hold is kept as a version, the newer edit
    being current (`supersedes`). Annotations for records not in the library are kept by record key.
    """
    result = MergeResult()
    refs: dict[str, _RecordRef | None] = {}
    records: dict[str, list[tuple[str, str]]] = {}

    def places_for(ref: _RecordRef) -> list[tuple[str, str]]:
        if ref.key not in records:
            records[ref.key] = anchor_places(library.record(ref.id))
        return records[ref.key]

    with _writing(library):
        for item in incoming:
            item = replace(item, tags=clean_tags(item.tags), id=None)
            if item.record_key not in refs:
                refs[item.record_key] = _record_ref_by_key(library, item.record_key)
            ref = refs[item.record_key]
            anchored = ""
            if ref is None:
                result.without_record += 1
                item = replace(item, record_id=None)
            else:
                item = anchor(replace(item, record_id=ref.id), places_for(ref))
                anchored = ref.sha256
            result.uids.append(item.uid)
            current = get_annotation(library, item.uid)
            deleted_at = _deleted_at(library, item.uid) if current is None else None
            if deleted_at is not None and item.updated <= deleted_at:
                # An edit made before the annotation was deleted: kept, not brought back.
                if _keep_version_known(library, item):
                    result.unchanged += 1
                else:
                    _keep_version(library, item, "imported edit, older than its deletion")
                    result.versions_kept += 1
                continue
            if current is None:
                _write_row(library, item, anchored)
                result.added += 1
                result.detached += int(item.detached)
                continue
            if content_hash(current) == content_hash(item):
                result.unchanged += 1
                continue
            if _keep_version_known(library, item):
                result.unchanged += 1
            elif supersedes(item, current):
                _keep_version(library, current, "superseded by an imported edit")
                _write_row(library, item, anchored)
                result.updated += 1
                result.detached += int(item.detached)
            else:
                _keep_version(library, item, "imported edit")
                result.versions_kept += 1
    return result


@dataclass
class DeletionResult:
    """What merging an author's deletions did."""

    deleted: int = 0  # current annotations removed (their last state kept)
    kept: int = 0  # tombstones kept for annotations not here, or edited after the deletion
    unchanged: int = 0
    refused: int = 0  # not the author's own annotation: their file cannot delete it


@_storage_errors
def merge_deletions(library: Library, deletions: list[Deletion], author: str) -> DeletionResult:
    """Merge the deletions of `author`'s file (one transaction): only their own annotations.

    The deleted state is kept as a version marked deleted, so nothing is lost. An annotation
    here edited after the deletion (on another laptop, offline) stays, the deletion beside it
    in its versions; one edited before is removed, that edit kept as a version too.
    """
    result = DeletionResult()
    with _writing(library):
        for deletion in deletions:
            gone = replace(deletion.annotation, id=None, tags=clean_tags(deletion.annotation.tags))
            current = get_annotation(library, gone.uid)
            if gone.author != author or (current is not None and current.author != author):
                result.refused += 1
                continue
            if current is None:
                if _tombstone(library, gone, deletion.deleted):
                    result.kept += 1
                else:
                    result.unchanged += 1
                continue
            _tombstone(library, gone, deletion.deleted)
            if current.updated > deletion.deleted:
                result.kept += 1  # edited after it was deleted: the edit stays current
                continue
            if content_hash(current) != content_hash(gone):
                _keep_version(library, current, "edited before its deletion")
            _remove_current(library, gone.uid)
            result.deleted += 1
    return result


def supersedes(edit: Annotation, current: Annotation) -> bool:
    """Whether `edit` should be current in place of `current`: the later modified time, and at
    the same millisecond the larger content digest, so that every library merging the same two
    edits (a delegation sharing a folder) settles on the same one whatever order they came in."""
    return (edit.updated, content_hash(edit)) > (current.updated, content_hash(current))


def _keep_version_known(library: Library, annotation: Annotation) -> bool:
    return (
        library.conn.execute(
            "SELECT 1 FROM annotation_versions WHERE uid = ? AND content_hash = ?",
            (annotation.uid, content_hash(annotation)),
        ).fetchone()
        is not None
    )


def iter_records_with_annotations(library: Library) -> Iterator[int]:
    """Ids of records that have at least one annotation."""
    for (record_id,) in library.conn.execute(
        "SELECT DISTINCT records.id FROM records JOIN annotations "
        "ON annotations.record_key = records.key ORDER BY records.id"
    ):
        yield record_id


def records_with_annotations(
    library: Library, record_ids: list[int]
) -> list[tuple[Record, list[Annotation]]]:
    """Each record with its annotations, in the order given (duplicates dropped): what a
    briefing note or pack prints (export_pdf's items)."""
    items: list[tuple[Record, list[Annotation]]] = []
    seen: set[int] = set()
    for record_id in record_ids:
        if record_id in seen:
            continue
        seen.add(record_id)
        items.append((library.record(record_id), annotations_for_record(library, record_id)))
    return items

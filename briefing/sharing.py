"""A delegation shares its positions through a folder: one outbox file per author, merged in.

Never the SQLite file: each delegate's Briefing writes their own edits to
`<folder>/<slug>-<install>.jsonld` (W3C Web Annotation JSON-LD, briefing.export.webannotation,
written atomically) and reads every other author's file into the library with the merge the
annotation import already uses. Any file-sync engine moves the files (Syncthing, a network drive,
a cloud folder, a USB stick); docs/sharing.md sets one up.

Whose file. The name says whose (`author_slug`), the first eight hex digits of the installation's
id (preferences.install_id) which installation: two delegates of one name, or one delegate on a
laptop and a desktop, each write their own file and read the other's. A file of the first naming
(`<slug>.jsonld`, no id) is read like any colleague's, except the one of my own name, which was my
own outbox before the id and holds nothing my library lacks.

What goes out. My outbox holds every edit signed with my name, and every other edit my library
holds that did not arrive from the folder (a colleague's annotation edited by its uid): the
annotations and kept versions whose edit (uid, modified time, content) was not received, the
objectives likewise. An edit of mine superseded here by a newer one still travels (as a kept
version), so every edit reaches every laptop. The record each of those annotations targets
travels too, as its source bytes in `records/<key>.<ext>`, named in the outbox with its SHA-256.

Deletions. W3C Web Annotation has no deletion, so the outbox carries its own extension term:
`deletedAnnotations`, each one the annotation's last state (a full Annotation) with the time of
its deletion (`deleted`). Only my own annotations' deletions go out, and a file's deletions are
merged only for annotations signed by that file's author (storage.annotations.merge_deletions):
the deleted state is kept as a version, an edit made after the deletion stays current.

What comes in, per file, all or nothing in one transaction: a file still being written (not
complete JSON, a wrong `total`, a record file not arrived or not yet whole) is left for the next
pass and nothing of it lands; an unchanged file (same mtime and size, or same SHA-256) is not
read again; a deleted file removes nothing. A record whose key the library does not know is
imported from its source first, so the annotations anchor.

Which edit is current (clock skew). Two edits of one annotation: the one with the later
`modified` time is current, the other kept as a version; at the same millisecond the larger
content digest wins, so every laptop settles on the same one. A laptop whose clock runs slow
makes its edits look older, so a newer edit of the same note may stay a version: never lost,
only second. Times are each author's own; nothing here compares them with the reader's clock.

What was received is remembered beside the database (`<db>.sharing.json`, written atomically):
if it is lost, the next pass reads every file again (the merge recognises what it holds) and
the outbox may carry a colleague's edits as well, which the merge recognises too.
"""

from __future__ import annotations

import json
import logging
import unicodedata
import urllib.parse
import uuid
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

from briefing import atomic, preferences
from briefing.datatypes import dataclass
from briefing.digest import sha256_hex
from briefing.domain import (
    Annotation,
    AnnotationFormatError,
    BriefingError,
    DocumentError,
    Objectives,
    Record,
)
from briefing.domain.times import format_time, parse_time
from briefing.export import webannotation
from briefing.files import UnreadableFile, read_regular_file, readable_name
from briefing.importer import IMPORTER_VERSION, derive
from briefing.importer import pdf as pdf_importer
from briefing.storage import Library
from briefing.storage import annotations as store
from briefing.storage import objectives as objectives_store
from briefing.storage.records import Source

log = logging.getLogger(__name__)

OUTBOX_SUFFIX = ".jsonld"
RECORDS_DIR = "records"
STATE_SUFFIX = ".sharing.json"
# Our own extension terms on the collection, beside webannotation's context.
SHARING_CONTEXT: dict[str, Any] = {
    "keptVersions": {"@id": "briefing:keptVersions", "@container": "@set"},
    "keptObjectives": {"@id": "briefing:keptObjectives", "@container": "@set"},
    "sharedRecords": {"@id": "briefing:sharedRecords", "@container": "@set"},
    "SharedRecord": "briefing:SharedRecord",
    "sha256": "briefing:sha256",
    "mediaType": "briefing:mediaType",
    "deletedAnnotations": {"@id": "briefing:deletedAnnotations", "@container": "@set"},
    "deleted": {"@id": "briefing:deleted", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
}
MAX_RECORD_BYTES = pdf_importer.MAX_PDF_BYTES
_EXTENSIONS = {"application/pdf": ".pdf", "text/plain": ".txt"}
_OUTBOX_NAMESPACE = uuid.UUID("5b0e7c4e-8d2a-4c39-9a0f-1f7b8c2d4e61")


class SharingError(BriefingError):
    """Sharing cannot run (no shared folder, the folder not there); one line to show as is."""


# --- names ----------------------------------------------------------------------------------


def author_slug(name: str) -> str:
    """A file name for an author that every file system and sync engine accepts:
    'Ana Pérez' -> 'ana-perez'; a name not all Latin letters ('Лев Толстой') also keeps a short
    digest of itself, so two such names never share a file."""
    base = "".join(
        c for c in unicodedata.normalize("NFKD", name.strip()) if not unicodedata.combining(c)
    )
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in base.casefold()).split()
    slug = "-".join(words)[:60].strip("-")
    if not all(c.isascii() for c in base if c.isalnum()) or not slug:
        digest = sha256_hex(name.strip())[:8]
        slug = f"{slug}-{digest}" if slug else f"author-{digest}"
    return slug


INSTALL_DIGITS = 8  # of the installation's id in the file name


def outbox_name(author: str, install_id: str = "") -> str:
    """`ana-perez-1a2b3c4d.jsonld`; without an installation id, the first naming's
    `ana-perez.jsonld`."""
    short = install_id.strip().lower()[:INSTALL_DIGITS]
    return f"{author_slug(author)}{'-' + short if short else ''}{OUTBOX_SUFFIX}"


def outbox_path(folder: Path, author: str, install_id: str = "") -> Path:
    return Path(folder) / outbox_name(author, install_id)


def record_file_name(key: str, media_type: str) -> str:
    """`records/<key>.<ext>`, the key percent-encoded so that '/' and ':' stay in the name."""
    return f"{RECORDS_DIR}/{urllib.parse.quote(key, safe='')}{_EXTENSIONS.get(media_type, '.bin')}"


def state_path_for(db_path: Path) -> Path:
    return Path(str(db_path) + STATE_SUFFIX)


def check_folder(folder: Path) -> Path:
    """The shared folder, which must exist (a network drive not mounted is not created)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise SharingError(
            f"the shared folder {readable_name(folder)} is not there "
            "(create it, or mount the drive that holds it)"
        )
    return folder


# --- what was received ----------------------------------------------------------------------


@dataclass
class SyncState:
    """Per library: the files read (by path: mtime, size, SHA-256) and the edits received."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: set[str] = field(default_factory=set)  # _edit_id of each annotation edit
    received_objectives: set[str] = field(default_factory=set)  # _objectives_id of each

    @classmethod
    def load(cls, path: Path) -> SyncState:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("sharing state %s unreadable, starting afresh: %s", path, exc)
            return cls()
        if not isinstance(raw, dict):
            return cls()
        files = raw.get("files") if isinstance(raw.get("files"), dict) else {}
        return cls(
            files={k: v for k, v in files.items() if isinstance(v, dict)},
            received={x for x in raw.get("received", []) if isinstance(x, str)},
            received_objectives={
                x for x in raw.get("received_objectives", []) if isinstance(x, str)
            },
        )

    def save(self, path: Path) -> None:
        data = {
            "files": self.files,
            "received": sorted(self.received),
            "received_objectives": sorted(self.received_objectives),
        }
        atomic.write_atomically(path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _edit_id(annotation: Annotation) -> str:
    """What names one edit: its uid, its time and what it says. The time alone is not enough
    (two laptops may stamp the same millisecond); the place is left out, since anchoring
    against another version of the record may move it without making it another edit."""
    said = json.dumps(
        [
            annotation.note,
            annotation.stance.value if annotation.stance else None,
            annotation.priority.value,
            sorted(t.casefold() for t in store.clean_tags(annotation.tags)),
            bool(annotation.raise_at_meeting),
            annotation.author,
            annotation.line_to_take,
            annotation.if_raised,
        ],
        ensure_ascii=False,
    )
    digest = sha256_hex(said)[:16]
    return f"{annotation.uid}@{format_time(annotation.updated)}#{digest}"


def _objectives_id(objectives: Objectives) -> str:
    digest = sha256_hex(objectives.text.strip())[:16]
    return f"{objectives.record_key}@{format_time(objectives.updated)}#{digest}"


# --- out ------------------------------------------------------------------------------------


@dataclass
class Outbox:
    path: Path
    written: bool  # False: it already said exactly this
    annotations: int
    versions: int
    objectives: int
    records: int
    deletions: int = 0

    def line(self) -> str:
        said = "wrote" if self.written else "unchanged"
        extra = f", {self.versions} kept versions" if self.versions else ""
        extra += f", {self.deletions} deletions" if self.deletions else ""
        extra += f", objectives of {self.objectives} record(s)" if self.objectives else ""
        return (
            f"my outbox {said}: {self.path} ({self.annotations} annotations{extra}, "
            f"{self.records} records)"
        )


def _mine(items: Iterable[Annotation], state: SyncState, author: str) -> list[Annotation]:
    """Signed by me (received or not: from my other laptop, or my own file read back after its
    id was lost), or another's edit that did not arrive from the folder."""
    return [a for a in items if a.author == author or _edit_id(a) not in state.received]


def write_outbox(
    library: Library, folder: Path, author: str, state: SyncState, install_id: str = ""
) -> Outbox:
    """Write my edits (and the records they target) to my outbox, atomically; a file that
    would say the same is left alone, so a watcher on another laptop is not woken for nothing."""
    current = _mine(store.all_annotations(library), state, author)
    current_ids = {_edit_id(a) for a in current}
    versions: list[Annotation] = []
    for uid in sorted(store.version_counts(library)):
        # A deleted state travels as the deletion, not as a version (that would bring it back
        # on a laptop that took the version before the deletion).
        for version in _mine(store.annotation_versions(library, uid, deleted=False), state, author):
            if _edit_id(version) not in current_ids:
                versions.append(version)
    deletions = [d for d in store.deleted_annotations(library) if d.annotation.author == author]
    objectives = [
        o
        for o in objectives_store.all_objectives(library)
        if o.author == author or _objectives_id(o) not in state.received_objectives
    ]
    kept_objectives = []
    for summary in library.records():
        for o in objectives_store.objective_versions(library, summary.id):
            if o.author == author or _objectives_id(o) not in state.received_objectives:
                kept_objectives.append(o)

    by_key = {summary.key: summary.id for summary in library.records()}
    gone = [d.annotation for d in deletions]
    wanted_keys = sorted(
        {a.record_key for a in (*current, *versions, *gone)}
        | {o.record_key for o in (*objectives, *kept_objectives)}
    )
    records: dict[str, Record] = {}
    shared: list[dict[str, Any]] = []
    for key in wanted_keys:
        if key not in by_key:
            continue
        records[key] = library.record(by_key[key])
        entry = _share_record(library, folder, key, by_key[key])
        if entry is not None:
            shared.append(entry)

    data = webannotation.to_jsonld(
        current,
        records,
        label=f"Briefing: the positions of {author}",
        collection_id=f"urn:uuid:{uuid.uuid5(_OUTBOX_NAMESPACE, outbox_name(author, install_id))}",
        objectives=objectives,
    )
    data["@context"] = [*data["@context"], SHARING_CONTEXT]
    data["creator"] = {"type": "Person", "name": author}
    # The newest edit it holds rather than the clock: the same edits give the same bytes.
    times = (
        [a.updated for a in (*current, *versions)]
        + [o.updated for o in (*objectives, *kept_objectives)]
        + [d.deleted for d in deletions]
    )
    data["generated"] = format_time(max(times)) if times else "1970-01-01T00:00:00.000Z"
    if versions:
        data["keptVersions"] = webannotation.to_jsonld(versions, records)["first"]["items"]
    if kept_objectives:
        data["keptObjectives"] = webannotation.to_jsonld([], objectives=kept_objectives).get(
            "objectives", []
        )
    if deletions:
        items = webannotation.to_jsonld(gone, records)["first"]["items"]
        data["deletedAnnotations"] = [
            {**item, "deleted": format_time(d.deleted)}
            for item, d in zip(items, deletions, strict=True)
        ]
    if shared:
        data["sharedRecords"] = shared
    text = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    path = outbox_path(folder, author, install_id)
    try:
        same = path.read_bytes() == text
    except OSError:
        same = False
    if not same:
        try:
            atomic.write_atomically(path, text)
        except OSError as exc:
            raise SharingError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return Outbox(
        path, not same, len(current), len(versions), len(objectives), len(shared), len(deletions)
    )


def _share_record(
    library: Library, folder: Path, key: str, record_id: int
) -> dict[str, Any] | None:
    """Put a record's source in `records/` (unless the same bytes are there) and name it."""
    source = library.source(record_id)
    if source is None:
        return None  # a record from before sources were kept: its annotations go by key alone
    name = record_file_name(key, source.media_type)
    target = Path(folder) / name
    digest = sha256_hex(source.data)
    try:
        there = sha256_hex(target.read_bytes())
    except OSError:
        there = None
    if there != digest:
        try:
            target.parent.mkdir(exist_ok=True)
            atomic.write_atomically(target, source.data)
        except OSError as exc:
            raise SharingError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return {
        "type": "SharedRecord",
        "recordKey": key,
        "source": name,
        "sha256": digest,
        "mediaType": source.media_type,
        "label": source.name,
    }


# --- in -------------------------------------------------------------------------------------


@dataclass
class AuthorMerge:
    """What one pass did with one colleague's file."""

    author: str
    file: str
    added: int = 0
    updated: int = 0
    versions_kept: int = 0
    skipped: int = 0  # edits already here
    deleted: int = 0  # annotations of theirs deleted by them (the last state kept as a version)
    refused: int = 0  # deletions of annotations not theirs, not merged
    records: int = 0  # records imported from their source
    unchanged_file: bool = False
    waiting: str = ""  # why the file is left for the next pass

    def line(self) -> str:
        if self.waiting:
            return f"{self.author}: left for the next pass ({self.waiting})"
        if self.unchanged_file:
            return f"{self.author}: unchanged since the last pass"
        out = (
            f"{self.author}: {self.added} new, {self.updated} updated, "
            f"{self.versions_kept} kept as versions, {self.skipped} skipped"
        )
        if self.deleted:
            out += f", {self.deleted} deleted"
        if self.records:
            out += f"; {self.records} record(s) imported"
        if self.refused:
            out += f"; {self.refused} deletion(s) of others' annotations ignored"
        return out


class _NotYet(Exception):
    """The file (or a record it names) is still arriving: leave it for the next pass."""


@dataclass
class _Incoming:
    author: str
    annotations: list[Annotation]
    objectives: list[Objectives]
    records: list[dict[str, Any]]
    deletions: list[store.Deletion]


def _parse_outbox(raw: bytes, name: str) -> _Incoming:
    try:
        data = webannotation.load_json(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _NotYet(f"not complete JSON: {exc}") from None
    try:
        annotations = webannotation.from_jsonld(data)
        objectives = webannotation.objectives_from_jsonld(data)
        for index, item in enumerate(_list(data.get("keptVersions")), start=1):
            if not isinstance(item, dict):
                raise AnnotationFormatError(f"kept version {index}: not a JSON object")
            try:
                annotations += webannotation.from_jsonld({**item, "@context": data["@context"]})
            except AnnotationFormatError as exc:
                raise AnnotationFormatError(f"kept version {index}: {exc}") from None
        for item in _list(data.get("keptObjectives")):
            objectives += webannotation.objectives_from_jsonld({"objectives": [item]})
        records = [r for r in _list(data.get("sharedRecords")) if isinstance(r, dict)]
        deletions = []
        for index, item in enumerate(_list(data.get("deletedAnnotations")), start=1):
            if not isinstance(item, dict) or not isinstance(item.get("deleted"), str):
                raise AnnotationFormatError(f"deletion {index}: no 'deleted' time")
            try:
                (gone,) = webannotation.from_jsonld({**item, "@context": data["@context"]})
                when = parse_time(item["deleted"])
            except (AnnotationFormatError, ValueError) as exc:
                raise AnnotationFormatError(f"deletion {index}: {exc}") from None
            deletions.append(store.Deletion(gone, when))
    except AnnotationFormatError as exc:
        raise _NotYet(str(exc)) from None
    creator = data.get("creator") if isinstance(data, dict) else None
    author = creator.get("name") if isinstance(creator, dict) else None
    if not isinstance(author, str) or not author.strip():
        author = name
    return _Incoming(author.strip(), annotations, objectives, records, deletions)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _record_sources(
    folder: Path, entries: list[dict[str, Any]], known: set[str]
) -> tuple[list[tuple[Record, Source]], list[str]]:
    """Derive the records the library lacks from the sources beside the outbox.

    _NotYet when one is missing or not whole yet (its digest differs): the sync engine is still
    moving it. A source that arrived whole but is no document is said and skipped: those
    annotations are kept by record key, as any for a record not in the library.
    """
    out: list[tuple[Record, Source]] = []
    problems: list[str] = []
    base = (Path(folder) / RECORDS_DIR).resolve()
    for entry in entries:
        key, name, digest = entry.get("recordKey"), entry.get("source"), entry.get("sha256")
        if not all(isinstance(v, str) and v for v in (key, name, digest)) or key in known:
            continue
        path = (Path(folder) / name).resolve()
        if path.parent != base:
            problems.append(f"record {key!r}: its source {name!r} is not in {RECORDS_DIR}/")
            continue
        try:
            data = read_regular_file(path, MAX_RECORD_BYTES)
        except UnreadableFile as exc:
            raise _NotYet(f"waiting for {name}: {exc.reason}") from None
        if sha256_hex(data) != digest:
            raise _NotYet(f"waiting for {name}: not whole yet")
        label = entry.get("label") if isinstance(entry.get("label"), str) else path.name
        try:
            record, _warnings = derive(data, label)
        except DocumentError as exc:
            problems.append(f"record {key!r}: {exc}")
            continue
        media = entry.get("mediaType") if isinstance(entry.get("mediaType"), str) else ""
        out.append((record, Source(data, media or "application/octet-stream", label)))
        known.add(key)
    return out, problems


def import_file(
    library: Library, path: Path, state: SyncState, *, force: bool = False
) -> AuthorMerge:
    """Merge one colleague's outbox, all of it in one transaction or nothing."""
    path = Path(path)
    name = readable_name(path.name)
    seen = state.files.get(str(path), {})
    # Named by its author once a pass has read it; by the file's name until then.
    result = AuthorMerge(author=seen.get("author", name), file=name)
    try:
        info = path.stat()
    except OSError as exc:
        result.waiting = f"cannot read it: {exc.strerror or exc}"
        return result
    if not force and seen.get("mtime_ns") == info.st_mtime_ns and seen.get("size") == info.st_size:
        result.unchanged_file = True
        return result
    try:
        raw = read_regular_file(path, webannotation.MAX_FILE_BYTES)
    except UnreadableFile as exc:
        result.waiting = f"cannot read it: {exc.reason}"
        return result
    digest = sha256_hex(raw)
    if not force and seen.get("sha256") == digest:
        state.files[str(path)] = {**seen, "mtime_ns": info.st_mtime_ns, "size": info.st_size}
        result.unchanged_file = True
        return result
    try:
        incoming = _parse_outbox(raw, name)
        result.author = incoming.author
        known = {summary.key for summary in library.records()}
        records, problems = _record_sources(path.parent, incoming.records, known)
    except _NotYet as exc:
        result.waiting = str(exc)
        return result
    for problem in problems:
        log.warning("%s: %s", name, problem)
    with library.transaction():
        for record, source in records:
            library.import_record(record, source, IMPORTER_VERSION)
            result.records += 1
        # Deletions first: a kept version of a deleted annotation then stays a version.
        deleted = store.merge_deletions(library, incoming.deletions, incoming.author)
        merged = store.merge_annotations(library, incoming.annotations)
        merged_objectives = objectives_store.merge_objectives(library, incoming.objectives)
    result.added = merged.added + merged_objectives.added
    result.updated = merged.updated + merged_objectives.updated
    result.versions_kept = merged.versions_kept + merged_objectives.versions_kept
    result.skipped = merged.unchanged + merged_objectives.unchanged
    result.deleted, result.refused = deleted.deleted, deleted.refused
    state.received.update(_edit_id(a) for a in incoming.annotations)
    state.received_objectives.update(_objectives_id(o) for o in incoming.objectives)
    state.files[str(path)] = {
        "mtime_ns": info.st_mtime_ns,
        "size": info.st_size,
        "sha256": digest,
        "author": incoming.author,
    }
    return result


def outboxes(folder: Path, author: str, install_id: str = "") -> list[Path]:
    """The other authors' files in the folder (not mine, not a sync engine's temporary).

    Mine is this installation's, and the first naming's file of my name (no id): that was my
    outbox before installations had ids."""
    mine = {outbox_name(author, install_id), outbox_name(author)}
    return sorted(
        p
        for p in Path(folder).iterdir()
        if p.name.endswith(OUTBOX_SUFFIX)
        and p.name not in mine
        and not p.name.startswith((".", "~"))
        and p.is_file()
    )


# --- one pass -------------------------------------------------------------------------------


@dataclass
class SyncResult:
    outbox: Outbox
    authors: list[AuthorMerge]

    @property
    def changed(self) -> bool:
        """Whether the library took anything in (the panes should refresh)."""
        return any(
            a.added or a.updated or a.versions_kept or a.records or a.deleted for a in self.authors
        )

    def lines(self) -> list[str]:
        out = [self.outbox.line()]
        out += [a.line() for a in self.authors]
        if not self.authors:
            out.append("no colleague's file in the folder yet")
        return out


def sync(
    library: Library,
    folder: Path,
    author: str | None = None,
    state_path: Path | None = None,
    install_id: str | None = None,
) -> SyncResult:
    """One pass: write my outbox, then merge every other author's file that changed.

    My outbox is written before the others are read, and not again after: what arrives in this
    pass is theirs, and goes out with my next edit only if I change it. `install_id` is this
    installation's (default: the preferences', made on first use).
    """
    folder = check_folder(folder)
    author = (author or "").strip() or store.default_author()
    if install_id is None:
        try:
            install_id = preferences.ensure_install_id()
        except OSError as exc:
            raise SharingError(
                f"cannot keep this installation's id in {preferences.preferences_path()}: "
                f"{exc.strerror or exc}"
            ) from exc
    state_path = state_path or state_path_for(library.path)
    state = SyncState.load(state_path)
    outbox = write_outbox(library, folder, author, state, install_id)
    present = set()
    authors = []
    for path in outboxes(folder, author, install_id):
        present.add(str(path))
        authors.append(import_file(library, path, state))
    # A deleted file removes nothing from the library; forgetting it means that if it comes
    # back it is read again.
    for gone in [p for p in state.files if p not in present and Path(p).parent == folder]:
        del state.files[gone]
    try:
        state.save(state_path)
    except OSError as exc:
        log.warning("sharing state %s not saved: %s", state_path, exc)
    return SyncResult(outbox, authors)

"""Opening a library: the embedded record seeded once, older derivations brought up to date.

The wiring between the store and the importer, used by the CLI and the app alike (no Qt here):
storage never imports the importer, so what turns a kept source into a record lives here.

Re-deriving (`refresh_records`): every record built by an older importer is derived again from
the source it keeps, one transaction per record (its index and its annotations' re-anchoring in
the same one), after a backup. A cancelled run leaves the rest for the next open; a record whose
source cannot be read again keeps its old analysis and says why; a record imported before the
store kept sources keeps its structure and has its analysis re-run over it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing import importer
from briefing.domain import BriefingError, DocumentError, Record
from briefing.files import readable_name
from briefing.importer import IMPORTER_VERSION
from briefing.importer.analysis import analyse
from briefing.importer.decode import decode_bytes
from briefing.storage import Library, Source
from briefing.storage.records import now_text

# meta: set once the embedded record has been imported; deleting it does not bring it back.
DEFAULT_SEEDED = "default_seeded"

NO_SOURCE_NOTE = (
    "imported before Briefing kept each document's source: its structure is as first imported "
    "(its analysis is current); import the file again to bring all of it up to date"
)

Progress = Callable[[int, int, str], None]  # (done, total, the record being derived)
Cancelled = Callable[[], bool]


def open_library(path: Path | str | None = None, *, seed: bool = True) -> Library:
    """Open the library (see Library.open) and import the embedded record into one that has
    never held a record. Re-deriving is separate (`refresh_records`): the app shows it."""
    library = Library.open(path)
    try:
        if seed:
            seed_default(library)
    except BaseException:
        library.close()
        raise
    return library


def seed_default(library: Library) -> None:
    """Import the embedded record into a library that has never held one."""
    if library.meta(DEFAULT_SEEDED) or library.latest_record_id() is not None:
        return
    data, media_type, name = importer.default_source()
    record, _warnings = importer.derive(data, name)
    with library.transaction():
        # Another instance may have seeded it while we parsed.
        if library.meta(DEFAULT_SEEDED) or library.latest_record_id() is not None:
            return
        library.import_record(record, Source(data, media_type, name), IMPORTER_VERSION)
        library.set_meta(DEFAULT_SEEDED, now_text())


@dataclass(frozen=True)
class ReadDocument:
    """A document file read and derived, not yet stored."""

    record: Record
    source: Source
    warnings: list[str]


def read_file(path: Path) -> ReadDocument:
    """Read and derive a document file; DocumentError (naming the file) when it is none."""
    path = Path(path)
    data, media_type = importer.read_source(path)
    # A file name that is not UTF-8 reaches us as lone surrogates, which SQLite refuses: the
    # record keeps the name with U+FFFD in place of those bytes.
    name = readable_name(path.name)
    record, warnings = importer.derive(data, name, source=readable_name(path))
    return ReadDocument(record, Source(data, media_type, name), warnings)


def store(library: Library, document: ReadDocument) -> tuple[int, bool]:
    """Import a read document, keeping its bytes as the record's source: (id, created).

    A document the library already holds adds nothing; it gives the record its source when the
    record lacked one (a library from before sources were kept) and re-derives it.
    """
    return library.import_record(document.record, document.source, IMPORTER_VERSION)


def import_file(library: Library, path: Path) -> tuple[int, bool, list[str]]:
    """read_file then store: (id, created, warnings)."""
    document = read_file(path)
    record_id, created = store(library, document)
    return record_id, created, document.warnings


@dataclass
class RefreshResult:
    updated: int = 0
    # (record, why it keeps its old analysis) for each record not derived from its source.
    kept: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    remaining: int = 0

    def summary(self) -> str:
        parts = [f"{self.updated} record{'s' if self.updated != 1 else ''} updated"]
        if self.kept:
            parts.append(f"{len(self.kept)} kept as they were")
        if self.cancelled:
            parts.append(f"{self.remaining} left for next time")
        return ", ".join(parts)


def records_to_refresh(library: Library) -> int:
    return len(library.stale_records(IMPORTER_VERSION))


@functools.lru_cache(maxsize=1)
def _embedded() -> tuple[Source, str]:
    """The embedded record's source and the digest of its text (what source_sha256 holds)."""
    data, media_type, name = importer.default_source()
    text, _warnings = decode_bytes(data)
    return Source(data, media_type, name), hashlib.sha256(text.encode("utf-8")).hexdigest()


def _embedded_source(library: Library, record_id: int) -> Source | None:
    """The embedded record's bytes, when this source-less record is the embedded record."""
    source, digest = _embedded()
    return source if library.stored_record(record_id).source_sha256 == digest else None


def refresh_records(
    library: Library,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    backup: bool = True,
) -> RefreshResult:
    """Re-derive every record built by an older importer; see the module's docstring."""
    stale = library.stale_records(IMPORTER_VERSION)
    result = RefreshResult()
    if not stale:
        return result
    if backup:
        from briefing.storage.backup import backup_database

        backup_database(library.path, reason="pre-refresh")
    for done, item in enumerate(stale):
        if cancelled is not None and cancelled():
            result.cancelled = True
            result.remaining = len(stale) - done
            break
        if progress is not None:
            progress(done, len(stale), item.display_title)
        _refresh_one(library, item.id, result)
    else:
        if progress is not None:
            progress(len(stale), len(stale), "")
    return result


def _refresh_one(library: Library, record_id: int, result: RefreshResult) -> None:
    status = library.derive_status(record_id)
    title = library.display_titles({record_id}).get(record_id, str(record_id))
    source = library.source(record_id)
    gained_source = False
    if source is None:
        source = _embedded_source(library, record_id)
        gained_source = source is not None
    if source is None:
        # No bytes to derive from: keep the structure, re-run the analysis over it.
        record = library.stored_record(record_id)
        analyse(record)
        library.replace_derived(
            record_id,
            record,
            status.importer_version,
            note=NO_SOURCE_NOTE,
            tried=IMPORTER_VERSION,
        )
        result.kept.append((title, NO_SOURCE_NOTE))
        return
    try:
        record, _warnings = importer.derive(source.data, source.name)
    except DocumentError as exc:
        reason = f"its source can no longer be read ({exc.reason}); the analysis is kept as it was"
        library.mark_derive_tried(record_id, IMPORTER_VERSION, reason)
        result.kept.append((title, reason))
        return
    except (BriefingError, ValueError, RecursionError) as exc:
        reason = f"re-deriving it failed ({exc}); the analysis is kept as it was"
        library.mark_derive_tried(record_id, IMPORTER_VERSION, reason)
        result.kept.append((title, reason))
        return
    with library.transaction():
        if gained_source:
            library.keep_source(record_id, source)
        library.replace_derived(record_id, record, IMPORTER_VERSION)
    result.updated += 1

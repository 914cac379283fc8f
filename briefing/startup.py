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

import collections
import functools
import logging
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import importer
from briefing.datatypes import dataclass
from briefing.digest import sha256_hex
from briefing.domain import DocumentError, Record
from briefing.files import readable_name
from briefing.importer import IMPORTER_VERSION
from briefing.storage import Library, Source, StaleRecord
from briefing.storage.records import now_text

if TYPE_CHECKING:
    import concurrent.futures

# The decoder, the parser and the worker pool load when a record is derived: at the app's
# start only the importer's version is asked (is any record stale?).

log = logging.getLogger(__name__)

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
    # Records another instance changed (a new version, its own re-derive) or deleted meanwhile.
    skipped: int = 0

    def summary(self) -> str:
        parts = [f"{self.updated} record{'s' if self.updated != 1 else ''} updated"]
        if self.kept:
            parts.append(f"{len(self.kept)} kept as they were")
        if self.skipped:
            parts.append(f"{self.skipped} changed meanwhile by another Briefing")
        if self.cancelled:
            parts.append(f"{self.remaining} left for next time")
        return ", ".join(parts)


def records_to_refresh(library: Library) -> int:
    return len(library.stale_records(IMPORTER_VERSION))


@functools.lru_cache(maxsize=1)
def _embedded() -> tuple[Source, str]:
    """The embedded record's source and the digest of its text (what source_sha256 holds)."""
    from briefing.importer.decode import decode_bytes

    data, media_type, name = importer.default_source()
    text, _warnings = decode_bytes(data)
    return Source(data, media_type, name), sha256_hex(text)


def _embedded_source(library: Library, record_id: int) -> Source | None:
    """The embedded record's bytes, when this source-less record is the embedded record."""
    source, digest = _embedded()
    stamp = library.derive_stamp(record_id)  # its source_sha256, without decoding the record
    return source if stamp is not None and stamp[0] == digest else None


# From this many records on, sources are derived in worker processes (one per core) while this
# process stores each result in its own transaction: parsing is pure and CPU-bound, so two cores
# re-derive a library in about half the time. Below it, starting workers costs more than it saves.
PARALLEL_FROM = 24


def refresh_records(
    library: Library,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    backup: bool = True,
    workers: int | None = None,
) -> RefreshResult:
    """Re-derive every record built by an older importer; see the module's docstring.

    `workers`: processes that derive sources (default: one per core, for a large library).
    """
    stale = library.stale_records(IMPORTER_VERSION)
    result = RefreshResult()
    if not stale:
        return result
    if backup:
        from briefing.storage.backup import backup_database

        backup_database(library.path, reason="pre-refresh")
    if workers is None:
        workers = (os.cpu_count() or 1) if len(stale) >= PARALLEL_FROM else 1
    with _Deriver(workers) as deriver:
        derivations = deriver.run(library, stale)
        for done, item in enumerate(stale):
            if cancelled is not None and cancelled():
                result.cancelled = True
                result.remaining = len(stale) - done
                break
            if progress is not None:
                progress(done, len(stale), item.display_title)
            _refresh_one(library, item.id, next(derivations), result)
        else:
            if progress is not None:
                progress(len(stale), len(stale), "")
    return result


@dataclass(frozen=True)
class _Derived:
    """What deriving one record's source gave: a record, or why not."""

    source: Source | None
    gained_source: bool
    # The record's (source_sha256, derive_tried) when its source was read: if another instance
    # imported a new version or re-derived it meanwhile, this derivation is not stored.
    stamp: tuple[str, int] | None
    record: Record | None = None
    refused: str | None = None  # the importer's reason (DocumentError)
    failed: str | None = None  # anything else that went wrong


def _derive_source(data: bytes, name: str) -> tuple[Record | None, str | None, str | None]:
    """(record, refused, failed) for one source; module-level so a worker process can run it.

    Parsing is pure, so any exception is this source's failure alone: it is reported for this
    record, which keeps its analysis, and never stops the others (nor every later start).
    """
    try:
        record, _warnings = importer.derive(data, name)
    except DocumentError as exc:
        return None, exc.reason, None
    except Exception as exc:  # noqa: BLE001 - see the docstring
        return None, None, f"{type(exc).__name__}: {exc}"
    record.reindex()  # the eid index is rebuilt where the record is used, not shipped
    return record, None, None


def _ignore_interrupt() -> None:
    """In a worker: Ctrl+C is the main process's to handle (it stops between records)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Deriver:
    """Derives the stale records' sources in order, here or in worker processes."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> _Deriver:
        if self.workers > 1:
            import concurrent.futures
            import multiprocessing

            # spawn, not fork: the app has Qt's threads, which a forked child must not inherit.
            context = multiprocessing.get_context("spawn")
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_ignore_interrupt
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _prepare(
        self, library: Library, record_id: int
    ) -> tuple[Source | None, bool, tuple[str, int] | None]:
        stamp = library.derive_stamp(record_id)
        if stamp is None:
            return None, False, None  # deleted meanwhile
        source = library.source(record_id)
        if source is None:
            source = _embedded_source(library, record_id)
            return source, source is not None, stamp
        return source, False, stamp

    def _here(self, library: Library, record_id: int) -> _Derived:
        source, gained, stamp = self._prepare(library, record_id)
        if source is None:
            return _Derived(None, False, stamp)
        record, refused, failed = _derive_source(source.data, source.name)
        return _Derived(source, gained, stamp, record, refused, failed)

    def run(self, library: Library, stale: list[StaleRecord]) -> Iterator[_Derived]:
        pending = iter(stale)
        if self.pool is not None:
            yield from self._in_workers(library, pending)
        for item in pending:  # no pool, or what is left after it broke
            yield self._here(library, item.id)

    def _in_workers(self, library: Library, pending: Iterator[StaleRecord]) -> Iterator[_Derived]:
        import concurrent.futures.process

        assert self.pool is not None
        # A bounded window of jobs in flight: memory stays small and Cancel is quick.
        window: collections.deque[tuple[int, Source | None, bool, Any, Any]] = collections.deque()

        def submit() -> None:
            item = next(pending, None)
            if item is None:
                return
            source, gained, stamp = self._prepare(library, item.id)
            future = (
                None
                if source is None or self.pool is None
                else self.pool.submit(_derive_source, source.data, source.name)
            )
            window.append((item.id, source, gained, stamp, future))

        for _ in range(self.workers * 2):
            submit()
        while window:
            record_id, source, gained, stamp, future = window.popleft()
            if future is None:
                submit()
                yield _Derived(source, gained, stamp)
                continue
            try:
                record, refused, failed = future.result()
            except concurrent.futures.process.BrokenProcessPool:
                # A worker died (out of memory, killed): derive this one and the rest here.
                log.warning("a worker process died while re-deriving; going on without workers")
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
                yield self._here(library, record_id)
                for rest, *_ in window:
                    yield self._here(library, rest)
                return
            except Exception as exc:  # noqa: BLE001 - a record that cannot travel back
                record, refused, failed = None, None, f"{type(exc).__name__}: {exc}"
            submit()
            yield _Derived(source, gained, stamp, record, refused, failed)


def _refresh_one(
    library: Library, record_id: int, derived: _Derived, result: RefreshResult
) -> None:
    """Store one derivation, in one transaction that first checks the record is as it was
    when its source was read (another instance may have imported a new version, re-derived
    or deleted it meanwhile: then its state is newer than this derivation, and stays)."""
    with library.transaction():
        stamp = library.derive_stamp(record_id)
        if derived.stamp is None or stamp != derived.stamp:
            result.skipped += 1
            return
        status = library.derive_status(record_id)
        title = library.display_titles({record_id}).get(record_id, str(record_id))
        if derived.source is None:
            # No bytes to derive from: keep the structure, re-run the analysis over it.
            try:
                from briefing.importer.analysis import analyse  # heavy: only when needed

                record = library.stored_record(record_id)
                analyse(record)
            except Exception as exc:  # noqa: BLE001 - one record's failure, kept and said
                reason = f"re-running its analysis failed ({type(exc).__name__}: {exc})"
                library.mark_derive_tried(record_id, IMPORTER_VERSION, reason)
                result.kept.append((title, reason))
                return
            library.replace_derived(
                record_id,
                record,
                status.importer_version,
                note=NO_SOURCE_NOTE,
                tried=IMPORTER_VERSION,
            )
            result.kept.append((title, NO_SOURCE_NOTE))
            return
        if derived.record is None:
            if derived.refused is not None:
                reason = (
                    f"its source can no longer be read ({derived.refused}); "
                    "the analysis is kept as it was"
                )
            else:
                reason = f"re-deriving it failed ({derived.failed}); the analysis is kept as it was"
            library.mark_derive_tried(record_id, IMPORTER_VERSION, reason)
            result.kept.append((title, reason))
            return
        if derived.gained_source:
            library.keep_source(record_id, derived.source)
        library.replace_derived(record_id, derived.record, IMPORTER_VERSION)
        result.updated += 1


@dataclass(frozen=True)
class Deleted:
    """A record deleted, and where to find it again."""

    title: str
    backup: Path  # the library as it was just before: `briefing restore` brings the record back
    annotations_file: Path | None  # its annotations (W3C JSON-LD), when it had any
    annotations: int


def delete_record(library: Library, record_id: int) -> Deleted:
    """Delete a record, after a backup of the library and an export of its annotations.

    Nothing is lost: the backup holds the record (restore brings it back), the export holds the
    delegate's positions on it in the exchange format, and the annotations stay in the library
    (keyed by the record, they re-attach if the same document is imported again). Raises
    NotFound for a record that is not there, before anything is written.
    """
    from briefing.export.webannotation import to_jsonld, write_jsonld
    from briefing.storage import annotations as store
    from briefing.storage.backup import backup_database

    record = library.record(record_id)  # NotFound first
    title = record.display_title
    backup = backup_database(library.path, reason="pre-delete")
    notes = store.annotations_for_record(library, record_id)
    out: Path | None = None
    if notes:
        slug = "".join(c if c.isalnum() else "-" for c in title)[:40].strip("-") or "record"
        # Named after its backup, whose time runs to the microsecond and is unique: two records
        # of one title deleted within a second must not share (and overwrite) one export.
        stamp = backup.name.split("__")[-2]  # name: <db>__<stamp>__<reason><suffix>
        out = backup.parent / f"deleted-{slug}-{stamp}.annotations.jsonld"
        write_jsonld(to_jsonld(notes, [record], label=f"Briefing annotations: {title}"), out)
    library.delete_record(record_id)
    return Deleted(title, backup, out, len(notes))

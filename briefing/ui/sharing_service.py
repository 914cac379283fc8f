"""The app's side of sharing: watch the delegation's folder and run a pass when it changes.

The pass itself is briefing.sharing.sync, run on a worker thread with its own connection (the
GUI thread never waits on a colleague's PDF being derived). Changes are debounced: a sync engine
writes a file in bursts, and a delegate types a note in bursts, so one pass follows each burst.
The folder is watched with watchdog (inotify, FSEvents, ReadDirectoryChangesW); where its
observer cannot start (a network file system, the inotify limit reached) the folder is polled.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from briefing import atomic, preferences
from briefing.domain import BriefingError
from briefing.ui.threads import keep_until_finished

log = logging.getLogger(__name__)

DEBOUNCE_MS = 1500
POLL_MS = 5000


class _SyncThread(QThread):
    """One pass over the folder with its own connection to the library."""

    done = Signal(object)  # briefing.sharing.SyncResult
    failed = Signal(str)

    def __init__(self, db_path: Path, folder: Path, author: str, install_id: str) -> None:
        super().__init__()
        self._db_path, self._folder, self._author = db_path, folder, author
        self._install_id = install_id

    def run(self) -> None:
        from briefing import sharing
        from briefing.storage import Library

        try:
            library = Library.open(self._db_path)
            try:
                result = sharing.sync(
                    library, self._folder, self._author, install_id=self._install_id
                )
            finally:
                library.close()
        except BriefingError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a pass must never take the app down; logged whole
            log.exception("sharing pass failed")
            self.failed.emit(f"sharing pass failed: {exc}")
            return
        self.done.emit(result)


class SharingService(QObject):
    """Watches the shared folder while sharing is on; `synced(result)` after each pass."""

    synced = Signal(object)
    failed = Signal(str)
    _folder_changed = Signal()  # from watchdog's thread, delivered on ours

    def __init__(
        self,
        db_path: Path,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._db_path = Path(db_path)
        self.folder: Path | None = None
        self.install_id = ""  # this installation's, read (or made) on the GUI thread
        self.watching = ""  # "watchdog", "polling" or "" (off)
        self._observer: Any = None
        self._running: _SyncThread | None = None
        self._pending = False
        self._snapshot: dict[str, tuple[int, int]] = {}
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.sync_now)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._poll_folder)
        self._folder_changed.connect(self.schedule)

    # -- public --------------------------------------------------------------------------------

    def configure(self, prefs: preferences.Preferences | None = None) -> None:
        """Follow the preferences: watch the shared folder when sharing is on, else stop."""
        prefs = prefs or preferences.load()
        folder = prefs.sharing_folder
        if folder == self.folder and self.watching:
            return
        self.stop()
        if folder is None or not folder.is_dir():
            if folder is not None:
                self.failed.emit(f"the shared folder {folder} is not there: sharing waits for it")
            return
        self.folder = folder
        try:
            self.install_id = preferences.ensure_install_id()
        except OSError as exc:  # preferences not writable: an id for this session at least
            log.warning("cannot save this installation's id: %s", exc)
            self.install_id = self.install_id or preferences.new_install_id()
        self._start_watching(folder)
        self.schedule()

    def schedule(self) -> None:
        """A pass soon (after the burst of changes that asked for it)."""
        if self.folder is not None:
            self._debounce.start()

    def sync_now(self) -> None:
        """A pass now, or right after the one running."""
        if self.folder is None:
            return
        if self._running is not None and self._running.isRunning():
            self._pending = True
            return
        from briefing.storage.annotations import default_author

        thread = _SyncThread(self._db_path, self.folder, default_author(), self.install_id)
        thread.done.connect(self._finished)
        thread.failed.connect(self._failed)
        self._running = thread
        keep_until_finished(thread)
        thread.start()

    def wait(self, ms: int = 30_000) -> bool:
        """Wait for the pass running (tests; closing the window)."""
        return self._running.wait(ms) if self._running is not None else True

    def stop(self) -> None:
        self._debounce.stop()
        self._poll.stop()
        if self._observer is not None:
            try:
                self._observer.stop()
                self._observer.join(5)
            except Exception:  # an observer that never started cleanly
                log.debug("watchdog observer did not stop cleanly", exc_info=True)
            self._observer = None
        self.folder = None
        self.watching = ""

    # -- internals -----------------------------------------------------------------------------

    def _start_watching(self, folder: Path) -> None:
        try:
            self._observer = self._watchdog_observer(folder)
            self.watching = "watchdog"
        except Exception as exc:  # inotify limit, a file system it cannot watch: poll it
            log.info("watching %s by polling (watchdog: %s)", folder, exc)
            self._observer = None
            self._snapshot = self._take_snapshot()
            self._poll.start()
            self.watching = "polling"

    def _watchdog_observer(self, folder: Path) -> Any:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        service = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return  # a read (ours, of a colleague's file) changes nothing
                paths = [event.src_path, getattr(event, "dest_path", "")]
                if all(not p or atomic.is_temp_file(Path(str(p))) for p in paths):
                    return  # a write not finished yet: its rename is the event that counts
                service._folder_changed.emit()

        observer = Observer()
        observer.schedule(Handler(), str(folder), recursive=True)
        observer.start()
        return observer

    def _take_snapshot(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        if self.folder is None:
            return out
        try:
            for path in [*self.folder.glob("*.jsonld"), *self.folder.glob("records/*")]:
                info = path.stat()
                out[str(path)] = (info.st_mtime_ns, info.st_size)
        except OSError:
            pass  # a file gone between the listing and its stat: the next poll sees it
        return out

    def _poll_folder(self) -> None:
        snapshot = self._take_snapshot()
        if snapshot != self._snapshot:
            self._snapshot = snapshot
            self.schedule()

    def _finished(self, result: Any) -> None:
        self.synced.emit(result)
        self._after_pass()

    def _failed(self, message: str) -> None:
        log.warning("sharing: %s", message)
        self.failed.emit(message)
        self._after_pass()

    def _after_pass(self) -> None:
        if self.watching == "polling":
            self._snapshot = self._take_snapshot()  # our own outbox is not a colleague's change
        if self._pending:
            self._pending = False
            self.schedule()

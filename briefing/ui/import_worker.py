"""Importing documents in the background: several files, with progress and Cancel.

Reading and deriving a document (a 65-page PDF takes seconds) runs on a worker thread through
`briefing.startup.read_file`, which touches no database. Each document read comes back to the
GUI thread, which stores it in one transaction (`startup.store`, milliseconds; the library's
SQLite connection belongs to this thread). Cancel stops before the next file and throws away the
one being read: every file already stored stays, and the database holds nothing of the others.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from briefing import startup
from briefing.datatypes import dataclass
from briefing.domain import BriefingError
from briefing.files import readable_name
from briefing.ui.threads import keep_until_finished

log = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    """What a run did, file by file."""

    imported: list[tuple[int, str]] = field(default_factory=list)  # (record id, file name)
    already: list[tuple[int, str]] = field(default_factory=list)  # in the library before
    failed: list[str] = field(default_factory=list)  # one line each: the file and the reason
    not_done: list[str] = field(default_factory=list)  # left when Cancel was pressed
    cancelled: bool = False

    @property
    def opened(self) -> int | None:
        """The record to show: the last one imported, else the last one already there."""
        if self.imported:
            return self.imported[-1][0]
        if self.already:
            return self.already[-1][0]
        return None

    def summary(self) -> str:
        """One line for the status bar."""
        parts = []
        if self.imported:
            names = ", ".join(name for _id, name in self.imported[:3])
            more = f" and {len(self.imported) - 3} more" if len(self.imported) > 3 else ""
            parts.append(f"Imported {names}{more}")
        for _id, name in self.already:
            parts.append(f"{name} is already in the library")
        if self.failed:
            parts.append(f"{len(self.failed)} could not be imported")
        if self.cancelled:
            parts.append(f"cancelled: {len(self.not_done)} not imported")
        return "; ".join(parts) + "." if parts else ""


class _Reader(QObject):
    """Runs on the worker thread: reads and derives each file in turn, never stores."""

    reading = Signal(int, str)  # index, file name
    read = Signal(int, object)  # index, startup.ReadDocument
    failed = Signal(int, str)  # index, one line: the file and the reason
    done = Signal()

    def __init__(self, paths: list[Path], cancel: threading.Event) -> None:
        super().__init__()
        self.paths = paths
        self.cancel = cancel

    @Slot()
    def run(self) -> None:
        for index, path in enumerate(self.paths):
            if self.cancel.is_set():
                break
            self.reading.emit(index, readable_name(path.name))
            try:
                document = startup.read_file(path)
            except BriefingError as exc:
                self.failed.emit(index, str(exc))
            except OSError as exc:
                self.failed.emit(index, f"{readable_name(path)}: {exc.strerror or exc}")
            except Exception as exc:  # noqa: BLE001 - one file's failure, said, never a crash
                log.exception("importing %s failed", path)
                self.failed.emit(
                    index, f"{readable_name(path)}: cannot be read ({type(exc).__name__})"
                )
            else:
                # Read while Cancel was pressed: dropped. Read before: it is stored, even if the
                # GUI thread takes it after the click (the file was finished).
                if not self.cancel.is_set():
                    self.read.emit(index, document)
        self.done.emit()


class ImportRun(QObject):
    """One background import of `paths` into `library`; `finished(ImportOutcome)` at the end."""

    finished = Signal(object)

    def __init__(
        self, library: Any, paths: list[Path], parent: QWidget, show_progress: bool = True
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.paths = [Path(p) for p in paths]
        self.outcome = ImportOutcome()
        self._cancel = threading.Event()
        self._stored: set[int] = set()
        self._thread = QThread()
        self._reader = _Reader(self.paths, self._cancel)
        self._reader.moveToThread(self._thread)
        # Held until it finishes, whatever happens to this run's window (see ui/threads.py).
        keep_until_finished(self._thread, self.cancel, self._reader)
        self._thread.started.connect(self._reader.run)
        # Queued: these slots run here, on the GUI thread, where the library's connection is.
        queued = Qt.ConnectionType.QueuedConnection
        self._reader.reading.connect(self._on_reading, queued)
        self._reader.read.connect(self._on_read, queued)
        self._reader.failed.connect(self._on_failed, queued)
        self._reader.done.connect(self._on_done, queued)
        self.progress = self._progress_dialog(parent) if show_progress else None

    def _progress_dialog(self, parent: QWidget) -> QProgressDialog:
        dialog = QProgressDialog(parent)
        dialog.setWindowTitle("Importing")
        label = QLabel(dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names are data
        dialog.setLabel(label)
        dialog.setCancelButtonText("Cancel")
        # One file: a busy bar (a PDF's reading has no steps to count); several: files done.
        dialog.setRange(0, len(self.paths) if len(self.paths) > 1 else 0)
        dialog.setMinimumDuration(400)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        return dialog

    def start(self) -> ImportRun:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop before the next file; the one being read is not stored."""
        self._cancel.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = 30000) -> bool:
        return self._thread.wait(msecs)

    def _on_reading(self, index: int, name: str) -> None:
        if self.progress is not None:
            total = len(self.paths)
            where = f" ({index + 1} of {total})" if total > 1 else ""
            self.progress.setLabelText(f"Reading {name}{where}…")
            if total > 1:
                self.progress.setValue(index)

    def _on_read(self, index: int, document: startup.ReadDocument) -> None:
        name = document.source.name
        try:
            record_id, created = startup.store(self.library, document)
        except BriefingError as exc:
            self.outcome.failed.append(f"{name}: {exc}")
            return
        (self.outcome.imported if created else self.outcome.already).append((record_id, name))
        self._stored.add(index)

    def _on_failed(self, index: int, reason: str) -> None:
        self.outcome.failed.append(reason)
        self._stored.add(index)

    def _on_done(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self._cancel.is_set():
            self.outcome.cancelled = True
            self.outcome.not_done = [
                readable_name(path.name)
                for index, path in enumerate(self.paths)
                if index not in self._stored
            ]
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.finished.emit(self.outcome)

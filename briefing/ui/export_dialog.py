"""File › Export briefing…: the same choices as `briefing export`, remembered between runs.

The records and annotations are read on the GUI thread (the database connection stays there);
the layout and the write run in a QThread with progress and Cancel. A cancelled or failed export
leaves no file (export_pdf writes atomically).
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.domain import Annotation, BriefingError, Priority, Record, Stance
from briefing.export.options import filter_warning
from briefing.export.pdf import (
    PAPERS,
    SECTION_LABELS,
    SECTIONS,
    ExportCancelled,
    ExportOptions,
    ExportResult,
    export_pdf,
)
from briefing.ui.threads import keep_until_finished

if TYPE_CHECKING:
    from briefing.storage import Library

_GROUP = "export"


def _settings() -> QSettings:
    from briefing.ui.settings import open_settings

    return open_settings()


def _as_list(value: object) -> list[str]:
    """QSettings gives a str for one value, a list for several, None for none."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def _as_bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "1", "yes")


class _ExportThread(QThread):
    """Runs export_pdf off the GUI thread; reports progress and the outcome as signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        items: list[tuple[Record, list[Annotation]]],
        options: ExportOptions,
        out: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._items = items
        self._options = options
        self._out = out
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = export_pdf(
                self._items,
                self._options,
                self._out,
                progress=lambda done, total: self.progressed.emit(done, total),
                cancelled=self._stop.is_set,
            )
        except ExportCancelled:
            self.cancelled.emit()
        except BriefingError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # an export must never take the app down
            import logging

            logging.getLogger(__name__).exception("export failed")
            self.failed.emit(f"the export failed: {exc}")
        else:
            self.succeeded.emit(result)


class ExportDialog(QDialog):
    """Choose records, sections, paper, filters and cover text; export with progress/Cancel."""

    export_finished = Signal(object)  # Path, or None when cancelled or failed

    def __init__(
        self,
        library: Library,
        record_ids: list[int],
        current_record_id: int | None = None,
        parent: QWidget | None = None,
        *,
        filters: ExportOptions | None = None,
    ) -> None:
        super().__init__(parent)
        preset_filters = filters  # `filters` names a layout below
        self.setWindowTitle("Export briefing")
        self._library = library
        self._thread: _ExportThread | None = None
        self._filter_warning = ""
        self.result_path: Path | None = None

        chosen = set(record_ids) or ({current_record_id} if current_record_id else set())
        self.records = QListWidget()
        self.records.setAccessibleName("Records")
        for summary in library.records():
            label = summary.symbol or summary.title or f"Record {summary.id}"
            if summary.symbol and summary.title:
                label = f"{summary.symbol} — {summary.title}"
            item = QListWidgetItem(label)  # plain text: QListWidgetItem never parses markup
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if summary.id in chosen else Qt.CheckState.Unchecked
            )
            self.records.addItem(item)
        if not chosen and self.records.count():
            self.records.item(0).setCheckState(Qt.CheckState.Checked)
        self.records.setMaximumHeight(110)

        self.sections: dict[str, QCheckBox] = {}
        sections_box = QGroupBox("Sections")
        grid = QGridLayout(sections_box)
        for i, name in enumerate(SECTIONS):
            box = QCheckBox(SECTION_LABELS[name])
            box.setChecked(True)
            self.sections[name] = box
            grid.addWidget(box, i // 2, i % 2)

        self.stances: dict[Stance, QCheckBox] = {}
        self.priorities: dict[Priority, QCheckBox] = {}
        filters_box = QGroupBox("Only positions with (none ticked: all)")
        filters = QVBoxLayout(filters_box)
        stance_row = QGridLayout()
        for i, stance in enumerate(Stance):
            box = QCheckBox(stance.label)
            self.stances[stance] = box
            stance_row.addWidget(box, i // 3, i % 3)
        filters.addLayout(stance_row)
        priority_row = QHBoxLayout()
        priority_row.addWidget(QLabel("Priority:"))
        for priority in Priority:
            box = QCheckBox(priority.label)
            self.priorities[priority] = box
            priority_row.addWidget(box)
        priority_row.addStretch(1)
        filters.addLayout(priority_row)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("tags, comma-separated")
        self.tags.setAccessibleName("Tags")
        self.raise_only = QCheckBox("Only points to raise at the meeting")
        tag_row = QHBoxLayout()
        tag_row.addWidget(QLabel("Tags:"))
        tag_row.addWidget(self.tags, 1)
        filters.addLayout(tag_row)
        filters.addWidget(self.raise_only)

        form = QFormLayout()
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("default: the meeting's title")
        self.delegation = QLineEdit()
        self.marking = QLineEdit()
        self.marking.setPlaceholderText("e.g. For internal use")
        out_row = QHBoxLayout()
        self.out = QLineEdit()
        self.out.setAccessibleName("Output file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form.addRow("&Paper", self.paper)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Delegation", self.delegation)
        form.addRow("&Marking", self.marking)
        save_label = QLabel("&Save as")
        save_label.setBuddy(self.out)
        form.addRow(save_label, out_row)
        self.notes_column = QCheckBox("A wide margin for handwritten notes")
        self.notes_column.setAccessibleName("Notes column")
        self.open_when_done = QCheckBox("Open the PDF when done")

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)

        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Records (several make a briefing pack):"))
        layout.addWidget(self.records)
        layout.addWidget(sections_box)
        layout.addWidget(filters_box)
        layout.addLayout(form)
        layout.addWidget(self.notes_column)
        layout.addWidget(self.open_when_done)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._restore()
        if preset_filters is not None:
            self.set_filters(preset_filters)

    # -- settings ------------------------------------------------------------------------------

    def _restore(self) -> None:
        s = _settings()
        s.beginGroup(_GROUP)
        sections = _as_list(s.value("sections"))
        if s.contains("sections"):
            for name, box in self.sections.items():
                box.setChecked(name in sections)
        stances = _as_list(s.value("stances"))
        for stance, box in self.stances.items():
            box.setChecked(stance.value in stances)
        priorities = _as_list(s.value("priorities"))
        for priority, box in self.priorities.items():
            box.setChecked(priority.value in priorities)
        self.tags.setText(str(s.value("tags", "") or ""))
        self.raise_only.setChecked(_as_bool(s.value("raise_only"), False))
        paper = str(s.value("paper", "A4") or "A4")
        self.paper.setCurrentText(paper if paper in PAPERS else "A4")
        self.title_edit.setText(str(s.value("title", "") or ""))
        from briefing import preferences

        saved = str(s.value("delegation", "") or "")
        self.delegation.setText(saved or preferences.load().delegation)
        self.marking.setText(str(s.value("marking", "") or ""))
        self.open_when_done.setChecked(_as_bool(s.value("open_when_done"), True))
        folder = str(s.value("folder", "") or "") or str(Path.home())
        s.endGroup()
        self.out.setText(str(Path(folder) / self._default_name()))

    def _save(self) -> None:
        s = _settings()
        s.beginGroup(_GROUP)
        s.setValue("sections", [n for n, b in self.sections.items() if b.isChecked()])
        s.setValue("stances", [st.value for st, b in self.stances.items() if b.isChecked()])
        s.setValue("priorities", [p.value for p, b in self.priorities.items() if b.isChecked()])
        s.setValue("tags", self.tags.text())
        s.setValue("raise_only", self.raise_only.isChecked())
        s.setValue("paper", self.paper.currentText())
        s.setValue("title", self.title_edit.text())
        s.setValue("delegation", self.delegation.text())
        s.setValue("marking", self.marking.text())
        s.setValue("open_when_done", self.open_when_done.isChecked())
        s.setValue("folder", str(Path(self.out.text()).expanduser().parent))
        s.endGroup()
        s.sync()

    def _default_name(self) -> str:
        ids = self.chosen_record_ids()
        if len(ids) != 1:
            return "briefing-pack.pdf"
        item = next(
            self.records.item(i)
            for i in range(self.records.count())
            if self.records.item(i).data(Qt.ItemDataRole.UserRole) == ids[0]
        )
        symbol = item.text().split(" — ")[0]
        safe = "".join(c if c.isalnum() else "-" for c in symbol).strip("-") or "record"
        return f"briefing-{safe}.pdf"

    # -- choices -------------------------------------------------------------------------------

    def set_filters(self, filters: ExportOptions) -> None:
        """Tick the filters of `filters` (its stances, priorities, tags and raise flag) in place
        of the remembered ones: the annotations overview asks for what it lists."""
        for stance, box in self.stances.items():
            box.setChecked(stance in filters.stances)
        for priority, box in self.priorities.items():
            box.setChecked(priority in filters.priorities)
        self.tags.setText(", ".join(sorted(filters.tags, key=str.casefold)))
        self.raise_only.setChecked(filters.raise_only)

    def chosen_record_ids(self) -> list[int]:
        return [
            self.records.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.records.count())
            if self.records.item(i).checkState() == Qt.CheckState.Checked
        ]

    def options(self) -> ExportOptions:
        return ExportOptions(
            sections=frozenset(n for n, b in self.sections.items() if b.isChecked()),
            paper=self.paper.currentText(),
            stances=frozenset(s for s, b in self.stances.items() if b.isChecked()),
            tags=frozenset(t.strip() for t in self.tags.text().split(",") if t.strip()),
            priorities=frozenset(p for p, b in self.priorities.items() if b.isChecked()),
            raise_only=self.raise_only.isChecked(),
            title=self.title_edit.text().strip(),
            delegation=self.delegation.text().strip(),
            marking=self.marking.text().strip(),
            notes_column=self.notes_column.isChecked(),
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save briefing as", self.out.text(), "PDF files (*.pdf)"
        )
        if path:
            self.out.setText(path)

    # -- running -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start_export(self) -> None:
        if self.running:
            return
        self.status.clear()
        ids = self.chosen_record_ids()
        options = self.options()
        text = self.out.text().strip()
        if not ids:
            self.status.setText("Choose at least one record.")
            return
        if not options.sections:
            self.status.setText("Choose at least one section.")
            return
        if not text:
            self.status.setText("Choose where to save the PDF.")
            return
        out = Path(text).expanduser()
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
            self.out.setText(str(out))
        try:
            from briefing.storage.annotations import records_with_annotations as load_items
            from briefing.storage.objectives import objectives_by_key

            items = load_items(self._library, ids)
            found = objectives_by_key(self._library, [record.key for record, _ in items])
            options = dataclasses.replace(options, objectives=tuple(sorted(found.items())))
            self._filter_warning = filter_warning(items, options)
        except BriefingError as exc:
            self.status.setText(str(exc))
            return
        self._save()
        self._set_running(True)
        self.status.setText("Laying out the pages…")
        thread = _ExportThread(items, options, out)
        # Never owned by the dialog: a dialog torn down mid-export must not delete a running
        # thread (Qt aborts the process); the thread is held until it finishes.
        keep_until_finished(thread, thread.cancel)
        thread.progressed.connect(self._on_progress)
        thread.succeeded.connect(self._on_succeeded)
        thread.failed.connect(self._on_failed)
        thread.cancelled.connect(self._on_cancelled)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Cancel a running export (no file is written), else close the dialog."""
        if self._thread is not None:
            self._thread.cancel()
            self.status.setText("Cancelling…")
            self.cancel_button.setEnabled(False)
        else:
            self.reject()

    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.cancel_button.setEnabled(True)
        for widget in (self.records, self.out):
            widget.setEnabled(not running)
        self.progress.setVisible(running)
        self.progress.setValue(0)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(int(100 * done / total) if total else 0)

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.wait()
            self._thread.deleteLater()
        self._thread = None
        self._set_running(False)

    def _on_succeeded(self, result: ExportResult) -> None:
        self._finish()
        self.result_path = result.path
        self.status.setText(
            f"Wrote {result.path} ({result.pages} page{'s' if result.pages != 1 else ''})."
        )
        if result.unprintable:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Some characters print as blanks",
                f"The briefing was written, but {result.unprintable_warning()}: "
                f"{' '.join(sorted(result.unprintable)[:30])}",
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)  # the characters come from the record
            box.exec()
        if self._filter_warning:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "No position matches the filters",
                f"The briefing was written, but {self._filter_warning}.",
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)  # tags come from the delegate
            box.exec()
        if self.open_when_done.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        self.export_finished.emit(result.path)
        self.accept()

    def _on_failed(self, reason: str) -> None:
        self._finish()
        self.status.setText(f"Could not export: {reason}")
        self.export_finished.emit(None)

    def _on_cancelled(self) -> None:
        self._finish()
        self.status.setText("Export cancelled; nothing was written.")
        self.export_finished.emit(None)

    def reject(self) -> None:
        if self._thread is not None:  # closing the window cancels the export first
            self._thread.cancel()
            self._thread.wait()
            self._finish()
        super().reject()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        library: Library,
        record_ids: list[int],
        current_record_id: int | None,
        *,
        filters: ExportOptions | None = None,
    ) -> Path | None:
        """Show the dialog; the written PDF's path, or None when cancelled or closed.
        `filters` replace the remembered position filters (the overview's)."""
        dialog = cls(library, record_ids, current_record_id, parent, filters=filters)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.result_path
            return None
        finally:
            dialog.deleteLater()

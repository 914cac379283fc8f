"""The annotation editor of the detail pane: note, stance, priority, tags, flag and the briefing
lines (line to take, if raised), saved by itself; and the record's objectives, in a dialog.

It edits the delegate's own annotation at a place (signed with their name), never a colleague's:
in a delegation each holds their own stance. The colleagues' annotations at the same place are
shown under it, read-only (author, stance, line to take, if raised, note), in the editor itself
above the delegate's own note, in view while they write theirs, with ⚠ where a stance differs.

What is typed is saved shortly after typing stops (a 400 ms debounce), and at once on focus out,
on a change of target and on flush() (window close). There is no Save button. Every edit is an
undo command (Ctrl+Z, Ctrl+Shift+Z), so an undo is saved like any other edit. Writes go through
briefing.storage.annotations; the widget holds no SQL. Everything is shown as plain text.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.domain import Annotation, BriefingError, Priority, Record, Stance, cite
from briefing.domain.annotations import annotation_problem
from briefing.storage import annotations as store
from briefing.storage import objectives as objectives_store
from briefing.ui.messages import plain_tooltip

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
# What a colleague's field shows in the editor; the whole text is in the tooltip.
COLLEAGUE_CHARS = 300
CONFLICT_MARK = "⚠ "
AUTHOR_SETTING = "annotations/author"
FIELDS = (
    "note",
    "stance",
    "priority",
    "tags",
    "raise_at_meeting",
    "line_to_take",
    "if_raised",
)
# The plain-text fields, each a QPlainTextEdit, saved after a pause in typing.
TEXT_FIELDS = ("note", "line_to_take", "if_raised")


def parse_tags(text: str) -> list[str]:
    return store.clean_tags(text.split(","))


def format_tags(tags: list[str]) -> str:
    return ", ".join(tags)


def _comparable(name: str, value: Any) -> Any:
    """A field's value as the store compares it (tags ignoring case and order of blanks)."""
    if name == "tags":
        return [t.casefold() for t in store.clean_tags(value)]
    if name == "raise_at_meeting":
        return bool(value)
    return value


def _shortened(text: str, limit: int = COLLEAGUE_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def colleague_text(a: Annotation) -> str:
    """A colleague's annotation as the editor shows it beside one's own (plain text)."""
    lines = [f"{a.author} · {a.stance.label if a.stance else 'no stance'}"]
    for label, value in (
        ("Line to take", a.line_to_take),
        ("If raised", a.if_raised),
        ("Note", a.note),
    ):
        if value.strip():
            lines.append(f"{label}: {_shortened(value)}")
    return "\n".join(lines)


def _local(value: Any) -> str:
    return value.astimezone().strftime("%d %b %Y %H:%M")


def _author_setting() -> str | None:
    """The author name from the settings (key annotations/author), if the user set one;
    else new annotations take $BRIEFING_AUTHOR or the system user name."""
    try:
        from briefing.ui.settings import open_settings

        value = open_settings().value(AUTHOR_SETTING, "")
    except Exception:  # settings unreadable: fall back to the default author
        log.warning("cannot read the author setting", exc_info=True)
        return None
    return str(value).strip() or None if value else None


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the ones before it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: Any) -> str:  # noqa: N802 - Qt override
        completion = super().pathFromIndex(index)
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head = text.rsplit(",", 1)[0] if "," in text else ""
        return f"{head}, {completion}" if head.strip() else completion


class ObjectivesDialog(QDialog):
    """The delegation's objectives for one record, as plain text."""

    def __init__(self, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Objectives")
        heading = QLabel(f"The delegation's objectives for {title}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("objectives-text")
        self.text.setAccessibleName("Objectives")
        self.text.setPlaceholderText("What the delegation wants from this meeting, one per line")
        self.text.setPlainText(text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(480, 300)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> str | None:
        """The objectives as edited, or None when cancelled (tests replace this)."""
        dialog = cls(parent, title, text)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text.toPlainText()


class _Edit(QUndoCommand):
    """One change of one field; consecutive typing in the note or tags merges into one."""

    MERGING = {"note": 1, "tags": 2, "line_to_take": 3, "if_raised": 4}

    def __init__(self, editor: AnnotationEditor, name: str, old: Any, new: Any, burst: int):
        super().__init__(f"Edit {name.replace('_', ' ')}")
        self.editor, self.name, self.old, self.new, self.burst = editor, name, old, new, burst
        self._applied = True  # the widget already shows `new` when the command is pushed

    def id(self) -> int:
        return self.MERGING.get(self.name, -1)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, _Edit) or other.name != self.name or other.burst != self.burst:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.editor._apply(self.name, self.new)

    def undo(self) -> None:
        self.editor._apply(self.name, self.old)


class AnnotationEditor(QWidget):
    """Edits the annotation at one place (record, eid). Emits annotation_saved(eid) after each
    commit (a save, or the deletion of an annotation edited back to nothing)."""

    annotation_saved = Signal(str)
    objectives_saved = Signal(int)  # the record id

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._record: Record | None = None
        self._eid: str | None = None
        self._annotation: Annotation | None = None
        self._state: dict[str, Any] = {}
        self._dirty = False
        self._loading = False
        self._burst = 0  # typing bursts: a save ends one, so undo steps follow the saves
        self.author_override: str | None = None

        self.undo_stack = QUndoStack(self)

        self.heading = QLabel("Annotation")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        # A long place ("Annotation on Process: Global Forum on ...") wraps; unwrapped, its one
        # line set the Detail pane's minimum width and clipped the pane on a laptop.
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.note = QPlainTextEdit()
        self.note.setObjectName("annotation-note")
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Your note on this place (saved as you type)")
        self.note.setTabChangesFocus(True)
        self.note.setUndoRedoEnabled(False)  # our undo stack covers every field
        self.note.setMinimumHeight(80)

        self.stance = QComboBox()
        self.stance.setAccessibleName("Stance")
        self.stance.addItem("No stance", None)
        for stance in Stance:
            self.stance.addItem(stance.label, stance.value)

        self.priority = QComboBox()
        self.priority.setAccessibleName("Priority")
        for priority in Priority:
            self.priority.addItem(priority.label, priority.value)

        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("Tags, separated by commas")
        self._tag_model = QStringListModel(self)
        self.completer = TagCompleter(self._tag_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tags.setCompleter(self.completer)

        # The two lines of a government brief: what we say, and what we say if others raise it.
        self.line_to_take = self._line_edit(
            "annotation-line-to-take", "Line to take", "What the delegation says on this place"
        )
        self.if_raised = self._line_edit(
            "annotation-if-raised", "If raised", "What to say only if others raise it"
        )
        self.objectives_button = QPushButton("Objectives…")
        self.objectives_button.setAccessibleName("The delegation's objectives for this record")
        self.objectives_button.setToolTip(
            "The delegation's objectives for this record: they print first in a briefing"
        )
        self.objectives_button.clicked.connect(self.edit_objectives)

        self.raise_flag = QCheckBox("Raise at the meeting")
        self.raise_flag.setAccessibleName("Raise at the meeting")

        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setAccessibleName("Author and times")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Annotation status")

        # The colleagues' annotations at this place: read, never edited here.
        self.colleagues_heading = QLabel()
        self.colleagues_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.colleagues_heading.setWordWrap(True)
        heading_font = self.colleagues_heading.font()
        heading_font.setBold(True)
        self.colleagues_heading.setFont(heading_font)
        self.colleagues_box = QWidget()
        self.colleagues_box.setAccessibleName("Colleagues' annotations at this place (read-only)")
        self._colleagues_layout = QVBoxLayout(self.colleagues_box)
        self._colleagues_layout.setContentsMargins(0, 0, 0, 0)
        self._colleague_labels: list[QLabel] = []
        self._colleagues: list[Annotation] = []
        # With colleagues' shown above, what follows is said to be mine.
        self.mine_heading = QLabel()
        self.mine_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.mine_heading.setFont(heading_font)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        # One field a row: side by side, stance and priority made the editor 400 px wide at the
        # least, wider than the Detail column of a 1024x700 laptop.
        form.addRow("Stance:", self.stance)
        form.addRow("Priority:", self.priority)
        form.addRow("Tags:", self.tags)
        form.addRow("Line to take:", self.line_to_take)
        form.addRow("If raised:", self.if_raised)
        form.addRow("", self.raise_flag)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.objectives_button)
        layout.addLayout(top)
        # The colleagues' positions first, where they are read before one's own is written
        # (below the note they fell under the fold of the Detail pane).
        layout.addWidget(self.colleagues_heading)
        layout.addWidget(self.colleagues_box)
        layout.addWidget(self.mine_heading)
        layout.addWidget(self.note, 1)
        layout.addLayout(form)
        layout.addWidget(self.meta)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._save)

        for name in TEXT_FIELDS:
            widget = self._text_widget(name)
            widget.textChanged.connect(
                lambda name=name, widget=widget: self._edited(name, widget.toPlainText())
            )
        self.tags.textChanged.connect(lambda text: self._edited("tags", text))
        self.stance.currentIndexChanged.connect(
            lambda _i: self._edited("stance", self.stance.currentData())
        )
        self.priority.currentIndexChanged.connect(
            lambda _i: self._edited("priority", self.priority.currentData())
        )
        self.raise_flag.toggled.connect(lambda on: self._edited("raise_at_meeting", on))
        for widget in self._widgets():
            widget.installEventFilter(self)

        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self.set_author(_author_setting())
        self._show(None)

    # -- public --------------------------------------------------------------------------------

    @property
    def annotation(self) -> Annotation | None:
        """The annotation being edited, as last loaded or saved (None with no target)."""
        return self._annotation

    @property
    def colleagues(self) -> list[Annotation]:
        """The colleagues' annotations shown beside mine, read-only."""
        return list(self._colleagues)

    def set_author(self, name: str | None) -> None:
        """Whose annotation this editor edits from the next target on (None: the default
        author, the name in the preferences)."""
        self.author_override = name.strip() if name and name.strip() else None

    def author(self) -> str:
        return self.author_override or store.default_author()

    def set_target(self, record: Record | None, eid: str | None) -> None:
        """Save what is pending, then edit the annotation at `eid` of `record` (or nothing)."""
        self.flush()
        self._record = record if record is not None and record.id is not None else None
        self._eid = eid if self._record is not None else None
        self.undo_stack.clear()
        self._dirty = False
        annotation: Annotation | None = None
        if self._record is not None and self._eid:
            try:
                # Mine, never a colleague's: theirs are shown beside it, read-only.
                author = self.author()
                annotation = store.own_annotation_at(
                    self._library, self._record.id, self._eid, author=author
                )
                if annotation is None:
                    annotation = store.new_annotation(
                        self._library, self._record.id, self._eid, record=self._record
                    )
                    annotation.author = author
            except BriefingError as exc:
                log.warning("cannot load the annotation at %s: %s", self._eid, exc)
                self.status.setText(str(exc))
                annotation = None
        self._show(annotation)

    def flush(self) -> None:
        """Save now whatever is pending."""
        self._timer.stop()
        self._save()

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    # -- showing -------------------------------------------------------------------------------

    def _show(self, annotation: Annotation | None) -> None:
        self._annotation = annotation
        self._loading = True
        try:
            enabled = annotation is not None
            for widget in self._widgets():
                widget.setEnabled(enabled)
            self.objectives_button.setEnabled(self._record is not None)
            a = annotation
            for name in TEXT_FIELDS:
                self._text_widget(name).setPlainText(getattr(a, name) if a else "")
            self.stance.setCurrentIndex(
                self.stance.findData(a.stance.value if a and a.stance else None)
            )
            self.priority.setCurrentIndex(
                self.priority.findData((a.priority if a else Priority.NORMAL).value)
            )
            self.tags.setText(format_tags(a.tags) if a else "")
            self.raise_flag.setChecked(bool(a and a.raise_at_meeting))
        finally:
            self._loading = False
        self._state = self._read_widgets()
        if annotation is None:
            self.heading.setText("Annotation")
            self.note.setPlaceholderText("Select a paragraph, point or conclusion to annotate it")
        else:
            where = (
                self._record.citation(annotation.target_eid)
                if self._record is not None
                else cite(annotation.target_eid)
            )
            self.heading.setText(f"Annotation on {where}")
            self.note.setPlaceholderText("Your note on this place (saved as you type)")
            self._tag_model.setStringList(self._all_tags())
        self._show_meta()

    def _show_meta(self) -> None:
        a = self._annotation
        if a is None:
            self.meta.setText("")
            self.status.setText("")
            return
        if a.id is None:
            self.meta.setText(f"New annotation by {a.author}: saved as soon as you write.")
        else:
            self.meta.setText(
                f"By {a.author} · created {_local(a.created)} · updated {_local(a.updated)}"
            )
        notes = []
        tip = ""
        if a.detached:
            notes.append("Detached: this place is no longer in the record.")
        try:
            if a.id is not None:
                versions = store.annotation_versions(self._library, a.uid)
                if versions:
                    notes.append(
                        f"{len(versions)} other version(s) of this annotation are kept "
                        "(hover to read them)."
                    )
                    tip = "\n\n".join(
                        f"{v.author}, {_local(v.updated)}: {v.note or '(no note)'}"
                        for v in versions
                    )
        except BriefingError as exc:
            notes.append(str(exc))
        self.status.setText(" ".join(notes))
        self.status.setToolTip(plain_tooltip(tip))
        self._show_colleagues()

    def _show_colleagues(self) -> None:
        a = self._annotation
        others: list[Annotation] = []
        if a is not None and self._record is not None and self._eid:
            try:
                others = [
                    o
                    for o in store.annotations_at(self._library, self._record.id, self._eid)
                    if o.uid != a.uid and o.author != a.author
                ]
            except BriefingError as exc:
                log.warning("cannot read the colleagues' annotations: %s", exc)
        others.sort(key=lambda o: (o.author.casefold(), o.uid))
        self._colleagues = others
        for label in self._colleague_labels:
            self._colleagues_layout.removeWidget(label)
            label.hide()
            label.setParent(None)  # gone from the box now, not at the next event loop turn
            label.deleteLater()
        self._colleague_labels = []
        mine = self._state.get("stance") if a is not None else None
        differ = False
        for other in others:
            theirs = other.stance.value if other.stance else None
            clash = bool(mine and theirs and mine != theirs)
            differ = differ or clash
            label = QLabel((CONFLICT_MARK if clash else "") + colleague_text(other))
            label.setObjectName("colleague-annotation")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(f"{other.author}'s annotation (read-only)")
            label.setToolTip(plain_tooltip(other.note))
            label.setContentsMargins(10, 0, 0, 4)  # set in under the heading
            self._colleagues_layout.addWidget(label)
            self._colleague_labels.append(label)
        if others:
            heading = "Colleagues here (read-only)"
            if differ:
                heading = CONFLICT_MARK + "Colleagues here (read-only): a stance differs from yours"
            self.colleagues_heading.setText(heading)
            self.mine_heading.setText(f"Yours ({a.author})" if a is not None else "Yours")
        self.colleagues_heading.setVisible(bool(others))
        self.colleagues_box.setVisible(bool(others))
        self.mine_heading.setVisible(bool(others))

    def _all_tags(self) -> list[str]:
        try:
            return store.all_tags(self._library)
        except BriefingError:
            return []

    def _read_widgets(self) -> dict[str, Any]:
        return {
            "note": self.note.toPlainText(),
            "stance": self.stance.currentData(),
            "priority": self.priority.currentData(),
            "tags": self.tags.text(),
            "raise_at_meeting": self.raise_flag.isChecked(),
            "line_to_take": self.line_to_take.toPlainText(),
            "if_raised": self.if_raised.toPlainText(),
        }

    def _line_edit(self, name: str, label: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setUndoRedoEnabled(False)  # our undo stack covers every field
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
        return edit

    def _text_widget(self, name: str) -> QPlainTextEdit:
        return {"note": self.note, "line_to_take": self.line_to_take, "if_raised": self.if_raised}[
            name
        ]

    def _widgets(self) -> tuple[QWidget, ...]:
        return (
            self.note,
            self.stance,
            self.priority,
            self.tags,
            self.line_to_take,
            self.if_raised,
            self.raise_flag,
        )

    # -- objectives ----------------------------------------------------------------------------

    def edit_objectives(self) -> None:
        """Ask for the record's objectives and save them (a concurrent edit is kept)."""
        if self._record is None or self._record.id is None:
            return
        try:
            current = objectives_store.objectives_for(self._library, self._record.id)
        except BriefingError as exc:
            self.status.setText(str(exc))
            return
        before = current.text if current else ""
        text = ObjectivesDialog.ask(self, self._record.display_title, before)
        if text is None or text.strip() == before.strip():
            return
        try:
            objectives_store.set_objectives(
                self._library, self._record.id, text, author=self.author_override, base=before
            )
        except BriefingError as exc:
            self.status.setText(f"Objectives not saved: {exc}")
            return
        self.status.setText("Objectives saved." if text.strip() else "Objectives cleared.")
        self.objectives_saved.emit(self._record.id)

    # -- editing -------------------------------------------------------------------------------

    def _edited(self, name: str, value: Any) -> None:
        if self._loading or self._annotation is None:
            return
        old = self._state.get(name)
        if old == value:
            return
        self._state[name] = value
        self.undo_stack.push(_Edit(self, name, old, value, self._burst))
        self._changed(immediate=name not in _Edit.MERGING)

    def _apply(self, name: str, value: Any) -> None:
        """Show `value` in the field (an undo or redo) and save it like any edit."""
        self._loading = True
        try:
            if name in TEXT_FIELDS:
                widget = self._text_widget(name)
                widget.setPlainText(value)
                cursor = widget.textCursor()
                cursor.movePosition(cursor.MoveOperation.End)
                widget.setTextCursor(cursor)
            elif name == "tags":
                self.tags.setText(value)
            elif name == "stance":
                self.stance.setCurrentIndex(self.stance.findData(value))
            elif name == "priority":
                self.priority.setCurrentIndex(self.priority.findData(value))
            elif name == "raise_at_meeting":
                self.raise_flag.setChecked(bool(value))
        finally:
            self._loading = False
        self._state[name] = value
        self._changed(immediate=True)

    def _changed(self, *, immediate: bool) -> None:
        self._dirty = True
        if immediate:
            self.flush()
        else:
            self._timer.start()

    def _save(self) -> None:
        if not self._dirty or self._annotation is None or self._record is None:
            return
        self._burst += 1
        base = self._annotation
        state = self._state
        stance = state["stance"]
        edited = replace(
            base,
            note=state["note"],
            stance=Stance(stance) if stance else None,
            priority=Priority(state["priority"]),
            tags=parse_tags(state["tags"]),
            raise_at_meeting=bool(state["raise_at_meeting"]),
            line_to_take=state["line_to_take"],
            if_raised=state["if_raised"],
        )
        # Only what the user changed since the last load or save goes to the store, which
        # merges it into the row as it is now: a note written meanwhile by the CLI or a second
        # window survives a change of tags here.
        changes = {
            name: getattr(edited, name)
            for name in FIELDS
            if _comparable(name, getattr(edited, name)) != _comparable(name, getattr(base, name))
        }
        if not changes:
            self._dirty = False
            return
        problem = annotation_problem(edited)
        if problem is not None:
            self.status.setText(f"Not saved: {problem}")
            return  # still dirty: saved once the user brings it within the limit
        eid = edited.target_eid
        try:
            saved = store.update_annotation_at(
                self._library,
                self._record.id,
                eid,
                changes,
                author=base.author,
                base=base,
                delete_if_empty=True,
            )
        except (BriefingError, sqlite3.Error) as exc:
            log.warning("annotation not saved: %s", exc)
            self.status.setText(f"Not saved: {exc}")
            return  # still dirty: the next change or flush tries again
        self._dirty = False
        if saved.id is None and base.id is None:
            self._annotation = saved  # edited back to nothing before it was ever saved
            return
        self._annotation = saved
        self._show_stored(saved, changed=set(changes))
        self._tag_model.setStringList(self._all_tags())
        self._show_meta()
        self.annotation_saved.emit(eid)

    def _show_stored(self, saved: Annotation, changed: set[str]) -> None:
        """Show fields another writer changed (those the user did not touch), as stored."""
        stored = {
            "note": saved.note,
            "stance": saved.stance.value if saved.stance else None,
            "priority": saved.priority.value,
            "tags": format_tags(saved.tags),
            "raise_at_meeting": saved.raise_at_meeting,
            "line_to_take": saved.line_to_take,
            "if_raised": saved.if_raised,
        }
        self._loading = True
        try:
            for name, value in stored.items():
                if name in changed or self._state.get(name) == value:
                    continue
                if name == "tags" and parse_tags(self._state.get("tags", "")) == saved.tags:
                    continue  # same tags, only spelled with other spaces: leave the typing
                if name in TEXT_FIELDS:
                    self._text_widget(name).setPlainText(value)
                elif name == "tags":
                    self.tags.setText(value)
                elif name == "stance":
                    self.stance.setCurrentIndex(self.stance.findData(value))
                elif name == "priority":
                    self.priority.setCurrentIndex(self.priority.findData(value))
                elif name == "raise_at_meeting":
                    self.raise_flag.setChecked(bool(value))
                self._state[name] = value
        finally:
            self._loading = False

    # -- events --------------------------------------------------------------------------------

    def _undo_key(self, event: QKeyEvent) -> str | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return "undo"
        if event.matches(QKeySequence.StandardKey.Redo):
            return "redo"
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if event.key() == Qt.Key.Key_Z and mods == ctrl_shift:
            return "redo"
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.FocusOut:
            self.flush()
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._undo_key(event):
                event.accept()  # ours, not the text widget's nor a window shortcut
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            action = self._undo_key(event)
            if action:
                self._timer.stop()
                getattr(self.undo_stack, action)()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        action = self._undo_key(event)
        if action:
            getattr(self.undo_stack, action)()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.flush()
        super().hideEvent(event)

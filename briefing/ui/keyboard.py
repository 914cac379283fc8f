"""The keyboard in the main window: a walk through the document's places, citations to paste,
and Help › Keyboard Shortcuts.

In the Document pane the arrow keys move the focus from place to place in reading order
(paragraph, its points, the next paragraph, footnotes) and Page Up/Down from paragraph to
paragraph; the place in focus is highlighted as a jump's target is. Enter opens its annotation
in the Detail pane. Copy Citation puts "A/68/151, annex, para. 10 (c)" on the clipboard; Copy
Text with Citation the place's text followed by its citation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView

from briefing.domain import Paragraph

NEXT_PLACE = {Qt.Key.Key_Down, Qt.Key.Key_Right}
PREVIOUS_PLACE = {Qt.Key.Key_Up, Qt.Key.Key_Left}


class DocumentKeys(QObject):
    """Event filter on the Document pane: the walk through places, and Enter."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        window.document.installEventFilter(self)

    def _places(self, paragraphs_only: bool) -> list[str]:
        record = self.window.record
        if record is None:
            return []
        shown = set(self.window.document.eids())
        return [
            p.eid
            for p in record.places()
            if p.eid in shown and (not paragraphs_only or isinstance(p, Paragraph))
        ]

    def focused(self) -> str | None:
        return self.window.document.highlighted_place()

    def step(self, forward: bool, paragraphs_only: bool = False) -> str | None:
        """Move the focus to the next (or previous) place; returns its eid."""
        places = self._places(paragraphs_only)
        if not places:
            return None
        current = self.focused()
        if paragraphs_only and current is not None:
            current = _paragraph_of(current)
        if current in places:
            i = places.index(current) + (1 if forward else -1)
        else:
            i = 0 if forward else len(places) - 1
        eid = places[max(0, min(len(places) - 1, i))]
        self.window.document.show_place(eid)
        self.window.statusBar().showMessage(self.window.record.citation(eid), 4000)
        return eid

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Shift+arrows select text, Alt+arrows go back: as Qt does
        key = event.key()
        if key in NEXT_PLACE:
            self.step(True)
        elif key in PREVIOUS_PLACE:
            self.step(False)
        elif key == Qt.Key.Key_PageDown:
            self.step(True, paragraphs_only=True)
        elif key == Qt.Key.Key_PageUp:
            self.step(False, paragraphs_only=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focused():
            self.window.open_annotation_of_focus()
        else:
            return False
        return True


def _paragraph_of(eid: str) -> str:
    """The paragraph a point stands in (its eid without the point steps)."""
    steps = eid.split("__")
    return "__".join(s for s in steps if not s.startswith("point_"))


def citation_of_focus(window: Any, with_text: bool = False) -> str | None:
    """The citation (with the symbol) of the place in focus, or its text and then the citation."""
    record = window.record
    eid = window.document.highlighted_place()
    if record is None or not eid:
        return None
    # The official PDF's page too when the place knows it (a PDF import): "…, para. 10 (c), p. 5".
    citation = record.citation(eid, with_symbol=True, with_page=True)
    if not with_text:
        return citation
    place = record.find(eid)
    text = " ".join(getattr(place, "text", "").split())
    return f"{text} ({citation})" if text else citation


def copy_citation(window: Any, with_text: bool = False) -> str | None:
    text = citation_of_focus(window, with_text)
    if text is None:
        window.statusBar().showMessage("Select a place in the document first.", 5000)
        return None
    QGuiApplication.clipboard().setText(text)
    window.statusBar().showMessage(f"Copied: {text[:120]}", 5000)
    return text


def shortcut_rows(window: Any) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action in the menus, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: Any, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {action.menu().title().replace('&', '')}")
                continue
            if action.isSeparator() or not action.text():
                continue
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            rows.append((path, action.text().replace("&", ""), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.menu().title().replace("&", ""))
    rows += [
        ("Document", "Next place / previous place", "Down, Up"),
        ("Document", "Next paragraph / previous paragraph", "Page Down, Page Up"),
        ("Document", "Open the annotation of the place in focus", "Enter"),
    ]
    return rows


# Keys for the actions the window builds without one (every action has a key, shown in its
# menu). Attribute names of MainWindow's actions; a missing one is skipped.
EXTRA_KEYS = {
    "act_backup": "Ctrl+Shift+B",
    "act_restore": "Ctrl+Shift+R",
    "act_export_annotations": "Ctrl+Shift+A",
    "act_import_annotations": "Ctrl+Shift+I",
    "act_about": "Ctrl+Shift+F1",
}


def give_every_action_a_key(window: Any) -> None:
    for name, key in EXTRA_KEYS.items():
        action = getattr(window, name, None)
        if action is not None and action.shortcut().isEmpty():
            action.setShortcut(QKeySequence(key))


def free_tab_from_tables(window: Any) -> None:
    """Tab leaves a list or table for the next widget (arrows move within it), never trapped."""
    for view in window.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)

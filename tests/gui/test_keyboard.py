"""The keyboard at 1024x700: a walk through the document, Enter, citations, Tab, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from briefing.domain import Paragraph
from briefing.ui.keyboard import shortcut_rows
from briefing.ui.shortcuts_dialog import ShortcutsDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def small(window, qtbot):
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.document.setFocus()
    return window


def _shown_places(window):
    shown = set(window.document.eids())
    return [p for p in window.record.places() if p.eid in shown]


def test_arrows_walk_paragraph_point_paragraph_and_page_keys_by_paragraph(small, qtbot):
    places = _shown_places(small)
    walked = []
    for _ in range(len(places)):
        qtbot.keyClick(small.document, Qt.Key.Key_Down)
        walked.append(small.document.highlighted_place())
    assert walked == [p.eid for p in places]  # every place once, in reading order
    assert any("__point_" in eid for eid in walked)
    qtbot.keyClick(small.document, Qt.Key.Key_Up)
    assert small.document.highlighted_place() == places[-2].eid
    # The focus is visible: highlighted, and scrolled into the view.
    (selection,) = small.document.extraSelections()
    rect = small.document.cursorRect(selection.cursor)
    assert small.document.viewport().rect().intersects(rect)

    paragraphs = [p.eid for p in places if isinstance(p, Paragraph)]
    small.document.clear_highlight()
    qtbot.keyClick(small.document, Qt.Key.Key_PageDown)
    qtbot.keyClick(small.document, Qt.Key.Key_PageDown)
    assert small.document.highlighted_place() == paragraphs[1]
    qtbot.keyClick(small.document, Qt.Key.Key_PageUp)
    assert small.document.highlighted_place() == paragraphs[0]


def test_enter_opens_the_annotation_of_the_place_in_focus(small, qtbot):
    qtbot.keyClick(small.document, Qt.Key.Key_Down)
    eid = small.document.highlighted_place()
    qtbot.keyClick(small.document, Qt.Key.Key_Return)
    assert small.history.current().selection.key == eid
    assert QApplication.focusWidget() is small.detail.editor.note


def test_copy_the_citation_of_the_place_in_focus_and_its_text(small, qtbot):
    small.library.update_details(small.record.id, symbol="A/68/151")
    small._load_record(small.record.id)
    point = next(p for p in _shown_places(small) if "__point_" in p.eid)
    small.show_place(point.eid)
    small.act_copy_citation.trigger()
    clipboard = QApplication.clipboard().text()
    assert clipboard == small.record.citation(point.eid, with_symbol=True)
    assert small.record.symbol and clipboard.startswith(small.record.symbol)
    small.act_copy_text.trigger()
    text = QApplication.clipboard().text()
    assert text.startswith(" ".join(point.text.split())[:40]) and text.endswith(f"({clipboard})")


def test_every_menu_action_has_a_shortcut_and_help_lists_them(small):
    rows = shortcut_rows(small)
    missing = [f"{menu} › {name}" for menu, name, keys in rows if not keys]
    # The pane toggles of View › Show panes are checkable views of F9's panes, not commands.
    assert [m for m in missing if "Show panes" not in m] == []
    dialog = ShortcutsDialog(small)
    cells = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Copy Citation", "Delete Record…", "Keyboard Shortcuts"} <= cells
    assert not dialog.table.tabKeyNavigation()
    for action in (small.act_copy_citation, small.act_shortcuts, small.act_delete):
        assert not action.shortcut().isEmpty()


def test_tab_never_visits_hidden_widgets_nor_stays_in_a_table(small, qtbot):
    small.act_side_panes.trigger()  # the side panes hidden: Tab must not reach them
    qtbot.waitUntil(lambda: not small.docks["processes"].isVisible())
    small.document.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None and widget.isVisible(), widget
        seen.append(widget)
    small.act_side_panes.trigger()
    small.records.view.setFocus()
    qtbot.keyClick(small.records.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not small.records.view


def test_back_returns_to_the_reading_position(small, qtbot):
    from gui_sample import LIMA

    with qtbot.waitSignal(small.import_finished, timeout=30000):
        small.import_files([LIMA])  # long enough to scroll
    places = _shown_places(small)
    small.select_place(places[1].eid)
    bar = small.document.verticalScrollBar()
    bar.setValue(bar.maximum())  # the delegate reads on, far below
    far = bar.value()
    small.select_place(places[0].eid)
    assert bar.value() != far
    small.go_back()
    assert small.document.highlighted_place() == places[1].eid
    assert bar.value() == far


def test_copy_citation_adds_the_official_pdfs_page_when_the_place_knows_it(qtbot):
    from gui_sample import sample_record

    from briefing.ui.keyboard import citation_of_focus

    record = sample_record()
    para = record.find("annex_1__para_3")
    para.page = 5
    record.reindex()

    class _Doc:
        def highlighted_place(self):
            return "annex_1__para_3"

    window = type("W", (), {"record": record, "document": _Doc()})()
    assert citation_of_focus(window).endswith(", p. 5")
    para.page = None
    assert not citation_of_focus(window).endswith("p. 5")

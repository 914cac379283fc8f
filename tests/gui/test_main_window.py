"""The main window, driven as a delegate would: select, follow citations, search, go back."""

from __future__ import annotations

import pytest
from gui_sample import MARKUP
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _select(pane, qtbot, name: str) -> None:
    """Click the row whose text starts with `name` in a grouped pane."""
    proxy = pane.proxy
    for g in range(proxy.rowCount()):
        group = proxy.index(g, 0)
        for r in range(proxy.rowCount(group)):
            index = proxy.index(r, 0, group)
            if index.data().startswith(name):
                pane.view.scrollTo(index)
                rect = pane.view.visualRect(index)
                qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                return
    raise AssertionError(f"{name} not in the pane")


def _click_citation(window, qtbot, row: int) -> None:
    view = window.detail.citation_view
    index = window.detail.citations.index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _assert_at(window, eid: str) -> None:
    doc = window.document
    start, end = doc.place_range(eid)
    assert doc.highlighted_place() == eid
    assert doc.textCursor().position() == start
    (selection,) = doc.extraSelections()
    assert (selection.cursor.selectionStart(), selection.cursor.selectionEnd()) == (start, end)


def test_opens_on_the_latest_record(window, library):
    record = library.record(library.latest_record_id())
    assert window.record.id == record.id
    assert window.status_record.text() == record.title
    assert window.status_date.text() == "28 June 2013"
    assert "Representatives of regional consultative processes" in window.document.toPlainText()


def test_from_a_process_to_each_of_its_mentions(window, qtbot):
    _select(window.processes, qtbot, "Bali Process")
    assert window.detail.title_label.text() == "Bali Process"
    assert window.detail.kind_label.text() == "Regional consultative process"
    mentions = ["annex_1__para_3", "annex_1__para_9__point_a", "footnote_a"]
    assert window.detail.citation_eids() == mentions
    for row, eid in enumerate(mentions):
        _click_citation(window, qtbot, row)
        _assert_at(window, eid)
        # The detail still shows the process, so the next citation is one click away.
        assert window.detail.title_label.text() == "Bali Process"
    labels = [window.detail.citations.index(r, 0).data() for r in range(3)]
    assert labels[0].startswith("Annex, para. 3")
    assert labels[1].startswith("Annex, para. 9 (a)")
    assert labels[2].startswith("footnote a")


def test_yet_to_be_formalized_status_shown(window, qtbot):
    _select(window.processes, qtbot, "Almaty Process")
    assert window.detail.status_label.text().startswith("Status: yet to be formalized · Named in")


def test_show_place_public_interface(window):
    assert window.show_place("annex_1__para_9__point_b")
    _assert_at(window, "annex_1__para_9__point_b")
    assert not window.show_place("annex_9__para_99")


def test_clicking_a_paragraph_shows_its_detail(window, qtbot):
    doc = window.document
    start, _end = doc.place_range("annex_1__para_3")
    cursor = QTextCursor(doc.document())
    cursor.setPosition(start + 10)
    doc.setTextCursor(cursor)
    doc.ensureCursorVisible()
    point = doc.cursorRect(cursor).center()
    qtbot.mouseClick(doc.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.detail.title_label.text() == "Annex, para. 3"
    assert window.detail.kind_label.text() == "Paragraph"
    assert doc.highlighted_place() == "annex_1__para_3"


def test_footnote_mark_shows_the_footnote(window, qtbot):
    doc = window.document
    text = doc.toPlainText()
    pos = text.index("processesa") + len("processes")
    cursor = QTextCursor(doc.document())
    cursor.setPosition(pos + 1)
    doc.setTextCursor(cursor)
    doc.ensureCursorVisible()
    rect = doc.cursorRect(cursor)
    mark = QPoint(rect.left() - 2, rect.center().y())
    assert doc.anchorAt(mark).startswith("footnote:")
    qtbot.mouseClick(doc.viewport(), Qt.MouseButton.LeftButton, pos=mark)
    assert window.detail.kind_label.text() == "Footnote"
    assert window.detail.title_label.text() == "footnote a"
    assert "Abu Dhabi Dialogue" in window.detail.text_view.toPlainText()
    assert doc.highlighted_place() == "footnote_a"


def test_back_and_forward(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _select(window.processes, qtbot, "Bali Process")
    _click_citation(window, qtbot, 0)
    _click_citation(window, qtbot, 1)
    _assert_at(window, "annex_1__para_9__point_a")
    assert not window.act_forward.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    _assert_at(window, "annex_1__para_3")
    window.act_back.trigger()  # the toolbar's Back
    assert window.document.highlighted_place() is None
    assert window.detail.title_label.text() == "Bali Process"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    # Nothing selected: the Detail pane shows the record's overview.
    assert window.detail.title_label.text() == window.record.display_title
    assert window.detail.citation_view.isHidden()
    assert not window.act_back.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    _assert_at(window, "annex_1__para_3")
    # The mouse's forward button, pressed over the document.
    qtbot.mousePress(window.document.viewport(), Qt.MouseButton.ForwardButton)
    _assert_at(window, "annex_1__para_9__point_a")
    qtbot.mousePress(window.document.viewport(), Qt.MouseButton.BackButton)
    _assert_at(window, "annex_1__para_3")

    # Going somewhere new drops the forward history, as in a browser.
    _click_citation(window, qtbot, 2)
    assert not window.act_forward.isEnabled()


def test_search_as_you_type_and_enter_jumps(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.field.hasFocus()
    qtbot.keyClicks(window.search.field, "cooperation")
    qtbot.waitUntil(lambda: window.search.results.rowCount() == 1)
    hit = window.search.results.hits()[0]
    assert hit.eid == "annex_1__para_9__point_a"
    start, end = hit.highlights[0]
    assert hit.snippet[start:end].lower() == "cooperation"
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    _assert_at(window, "annex_1__para_9__point_a")
    assert window.detail.title_label.text() == "Annex, para. 9 (a)"
    # Back returns to where the search started.
    window.go_back()
    assert window.document.highlighted_place() is None


def test_search_snippet_highlight_is_char_format(window):
    from briefing.ui.search_pane import snippet_document

    hit = window.library.search("Budapest")[0]
    doc = snippet_document(hit, window.palette(), False, window.font())
    assert doc.toPlainText().endswith(hit.snippet)
    snippet_start = len(doc.toPlainText()) - len(hit.snippet)
    start, end = hit.highlights[0]
    cursor = QTextCursor(doc)
    cursor.setPosition(snippet_start + start + 1)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    cursor.setPosition(snippet_start + end + 2)
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold


def test_search_all_records_opens_the_other_record(window, qtbot, library):
    from gui_sample import sample_record

    other = sample_record("A second meeting")
    other.source_sha256 = "1" * 64
    other.key = "sha256:" + "1" * 64
    other.parts[1].paragraphs[2].text = "Only here: the Colombo Process met in Dhaka."
    other_id, _new = library.import_record(other)
    window.refresh_records()
    window.search.scope.setCurrentIndex(window.search.scope.findData("all"))
    window.search.field.setText("Colombo")
    window.search.run_search()
    assert window.search.results.rowCount() == 1
    window.search.view.activated.emit(window.search.results.index(0, 0))
    assert window.record.id == other_id
    assert window.status_record.text() == "A second meeting"
    _assert_at(window, "annex_1__para_3")
    window.go_back()
    assert window.record.id != other_id


def test_markup_in_a_record_is_shown_literally(window, qtbot):
    doc = window.document
    text = doc.toPlainText()
    assert MARKUP in text
    pos = text.index("not bold")
    cursor = QTextCursor(doc.document())
    cursor.setPosition(pos + 2)
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold
    assert "<img" not in doc.toHtml() and "&lt;img src=x&gt;" in doc.toHtml()
    _select(window.conclusions, qtbot, "9 (b)")
    assert window.detail.text_view.toPlainText() == MARKUP
    assert window.detail.title_label.textFormat() == Qt.TextFormat.PlainText


def test_spans_become_bold_and_italic(window):
    doc = window.document
    text = doc.toPlainText()
    cursor = QTextCursor(doc.document())
    cursor.setPosition(text.index("Bali Process and") + 2)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    cursor.setPosition(text.index("held in Lima") + 1)
    assert not cursor.charFormat().fontItalic()
    cursor.setPosition(text.index("Lima.") + 2)
    assert cursor.charFormat().fontItalic()


def test_import_of_a_bad_file_shows_the_reason_and_changes_nothing(
    window, library, tmp_path, monkeypatch, qtbot
):
    from briefing.storage.library import content_hash

    bad = tmp_path / "not-a-document.txt"
    bad.write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    before = (library.records(), content_hash(library.db))
    shown: list[tuple[str, str]] = []
    from briefing.ui import messages

    monkeypatch.setattr(messages, "warn", lambda _parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(type(window), "ask_import_paths", staticmethod(lambda _parent: [bad]))
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.act_import.trigger()
    assert len(shown) == 1
    title, reason = shown[0]
    assert title == "Cannot import this file"
    assert "not-a-document.txt" in reason
    assert "Traceback" not in reason and "\n" not in reason
    assert (library.records(), content_hash(library.db)) == before
    assert window.records.model.rowCount() == 1


def test_import_of_a_good_file_opens_it(window, library, monkeypatch, qtbot):
    from gui_sample import LIMA

    before = {r.id for r in library.records()}
    monkeypatch.setattr(type(window), "ask_import_paths", staticmethod(lambda _parent: [LIMA]))
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.act_import.trigger()
    (new_id,) = {r.id for r in library.records()} - before
    assert window.records.model.rowCount() == 2
    assert window.record.id == new_id
    assert "Chairs and Secretariats of Regional Consultative" in window.document.toPlainText()
    assert window.history.can_back()


def test_record_details_are_saved_and_shown(window, library, monkeypatch):
    from briefing.ui.details_dialog import RecordDetailsDialog

    shown: list[str] = []

    def ask(cls, parent, record, provenance=""):
        shown.append(provenance)
        return {"symbol": "A/68/151"}

    monkeypatch.setattr(RecordDetailsDialog, "ask", classmethod(ask))
    window.act_details.trigger()
    # The sample was stored without its file: the dialog says so, as plain words.
    assert shown and "the file itself was not kept" in shown[0]
    assert library.record(window.record.id).symbol == "A/68/151"
    assert window.status_record.text() == "A/68/151"
    assert window.records.model.index(0, 0).data().startswith("A/68/151 — Chair")


def test_details_dialog_says_where_the_record_comes_from(qtbot):
    from gui_sample import sample_record

    from briefing.ui.details_dialog import RecordDetailsDialog, provenance_text

    text = provenance_text("<b>a.txt</b>", False, "its source can no longer be read (x)")
    assert text == (
        "Imported from <b>a.txt</b>; the file itself was not kept. "
        "Its source can no longer be read (x)."
    )
    dialog = RecordDetailsDialog(sample_record(), provenance=text)
    qtbot.addWidget(dialog)
    assert dialog.provenance.text() == text
    assert dialog.provenance.textFormat() == Qt.TextFormat.PlainText
    kept = provenance_text("lima.txt", True, None)
    assert kept.startswith("Imported from lima.txt; the file is kept in the library")


def test_details_dialog_validates_the_date(qtbot):
    from gui_sample import sample_record

    from briefing.ui.details_dialog import RecordDetailsDialog

    dialog = RecordDetailsDialog(sample_record())
    qtbot.addWidget(dialog)
    dialog.fields["date"].setText("28/06/2013")
    with pytest.raises(ValueError, match="Not a date"):
        dialog.changes()
    dialog.fields["date"].setText("2013-06-29")
    dialog.fields["symbol"].setText("A/68/151")
    changes = dialog.changes()
    assert changes["symbol"] == "A/68/151"
    assert str(changes["date"]) == "2013-06-29"
    assert "title" not in changes


def test_state_restored_after_a_restart(window, library, qtbot):
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    _select(window.processes, qtbot, "Budapest Process")
    _click_citation(window, qtbot, 1)
    window.docks["themes"].raise_()
    window.resize(700, 560)
    expected = window.size()
    fresh = MainWindow(library, open_settings())
    qtbot.addWidget(fresh)
    assert expected != fresh.size()  # what comes back is not merely the default
    window.close()

    again = MainWindow(library, open_settings())
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    # As saved, but never larger than the screen (the offscreen screen is 800 wide; its frame
    # is a few pixels that change once shown).
    bounded = expected.boundedTo(again.screen().availableSize())
    assert abs(again.width() - bounded.width()) <= 4 and again.height() == bounded.height()
    assert again.record.id == window.record.id
    assert again.detail.title_label.text() == "Budapest Process"
    assert again.processes.current_key() == "entity:Budapest Process"
    _assert_at(again, "footnote_a")
    assert not again.visibleRegion().isNull()


def test_a_place_restored_at_start_is_brought_into_view_once_shown(window, library, qtbot):
    # Before its first show the view has no final width: the highlight and the scroll wait for
    # it (laying the text out at a width never shown cost the start 10 ms, and left the place
    # off its mark); once shown, the place is highlighted, under the cursor and in view.
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    _select(window.processes, qtbot, "Budapest Process")
    _click_citation(window, qtbot, 1)
    place = window.document.highlighted_place()
    assert place is not None
    window.close()

    again = MainWindow(library, open_settings())
    qtbot.addWidget(again)
    assert again.document.highlighted_place() == place
    assert again.document.extraSelections() == []  # not laid out for it yet
    again.show()
    qtbot.waitExposed(again)
    _assert_at(again, place)
    doc = again.document
    start, _end = doc.place_range(place)
    block = doc.document().findBlock(start)
    top = doc.document().documentLayout().blockBoundingRect(block).top()
    scroll = doc.verticalScrollBar().value()
    assert scroll <= top < scroll + doc.viewport().height()


def test_the_annotation_editor_waits_for_a_place_or_the_first_frame(library, qtbot):
    # A start with nothing selected shows no editor: it is made just after the first frame
    # (20-30 ms of the start), ready for the first click. A start that restores a place shows
    # it, editor and all, in the first frame.
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    first = MainWindow(library, open_settings())
    qtbot.addWidget(first)
    assert first.detail.editor_pending()
    first.show()
    qtbot.waitExposed(first)
    qtbot.waitUntil(first.start_complete)
    assert not first.detail.editor_pending()
    assert first.detail.editor.isHidden()  # made, and hidden until a place is shown
    _select(first.processes, qtbot, "Budapest Process")
    _click_citation(first, qtbot, 1)
    assert first.detail.editor.isVisible()
    # Tab goes from the citations into the editor made after them.
    first.detail.citation_view.setFocus()
    qtbot.keyClick(first.detail.citation_view, Qt.Key.Key_Tab)
    assert first.detail.editor.isAncestorOf(QApplication.focusWidget())
    first.close()

    again = MainWindow(library, open_settings())
    qtbot.addWidget(again)
    assert not again.detail.editor_pending()  # made with the window, for the restored place
    again.show()
    qtbot.waitExposed(again)
    assert again.detail.editor.isVisible()


def test_panes_have_shortcuts_and_accessible_names(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.conclusions.view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.document.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.processes.view.hasFocus()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    shortcuts = [a.shortcut().toString() for a in view_menu.actions() if a.text().startswith("Go")]
    assert shortcuts[:5] == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]
    for widget in (
        window.processes.view,
        window.themes.view,
        window.conclusions.view,
        window.document,
        window.detail.citation_view,
        window.search.field,
        window.search.scope,
        window.records.view,
    ):
        assert widget.accessibleName()


def test_about_shows_the_version(window, monkeypatch):
    from briefing import __version__

    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    window.act_about.trigger()
    assert seen == [f"Briefing {__version__}"]


def test_document_takes_its_colours_from_the_palette(window):
    from briefing.ui.screenshot import dark_palette

    doc = window.document
    doc.show_place("annex_1__para_3")
    dark = dark_palette()
    doc.setPalette(dark)  # as when the desktop switches to a dark theme
    text = doc.toPlainText()
    cursor = QTextCursor(doc.document())
    cursor.setPosition(text.index("Distr.: General") + 2)
    muted = cursor.charFormat().foreground().color()
    assert muted == dark.color(dark.ColorGroup.Normal, dark.ColorRole.PlaceholderText)
    cursor.setPosition(text.index("The Bali Process") + 6)
    assert cursor.charFormat().foreground().style() == Qt.BrushStyle.NoBrush  # the Text role
    (selection,) = doc.extraSelections()
    highlight = QColor(selection.format.background().color())
    assert highlight.rgb() == dark.color(dark.ColorRole.Highlight).rgb()
    _assert_at(window, "annex_1__para_3")


def test_records_pane_switches_record_and_themes_show_detail(window, library, qtbot):
    from gui_sample import sample_record

    other = sample_record("Another record")
    other.source_sha256 = "2" * 64
    other.key = "sha256:" + "2" * 64
    other_id, _new = library.import_record(other)
    window.refresh_records()
    pane = window.records
    row = pane.proxy.mapFromSource(pane.model.index(pane.model.row_of(other_id), 0))
    pane.view.setFocus()
    pane.view.setCurrentIndex(row)
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert window.record.id == other_id
    assert window.windowTitle().startswith("Another record")
    _select(window.themes, qtbot, "Labour migration")
    assert window.detail.kind_label.text() == "Theme"
    assert window.detail.citation_eids() == ["annex_1__para_9__point_a"]
    window.go_back()
    window.go_back()
    assert window.record.id != other_id


def test_enter_on_a_process_goes_to_its_first_mention(window, qtbot):
    _select(window.processes, qtbot, "Budapest Process")
    assert window.document.highlighted_place() is None
    qtbot.keyClick(window.processes.view, Qt.Key.Key_Return)
    _assert_at(window, "annex_1__para_3")
    assert window.detail.title_label.text() == "Budapest Process"


def test_a_record_gone_meanwhile_is_reported(window, library, monkeypatch):
    from gui_sample import sample_record

    other = sample_record("Deleted soon")
    other.source_sha256 = "3" * 64
    other.key = "sha256:" + "3" * 64
    other_id, _new = library.import_record(other)
    window.refresh_records()
    library.delete_record(other_id)  # as the CLI might, while the window is open
    shown: list[str] = []
    from briefing.ui import messages

    monkeypatch.setattr(messages, "warn", lambda _p, _t, text: shown.append(text))
    window.open_record(other_id)
    assert len(shown) == 1 and "Traceback" not in shown[0]
    assert window.record.id != other_id
    assert window.records.model.row_of(other_id) == -1


def test_search_status_says_how_many_places_match_past_the_list(window, library):
    from gui_sample import sample_record

    for n in range(3):
        other = sample_record(f"Meeting {n}")
        other.source_sha256 = f"{n + 7:064x}"
        other.key = f"sha256:{n + 7:064x}"
        library.import_record(other)
    window.refresh_records()
    search = window.search
    search.scope.setCurrentIndex(search.scope.findData("all"))
    search.field.setText("Budapest")
    search.run_search()
    total = search.results.rowCount()
    assert total == library.search("Budapest").total > 3
    assert search.message.text() == f"{total} matches"
    search.limit = 2
    search.run_search()
    assert search.results.rowCount() == 2
    assert search.message.text() == f"Best 2 of {total} matches"
    search.field.setText("zzyzx")
    search.run_search()
    assert search.message.text() == "No matches"

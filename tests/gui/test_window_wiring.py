"""The pieces other modules provide, as the main window embeds them: editor, overview, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_main_window import _assert_at, _select

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_detail_pane_annotates_the_selected_conclusion(window, library, qtbot):
    from briefing.storage.annotations import annotations_for_record

    _select(window.conclusions, qtbot, "9 (a)")
    editor = window.detail.editor
    assert editor is not None
    with qtbot.waitSignal(window.annotation_saved, timeout=5000) as saved:
        qtbot.keyClicks(editor.note, "Raise with the chair")
        editor.flush()
    assert saved.args == ["annex_1__para_9__point_a"]
    (note,) = annotations_for_record(library, window.record.id)
    assert note.target_eid == "annex_1__para_9__point_a"
    assert note.note == "Raise with the chair"
    # A process is annotated under its own subject eid (issue 4: "any ... process or theme").
    _select(window.processes, qtbot, "Bali Process")
    assert editor.annotation is not None
    assert editor.annotation.target_eid.startswith("process:Bali Process")


def test_overview_jumps_to_the_annotated_place(window, qtbot):
    assert window.overview is not None
    window.overview.position_activated.emit(window.record.id, "annex_1__para_3")
    _assert_at(window, "annex_1__para_3")


def test_export_briefing_asks_the_export_dialog(window, monkeypatch, tmp_path: Path):
    from briefing.ui.export_dialog import ExportDialog

    calls: list[tuple] = []

    def fake_ask(cls, parent, library, record_ids, current_record_id):
        calls.append((parent, library, record_ids, current_record_id))
        return tmp_path / "note.pdf"

    monkeypatch.setattr(ExportDialog, "ask", classmethod(fake_ask))
    assert window.act_export_pdf is not None
    window.act_export_pdf.trigger()
    assert calls == [(window, window.library, [window.record.id], window.record.id)]
    assert "note.pdf" in window.statusBar().currentMessage()


def test_file_menu_exports_and_imports_annotations(window, library, qtbot, tmp_path, monkeypatch):
    from briefing.storage.annotations import annotations_for_record

    _select(window.conclusions, qtbot, "9 (a)")
    qtbot.keyClicks(window.detail.editor.note, "Support")
    window.detail.editor.flush()
    out = tmp_path / "shared.jsonld"
    told: list[str] = []
    monkeypatch.setattr(window.overview, "ask_save_path", lambda: out)
    monkeypatch.setattr(window.overview, "ask_open_path", lambda: out)
    monkeypatch.setattr(window.overview, "tell", lambda title, text, error=False: told.append(text))
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    assert "Export &annotations…" in texts and "Import a&nnotations…" in texts
    window.act_export_annotations.trigger()
    assert out.is_file() and '"Support"' in out.read_text(encoding="utf-8")
    window.act_import_annotations.trigger()
    assert len(annotations_for_record(library, window.record.id)) == 1  # merged, not duplicated
    assert len(told) == 2


def test_a_stance_marks_the_document_and_the_conclusions_list(window, qtbot):
    from briefing.domain import Stance

    _select(window.conclusions, qtbot, "9 (a)")
    scroll = window.document.verticalScrollBar().value()
    editor = window.detail.editor
    with qtbot.waitSignal(window.annotation_saved, timeout=5000):
        editor.stance.setCurrentIndex(editor.stance.findData(Stance.OPPOSE))
        editor.flush()
    doc = window.document
    assert doc.stances() == {"annex_1__para_9__point_a": Stance.OPPOSE}
    start, end = doc.place_range("annex_1__para_9__point_a")
    assert doc.toPlainText()[start:end].endswith(
        "Bali Process;\u2002\u25cf Oppose"
    )  # nbsp as space
    _assert_at(window, "annex_1__para_9__point_a")  # still highlighted after the rebuild
    assert doc.verticalScrollBar().value() == scroll
    model = window.conclusions.model
    row = model.index(0, 1, model.index(0, 0))
    assert row.data() == "Oppose"
    assert model.index(1, 1, model.index(0, 0)).data() == ""

"""The export dialog: exports what was chosen, remembers it, cancels a long pack, opens the PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from briefing.domain import Stance
from briefing.storage import Library
from briefing.storage.annotations import save_annotation
from briefing.ui.export_dialog import ExportDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_pdf_records import annotation, lima_annotations, lima_like_record  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def library(tmp_path: Path):
    lib = Library.open(tmp_path / "lib.sqlite3")
    ids = []
    for i in range(3):
        rid, _ = lib.import_record(lima_like_record(f"A/68/{90 + i}", n_extra=4))
        ids.append(rid)
    for note in lima_annotations():
        note.record_id = ids[0]
        save_annotation(lib, note)
    yield lib
    lib.close()


@pytest.fixture
def opened(monkeypatch) -> list:
    calls: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url) or True)
    return calls


def _dialog(qtbot, library, ids, current=None) -> ExportDialog:
    dialog = ExportDialog(library, ids, current)
    qtbot.addWidget(dialog)
    return dialog


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_exports_the_choices_and_opens_the_pdf(qtbot, library, tmp_path, opened) -> None:
    first = library.records()[-1].id  # the oldest import: A/68/90, annotated
    dialog = _dialog(qtbot, library, [], first)
    assert dialog.chosen_record_ids() == [first]
    for name, box in dialog.sections.items():
        box.setChecked(name in ("cover", "conclusions"))
    dialog.stances[Stance.OPPOSE].setChecked(True)
    dialog.marking.setText("For internal use")
    dialog.delegation.setText('Delegation <b>of</b> "Peru" & co')
    out = tmp_path / "note"
    dialog.out.setText(str(out))
    dialog.open_when_done.setChecked(True)
    with qtbot.waitSignal(dialog.export_finished, timeout=60000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "note.pdf"
    assert finished.args == [written]
    assert dialog.result_path == written
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    text = _text(written)
    assert "IOM's role" in text and "Welcome;" not in text
    assert "FOR INTERNAL USE" in text
    assert 'Delegation <b>of</b> "Peru" & co' in text
    assert "Full text" not in text
    assert [u.toLocalFile() for u in opened] == [str(written)]


def test_choices_are_remembered(qtbot, library, tmp_path, opened) -> None:
    dialog = _dialog(qtbot, library, [library.records()[0].id])
    for name, box in dialog.sections.items():
        box.setChecked(name == "brief")
    dialog.paper.setCurrentText("Letter")
    dialog.tags.setText("rcp, iom")
    dialog.raise_only.setChecked(True)
    dialog.stances[Stance.CONCERN].setChecked(True)
    dialog.delegation.setText("Delegation of Peru")
    dialog.open_when_done.setChecked(False)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.out.setText(str(folder / "x.pdf"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000):
        dialog.start_export()
    assert opened == []
    assert round(PdfReader(folder / "x.pdf").pages[0].mediabox.width) == 612

    again = _dialog(qtbot, library, [library.records()[0].id])
    assert [n for n, b in again.sections.items() if b.isChecked()] == ["brief"]
    assert again.paper.currentText() == "Letter"
    assert again.tags.text() == "rcp, iom"
    assert again.raise_only.isChecked()
    assert [s for s, b in again.stances.items() if b.isChecked()] == [Stance.CONCERN]
    assert again.delegation.text() == "Delegation of Peru"
    assert not again.open_when_done.isChecked()
    assert Path(again.out.text()).parent == folder
    assert again.options().tags == {"rcp", "iom"}


def test_cancel_a_long_pack_leaves_no_file(qtbot, library, tmp_path, opened) -> None:
    for i in range(12):
        library.import_record(lima_like_record(f"A/69/{i}", n_extra=30))
    ids = [r.id for r in library.records()]
    dialog = _dialog(qtbot, library, ids)
    assert len(dialog.chosen_record_ids()) == 15
    out = tmp_path / "pack.pdf"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000) as finished:
        dialog.start_export()
        assert dialog.running and not dialog.progress.isHidden()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == [None]
    assert "cancelled" in dialog.status.text()
    assert not dialog.running and dialog.export_button.isEnabled()
    assert list(tmp_path.glob("*.pdf*")) == [] and not list(tmp_path.glob(".pack*"))
    assert dialog.result_path is None
    assert opened == []


def test_a_write_error_is_shown_and_the_dialog_stays(qtbot, library, tmp_path, opened) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dialog = _dialog(qtbot, library, [library.records()[0].id])
    dialog.out.setText(str(blocker / "x.pdf"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000) as finished:
        dialog.start_export()
    assert finished.args == [None]
    assert "is not a folder" in dialog.status.text()
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    assert dialog.result() != ExportDialog.DialogCode.Accepted


def test_ask_returns_none_when_closed(qtbot, library, monkeypatch) -> None:
    monkeypatch.setattr(ExportDialog, "exec", lambda self: ExportDialog.DialogCode.Rejected)
    assert ExportDialog.ask(None, library, [], library.latest_record_id()) is None


def test_characters_without_a_font_are_shown_in_a_warning(
    qtbot, library, tmp_path, opened, monkeypatch
) -> None:
    rid = library.records()[0].id
    note = annotation("annex_1__para_10__point_a", note="<b>שלום</b>", stance=Stance.SUPPORT)
    note.record_id = rid
    save_annotation(library, note)
    shown = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.text(), box.textFormat())) or 0
    )
    dialog = _dialog(qtbot, library, [rid])
    dialog.out.setText(str(tmp_path / "note.pdf"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000) as finished:
        dialog.start_export()
    assert finished.args == [tmp_path / "note.pdf"]
    [(text, text_format)] = shown
    assert text.startswith("The briefing was written, but 4 different characters (Hebrew)")
    assert text.endswith(": ו ל ם ש")
    assert text_format == Qt.TextFormat.PlainText


def test_no_warning_when_every_character_prints(
    qtbot, library, tmp_path, opened, monkeypatch
) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    dialog = _dialog(qtbot, library, [library.records()[0].id])
    dialog.out.setText(str(tmp_path / "note.pdf"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60000):
        dialog.start_export()
    assert (tmp_path / "note.pdf").is_file()
    assert shown == []


def test_a_filter_that_matches_nothing_says_so_and_does_not_block(
    qtbot, library, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QWidget

    opened_boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: opened_boxes.append(box))
    window = QWidget()
    qtbot.addWidget(window)
    first = library.records()[-1].id
    dialog = ExportDialog(library, [], first, window)
    dialog.tags.setText("no-such-tag")
    dialog.out.setText(str(tmp_path / "note.pdf"))
    dialog.open_when_done.setChecked(False)
    with qtbot.waitSignal(dialog.export_finished, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.filter_message
    assert box is not None and opened_boxes == [box]  # opened, not exec'd: nothing blocks
    assert box.text() == (
        "The briefing was written, but no position matches the filters (tag no-such-tag)."
    )
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()

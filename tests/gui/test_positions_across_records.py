"""My positions across the library: the annotations overview over every record, at 1024x700.

Two real resolutions from the shared samples, annotated; the overview in the real window shows
both, cites as the panes do ("OP3"), filters by record, stance, priority, tag and raise without
reading the database again, wraps the note, and exports what it lists (CSV read back, JSON-LD,
the PDF dialog asked with the records and the filters).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from briefing.domain import Priority, Stance
from briefing.importer import read_document
from briefing.storage import Library
from briefing.storage import annotations as store
from briefing.storage.positions import PositionsReader
from briefing.ui.annotations_overview import ALL_RECORDS, COLUMNS, THIS_RECORD

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
MIGRATION = SAMPLES / "a-res-67-219-international-migration-2012.txt"
SOUTH_SUDAN = SAMPLES / "s-res-2155-2014-south-sudan-unmiss.txt"
LONG_NOTE = (
    "Support the paragraph as drafted, but ask the facilitator whether the reporting date can "
    "move to the next session; our capital wants the Secretary-General's report first. "
    "Coordinate with the group before the informals."
)


def _annotate(library, rid, eid, note, stance=None, priority=Priority.NORMAL, tags=(), flag=False):
    a = store.new_annotation(library, rid, eid)
    a.note, a.stance, a.priority, a.tags, a.raise_at_meeting = (
        note,
        stance,
        priority,
        list(tags),
        flag,
    )
    return store.save_annotation(library, a)


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "library.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def ids(library):
    migration, _ = library.import_record(read_document(MIGRATION))
    sudan, _ = library.import_record(read_document(SOUTH_SUDAN))
    _annotate(library, migration, "body__para_3", LONG_NOTE, Stance.SUPPORT, tags=["dates"])
    _annotate(
        library,
        migration,
        "body__para_1",
        "=SUM(A1) is not a formula",
        Stance.CONCERN,
        Priority.HIGH,
        ["funding"],
        True,
    )
    _annotate(library, sudan, "body__para_2", "Mandate length", Stance.CONCERN, tags=["funding"])
    return {"migration": migration, "sudan": sudan}


@pytest.fixture
def window(qtbot, library, ids):
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    win = MainWindow(library, open_settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.resize(1024, 700)
    qtbot.waitUntil(lambda: win.width() == 1024)
    win.open_record(ids["migration"])
    dock = win.docks["annotations"]
    dock.show()
    dock.raise_()
    QApplication.processEvents()
    return win


def _cells(overview, column):
    col = COLUMNS.index(column)
    return [overview.proxy.index(row, col).data() for row in range(overview.proxy.rowCount())]


def test_this_record_then_every_record(window, ids):
    overview = window.overview
    assert overview.scope.currentData() == THIS_RECORD
    assert overview.view.isColumnHidden(COLUMNS.index("Record"))
    assert _cells(overview, "Place") == ["OP1", "OP3"]  # reading order, cited as the panes do

    overview.set_scope(ALL_RECORDS)
    assert not overview.view.isColumnHidden(COLUMNS.index("Record"))
    assert overview.record_filter.isVisible()
    assert sorted(zip(_cells(overview, "Record"), _cells(overview, "Place"), strict=True)) == [
        ("A/RES/67/219", "OP1"),
        ("A/RES/67/219", "OP3"),
        ("S/RES/2155 (2014)", "OP2"),
    ]
    assert "3 annotation(s) on 2 record(s)" in overview.counts.text()
    # Another record opened: the list across records stays as it is.
    window.open_record(ids["sudan"])
    assert overview.model.rowCount() == 3


def test_the_note_is_wrapped_and_whole(window, qtbot):
    overview = window.overview
    overview.set_scope(ALL_RECORDS)
    row = overview.visible_annotations().index(
        next(a for a in overview.visible_annotations() if a.note == LONG_NOTE)
    )
    index = overview.proxy.index(row, COLUMNS.index("Note"))
    assert index.data() == LONG_NOTE  # not cut to one line
    assert overview.view.wordWrap()
    line = overview.view.fontMetrics().height()
    qtbot.waitUntil(lambda: overview.view.rowHeight(row) >= 2 * line)
    assert overview.view.columnWidth(COLUMNS.index("Note")) > 0


def test_filters_across_records(window, ids, monkeypatch):
    overview = window.overview
    overview.set_scope(ALL_RECORDS)
    # A filter change reads nothing: the rows are in the model already.
    monkeypatch.setattr(
        PositionsReader, "read", lambda *a, **k: pytest.fail("a filter read the database")
    )

    def notes():
        return sorted(a.note for a in overview.visible_annotations())

    overview.record_filter.setCurrentIndex(overview.record_filter.findData(ids["sudan"]))
    assert notes() == ["Mandate length"]
    overview.record_filter.setCurrentIndex(0)
    overview.stance_filter.setCurrentIndex(overview.stance_filter.findData(Stance.CONCERN.value))
    assert notes() == ["=SUM(A1) is not a formula", "Mandate length"]
    overview.priority_filter.setCurrentIndex(overview.priority_filter.findData("high"))
    assert notes() == ["=SUM(A1) is not a formula"]
    overview.priority_filter.setCurrentIndex(0)
    overview.tag_filter.setCurrentIndex(overview.tag_filter.findData("funding"))
    assert len(notes()) == 2
    overview.raise_filter.setChecked(True)
    assert notes() == ["=SUM(A1) is not a formula"]
    assert "1 annotation(s) of 3" in overview.counts.text()


def test_a_row_of_another_record_opens_it_at_the_place(window, ids):
    overview = window.overview
    overview.set_scope(ALL_RECORDS)
    row = _cells(overview, "Record").index("S/RES/2155 (2014)")
    overview.view.activated.emit(overview.proxy.index(row, 0))
    assert window.record.id == ids["sudan"]
    assert window.document.highlighted_place() == "body__para_2"


def test_csv_of_the_selection_reads_back(window, ids, tmp_path, monkeypatch):
    overview = window.overview
    overview.set_scope(ALL_RECORDS)
    overview.tag_filter.setCurrentIndex(overview.tag_filter.findData("funding"))
    told = []
    monkeypatch.setattr(overview, "tell", lambda title, text, error=False: told.append(text))
    out = tmp_path / "positions.csv"
    monkeypatch.setattr(overview, "ask_save_path", lambda *args: out)
    assert overview.export_csv() == out
    assert "2 position(s)" in told[-1]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == [
        "record",
        "citation",
        "text of the place",
        "stance",
        "priority",
        "tags",
        "raise",
        "note",
        "author",
        "modified",
    ]
    by_record = {(r["record"], r["citation"]): r for r in rows}
    assert set(by_record) == {("A/RES/67/219", "OP1"), ("S/RES/2155 (2014)", "OP2")}
    first = by_record[("A/RES/67/219", "OP1")]
    record = window.library.record(ids["migration"])
    assert first["text of the place"] == record.find("body__para_1").text
    assert (first["stance"], first["priority"], first["raise"]) == ("Concern", "High", "yes")
    assert first["note"] == "'=SUM(A1) is not a formula"  # never a spreadsheet formula
    assert first["tags"] == "funding" and first["author"] and first["modified"]


def test_jsonld_holds_only_the_selection(window, tmp_path, monkeypatch):
    overview = window.overview
    overview.set_scope(ALL_RECORDS)
    overview.stance_filter.setCurrentIndex(overview.stance_filter.findData(Stance.CONCERN.value))
    monkeypatch.setattr(overview, "tell", lambda *a, **k: None)
    out = tmp_path / "shared.jsonld"
    monkeypatch.setattr(overview, "ask_save_path", lambda *args: out)
    assert overview.export_file() == out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["total"] == 2


def test_pdf_asks_the_export_dialog_with_the_records_and_filters(window, ids, monkeypatch):
    from briefing.ui.export_dialog import ExportDialog

    asked = {}

    def fake_ask(parent, library, record_ids, current, *, filters=None):
        asked.update(ids=record_ids, filters=filters)
        return None

    monkeypatch.setattr(ExportDialog, "ask", staticmethod(fake_ask))
    overview = window.overview
    overview.set_scope(ALL_RECORDS)
    overview.stance_filter.setCurrentIndex(overview.stance_filter.findData(Stance.CONCERN.value))
    overview.raise_filter.setChecked(False)
    overview.export_briefing()
    assert sorted(asked["ids"]) == sorted(ids.values())
    assert asked["filters"].stances == {Stance.CONCERN}
    assert not asked["filters"].raise_only


def test_the_export_dialog_ticks_the_filters_it_is_given(qtbot, library, ids):
    from briefing.export.options import ExportOptions
    from briefing.ui.export_dialog import ExportDialog

    dialog = ExportDialog(
        library,
        [ids["sudan"]],
        ids["sudan"],
        filters=ExportOptions(
            stances=frozenset({Stance.OPPOSE}), tags=frozenset({"funding"}), raise_only=True
        ),
    )
    qtbot.addWidget(dialog)
    options = dialog.options()
    assert options.stances == {Stance.OPPOSE}
    assert options.tags == {"funding"}
    assert options.raise_only
    assert dialog.chosen_record_ids() == [ids["sudan"]]


def test_citations_are_read_once_until_a_record_is_derived_again(library, ids, monkeypatch):
    reader = PositionsReader(library)
    from briefing.storage import positions

    decoded = []
    real = positions.anchor_places

    def counting(record):
        decoded.append(record.symbol)
        return real(record)

    # What the reader does with each record it decodes (the store decodes for its own reasons).
    monkeypatch.setattr(positions, "anchor_places", counting)
    first = reader.read()
    assert sorted(decoded) == ["A/RES/67/219", "S/RES/2155 (2014)"]
    assert {p.citation for p in first} == {"OP1", "OP2", "OP3"}
    decoded.clear()
    reader.read()
    _annotate(library, ids["sudan"], "body__para_4", "Another place, same record")
    decoded.clear()
    assert {p.citation for p in reader.read()} == {"OP1", "OP2", "OP3", "OP4"}
    assert decoded == []
    library.replace_derived(ids["sudan"], read_document(SOUTH_SUDAN), importer_version=99)
    reader.read()
    assert decoded == ["S/RES/2155 (2014)"]

"""The annotations overview: model, filters, counts, detached rows, jump, import and export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_annotations_helpers import BASE_TEXTS, make_record  # noqa: E402

from briefing.domain import Priority, Stance  # noqa: E402
from briefing.storage import Library  # noqa: E402
from briefing.storage import annotations as store  # noqa: E402
from briefing.storage.positions import PositionsReader  # noqa: E402
from briefing.ui.annotations_overview import (  # noqa: E402
    COLUMNS,
    AnnotationsOverview,
    AnnotationsTableModel,
)

pytestmark = pytest.mark.gui

SPECS = [
    ("body__para_1", "Welcome the recall", Stance.SUPPORT, Priority.NORMAL, ["history"], False),
    (
        "body__para_2",
        "Regional focus too narrow",
        Stance.CONCERN,
        Priority.HIGH,
        ["regional", "rcp"],
        True,
    ),
    ("body__para_3", "Reporting date", Stance.SUPPORT, Priority.LOW, ["dates"], False),
    ("footnote_a", "Check the list of processes", None, Priority.NORMAL, ["rcp"], True),
]


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "lib.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def record_id(library):
    rid, _ = library.import_record(make_record())
    for eid, note, stance, priority, tags, flag in SPECS:
        a = store.new_annotation(library, rid, eid)
        a.note, a.stance, a.priority, a.tags, a.raise_at_meeting = (
            note,
            stance,
            priority,
            tags,
            flag,
        )
        store.save_annotation(library, a)
    return rid


@pytest.fixture
def overview(qtbot, library, record_id):
    widget = AnnotationsOverview(library)
    qtbot.addWidget(widget)
    widget.set_record(record_id)
    return widget


def _eids(overview):
    return [a.target_eid for a in overview.visible_annotations()]


def test_model_passes_qtmodeltester(qtmodeltester, library, record_id):
    model = AnnotationsTableModel()
    model.set_positions(PositionsReader(library).read(record_id))
    qtmodeltester.check(model)


def test_lists_in_reading_order_with_counts(overview):
    assert _eids(overview) == ["body__para_1", "body__para_2", "body__para_3", "footnote_a"]
    assert overview.stance_counts() == {Stance.SUPPORT: 2, Stance.CONCERN: 1, None: 1}
    text = overview.counts.text()
    assert "4 annotation(s)" in text and "Support 2" in text and "Concern 1" in text
    assert "No stance 1" in text


def test_filters(overview):
    overview.stance_filter.setCurrentIndex(overview.stance_filter.findData(Stance.SUPPORT.value))
    assert _eids(overview) == ["body__para_1", "body__para_3"]
    overview.stance_filter.setCurrentIndex(0)

    overview.tag_filter.setCurrentIndex(overview.tag_filter.findData("rcp"))
    assert _eids(overview) == ["body__para_2", "footnote_a"]
    overview.raise_filter.setChecked(True)
    assert _eids(overview) == ["body__para_2", "footnote_a"]
    overview.priority_filter.setCurrentIndex(overview.priority_filter.findData("high"))
    assert _eids(overview) == ["body__para_2"]
    overview.priority_filter.setCurrentIndex(0)
    overview.tag_filter.setCurrentIndex(0)
    overview.raise_filter.setChecked(False)

    overview.search.setText("reporting")
    assert _eids(overview) == ["body__para_3"]
    overview.search.setText("")
    overview.stance_filter.setCurrentIndex(overview.stance_filter.findData("__none__"))
    assert _eids(overview) == ["footnote_a"]


def test_activating_a_row_jumps(qtbot, overview):
    overview.search.setText("regional focus")
    index = overview.proxy.index(0, 0)
    overview.view.setCurrentIndex(index)
    with qtbot.waitSignal(overview.place_activated, timeout=2000) as jumped:
        qtbot.keyClick(overview.view, Qt.Key.Key_Return)
    assert jumped.args == ["body__para_2"]


def test_detached_shown_with_quote_and_no_jump(qtbot, overview, library, record_id):
    texts = {k: v for k, v in BASE_TEXTS.items() if k != "body__para_2"}
    library.import_record(make_record(texts))
    overview.refresh()
    [detached] = [a for a in overview.visible_annotations() if a.detached]
    assert detached.target_eid == "body__para_2"
    row = overview.visible_annotations().index(detached)
    place = overview.proxy.index(row, COLUMNS.index("Place"))
    quote = overview.proxy.index(row, COLUMNS.index("Quote"))
    assert place.data().startswith("Detached:")
    assert quote.data() == BASE_TEXTS["body__para_2"]
    assert "(1 detached)" in overview.counts.text()
    with qtbot.assertNotEmitted(overview.place_activated):
        overview.view.activated.emit(place)


def test_export_then_import_into_another_library(qtbot, overview, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(overview, "tell", lambda title, text, error=False: told.append(text))
    out = tmp_path / "shared.jsonld"
    monkeypatch.setattr(overview, "ask_save_path", lambda: out)
    assert overview.export_file() == out
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 4

    other = Library.open(tmp_path / "other.sqlite3")
    try:
        rid, _ = other.import_record(make_record())
        second = AnnotationsOverview(other)
        qtbot.addWidget(second)
        second.set_record(rid)
        monkeypatch.setattr(second, "tell", lambda title, text, error=False: told.append(text))
        monkeypatch.setattr(second, "ask_open_path", lambda: out)
        with qtbot.waitSignal(second.annotations_imported, timeout=2000):
            result = second.import_file()
        assert result is not None and result.added == 4
        assert len(second.visible_annotations()) == 4
        assert "4 added" in told[-1]

        bad = tmp_path / "bad.jsonld"
        bad.write_text('{"type": "nonsense"}', encoding="utf-8")
        monkeypatch.setattr(second, "ask_open_path", lambda: bad)
        assert second.import_file() is None
        assert "bad.jsonld" in told[-1]
        assert len(store.annotations_for_record(other, rid)) == 4
    finally:
        other.close()


def test_kept_versions_are_shown(overview, library, record_id):
    import datetime as dt
    from dataclasses import replace

    current = store.annotation_at(library, record_id, "body__para_3")
    older = replace(current, note="An older edit", updated=current.updated - dt.timedelta(hours=1))
    assert store.merge_annotations(library, [older]).versions_kept == 1
    overview.refresh()
    row = _eids(overview).index("body__para_3")
    cell = overview.proxy.index(row, COLUMNS.index("Versions"))
    assert cell.data() == "1 other"
    assert "An older edit" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert overview.proxy.index(0, COLUMNS.index("Versions")).data() == ""

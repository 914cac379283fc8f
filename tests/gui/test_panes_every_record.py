"""The panes on every kind of record (issue 15): outcomes grouped by verb family, the States
named, a meeting record's speakers with their statements, an overview when nothing is selected,
and a body followed across the library."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from gui_sample import sample_record
from PySide6.QtCore import Qt
from test_main_window import _assert_at, _select

from briefing.domain import Conclusion, State
from briefing.importer import read_document

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
VERBATIM = "s-pv-7138-sc-ukraine-draft-resolution-vetoed-2014.txt"


def _window(qtbot, library):
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    win = MainWindow(library, open_settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _rows(pane) -> dict[str, list[str]]:
    proxy = pane.proxy
    out: dict[str, list[str]] = {}
    for g in range(proxy.rowCount()):
        group = proxy.index(g, 0)
        out[group.data().rsplit(" (", 1)[0]] = [
            proxy.index(r, 0, group).data() for r in range(proxy.rowCount(group))
        ]
    return out


@pytest.fixture
def verbatim_window(qtbot, tmp_path: Path):
    from briefing.storage import Library

    library = Library.open(tmp_path / "library.sqlite3")
    library.import_record(read_document(SAMPLES / VERBATIM))
    win = _window(qtbot, library)
    yield win
    library.close()


def test_a_meeting_records_speakers_in_order_with_the_presiding_officer_apart(
    verbatim_window, qtbot
):
    window = verbatim_window
    record = window.record
    window.docks["speakers"].raise_()
    rows = _rows(window.speakers)
    assert [r.split(" (")[0] for r in rows["Presiding"]] == ["Ms. Lucas"]
    in_order = [s.name for s in record.speakers if s.name != "Ms. Lucas"]
    assert [r.split(" (")[0] for r in rows["Speakers in order"]] == in_order
    assert "Mr. Churkin (Russian Federation)" in rows["Speakers in order"]

    # Selecting a speaker shows their statement: the Document goes to its first paragraph,
    # the Detail pane lists its paragraphs, and the annotation is the statement's.
    _select(window.speakers, qtbot, "Mr. Churkin")
    churkin = next(s for s in record.speakers if s.name == "Mr. Churkin")
    _assert_at(window, churkin.eid)
    assert window.detail.title_label.text() == "Mr. Churkin (Russian Federation)"
    eids = window.detail.citation_eids()
    assert eids[0] == churkin.eid
    assert len(eids) > 3
    assert all(record.find(e).speaker == "Mr. Churkin" for e in eids)
    editor = window.detail.editor
    with qtbot.waitSignal(window.annotation_saved, timeout=5000) as saved:
        qtbot.keyClicks(editor.note, "Vetoed: expect the same line in the Assembly")
        editor.flush()
    assert saved.args == [churkin.eid]


def test_a_record_that_is_no_meeting_record_says_it_has_no_speakers(window):
    window.docks["speakers"].raise_()
    assert window.speakers.view.model().rowCount() == 0
    assert window.speakers.empty_label.isVisibleTo(window.speakers)
    assert "not the record of a meeting" in window.speakers.empty_label.text()


def test_nothing_selected_shows_the_records_meeting_and_what_the_panes_hold(verbatim_window):
    window = verbatim_window
    detail = window.detail
    detail.set_record(window.record)
    status = detail.status_label.text()
    assert detail.kind_label.text().casefold() == "verbatim record"
    assert "16 speakers" in status
    meeting = window.record.proceedings.meeting
    assert f"Meeting: {meeting}" in status or f"{meeting}," in status
    assert "15 March 2014" in status


def test_outcomes_are_grouped_by_verb_family_with_key_points_last():
    from briefing.ui.models import conclusion_groups

    record = sample_record()
    record.conclusions = [
        Conclusion("a", "OP1", "Decides to ...", "operative", "Decides", "decisions"),
        Conclusion(
            "b",
            "OP2",
            "Requests the Secretary-General to ...",
            "operative",
            "Requests the Secretary-General",
            "requests",
        ),
        Conclusion("c", "OP3", "Decides also ...", "operative", "Decides also", "decisions"),
        Conclusion("d", "OP4", "Looks forward to ...", "operative"),
    ]
    groups = conclusion_groups(record)
    titles = [g.title for g in groups]
    by_title = {g.title: [c.label for c in g.items] for g in groups}
    assert by_title["Other operative paragraphs"] == ["OP4"]
    decisions = next(t for t in titles if t.casefold().startswith("decision"))
    requests = next(t for t in titles if t.casefold().startswith("request"))
    assert by_title[decisions] == ["OP1", "OP3"]
    assert by_title[requests] == ["OP2"]
    assert titles[-1] == "Key points"


def test_a_report_s_recommendations_are_grouped_by_kind():
    from briefing.ui.models import conclusion_groups

    record = sample_record()
    record.conclusions = [
        Conclusion("a", "51", "The Council should ...", "recommendation"),
        Conclusion("b", "52", "I recommend ...", "recommendation"),
    ]
    record.key_points = []
    (group,) = [g for g in conclusion_groups(record) if g.items]
    assert [c.label for c in group.items] == ["51", "52"]
    assert group.title.casefold().startswith("recommendation")


@pytest.fixture
def two_records(qtbot, tmp_path: Path):
    """The sample record with States, and a second record that names the Bali Process too."""
    from briefing.storage import Library

    library = Library.open(tmp_path / "library.sqlite3")
    other = sample_record()
    other = dataclasses.replace(
        other,
        title="Another record",
        symbol="A/99/1",
        source_sha256="1" * 64,
        key="",
        id=None,
    )
    library.import_record(other)
    first = sample_record()
    first.states = [
        State("Peru", "PER", ["letter__p_1"]),
        State("Botswana", "BWA", ["annex_1__para_3"]),
    ]
    library.import_record(first)
    win = _window(qtbot, library)
    yield win
    library.close()


def test_states_pane_lists_the_states_and_shows_their_mentions(two_records, qtbot):
    window = two_records
    window.docks["states"].raise_()
    assert _rows(window.states) == {"States named": ["Botswana", "Peru"]}
    _select(window.states, qtbot, "Peru")
    assert window.detail.kind_label.text().casefold() == "state"
    assert window.detail.citation_eids() == ["letter__p_1"]
    assert window.detail.across_button.isVisibleTo(window.detail)


def test_find_in_all_records_follows_a_body_across_the_library(two_records, qtbot):
    window = two_records
    window.docks["processes"].raise_()
    _select(window.processes, qtbot, "Bali Process")
    button = window.detail.across_button
    assert button.isVisibleTo(window.detail)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    search = window.search
    assert search.field.text() == '"Bali Process"'
    assert search.scope.currentData() == "all"
    hits = search.results.hits()
    assert {h.record_id for h in hits} == {r.id for r in window.library.records()}
    assert all("bali process" in h.snippet.casefold() for h in hits)


def test_a_conclusion_shows_its_outcome_kind_and_verb(window, qtbot):
    record = window.record
    record.conclusions[0] = dataclasses.replace(
        record.conclusions[0], kind="operative", verb="Strengthens", family="decisions"
    )
    from briefing.ui.models import conclusion_groups

    window.conclusions.model.set_groups(conclusion_groups(record))
    _select(window.conclusions, qtbot, "9 (a)")
    assert window.detail.kind_label.text().endswith("· Strengthens")

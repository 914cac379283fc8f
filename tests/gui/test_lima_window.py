"""The window on the real default record, as a fresh install opens it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_main_window import _assert_at, _click_citation, _select

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def lima_window(qtbot, briefing_home):
    from briefing.startup import open_library
    from briefing.ui.main_window import MainWindow
    from briefing.ui.settings import open_settings

    library = open_library()  # fresh install: seeded with the Lima record
    win = MainWindow(library, open_settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    library.close()


def test_fresh_install_opens_on_lima(lima_window):
    record = lima_window.record
    assert "Permanent Representative of Peru" in record.title
    assert lima_window.status_date.text() == "28 June 2013"
    text = lima_window.document.toPlainText()
    assert "Chair's Summary" in text or "Chair’s Summary" in text
    groups = [
        lima_window.processes.model.index(r, 0).data()
        for r in range(lima_window.processes.model.rowCount())
    ]
    assert groups[0].startswith("Regional consultative processes")
    assert any(g.startswith("Yet to be formalized") for g in groups)
    conclusion_groups = [
        lima_window.conclusions.model.index(r, 0).data()
        for r in range(lima_window.conclusions.model.rowCount())
    ]
    assert [g.split(" (")[0] for g in conclusion_groups] == ["Conclusions", "Key points"]


def test_every_mention_of_every_process_is_a_place_in_the_document(lima_window):
    record = lima_window.record
    places = set(lima_window.document.eids())
    entities = record.processes + record.organizations
    assert entities
    for entity in entities:
        for eid in entity.mentions:
            assert eid in places, f"{entity.name}: {eid} not shown"
    for item in record.conclusions + record.key_points:
        assert item.eid in places


def test_lima_process_to_each_mention_by_click(lima_window, qtbot):
    record = lima_window.record
    entity = max(record.processes, key=lambda e: len(e.mentions))
    _select(lima_window.processes, qtbot, entity.name[:20])
    assert lima_window.detail.citation_eids() == entity.mentions
    for row, eid in enumerate(entity.mentions):
        _click_citation(lima_window, qtbot, row)
        _assert_at(lima_window, eid)
    # Enter on a citation works as well as a click.
    view = lima_window.detail.citation_view
    view.setFocus()
    view.setCurrentIndex(lima_window.detail.citations.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    _assert_at(lima_window, entity.mentions[0])

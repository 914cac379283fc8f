"""The Document pane on the new kinds: a meeting record as speakers and statements, a table as
a table, a resolution's preamble labelled, a draft resolution's own footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.importer import read_document

pytestmark = pytest.mark.gui

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def _view(qtbot, name: str):
    from briefing.ui.document_view import DocumentView

    view = DocumentView()
    qtbot.addWidget(view)
    view.set_record(read_document(SAMPLES / name))
    return view


def _text(view, eid: str) -> str:
    start, end = view.place_range(eid)
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_a_meeting_record_shows_speakers_a_members_table_and_votes(qtbot) -> None:
    from PySide6.QtGui import QTextTable

    view = _view(qtbot, "s-pv-7138-sc-ukraine-draft-resolution-vetoed-2014.txt")
    record = view.record()
    churkin = next(s for s in record.speakers if s.name == "Mr. Churkin")
    assert _text(view, churkin.eid).startswith(
        "Mr. Churkin (Russian Federation) (spoke in Russian): Many times"
    )
    # The members are a table of rows and columns, not a run of short lines.
    start, _end = view.place_range("body__table_1")
    cursor = view.textCursor()
    cursor.setPosition(start + 1)
    table = cursor.currentTable()
    assert isinstance(table, QTextTable)
    assert (table.rows(), table.columns()) == (16, 3)
    assert table.cellAt(1, 1).firstCursorPosition().block().text() == "Ms. Lucas"
    (vote_eid,) = [v.eid for v in record.votes][:1]
    assert _text(view, vote_eid).startswith("In favour:")


def test_preamble_labels_and_a_draft_resolutions_own_footnotes(qtbot) -> None:
    view = _view(qtbot, "a-77-416-sixth-committee-report-2022.txt")
    assert _text(view, "draft_resolution_1__preamble__para_1").startswith("PP1")
    from PySide6.QtCore import QUrl

    # The draft's mark "1" links to the draft's footnote 1, not the report's.
    start, end = view.place_range("draft_resolution_1__preamble__para_1")
    hrefs = []
    block = view.document().findBlock(start)
    while block.isValid() and block.position() < end:
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                hrefs.append(fragment.charFormat().anchorHref())
            it += 1
        block = block.next()
    assert hrefs == ["footnote:draft_resolution_1__footnote_1"]
    seen: list[str] = []
    view.footnote_activated.connect(seen.append)
    view.anchorClicked.emit(QUrl(hrefs[0]))
    assert seen == ["draft_resolution_1__footnote_1"]


def test_a_rebuilt_document_does_not_keep_the_ones_it_replaced(qtbot) -> None:
    # Each stance marked rebuilds the text; QTextEdit does not delete the document it replaces,
    # so the view does, or every mark kept another copy of the record's laid-out text.
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QTextDocument

    from briefing.domain import Stance

    view = _view(qtbot, "s-pv-7138-sc-ukraine-draft-resolution-vetoed-2014.txt")
    eids = view.eids()
    for eid in eids[:5]:
        view.set_stances({eid: Stance.SUPPORT})
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    documents = view.findChildren(QTextDocument)
    assert documents == [view.document()]
    assert "Mr. Churkin" in view.toPlainText()

"""Every item model of the panes passes pytest-qt's model tester, and answers the object role."""

from __future__ import annotations

import pytest
from gui_sample import MARKUP, sample_record

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_processes_model_groups_and_tester(qtmodeltester):
    from briefing.ui.models import ObjectRole, process_groups, processes_model

    model = processes_model()
    model.set_groups(process_groups(sample_record()))
    qtmodeltester.check(model)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == [
        "Regional consultative processes (2)",
        "Yet to be formalized (1)",
        "Global processes (1)",
        "Regional bodies (1)",
        "Organizations (1)",
    ]
    pending = model.index(0, 0, model.index(1, 0))
    assert pending.data(ObjectRole).name == "Almaty Process"
    gfmd = model.index(0, 0, model.index(2, 0))
    assert gfmd.data() == "Global Forum on Migration and Development (GFMD)"
    assert model.index(0, 1, model.index(0, 0)).data() == "3"  # Bali Process: three mentions


def test_grouped_model_reset_and_filter_proxy(qtmodeltester):
    from briefing.ui.models import (
        TreeFilterProxy,
        process_groups,
        processes_model,
        theme_groups,
        themes_model,
    )

    model = processes_model()
    proxy = TreeFilterProxy()
    proxy.setSourceModel(model)
    model.set_groups(process_groups(sample_record()))
    proxy.setFilterFixedString("budapest")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    group = proxy.index(0, 0)
    assert proxy.rowCount(group) == 1
    assert proxy.index(0, 0, group).data() == "Budapest Process"
    model.set_groups(process_groups(None))
    assert proxy.rowCount() == 0

    themes = themes_model()
    themes.set_groups(theme_groups(sample_record()))
    qtmodeltester.check(themes)
    assert themes.rowCount() == 2


def test_conclusions_model_two_groups_markup_as_text(qtmodeltester):
    from briefing.ui.models import EidRole, conclusion_groups, conclusions_model

    model = conclusions_model()
    model.set_groups(conclusion_groups(sample_record()))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["Conclusions (2)", "Key points (1)"]
    b = model.index(1, 0, model.index(0, 0))
    assert b.data() == f"9 (b)  {MARKUP}"
    assert b.data(EidRole) == "annex_1__para_9__point_b"


def test_citations_records_and_search_models(qtmodeltester, library):
    from briefing.ui.models import (
        CitationsModel,
        EidRole,
        ObjectRole,
        RecordsModel,
        SearchResultsModel,
        citations_for,
    )

    record = sample_record()
    citations = CitationsModel()
    citations.set_citations(citations_for(record, ["annex_1__para_3", "footnote_a"]))
    qtmodeltester.check(citations)
    assert citations.index(0, 0).data().startswith("Annex, para. 3 — The Bali Process")
    assert citations.index(1, 0).data(EidRole) == "footnote_a"

    records = RecordsModel()
    records.set_records(library.records())
    qtmodeltester.check(records)
    assert records.index(0, 0).data() == record.title
    assert records.index(0, 1).data() == "2013-06-28"
    assert records.row_of(records.index(0, 0).data(ObjectRole).id) == 0

    hits = SearchResultsModel()
    hits.set_hits(library.search("Budapest"))
    qtmodeltester.check(hits)
    assert hits.rowCount() == 2
    assert {hits.index(r, 0).data(EidRole) for r in range(2)} == {"annex_1__para_3", "footnote_a"}

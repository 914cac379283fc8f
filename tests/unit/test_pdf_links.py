"""`linked_citations`: a body's places as the record cites them, a part's places listed together."""

from __future__ import annotations

from pathlib import Path

from briefing.domain.eids import cite
from briefing.export.pdf_links import linked_citations
from briefing.importer import parse_text

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def _record(name: str):
    path = SAMPLES / name
    return parse_text(path.read_text(encoding="utf-8"), path.name)


def _plain(eid: str, label: str) -> str:
    return label


def test_a_resolution_cites_its_operative_paragraphs_as_ops():
    record = _record("a-res-67-219-international-migration-2012.txt")
    operative = [e for e in record.places() if e.eid.startswith("body__para_")][:3]
    eids = [p.eid for p in operative]
    text = linked_citations(eids, _plain, record.citation)
    assert text == ", ".join(record.citation(e) for e in eids)
    assert text.startswith("OP") and "para." not in text


def test_a_verbatim_records_paragraphs_name_their_speakers_once_grouped():
    record = _record("s-pv-7138-sc-ukraine-draft-resolution-vetoed-2014.txt")
    eids = [p.eid for p in record.places() if p.eid.startswith("body__p_")][5:9]
    text = linked_citations(eids, _plain, record.citation)
    first = record.citation(eids[0])
    prefix = first[: first.index("para. ")]
    assert text.count(prefix + "para") == 1  # "unnumbered paras. 6 (Mr. X), 7 (Ms. Y), …"
    assert text.startswith(prefix + "paras. ")
    assert text.count(", ") == len(eids) - 1
    assert all(record.citation(e)[len(prefix) + len("para. ") :] in text for e in eids)


def test_places_of_one_part_are_listed_after_its_name_once():
    eids = ["annex_1__para_2", "annex_1__para_8__point_c", "letter__para_1", "footnote_a"]
    text = linked_citations(eids, lambda eid, label: f"[{label}]")
    annex = cite("annex_1__para_2").split(", para.")[0]
    assert text.count(annex) == 1
    assert f"{annex}, paras. [2], [8 (c)]" in text
    assert text.endswith("footnote [a]")


def test_a_headings_quoted_words_stay_whole():
    labels = {"a": "Annex, “Peace, security”", "b": "Annex, “Peace, justice”"}
    text = linked_citations(list(labels), lambda eid, label: f"[{label}]", labels.__getitem__)
    assert text == "Annex, [“Peace, security”], [“Peace, justice”]"

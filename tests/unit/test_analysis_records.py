"""The analysis on the real documents: the Lima record (issue 2's figures) and every sample."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.domain import Record
from briefing.importer import parse_text
from briefing.importer.analysis import analyse

REPO = Path(__file__).resolve().parents[2]
LIMA_PATH = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"
SAMPLES = sorted((REPO / "tests" / "fixtures" / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def lima() -> Record:
    return parse_text(LIMA_PATH.read_text(encoding="utf-8"), LIMA_PATH.name)


def _sample(stem: str) -> Record:
    path = next(p for p in SAMPLES if p.stem.startswith(stem))
    return parse_text(path.read_text(encoding="utf-8"), path.name)


def _names(entities, kind=None) -> list[str]:
    return [e.name for e in entities if kind is None or e.kind == kind]


def _one(entities, name):
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, _names(entities)
    return found[0]


def _footnote_a_items(record: Record) -> list[str]:
    """The items of footnote a's first sentence, read straight off the text for comparison."""
    text = record.footnote("a").text
    first = text.split(". Representatives")[0]
    return [re.sub(r"^(?:and|the)\s+", "", i.strip()) for i in first.split(";")]


# --- Lima ----------------------------------------------------------------------------------


def test_lima_meeting(lima):
    m = lima.meeting
    assert m is not None
    assert m.title == (
        "Fourth Global Meeting of Chairs and Secretariats of Regional Consultative Processes "
        "on Migration"
    )
    assert m.place == "Lima"
    assert (m.start, m.end) == (dt.date(2013, 5, 22), dt.date(2013, 5, 23))
    assert m.theme == (
        "Defining the place of regional consultative processes in a changing international "
        "migration landscape"
    )


def test_lima_regional_consultative_processes(lima):
    rcps = [p for p in lima.processes if p.kind == "regional_consultative_process"]
    assert len(_footnote_a_items(lima)) == 13
    assert len(rcps) == 15
    formal = [p for p in rcps if p.status is None]
    informal = [p for p in rcps if p.status == "yet to be formalized"]
    assert len(formal) == 13
    assert sorted(p.name for p in informal) == [
        "Almaty Process",
        "Migration Dialogue for Central African States",
    ]
    assert all("footnote_a" in p.mentions for p in rcps)
    assert "Intergovernmental Consultations on Migration, Asylum and Refugees" in _names(rcps)
    assert not {"Asylum", "Refugees", "Asylum and Refugees"} & set(_names(lima.processes))
    # Every item of footnote a is one process, under its name or its short name.
    forms = {p.name for p in rcps} | {p.short_name for p in rcps if p.short_name}
    for item in _footnote_a_items(lima):
        bare = re.sub(r"\s*\([^)]*\)", "", item).replace(" -", "-")
        assert item in forms or bare in forms or any(f in item for f in forms), item


def test_lima_bali_process_one_entity_two_mentions(lima):
    bali = [p for p in lima.processes if p.name.startswith("Bali Process")]
    assert len(bali) == 1
    assert bali[0].name == (
        "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime"
    )
    assert bali[0].mentions == ["annex_1__para_3", "footnote_a"]


def test_lima_short_names_from_the_text(lima):
    igad = [p for p in lima.processes if p.short_name == "IGAD-RCP"]
    assert len(igad) == 1 and igad[0].name.startswith("Intergovernmental Authority on Development")
    five = [p for p in lima.processes if "5+5 Dialogue" in (p.name, p.short_name)]
    assert len(five) == 1
    assert {five[0].name, five[0].short_name} == {
        "5+5 Dialogue",
        "Regional Ministerial Conference on Migration in the Western Mediterranean",
    }


def test_lima_global_processes(lima):
    assert _names(lima.processes, "global_process") == [
        "High-level Dialogue on International Migration and Development",
        "Global Forum on Migration and Development",
        "IOM International Dialogue on Migration",
    ]
    forum = _one(lima.processes, "Global Forum on Migration and Development")
    # Para 2 misspells it "Global Forum on Migration Development": still the same forum.
    assert forum.mentions[0] == "annex_1__para_2"
    assert "annex_1__para_6" in forum.mentions


def test_lima_regional_bodies(lima):
    bodies = [o for o in lima.organizations if o.kind == "regional_body"]
    assert sorted(o.name for o in bodies) == sorted(
        [
            "European Union",
            "Economic Community of West African States",
            "Common Market for Eastern and Southern Africa",
            "League of Arab States",
            "Economic Commission for Latin America and the Caribbean",
            "Andean Community",
            "Organization of American States",
        ]
    )
    assert all("footnote_b" in o.mentions for o in bodies)
    oas = _one(bodies, "Organization of American States")
    assert oas.short_name == "OAS"
    assert oas.mentions == ["annex_1__para_3", "footnote_b"]


def test_lima_organizations(lima):
    orgs = {o.name: o for o in lima.organizations if o.kind == "organization"}
    assert sorted(orgs) == [
        "International Centre for Migration Policy Development",
        "International Labour Organization",
        "International Organization for Migration",
        "Office of the United Nations High Commissioner for Refugees",
    ]
    iom = orgs["International Organization for Migration"]
    assert iom.short_name == "IOM"
    # "the role of IOM" in 8 (f) is a mention of the full entity.
    assert iom.mentions == ["annex_1__para_2", "annex_1__para_8__point_f"]
    assert orgs["Office of the United Nations High Commissioner for Refugees"].short_name == (
        "UNHCR"
    )


def test_lima_resolutions(lima):
    assert [(r.symbol, r.mentions) for r in lima.resolutions] == [
        ("65/170", ["letter__p_2", "annex_1__para_9"]),
        ("67/219", ["letter__p_2", "annex_1__para_9"]),
    ]


def test_lima_themes(lima):
    meeting = [t for t in lima.themes if t.source == "meeting"]
    assert [t.name for t in meeting] == [lima.meeting.theme]
    assert meeting[0].mentions[:2] == ["letter__p_1", "annex_1__para_1"]
    named = {t.name: t for t in lima.themes if t.source == "record"}
    assert list(named) == [
        "mainstreaming migration into development frameworks",
        "protection of migrants' rights",
        "multi-stakeholder coherence and cooperation",
        "regional and global labour mobility",
    ]
    assert all(t.mentions[0] == "annex_1__para_7" for t in named.values())
    assert "annex_1__para_10__point_d" in named["protection of migrants' rights"].mentions
    # A topic is linked to paragraphs by its words, not to every paragraph.
    assert len(named["protection of migrants' rights"].mentions) < 5
    assert all(t.source in {"meeting", "record", "vocabulary"} for t in lima.themes)


def test_lima_conclusions_and_key_points(lima):
    assert [c.label for c in lima.conclusions] == [f"10 ({x})" for x in "abcde"]
    assert [c.label for c in lima.key_points] == [f"8 ({x})" for x in "abcdef"]
    assert lima.conclusions[0].eid == "annex_1__para_10__point_a"
    assert lima.conclusions[0].text.startswith("Regional consultative processes and emerging")
    point_c = lima.key_points[2]
    assert "High-level Dialogue on International Migration and Development" in point_c.text


# --- every document ------------------------------------------------------------------------


def _all_records() -> list[tuple[str, Path]]:
    return [("lima", LIMA_PATH), *[(p.stem, p) for p in SAMPLES]]


@pytest.mark.parametrize(("name", "path"), _all_records(), ids=[n for n, _ in _all_records()])
def test_every_mention_names_a_place_and_entities_are_listed_once(name, path):
    rec = parse_text(path.read_text(encoding="utf-8"), path.name)
    entities = rec.processes + rec.organizations
    keys = [re.sub(r"[^a-z0-9]+", "", e.name.lower()) for e in entities]
    assert len(keys) == len(set(keys)), keys
    shorts = [e.short_name for e in entities if e.short_name]
    assert len(shorts) == len(set(shorts))
    symbols = [r.symbol for r in rec.resolutions]
    assert len(symbols) == len(set(symbols))
    places = [
        *(m for e in entities for m in e.mentions),
        *(m for r in rec.resolutions for m in r.mentions),
        *(m for t in rec.themes for m in t.mentions),
        *(c.eid for c in rec.conclusions + rec.key_points),
    ]
    for eid in places:
        assert rec.find(eid) is not None, eid
    for entity in entities:
        assert entity.mentions, entity.name
        assert entity.name == entity.name.strip() and "\n" not in entity.name
    for theme in rec.themes:
        assert theme.mentions, theme.name


@pytest.mark.parametrize(("name", "path"), _all_records(), ids=[n for n, _ in _all_records()])
def test_analyse_again_gives_the_same_result(name, path):
    rec = parse_text(path.read_text(encoding="utf-8"), path.name)
    before = (rec.meeting, rec.processes, rec.organizations, rec.resolutions, rec.themes)
    analyse(rec)
    assert (rec.meeting, rec.processes, rec.organizations, rec.resolutions, rec.themes) == before


def test_resolution_67_219():
    rec = _sample("a-res-67-219")
    # The plenary meeting of adoption, printed at its end (tests/unit/test_outcomes.py).
    assert rec.meeting is not None and rec.meeting.number == "61st plenary meeting"
    forum = _one(rec.processes, "Global Forum on Migration and Development")
    assert forum.kind == "global_process"
    symbols = [r.symbol for r in rec.resolutions]
    for symbol in ("58/208", "59/241", "60/227", "61/208", "63/225", "65/170", "60/265"):
        assert symbol in symbols
    assert "57/270 B" in symbols and "217 A (III)" in symbols
    assert "International Organization for Migration" in _names(rec.organizations)
    assert [c.label for c in rec.conclusions] == [f"OP{n}" for n in range(1, 20)]
    assert rec.key_points == []
    # The four round-table themes, given as points under a lead-in that announces them.
    named = [t for t in rec.themes if t.source == "record"]
    assert any(t.name.startswith("international and regional labour mobility") for t in named)
    assert any(t.name.startswith("Identifying concrete measures") for t in named)


def test_declaration_68_4():
    rec = _sample("a-res-68-4")
    assert rec.meeting is not None and rec.meeting.number == "25th plenary meeting"
    dialogue = _one(rec.processes, "High-level Dialogue on International Migration and Development")
    assert dialogue.kind == "global_process"
    assert "Global Forum on Migration and Development" in _names(rec.processes)
    assert "International Organization for Migration" in _names(rec.organizations)
    topics = {t.name: t for t in rec.themes if t.source == "vocabulary"}
    assert {"Migration", "Human rights", "Crime, drugs and terrorism"} <= set(topics)
    assert next(iter(topics.values())).name == "Migration", "the theme most places concern"
    # "Recognize that remittances constitute ...": a place of migration and of inequalities.
    remittances = next(p.eid for p in rec.places() if "remittances" in getattr(p, "text", ""))
    assert remittances in topics["Migration"].mentions
    assert remittances in topics["Goal 10: Reduced inequalities"].mentions


def test_security_council_letter():
    rec = _sample("s-2013-113")
    assert [r.symbol for r in rec.resolutions] == ["2085 (2012)"]
    assert rec.meeting is None
    assert rec.processes == []


def test_committee_report():
    rec = _sample("a-77-416")
    # The meetings at which the Committee considered the item (para. 3).
    assert rec.meeting is not None and rec.meeting.start == dt.date(2022, 10, 10)
    assert [r.symbol for r in rec.resolutions] == ["76/114", "74/187", "75/136"]
    names = _names(rec.processes + rec.organizations)
    assert {"General Assembly", "Sixth Committee", "International Law Commission"} <= set(names)
    # The summary-record symbols in footnote 1 are not entities.
    assert not any("SR." in name or "/" in name for name in names)

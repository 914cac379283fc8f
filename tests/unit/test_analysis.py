"""The analysis half of the importer, rule by rule, on small records built here from snippets.

Each record is made of domain dataclasses directly (no parser), so these tests pin the analysis
rules alone: footnote lists on the document's own separators, statuses, short names, merging,
resolutions, meeting, themes, conclusions.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import paths
from briefing.domain import (
    Footnote,
    Paragraph,
    Part,
    PartKind,
    Point,
    Record,
    Span,
    SpanStyle,
)
from briefing.importer.analysis import analyse, parse_date_range

_MARK = re.compile(r"\^([a-z0-9*]+)")


def _marked(text: str) -> tuple[str, list[Span]]:
    """Text with `^a` marks turned into zero-width footnote spans, as the parser leaves them."""
    spans: list[Span] = []
    out = []
    last = 0
    length = 0
    for m in _MARK.finditer(text):
        out.append(text[last : m.start()])
        length += m.start() - last
        spans.append(Span(length, length, SpanStyle.FOOTNOTE, m.group(1)))
        last = m.end()
    out.append(text[last:])
    return "".join(out), spans


def para(
    part: str, number: str | None, text: str, points=(), role="paragraph", ordinal: int = 1
) -> Paragraph:
    eid = f"{part}__para_{number}" if number else f"{part}__p_{ordinal}"
    plain, spans = _marked(text)
    made = []
    for label, point_text in points:
        p_plain, p_spans = _marked(point_text)
        made.append(Point(f"{eid}__point_{label}", label, p_plain, p_spans))
    return Paragraph(eid, number, plain, spans, made, role=role)


def record(
    *paragraphs: Paragraph,
    footnotes: dict[str, str] | None = None,
    notes: list[str] | None = None,
    title: str = "Letter dated 1 June 2013",
    symbol: str | None = None,
) -> Record:
    part = Part("annex_1", PartKind.ANNEX, "Annex", list(paragraphs), notes=notes or [])
    rec = Record(title=title, symbol=symbol, parts=[part])
    for marker, text in (footnotes or {}).items():
        cited = [p.eid for p in paragraphs if any(s.marker == marker for s in p.spans)]
        rec.footnotes.append(Footnote(marker, f"footnote_{marker}", text, [], cited))
    analyse(rec)
    return rec


def by_name(entities, name):
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [e.name for e in entities]
    return found[0]


# --- lists in footnotes --------------------------------------------------------------------


def test_semicolon_list_keeps_commas_inside_items():
    rec = record(
        para("annex_1", "1", "Chairs of regional consultative processes,^a met."),
        footnotes={
            "a": "Alpha Process; Intergovernmental Consultations on Migration, Asylum and "
            "Refugees; Gamma Dialogue; and Delta Process on Smuggling, Trafficking and Crime."
        },
    )
    names = [p.name for p in rec.processes]
    assert names == [
        "Alpha Process",
        "Intergovernmental Consultations on Migration, Asylum and Refugees",
        "Gamma Dialogue",
        "Delta Process on Smuggling, Trafficking and Crime",
    ]
    assert {p.kind for p in rec.processes} == {"regional_consultative_process"}
    assert all(p.mentions == ["footnote_a"] for p in rec.processes)


def test_comma_list_drops_final_and_and_leading_the():
    rec = record(
        para("annex_1", "2", "Delegates of regional bodies^b attended."),
        footnotes={
            "b": "Northern Union, Economic Community of Lake States, the Andes Market and "
            "the Organization of Island States."
        },
    )
    assert [o.name for o in rec.organizations] == [
        "Northern Union",
        "Economic Community of Lake States",
        "Andes Market",
        "Organization of Island States",
    ]
    assert {o.kind for o in rec.organizations} == {"regional_body"}


def test_comma_list_keeps_and_inside_a_last_name_without_head_word():
    rec = record(
        para("annex_1", "2", "Delegates of regional bodies^b attended."),
        footnotes={"b": "Northern Union, Economic Commission for Latin America and the Caribbean."},
    )
    assert [o.name for o in rec.organizations] == [
        "Northern Union",
        "Economic Commission for Latin America and the Caribbean",
    ]


def test_list_kind_comes_from_the_phrase_that_cites_the_footnote():
    rec = record(
        para("annex_1", "1", "Members of interregional forums^c spoke."),
        footnotes={"c": "Rivers Process; Hills Dialogue."},
    )
    assert {p.kind for p in rec.processes} == {"interregional_forum"}


def test_uncited_list_footnote_is_not_read_as_entities():
    rec = record(
        para("annex_1", "1", "The summary records.^1"),
        footnotes={"1": "A/C.6/77/SR.9, A/C.6/77/SR.10 and A/C.6/77/SR.11."},
    )
    assert rec.processes == [] and rec.organizations == []


def test_yet_to_be_formalized_status_from_the_sentence_that_says_so():
    rec = record(
        para("annex_1", "1", "Chairs of regional consultative processes^a took part."),
        footnotes={
            "a": "Alpha Process; Beta Dialogue. Representatives of two processes that are yet "
            "to be formalized, the Zeta Process and the Migration Dialogue for Far Islands, "
            "also participated."
        },
    )
    status = {p.name: p.status for p in rec.processes}
    assert status == {
        "Alpha Process": None,
        "Beta Dialogue": None,
        "Zeta Process": "yet to be formalized",
        "Migration Dialogue for Far Islands": "yet to be formalized",
    }


# --- names, short names, merging -----------------------------------------------------------


def test_short_name_in_parentheses_and_later_short_mentions():
    rec = record(
        para("annex_1", "1", "Experts from the International Organization for Migration (IOM)."),
        para("annex_1", "2", "Secretariat support came from IOM."),
        para("annex_1", "3", "Nothing here."),
    )
    iom = by_name(rec.organizations, "International Organization for Migration")
    assert iom.short_name == "IOM"
    assert iom.kind == "organization"
    assert iom.mentions == ["annex_1__para_1", "annex_1__para_2"]


def test_acronyms_joined_by_a_hyphen_make_one_short_name():
    rec = record(
        para("annex_1", "1", "Chairs of regional consultative processes^a met."),
        footnotes={
            "a": "Alpha Process; Horn Authority on Development (HAD)-Regional Consultative "
            "Processes (RCP)."
        },
    )
    had = rec.processes[1]
    assert had.name == "Horn Authority on Development-Regional Consultative Processes"
    assert had.short_name == "HAD-RCP"
    # The body inside the item is not listed again on its own.
    assert rec.organizations == []


def test_parenthesised_expansion_is_the_full_name():
    rec = record(
        para("annex_1", "1", "Chairs of regional consultative processes^a met."),
        footnotes={"a": "Alpha Process; 3+3 Dialogue (Ministerial Conference on Lakes)."},
    )
    item = rec.processes[1]
    assert (item.name, item.short_name) == ("Ministerial Conference on Lakes", "3+3 Dialogue")


def test_short_reference_and_full_name_are_one_entity():
    rec = record(
        para("annex_1", "3", "Representatives from the Kappa Process spoke."),
        para("annex_1", "4", "Chairs of regional consultative processes^a met."),
        footnotes={"a": "Kappa Process on Rivers, Lakes and Seas; Lambda Dialogue."},
    )
    kappa = by_name(rec.processes, "Kappa Process on Rivers, Lakes and Seas")
    assert kappa.mentions == ["annex_1__para_3", "footnote_a"]
    assert len(rec.processes) == 2


def test_a_reference_that_begins_several_names_is_not_an_entity():
    rec = record(
        para("annex_1", "1", "The Migration Dialogue was praised."),
        para("annex_1", "2", "Chairs of regional consultative processes^a met."),
        footnotes={"a": "Migration Dialogue for North Land; Migration Dialogue for South Land."},
    )
    assert [p.name for p in rec.processes] == [
        "Migration Dialogue for North Land",
        "Migration Dialogue for South Land",
    ]
    assert all(p.mentions == ["footnote_a"] for p in rec.processes)


def test_spellings_that_differ_in_and_or_hyphen_merge_keeping_the_fuller():
    rec = record(
        para("annex_1", "1", "Chairs of the Global Forum on Migration Development attended."),
        para(
            "annex_1",
            "2",
            "The Global Forum on Migration and Development and the "
            "Highlevel Dialogue on Peace met; the High-level Dialogue on Peace ended.",
        ),
    )
    assert [(p.name, p.kind, p.mentions) for p in rec.processes] == [
        (
            "Global Forum on Migration and Development",
            "global_process",
            ["annex_1__para_1", "annex_1__para_2"],
        ),
        ("High-level Dialogue on Peace", "global_process", ["annex_1__para_2"]),
    ]


def test_running_text_names_and_kinds():
    rec = record(
        para(
            "annex_1",
            "1",
            "The Organization of American States (OAS) led a discussion with the League of "
            "Arab States, the European Union, the Economic Commission for Latin America and "
            "the Caribbean and the Economic Community of West African States, and the "
            "Interregional Forum on Coasts. The Government of Peru and the General Assembly "
            "thanked the International Labour Organization.",
        ),
        para("annex_1", "2", "The OAS closed."),
    )
    kinds = {o.name: o.kind for o in rec.organizations}
    assert kinds == {
        "Organization of American States": "regional_body",
        "League of Arab States": "regional_body",
        "European Union": "regional_body",
        "Economic Commission for Latin America and the Caribbean": "regional_body",
        "Economic Community of West African States": "regional_body",
        "International Labour Organization": "organization",
        "General Assembly": "organ",
        "Government of Peru": "government",
    }
    assert by_name(rec.organizations, "Organization of American States").mentions == [
        "annex_1__para_1",
        "annex_1__para_2",
    ]
    assert [(p.name, p.kind) for p in rec.processes] == [
        ("Interregional Forum on Coasts", "interregional_forum")
    ]


# --- resolutions ---------------------------------------------------------------------------


def test_resolutions_each_once_with_their_places():
    rec = record(
        para("annex_1", "1", "The Assembly, in its resolutions 65/170 and 67/219, called."),
        para(
            "annex_1",
            "2",
            "Recalling its resolutions 58/208 of 23 December 2003, 59/241 of 22 December 2004 "
            "and 65/170 of 20 December 2010, its resolution 57/270 B of 23 June 2003 and "
            "Security Council resolution 2085 (2012), and resolution 217 A (III).",
        ),
        para("annex_1", "3", "In 2013, 120 of 193 States voted; see draft resolution A/C.6/L.4."),
    )
    assert [(r.symbol, r.mentions) for r in rec.resolutions] == [
        ("65/170", ["annex_1__para_1", "annex_1__para_2"]),
        ("67/219", ["annex_1__para_1"]),
        ("58/208", ["annex_1__para_2"]),
        ("59/241", ["annex_1__para_2"]),
        ("57/270 B", ["annex_1__para_2"]),
        ("2085 (2012)", ["annex_1__para_2"]),
        ("217 A (III)", ["annex_1__para_2"]),
    ]


# --- meeting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("22 and 23 May 2013", dt.date(2013, 5, 22), dt.date(2013, 5, 23)),
        ("22-23 May 2013", dt.date(2013, 5, 22), dt.date(2013, 5, 23)),
        ("held on 3 October 2013", dt.date(2013, 10, 3), dt.date(2013, 10, 3)),
        ("30 May to 1 June 2014", dt.date(2014, 5, 30), dt.date(2014, 6, 1)),
        ("from 10 to 14 April 2023", dt.date(2023, 4, 10), dt.date(2023, 4, 14)),
    ],
)
def test_date_ranges(text, start, end):
    assert parse_date_range(text) == (start, end)


def test_date_range_rejects_nonsense():
    assert parse_date_range("no date here") is None
    assert parse_date_range("31 and 32 May 2013") is None


def test_meeting_from_the_lines_under_the_annex_title_and_curly_quoted_theme():
    rec = record(
        para(
            "annex_1",
            "1",
            "The Second Regional Meeting on Rivers was held in Quito on 4 and 5 June 2012 "
            "under the theme “Rivers that unite”.",
        ),
        notes=["Second Regional Meeting on Rivers", "Quito", "4 and 5 June 2012", "Summary"],
    )
    m = rec.meeting
    assert m is not None
    assert (m.title, m.place, m.start, m.end, m.theme) == (
        "Second Regional Meeting on Rivers",
        "Quito",
        dt.date(2012, 6, 4),
        dt.date(2012, 6, 5),
        "Rivers that unite",
    )
    assert rec.themes[0].name == "Rivers that unite" and rec.themes[0].source == "meeting"
    assert rec.themes[0].mentions[0] == "annex_1__para_1"


def test_meeting_from_a_held_sentence_and_straight_quotes():
    rec = record(
        para(
            "annex_1",
            "1",
            "I inform you that the third Global Meeting on Lakes was held in Nairobi on "
            '2 and 3 March 2011, under the theme "Lakes in a changing world".',
        ),
    )
    m = rec.meeting
    assert m is not None
    assert m.title == "Third Global Meeting on Lakes"
    assert (m.place, m.start, m.end) == ("Nairobi", dt.date(2011, 3, 2), dt.date(2011, 3, 3))
    assert m.theme == "Lakes in a changing world"


def test_no_meeting_for_a_resolution_or_a_text_without_one():
    held = "The Global Meeting on Lakes was held in Nairobi on 2 March 2011."
    res = record(para("body", "1", held), title="Resolution adopted by the General Assembly")
    assert res.meeting is None
    plain = record(para("annex_1", "1", "The Committee considered the item."))
    assert plain.meeting is None


# --- themes --------------------------------------------------------------------------------


def test_themes_the_record_lists_and_the_places_that_concern_them():
    rec = record(
        para(
            "annex_1",
            "7",
            "Participants deliberated on the three themes of the dialogue, namely, protection "
            "of migrants' rights, regional labour mobility, and river pollution control, and "
            "shared lessons learned.",
        ),
        para("annex_1", "8", "Participants stressed the protection of human rights of migrants."),
        para("annex_1", "9", "Migrants and States gained; rights were discussed elsewhere."),
        para("annex_1", "10", "Agreements on labour mobility across the region are growing."),
    )
    record_themes = [t for t in rec.themes if t.source == "record"]
    assert [t.name for t in record_themes] == [
        "protection of migrants' rights",
        "regional labour mobility",
        "river pollution control",
    ]
    assert record_themes[0].mentions == ["annex_1__para_7", "annex_1__para_8"]
    assert record_themes[1].mentions == ["annex_1__para_7", "annex_1__para_10"]
    assert record_themes[2].mentions == ["annex_1__para_7"]


def test_themes_list_without_a_count_ends_at_its_final_and():
    rec = record(
        para(
            "annex_1",
            "1",
            "The themes were as follows: water supply, river transport and ports, and "
            "fisheries management, and the chair closed the session.",
        ),
    )
    assert [t.name for t in rec.themes if t.source == "record"] == [
        "water supply",
        "river transport and ports",
        "fisheries management",
    ]


def test_themes_given_as_the_points_of_a_lead_in():
    rec = record(
        para(
            "body",
            "3",
            "The themes for each of the round tables will be as follows:",
            points=[
                ("i", "Round table 1 will focus on river transport and ports;"),
                ("ii", "Round table 2 will focus on fisheries management."),
            ],
        ),
    )
    themes = [t for t in rec.themes if t.source == "record"]
    assert [(t.name, t.mentions[0]) for t in themes] == [
        ("river transport and ports", "body__para_3__point_i"),
        ("fisheries management", "body__para_3__point_ii"),
    ]


def test_vocabulary_topics_only_when_their_terms_occur_and_not_inside_names():
    rec = record(
        para("annex_1", "1", "Trafficking in persons and smuggling of migrants were condemned."),
        para("annex_1", "2", "The Special Forum on Sustainable Development Goals met."),
    )
    topics = {t.name: t.mentions for t in rec.themes if t.source == "vocabulary"}
    # "Sustainable Development Goals" capitalised inside a name is not the topic "sustainable
    # development"; trafficking and smuggling concern both migration and crime.
    assert topics == {
        "Migration": ["annex_1__para_1"],
        "Crime, drugs and terrorism": ["annex_1__para_1"],
    }


def test_vocabulary_holds_no_name_of_the_default_record():
    text = (paths.resources_dir() / "vocabulary.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert "list_cues" in data
    for word in ("Lima", "Bali", "Almaty", "Puebla", "Budapest", "Colombo", "Peru", "IOM"):
        assert word not in text


# --- conclusions and key points ------------------------------------------------------------


def test_conclusions_and_key_points_from_their_lead_ins():
    rec = record(
        para(
            "annex_1",
            "8",
            "Participants highlighted several key points, as follows:",
            points=[("a", "Rivers matter;"), ("b", "Lakes matter.")],
        ),
        para("annex_1", "9", "Nothing to conclude here.", points=[("a", "Not a conclusion.")]),
        para(
            "annex_1",
            "10",
            "The participants drew the following key conclusions:",
            points=[("a", "Act now;"), ("b", "Report back.")],
        ),
    )
    assert [(c.label, c.eid, c.text) for c in rec.conclusions] == [
        ("10 (a)", "annex_1__para_10__point_a", "Act now;"),
        ("10 (b)", "annex_1__para_10__point_b", "Report back."),
    ]
    assert [c.label for c in rec.key_points] == ["8 (a)", "8 (b)"]


def test_conclusions_under_a_heading():
    rec = record(
        para("annex_1", None, "Introduction", role="heading"),
        para("annex_1", "1", "The meeting opened."),
        para("annex_1", None, "Conclusions and recommendations", role="heading"),
        para("annex_1", "2", "Rivers need care."),
        para("annex_1", "3", "Lakes need care."),
    )
    assert [(c.label, c.text) for c in rec.conclusions] == [
        ("2", "Rivers need care."),
        ("3", "Lakes need care."),
    ]
    assert rec.key_points == []


def test_no_key_points_without_a_lead_in_but_action_paragraphs_are_outcomes():
    # Without a lead-in there are no key points; the paragraphs that decide or request are
    # still the record's outcomes (tests/unit/test_outcomes.py holds the rules).
    rec = record(
        para("body", "1", "Decides to hold a dialogue;"),
        para("body", "2", "Requests a report.", points=[("a", "On rivers;")]),
        para("body", "3", "Rivers need care."),
        title="Resolution adopted by the General Assembly",
    )
    assert rec.key_points == []
    assert [(c.eid, c.verb, c.family) for c in rec.conclusions] == [
        ("body__para_1", "Decides", "decisions"),
        ("body__para_2", "Requests", "requests"),
    ]


def test_analyse_is_idempotent_and_handles_an_empty_record():
    empty = Record(title="Nothing")
    analyse(empty)
    assert (empty.meeting, empty.processes, empty.organizations, empty.resolutions) == (
        None,
        [],
        [],
        [],
    )
    assert empty.themes == [] and empty.conclusions == []
    rec = record(para("annex_1", "1", "The European Union and resolution 65/170."))
    first = (rec.organizations, rec.resolutions, rec.themes)
    analyse(rec)
    assert (rec.organizations, rec.resolutions, rec.themes) == first


def test_a_process_is_a_process_whatever_its_subject_and_a_cued_one_takes_the_cue():
    rec = record(
        para("annex_1", "1", "The Middle East Peace Process and the Kimberley Process were noted."),
        para("annex_1", "2", "Chairs of regional consultative processes^a met."),
        footnotes={"a": "Alpha Process; Beta Process. The Omega Process, still informal, came."},
    )
    assert [(p.name, p.kind) for p in rec.processes] == [
        ("Middle East Peace Process", "process"),
        ("Kimberley Process", "process"),
        ("Alpha Process", "regional_consultative_process"),
        ("Beta Process", "regional_consultative_process"),
        ("Omega Process", "regional_consultative_process"),
    ]


def test_names_joined_by_and_on_the_left_and_bodies_named_as_such():
    rec = record(
        para(
            "annex_1",
            "1",
            "The Economic and Social Commission for Western Asia recalled the Istanbul "
            "Programme of Action, the Working Group on Rivers and the International Law "
            "Commission.",
        )
    )
    assert [(o.name, o.kind) for o in rec.organizations] == [
        ("Economic and Social Commission for Western Asia", "regional_body"),
        ("Working Group on Rivers", "subsidiary_body"),
        ("International Law Commission", "subsidiary_body"),
    ]
    assert [(p.name, p.kind) for p in rec.processes] == [
        ("Istanbul Programme of Action", "framework")
    ]


_PIECES = [
    *"AIOGFPDUabc ,;.()“”\"'-^\n",
    "Process",
    "Forum",
    "Union",
    "resolution ",
    "of",
    " and ",
    "12/34",
    "theme",
    "themes, namely,",
    "conclusions:",
    "Dialogue",
    "was held in Lima on 2 May 2013",
    "(IOM)",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), min_size=1, max_size=5
    ),
    note=st.text(max_size=40),
)
def test_analyse_never_fails_and_every_mention_is_a_place(texts, note):
    paragraphs = [para("annex_1", str(n + 1), t) for n, t in enumerate(texts)]
    rec = record(*paragraphs, footnotes={"a": note}, notes=[note, "Lima", note])
    eids = {p.eid for p in paragraphs} | {"footnote_a"}
    for entity in rec.processes + rec.organizations:
        assert set(entity.mentions) <= eids
    for item in rec.resolutions + rec.themes:
        assert set(item.mentions) <= eids


def test_meeting_that_took_place_in_a_city_and_country():
    rec = record(
        para(
            "annex_1",
            "1",
            "The third Global Meeting of Chairs of Lake Processes took place in Gaborone, "
            "Botswana, from 24 to 25 November 2011.",
        ),
    )
    m = rec.meeting
    assert m is not None
    assert (m.title, m.place) == (
        "Third Global Meeting of Chairs of Lake Processes",
        "Gaborone, Botswana",
    )
    assert (m.start, m.end, m.theme) == (dt.date(2011, 11, 24), dt.date(2011, 11, 25), None)


def test_meeting_from_a_part_title_and_a_quoted_note_line():
    rec = Record(
        title="Letter dated 2 June 2015",
        parts=[
            Part(
                "annex_1",
                PartKind.ANNEX,
                "Chair's summary of the Fifth Regional Conference on Lakes, held in Cairo "
                "from 30 May to 1 June 2015",
                [para("annex_1", "1", "Participants met.")],
                notes=[],
            ),
            Part(
                "annex_2",
                PartKind.ANNEX,
                "Programme",
                [],
                notes=["Fifth Regional Conference on Lakes", "“Lakes for all”"],
            ),
        ],
    )
    analyse(rec)
    m = rec.meeting
    assert m is not None
    assert (m.title, m.place, m.start, m.end, m.theme) == (
        "Fifth Regional Conference on Lakes",
        "Cairo",
        dt.date(2015, 5, 30),
        dt.date(2015, 6, 1),
        "Lakes for all",
    )


def test_list_cue_with_a_tail_and_an_acronym():
    rec = record(
        para(
            "annex_1", "1", "Chairs of regional consultative processes on migration (RCPs)^a met."
        ),
        para("annex_1", "2", "Envoys of regional bodies and of the host Government^b came."),
        footnotes={"a": "Alpha Process; Beta Dialogue.", "b": "North Union, South Union."},
    )
    assert [(p.name, p.kind) for p in rec.processes] == [
        ("Alpha Process", "regional_consultative_process"),
        ("Beta Dialogue", "regional_consultative_process"),
    ]
    # Footnote b follows "the host Government", not "regional bodies": not a cued list; its
    # names are still found one by one.
    assert [(o.name, o.kind) for o in rec.organizations] == [
        ("North Union", "organization"),
        ("South Union", "organization"),
    ]


def test_date_before_place_commas_in_a_title_and_a_broad_theme():
    rec = record(
        para(
            "annex_1",
            "1",
            "The Eighth Global Meeting of Chairs of Regional, Interregional and Global Lake "
            "Processes took place on 10 and 11 October 2019 in Geneva, Switzerland, under the "
            "broad theme of “Lakes and the global compact”.",
        )
    )
    m = rec.meeting
    assert m is not None
    assert m.title == (
        "Eighth Global Meeting of Chairs of Regional, Interregional and Global Lake Processes"
    )
    assert (m.place, m.start, m.end) == (
        "Geneva, Switzerland",
        dt.date(2019, 10, 10),
        dt.date(2019, 10, 11),
    )
    assert m.theme == "Lakes and the global compact"


def test_names_in_running_text_with_acronyms_and_bracketed_short_names():
    rec = record(
        para(
            "annex_1",
            "1",
            "The Global Forum on Lakes and Migration (GFLM), the United Nations High Level "
            "Dialogue on Migration (HLDM), the Rabat Process and the Regional Conference on "
            "Migration (Puebla Process) met the World Bank and the African Union.",
        ),
        para("annex_1", "2", "The GFLM and the Puebla Process reported."),
    )
    got = [(p.name, p.short_name, p.kind, p.mentions) for p in rec.processes]
    one, both = ["annex_1__para_1"], ["annex_1__para_1", "annex_1__para_2"]
    assert got == [
        ("Global Forum on Lakes and Migration", "GFLM", "global_process", both),
        ("United Nations High Level Dialogue on Migration", "HLDM", "global_process", one),
        # No cue says what kind of process it is: a process, whatever its subject.
        ("Rabat Process", None, "process", one),
        (
            "Regional Conference on Migration",
            "Puebla Process",
            "conference",
            both,
        ),
    ]
    assert [(o.name, o.kind) for o in rec.organizations] == [
        ("World Bank", "organization"),
        ("African Union", "regional_body"),
    ]


def test_list_after_a_colon_and_regional_members_of_an_organizations_list():
    rec = record(
        para("annex_1", "1", "Observers from organizations^c attended."),
        footnotes={"c": "They were: World Lake Agency; African Union; Island Fund."},
    )
    assert [(o.name, o.kind) for o in rec.organizations] == [
        ("World Lake Agency", "organization"),
        ("African Union", "regional_body"),
        ("Island Fund", "organization"),
    ]


def test_meeting_title_starts_at_the_name_not_at_the_sentence():
    rec = record(
        para(
            "annex_1",
            "1",
            "Delegations of Chile, Peru and Mexico, the Regional Conference on Lakes was held "
            "in Lima on 3 May 2014.",
        )
    )
    assert rec.meeting is not None
    assert rec.meeting.title == "Regional Conference on Lakes"
    assert (rec.meeting.start, rec.meeting.end) == (dt.date(2014, 5, 3), dt.date(2014, 5, 3))


def test_conclusions_in_a_report_section_and_unnumbered_labels():
    rec = Record(
        title="Report of the Secretary-General",
        parts=[
            Part("section_1", PartKind.SECTION, "I. Introduction", [para("section_1", "1", "Hi.")]),
            Part(
                "section_2",
                PartKind.SECTION,
                "II. Conclusions and recommendations",
                [
                    para("section_2", "2", "Lakes need care."),
                    para("section_2", None, "Act.", ordinal=3),
                ],
            ),
        ],
    )
    analyse(rec)
    assert [(c.eid, c.label) for c in rec.conclusions] == [
        ("section_2__para_2", "2"),
        ("section_2__p_3", "Section 2, unnumbered para. 3"),
    ]


def test_themes_list_without_serial_comma_followed_by_a_clause():
    rec = record(
        para(
            "annex_1",
            "2",
            "Participants considered three themes, namely, river transport, protection of "
            "lakes and water for farming, and agreed on the following conclusions:",
            points=[("a", "Protection of lakes matters;"), ("b", "Transport by river grows.")],
        )
    )
    themes = {t.name: t.mentions for t in rec.themes if t.source == "record"}
    assert list(themes) == ["river transport", "protection of lakes", "water for farming"]
    assert themes["protection of lakes"] == ["annex_1__para_2", "annex_1__para_2__point_a"]
    assert [c.label for c in rec.conclusions] == ["2 (a)", "2 (b)"]

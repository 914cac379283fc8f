"""Rules that must hold for a kind of document, not for one file: the body a symbol's series
names and where it meets, a heading's citation, an abbreviation of a thing that is no body, the
cost of many names and of many numbered paragraphs, and bodies, outcomes and themes read in
each official language the vocabularies carry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.domain import Paragraph, Part, PartKind, Record
from briefing.domain.eids import cite
from briefing.importer import entities, layout, parse_text, structure
from briefing.importer.lexicon import Place
from briefing.importer.outcomes import organ_of_symbol, seat_of

REPO = Path(__file__).resolve().parents[2]
SHARED_PDFS = REPO.parent / "shared" / "records" / "pdfs"

# --- the body a symbol's series names ------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "organ", "seat"),
    [
        ("A/HRC/DEC/28/111", "Human Rights Council", "Geneva"),
        ("A/HRC/14/15", "Human Rights Council", "Geneva"),
        ("A/RES/68/262", "General Assembly", "New York"),
        ("A/C.6/77/L.5", "Sixth Committee", "New York"),
        ("S/RES/2155 (2014)", "Security Council", None),
        ("E/CN.6/2024/3", "Commission on the Status of Women", "New York"),
        ("E/CN.7/2023/L.2", "Commission on Narcotic Drugs", "Vienna"),
        ("E/2023/45", "Economic and Social Council", "New York"),
        ("E/ESCAP/79/1", "Economic and Social Commission for Asia and the Pacific", "Bangkok"),
        ("TD/B/70/2", "United Nations Conference on Trade and Development", "Geneva"),
        ("UNEP/EA.6/1", "United Nations Environment Programme", "Nairobi"),
        ("FCCC/CP/2023/11", None, None),
        ("XYZ/1/2", None, None),
    ],
)
def test_a_symbols_series_names_the_body_and_its_seat(symbol, organ, seat):
    found = organ_of_symbol(symbol)
    if organ is None and symbol.startswith("FCCC/"):
        assert found and "Framework Convention" in found
        assert seat_of(found) is None  # the Conference meets where each session is held
        return
    assert found == organ
    assert seat_of(found) == seat


def _decision(symbol: str, body: str) -> str:
    """A decision as a council in Geneva prints it: filed under "General Assembly"."""
    return f"""United Nations

General Assembly

{symbol}
Distr.: General
2 October 2015
Original: English

{body}
Thirtieth session
Agenda item 6
Decision adopted by the {body}

30/105.
Outcome of the review: Ruritania
The {body},
Acting in compliance with the mandate entrusted to it by the General Assembly,
Decides to adopt the outcome of the review of Ruritania.
40th meeting
1 October 2015
[Adopted without a vote.]
"""


def test_a_decision_of_a_body_in_the_a_series_meets_where_that_body_sits():
    record = parse_text(_decision("A/HRC/DEC/30/105", "Human Rights Council"), "d.txt")
    assert record.organ == "General Assembly"  # as printed on the masthead
    assert record.meeting is not None
    assert record.meeting.title.startswith("Human Rights Council, thirtieth session")
    assert record.meeting.place == "Geneva"


def test_a_general_assembly_resolution_still_meets_in_new_york():
    text = _decision("A/RES/70/105", "General Assembly").replace(
        "40th meeting", "40th plenary meeting"
    )
    record = parse_text(text, "r.txt")
    assert record.meeting is not None
    assert record.meeting.title.startswith("General Assembly")
    assert record.meeting.place == "New York"


@pytest.mark.skipif(not SHARED_PDFS.is_dir(), reason="no ../shared/records/pdfs beside this clone")
def test_the_shared_council_decision_meets_in_geneva():
    path = SHARED_PDFS / "A_HRC_DEC_28_111-hrc-decision-upr-slovenia.txt"
    record = parse_text(path.read_text("utf-8"), path.name)
    assert record.meeting is not None
    assert record.meeting.title.startswith("Human Rights Council")
    assert record.meeting.place == "Geneva"


# --- a heading's citation ------------------------------------------------------------------


def test_a_heading_cites_as_its_title_or_its_number():
    assert cite("body__heading_3") == "heading 3"
    assert cite("annex_1__heading_2") == "Annex, heading 2"
    heading = Paragraph("annex_1__heading_2", "", "VIII. Observations", [], role="heading")
    para = Paragraph("annex_1__para_5", "5", "Text.", [])
    record = Record(title="R", parts=[Part("annex_1", PartKind.ANNEX, "", [heading, para])])
    assert record.citation(heading.eid) == "Annex, “VIII. Observations”"
    assert record.citation(para.eid) == "Annex, para. 5"
    long = "A. " + "very long heading words " * 10
    heading.text = long
    cited = record.citation(heading.eid)
    assert cited.endswith("…”") and len(cited) < len(long)
    heading.text = "  "
    assert record.citation(heading.eid) == "Annex, heading 2"


def test_a_reports_themes_cite_their_headings_by_title():
    path = REPO / "tests" / "fixtures" / "samples"
    path = path / "s-2014-192-sg-final-report-unipsil-sierra-leone-2014.txt"
    record = parse_text(path.read_text("utf-8"), path.name)
    cited = [record.citation(e) for t in record.themes for e in t.mentions if "__heading_" in e]
    assert cited, "the report's themes are at some of its headings"
    assert all(c.startswith("“") and c != "heading" for c in cited), cited


# --- an abbreviation of a thing is not a body ----------------------------------------------


def _entities(*texts: str) -> list[tuple[str, str, str | None]]:
    places = [Place(f"body__para_{i}", t) for i, t in enumerate(texts, 1)]
    processes, organizations, _names = entities.find_entities(places)
    return [(e.name, e.kind, e.short_name) for e in processes + organizations]


def test_an_abbreviation_the_text_defines_in_small_letters_is_no_body():
    found = _entities(
        "The real gross domestic product (GDP) grew and the national widget index (NWI) fell.",
        "Revenue rose to 12 per cent of GDP in 2012 and the NWI is expected to fall again.",
        "The force helped the FLNR to disarm in the east of the country.",
    )
    names = [name for name, _kind, _short in found]
    assert "GDP" not in names and "NWI" not in names
    assert ("FLNR", "named_body", None) in found  # never defined: a named body, as before


def test_a_listed_abbreviation_of_a_thing_is_no_body_even_undefined():
    names = [n for n, _k, _s in _entities("The debt stood at 40 per cent of GDP in the year.")]
    assert names == []


def test_a_well_known_abbreviation_is_its_bodys():
    found = _entities(
        "The case went to the International Court of Justice last year.",
        "Since then the ICJ has ruled twice on the matter.",
    )
    assert found == [("International Court of Justice", "organ", "ICJ")]
    alone = _entities("Since then the ICJ has ruled twice on the matter.")
    assert alone == [("International Court of Justice", "organ", "ICJ")]


# --- the cost of many names and of many numbered paragraphs --------------------------------


def _word(i: int) -> str:
    letters = ""
    i += 26 * 27
    while i:
        i, r = divmod(i, 26)
        letters = chr(97 + r) + letters
    return "Q" + letters


def test_many_names_cost_a_few_tries_per_place_not_one_per_name():
    # Each place names a body of its own: one alternation of every name would try all of them
    # at every capital (n * n tries); filed by first word, each place tries its own name.
    n = 300
    places = [
        Place(f"body__para_{i}", f"The Council thanked the {_word(i)} Commission for its work.")
        for i in range(n)
    ]
    cands = [
        entities._Candidate(f"{_word(i)} Commission", "subsidiary_body", None, set(), False, (i, 0))
        for i in range(n)
    ]
    mentions, _status, matcher = entities._mentions(cands, places)
    assert matcher is not None
    assert all(mentions[i] == [f"body__para_{i}"] for i in range(n))
    assert matcher.tries <= 2 * n, matcher.tries


def test_a_name_is_found_whichever_way_its_hyphen_is_written():
    cands = [
        entities._Candidate("Peace-building Commission", "subsidiary_body", None, set()),
        entities._Candidate("UN", "named_body", None, set()),
    ]
    places = [
        Place("body__para_1", "The Peacebuilding Commission met."),
        Place("body__para_2", "The Peace‐building Commission met."),
        Place("body__para_3", "UN-Habitat and the UN met."),
    ]
    mentions, _status, _matcher = entities._mentions(cands, places)
    assert mentions[0] == ["body__para_1", "body__para_2"]
    assert mentions[1] == ["body__para_3"]


class _CountingList(list):
    walks = 0

    def __iter__(self):
        _CountingList.walks += 1
        return super().__iter__()


class _CountingSet(set):
    lookups = 0

    def __contains__(self, item):
        _CountingSet.lookups += 1
        return super().__contains__(item)


def test_many_numbered_paragraphs_are_built_in_linear_steps(monkeypatch):
    # A thousand paragraphs numbered "1": each used to walk the paragraphs before it twice
    # (its number's predecessor, its eid's free suffix).
    real_part = structure.Part

    def part(*args, **kwargs):
        made = real_part(*args, **kwargs)
        made.paragraphs = _CountingList()
        return made

    @dataclass
    class Builder(structure._Builder):
        def __post_init__(self) -> None:
            self.used_eids = _CountingSet()

    monkeypatch.setattr(structure, "Part", part)
    monkeypatch.setattr(structure, "_Builder", Builder)
    n = 1000
    text = "United Nations\n\nGeneral Assembly\n\nA/1/1\n\nReport\n\n" + "\n\n".join(
        "1. The Committee took note of the report." for _ in range(n)
    )
    units, footnotes = layout.segment(text)
    _CountingList.walks = _CountingSet.lookups = 0
    record = structure.build(units, footnotes, markup=False)
    assert len(record.parts[0].paragraphs) >= n
    assert len({p.eid for _part, p in record.paragraphs()}) == len(list(record.paragraphs()))
    assert _CountingList.walks < n / 10, _CountingList.walks
    assert _CountingSet.lookups < 4 * n, _CountingSet.lookups


# --- bodies, outcomes and themes in each official language of the data --------------------


@pytest.mark.parametrize(
    ("text", "language", "want"),
    [
        (
            "El Consejo de Seguridad pidió al Secretario General que informara a la Presidencia "
            "del Consejo de Seguridad. La Misión de Asistencia de las Naciones Unidas terminó.",
            "es",
            {
                ("Consejo de Seguridad", "organ"),
                ("Secretario General", "organ"),
                ("Presidencia del Consejo de Seguridad", "official"),
                ("Misión de Asistencia de las Naciones Unidas", "mission"),
            },
        ),
        (
            "Le Conseil de sécurité a prié le Secrétaire général de faire rapport à l’Assemblée "
            "générale sur le Fonds des Nations Unies pour l’enfance.",
            "fr",
            {
                ("Conseil de sécurité", "organ"),
                ("Secrétaire général", "organ"),
                ("Assemblée générale", "organ"),
            },
        ),
        ("Совет Безопасности и Генеральная Ассамблея провели встречу.", "ru", None),
    ],
)
def test_bodies_are_read_in_each_language(text, language, want):
    found = {(f.name, f.kind) for f in entities.naming.scan(text, language)}
    if want is None:
        want = {("Совет Безопасности", "organ"), ("Генеральная Ассамблея", "organ")}
    assert want <= found, found
    # A capitalised article opens no name: "El Consejo ..." is the Council.
    assert not any(name.split()[0] in ("El", "Le", "La") for name, _kind in found)


def test_an_article_of_the_records_language_opens_no_name_in_english():
    # "El" is an article only in a Spanish record: in English it may start a name.
    found = {f.name for f in entities.naming.scan("The El Alto Commission met.", "en")}
    assert "El Alto Commission" in found


def _spanish_letter() -> str:
    return """S/2099/1

Naciones Unidas

Consejo de Seguridad

Distr. general
13 de septiembre de 2099
Español
Original: inglés

Carta de fecha 12 de septiembre de 2099 dirigida a la
Presidencia del Consejo de Seguridad por el Representante
Permanente de Ruritania ante las Naciones Unidas
Tengo el honor de transmitirle una carta relativa al conflicto armado en la región y a
la escasez de agua que sufre la población (véase el anexo).
(Firmado) Pat Doe
Representante Permanente

Anexo de la carta de fecha 12 de septiembre de 2099 dirigida
a la Presidencia del Consejo de Seguridad
Informo al Consejo de Seguridad de las violaciones del derecho internacional y de la
Carta de las Naciones Unidas cometidas en la frontera, que amenazan la paz y la
seguridad internacionales.
Ruritania sigue negociando de buena fe con sus vecinos, e insta a las partes a que
respeten el alto el fuego y el derecho internacional humanitario.
(Firmado) Pat Doe
"""


def test_a_spanish_letter_gives_its_bodies_outcomes_and_themes():
    record = parse_text(_spanish_letter(), "carta.txt")
    assert record.language == "es"
    names = {(e.name, e.kind) for e in record.processes + record.organizations}
    assert ("Consejo de Seguridad", "organ") in names
    assert ("Carta de las Naciones Unidas", "treaty") in names
    verbs = [c.verb for c in record.conclusions]
    assert "Insta a las partes" in verbs or any(v.startswith("Insta") for v in verbs), verbs
    themes = {t.name for t in record.themes}
    assert {"Peace and security", "International law"} <= themes, themes

"""Themes from the vocabulary of the UN's work (resources/themes.json), the stems they are
matched on, and the sentence splitter the record's own themes are read with.

The record's own themes (Lima's round tables, a list the text introduces) are pinned in
test_analysis.py and test_analysis_records.py; here, the general vocabulary on snippets and on
the shared samples, whose subjects a careful reader names at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import vocab
from briefing.importer import parse_text
from briefing.importer.lexicon import Place, sentences, stem
from briefing.importer.themes import vocabulary_themes

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "fixtures" / "samples"
LIMA = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"


def _sample(prefix: str):
    path = next(SAMPLES.glob(f"{prefix}*.txt"))
    return parse_text(path.read_text(encoding="utf-8"), path.name)


def _vocabulary_themes(record) -> dict[str, list[str]]:
    return {t.name: t.mentions for t in record.themes if t.source == "vocabulary"}


def _places(*texts: str) -> list[Place]:
    return [Place(f"body__para_{i}", text) for i, text in enumerate(texts, start=1)]


def _themes(*texts: str) -> dict[str, list[str]]:
    places = _places(*texts)
    return {t.name: t.mentions for t in vocabulary_themes(places, [p.text for p in places])}


# --- the sentence splitter -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "See para. 5 of the report.",
        "As noted in No. 65 of the series.",
        "Mr. Ban Ki-moon spoke first.",
        "Several bodies, e.g. UNICEF, replied.",
        "One body, i.e. the Council, replied.",
        "The U.N. Secretary-General spoke.",
        "Under art. 3 of the Convention.",
        "As Para. 7 says.",
        "Statement by J. Smith on the item.",
        "(See paras. 12-14 above.)",
    ],
)
def test_an_abbreviation_does_not_end_a_sentence(text):
    assert sentences(text) == [(0, len(text))]


def test_sentences_still_end_at_full_stops():
    text = "The Council met. It adopted the agenda. 5 members spoke! Then it rose."
    assert [text[a:b] for a, b in sentences(text)] == [
        "The Council met.",
        "It adopted the agenda.",
        "5 members spoke!",
        "Then it rose.",
    ]


def test_a_list_of_abbreviations_is_data():
    listed = vocab.load("abbreviations.json")["abbreviations"]
    assert {"para.", "No.", "Mr.", "art."} <= set(listed)


# --- stems ---------------------------------------------------------------------------------


def test_stems_meet_inflections_and_keep_senses_apart():
    assert stem("migrants") == stem("migrant")
    assert stem("processes") == stem("process")
    assert stem("Protection") == stem("protection")
    assert stem("migrants’") == stem("migrant's") == stem("migrant")
    # Snowball keeps these apart, where the old five-letter prefix merged them.
    assert stem("humanitarian") != stem("humanity")
    assert stem("migration") != stem("migrants")


def test_stems_in_the_records_language():
    assert stem("migraciones", "es") == stem("migración", "es")
    assert stem("migrations", "fr") == stem("migration", "fr")


def test_no_single_word_term_shares_its_stem_with_a_word_of_another_sense():
    # Each pair: a word a term would be, and a common word of another sense with its stem. Such
    # a word may be given in phrases only (resources/themes.json says why).
    merged = [
        ("development", "developments"),
        ("governance", "Government"),
        ("accountability", "account"),
        ("appropriation", "appropriate"),
        ("accession", "access"),
        ("learning", "learned"),
        ("peace", "peaceful"),
    ]
    single = {
        stem(term)
        for theme in vocab.load("themes.json")["themes"]
        for term in theme["terms"]["en"]
        if " " not in term and "-" not in term
    }
    for word, other in merged:
        assert stem(word) == stem(other)
        assert stem(word) not in single, word


# --- the vocabulary ------------------------------------------------------------------------


def test_the_vocabulary_holds_the_17_goals_and_the_fields_of_work():
    data = vocab.load("themes.json")
    goals = [t for t in data["themes"] if t["category"] == "Sustainable Development Goals"]
    assert [t["name"].split(":")[0] for t in goals] == [f"Goal {n}" for n in range(1, 18)]
    assert goals[0]["name"] == "Goal 1: No poverty"
    fields = {t["name"] for t in data["themes"] if t["category"] == "Fields of work"}
    assert {
        "Peace and security",
        "Human rights",
        "Humanitarian affairs",
        "Development",
        "International law",
        "Disarmament",
        "Climate and environment",
        "Gender equality",
        "Migration",
        "Health",
        "Budget and administration",
    } <= fields
    assert all(t["terms"]["en"] for t in data["themes"])
    assert set(data["categories"]) == {t["category"] for t in data["themes"]}


def test_terms_match_on_stems_and_name_their_places():
    found = _themes(
        "The peace processes in the region advanced.",
        "Nothing of note.",
        "A peace process was agreed.",
    )
    assert found["Peace and security"] == ["body__para_1", "body__para_3"]


def test_a_capitalised_run_is_a_name_not_a_topic():
    assert _themes("The Special Forum on Sustainable Development Goals met.") == {}
    assert "Development" in _themes("Sustainable development was discussed.")


def test_a_theme_part_of_another_gives_it_its_places():
    found = _themes("Nuclear weapons must be eliminated.", "Nuclear disarmament is urgent.")
    assert found["Disarmament"] == found["Peace and security"] == ["body__para_1", "body__para_2"]


def test_a_single_passing_word_in_a_longer_record_lists_no_theme():
    filler = [f"The Committee considered item {n}." for n in range(30)]
    once = _themes("Climate change was mentioned once.", *filler)
    assert "Goal 13: Climate action" not in once
    twice = _themes("Climate change was raised.", "The climate was discussed again.", *filler)
    assert twice["Goal 13: Climate action"] == ["body__para_1", "body__para_2"]


def test_the_threshold_grows_with_the_record():
    # 2 % of the places: four in a record of 200, however many times one place repeats a term.
    filler = [f"The Committee considered item {n}." for n in range(196)]
    three = _themes(*["Human rights were discussed."] * 3, *filler)
    assert "Human rights" not in three
    four = _themes(*["Human rights were discussed."] * 4, *filler)
    assert len(four["Human rights"]) == 4


def test_themes_are_grouped_by_category_most_concerned_first():
    places = _places(
        "Human rights and the peace process.",
        "The peace process again.",
        "Poverty eradication.",
        "Extreme poverty.",
    )
    themes = vocabulary_themes(places, [p.text for p in places])
    categories = [t.category for t in themes]
    assert categories == sorted(
        categories, key=["Fields of work", "Sustainable Development Goals"].index
    )
    fields = [t.name for t in themes if t.category == "Fields of work"]
    assert fields[0] == "Peace and security"


def test_no_terms_in_the_records_language_no_vocabulary_themes():
    places = _places("人权与和平。")
    assert vocabulary_themes(places, [p.text for p in places], "zh") == []


def test_a_records_own_language_has_its_terms():
    # English terms do not read Spanish words; Spanish terms, on Spanish stems, do.
    places = _places("Los derechos humanos y la paz y la seguridad internacionales.")
    assert vocabulary_themes(places, [p.text for p in places], "en") == []
    names = {t.name for t in vocabulary_themes(places, [p.text for p in places], "es")}
    assert {"Human rights", "Peace and security"} <= names


# --- the samples ---------------------------------------------------------------------------


def test_a_resolution_on_nuclear_disarmament():
    themes = _vocabulary_themes(_sample("a-res-68-47-"))
    assert list(themes)[:2] == ["Peace and security", "Disarmament"]
    assert "Migration" not in themes and "Human rights" not in themes


def test_the_sierra_leone_report():
    themes = _vocabulary_themes(_sample("s-2014-192"))
    assert {"Peace and security", "Peacebuilding"} <= set(themes)
    assert "Disarmament" not in themes and "Migration" not in themes


def test_lima_is_about_migration_and_keeps_its_round_table_themes():
    lima = parse_text(LIMA.read_text(encoding="utf-8"), LIMA.name)
    themes = _vocabulary_themes(lima)
    assert next(iter(themes)) == "Migration"
    assert len(themes["Migration"]) > 10
    assert "Disarmament" not in themes
    own = [t.name for t in lima.themes if t.source == "record"]
    assert len(own) == 4


def test_a_verbatim_record_on_a_veto():
    themes = _vocabulary_themes(_sample("s-pv-7138"))
    assert list(themes)[:2] == ["Peace and security", "International law"]


def test_the_migration_resolutions_are_about_migration():
    for prefix in ("a-res-67-219", "a-res-68-4-"):
        themes = _vocabulary_themes(_sample(prefix))
        assert next(iter(themes)) == "Migration", prefix
        assert "Disarmament" not in themes


def test_every_vocabulary_theme_has_its_category_and_places():
    for path in sorted(SAMPLES.glob("*.txt")):
        record = parse_text(path.read_text(encoding="utf-8"), path.name)
        for theme in record.themes:
            if theme.source == "vocabulary":
                assert theme.category in {"Fields of work", "Sustainable Development Goals"}
                assert theme.mentions and all(record.find(e) for e in theme.mentions)
            else:
                assert theme.category == ""

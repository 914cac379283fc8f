"""The States a record names (importer/states.py): snippets for each rule, then the samples.

The snippets pin the nested names and the look-alikes one by one; the samples hold the finder
to what a careful reader sees in real documents (a verbatim record's speakers and vote, a
resolution's footnotes, a report) and to no State that is not there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import vocab
from briefing.domain import Paragraph
from briefing.importer import parse_text
from briefing.importer.lexicon import Place
from briefing.importer.states import find_states

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "fixtures" / "samples"


def _states(*texts: str, language: str | None = None) -> dict[str, list[str]]:
    places = [Place(f"body__para_{i}", text) for i, text in enumerate(texts, start=1)]
    return {s.name: s.mentions for s in find_states(places, language)}


def _sample(prefix: str):
    path = next(SAMPLES.glob(f"{prefix}*.txt"))
    return parse_text(path.read_text(encoding="utf-8"), path.name)


# --- the list ------------------------------------------------------------------------------


def test_the_list_is_the_193_member_states_and_the_two_observer_states():
    data = vocab.load("un-states.json")
    assert len(data["members"]) == len(set(data["members"])) == 193
    assert data["observers"] == ["VAT", "PSE"]
    assert not set(data["members"]) & set(data["observers"])


def test_the_uns_short_names_and_iso_codes():
    text = (
        "Bolivia (Plurinational State of), the United Kingdom of Great Britain and Northern "
        "Ireland, the Russian Federation, Côte d’Ivoire, Türkiye, the State of Palestine and the "
        "Holy See."
    )
    places = [Place("body__para_1", text)]
    found = {s.name: s.code for s in find_states(places)}
    assert found == {
        "Bolivia (Plurinational State of)": "BOL",
        "United Kingdom of Great Britain and Northern Ireland": "GBR",
        "Russian Federation": "RUS",
        "Côte d'Ivoire": "CIV",
        "Türkiye": "TUR",
        "State of Palestine": "PSE",
        "Holy See": "VAT",
    }


def test_other_forms_name_the_same_state_once():
    found = _states(
        "The Plurinational State of Bolivia and Bolivia spoke.",
        "The United Kingdom and the United States of America; then the United States.",
        "Russia, and Turkey before it was Türkiye.",
    )
    assert found == {
        "Bolivia (Plurinational State of)": ["body__para_1"],
        "United Kingdom of Great Britain and Northern Ireland": ["body__para_2"],
        "United States of America": ["body__para_2"],
        "Russian Federation": ["body__para_3"],
        "Türkiye": ["body__para_3"],
    }


# --- nested names and look-alikes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Democratic People’s Republic of Korea", ["Democratic People's Republic of Korea"]),
        ("the Republic of Korea", ["Republic of Korea"]),
        ("South Sudan and the Sudan", ["South Sudan", "Sudan"]),
        ("South Sudan", ["South Sudan"]),
        ("Papua New Guinea", ["Papua New Guinea"]),
        ("Equatorial Guinea and Guinea-Bissau", ["Equatorial Guinea", "Guinea-Bissau"]),
        ("Guinea", ["Guinea"]),
        ("Nigeria", ["Nigeria"]),
        ("the Niger", ["Niger"]),
        ("the Democratic Republic of the Congo", ["Democratic Republic of the Congo"]),
        ("the Republic of the\nCongo", ["Congo"]),
        ("the Dominican Republic", ["Dominican Republic"]),
        ("Dominica", ["Dominica"]),
        ("Chad", ["Chad"]),
        ("Georgia", ["Georgia"]),
        ("the peace process in Northern Ireland", []),
        ("the Gulf of Guinea", []),
        ("on behalf of the Group of 77 and China", []),
        ("the Russian position, Malian forces", []),
        ("a turkey and a chad", []),
    ],
)
def test_longest_name_first_and_word_bounded(text, expected):
    assert list(_states(text)) == expected


def test_a_states_name_after_a_personal_title_is_a_person():
    assert _states("Mr. Jordan thanked the Council.", "Ms. Georgia Smith spoke.") == {}
    assert list(_states("The representative of Jordan, Mr. Chad, spoke.")) == ["Jordan"]


def test_mentions_are_every_place_once_in_reading_order():
    found = _states("Chile and Chile.", "Nothing here.", "Chile again.")
    assert found == {"Chile": ["body__para_1", "body__para_3"]}


def test_a_speakers_affiliation_is_a_mention_of_the_first_paragraph():
    paragraph = Paragraph(
        "body__p_4",
        None,
        "I thank the President.",
        speaker="Prince Zeid Ra’ad Zeid Al-Hussein",
        speaker_label="Prince Zeid Ra’ad Zeid Al-Hussein (Jordan)",
    )
    places = [Place(paragraph.eid, paragraph.text, paragraph=paragraph)]
    assert [(s.name, s.mentions) for s in find_states(places)] == [("Jordan", ["body__p_4"])]


def test_a_french_record_names_states_in_french():
    found = _states("La Fédération de Russie et la France.", language="fr")
    assert found == {"Russian Federation": ["body__para_1"], "France": ["body__para_1"]}


# --- the samples ---------------------------------------------------------------------------


def test_verbatim_record_speakers_and_vote():
    rec = _sample("s-pv-7138")
    states = {s.name: s for s in rec.states}
    speakers = [
        "Luxembourg",
        "Russian Federation",
        "United States of America",
        "France",
        "United Kingdom of Great Britain and Northern Ireland",
        "Lithuania",
        "Rwanda",
        "China",
        "Chile",
        "Argentina",
        "Australia",
        "Republic of Korea",
        "Nigeria",
        "Chad",
        "Jordan",
        "Ukraine",
    ]
    assert set(speakers) <= set(states)
    # Nigeria is named, the Niger never is; the Democratic People's Republic of Korea neither.
    assert "Niger" not in states
    assert "Democratic People's Republic of Korea" not in states
    vote = next(p for p in rec.places() if getattr(p, "role", "") == "vote")
    in_favour = {name for name, s in states.items() if vote.eid in s.mentions}
    assert {"Jordan", "Republic of Korea", "Nigeria", "Chad", "Lithuania"} <= in_favour
    against = next(p for p in rec.places() if getattr(p, "text", "").startswith("Against"))
    assert [n for n, s in states.items() if against.eid in s.mentions] == ["Russian Federation"]
    # "Prince Zeid Ra’ad Zeid Al-Hussein (Jordan)": his statement's first paragraph names Jordan.
    zeid = next(p for p in rec.places() if "(Jordan)" in getattr(p, "speaker_label", ""))
    assert zeid.eid in states["Jordan"].mentions
    assert all(len(s.code) == 3 for s in rec.states)


def test_resolution_lists_the_states_its_text_names_and_no_others():
    rec = _sample("a-res-68-47-")
    names = [s.name for s in rec.states]
    # "... accession to the Treaty by Brunei Darussalam, Chad, Guinea-Bissau and Iraq".
    assert {"Brunei Darussalam", "Chad", "Guinea-Bissau", "Iraq"} <= set(names)
    assert "Guinea" not in names


def test_report_names_its_country_and_its_neighbours():
    rec = _sample("s-2014-192")
    states = {s.name: s for s in rec.states}
    assert len(states["Sierra Leone"].mentions) > 20
    assert {"Guinea", "Liberia"} <= set(states)
    assert "Guinea-Bissau" not in states


def test_a_resolution_about_south_sudan_is_not_about_the_sudan_alone():
    rec = _sample("s-res-2155")
    states = {s.name: s for s in rec.states}
    assert len(states["South Sudan"].mentions) > 10
    assert rec.states[0].name == "South Sudan"


def test_a_text_naming_no_state_lists_none():
    assert _sample("a-res-68-4-").states == []


@pytest.mark.e2e
def test_states_reach_show_json(briefing_home, tmp_path):
    sample = next(SAMPLES.glob("s-pv-7138*.txt"))
    env = {**os.environ, "BRIEFING_HOME": str(briefing_home), "PYTHONPATH": str(REPO)}

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "briefing", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("import", str(sample))
    shown = json.loads(run("show", "S/PV.7138", "--json"))
    states = {s["name"]: s for s in shown["states"]}
    assert states["Russian Federation"]["code"] == "RUS"
    assert states["Jordan"]["mentions"]

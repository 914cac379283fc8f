"""`briefing show --json` carries the panes for every kind of record (issue 15): outcomes with
their kind and verb, bodies with a kind, States, speakers, themes and the meeting — held to the
careful reader's expectations where they are plain facts (a meeting's date, a speaker's name)."""

from __future__ import annotations

import json

import pytest
from test_cli_records import REPO, run

pytestmark = pytest.mark.e2e

SAMPLES = REPO / "tests" / "fixtures" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))

KINDS = {
    "resolution": "a-res-67-219-international-migration-2012.txt",
    "report": "s-2014-192-sg-final-report-unipsil-sierra-leone-2014.txt",
    "verbatim": "s-pv-7138-sc-ukraine-draft-resolution-vetoed-2014.txt",
    "letter": "s-2016-53-colombia-letters-joint-communique-65-havana-2016.txt",
}


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> dict[str, dict]:
    home = tmp_path_factory.mktemp("home")
    out = {}
    for label, name in KINDS.items():
        imported = run(home, "import", str(SAMPLES / name))
        record_id = imported.stdout.strip()
        out[label] = json.loads(run(home, "show", record_id, "--json").stdout)
    return out


@pytest.mark.parametrize("label", list(KINDS))
def test_every_kind_carries_the_panes_and_its_meeting(shown, label: str) -> None:
    data = shown[label]
    expected = EXPECTED[KINDS[label]]
    for key in ("conclusions", "processes", "organizations", "states", "speakers", "themes"):
        assert isinstance(data[key], list), key
    assert data["conclusions"], "every kind has outcomes"
    assert all(c["kind"] for c in data["conclusions"])
    assert data["processes"] + data["organizations"], "every kind names bodies"
    assert all(e["kind"] and e["mentions"] for e in data["processes"] + data["organizations"])
    assert data["themes"]
    meeting = data["meeting"]
    want = expected["meeting"]
    if want is None:
        return
    assert meeting is not None
    assert meeting["start"] == want["start"]
    if want.get("place"):
        assert meeting["place"] and meeting["place"] in want["place"]


def test_a_resolutions_outcomes_are_its_operative_paragraphs_with_their_verbs(shown) -> None:
    outcomes = shown["resolution"]["conclusions"]
    assert {c["kind"] for c in outcomes} == {"operative"}
    assert [c["label"] for c in outcomes][:3] == ["OP1", "OP2", "OP3"]
    with_verbs = [c for c in outcomes if c["verb"]]
    assert len(with_verbs) >= 0.8 * len(outcomes)
    for c in with_verbs:
        assert c["text"].casefold().split()[0] in c["verb"].casefold() or c["family"]
        assert c["family"]


def test_a_verbatim_records_speakers_states_and_meeting(shown) -> None:
    data = shown["verbatim"]
    expected = EXPECTED[KINDS["verbatim"]]
    names = [s["name"] for s in data["speakers"]]
    assert names == [s.split(" (")[0] for s in expected["speakers"]]
    assert all(s["eid"] for s in data["speakers"])
    states = {s["name"] for s in data["states"]}
    for speaker in data["speakers"][1:]:
        assert speaker["affiliation"] in states or speaker["affiliation"].startswith("United")
    meeting = data["meeting"]
    assert meeting["number"].startswith("7138")
    assert meeting["presiding"].startswith("Ms. Lucas")
    assert {c["kind"] for c in data["conclusions"]} == {"decision"}


def test_a_reports_outcomes_are_its_observations_or_recommendations(shown) -> None:
    data = shown["report"]
    expected = EXPECTED[KINDS["report"]]
    labels = {c["label"].removeprefix("para. ") for c in data["conclusions"]}
    want = {c.split()[-1] for c in expected["conclusions"]}
    assert want <= labels
    assert "Sierra Leone" in {s["name"] for s in data["states"]}

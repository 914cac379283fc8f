"""Every shared sample's structure against expected.json, a careful reading of each.

expected.json (tests/fixtures/samples, a copy of ../shared/records/samples) gives for each
document its symbol, organ, date, session, agenda items, title and subtitle, its parts with
the count of their numbered paragraphs (1..N), lettered and roman points, its footnotes and
signatories and, for a meeting record, its speakers. This test reads each sample and holds it
to that reading, field by field, so that a failure names the document and the field.

Where our reading is a different but equivalent form of the same thing, the comparison says
so in one place (see `_part_kind` and `_part_title`); nothing here is written for one file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing.domain import Paragraph, Part, Record
from briefing.importer import read_document
from briefing.importer.kinds import document_kinds

REPO = Path(__file__).resolve().parents[2]
SAMPLES_DIR = REPO / "tests" / "fixtures" / "samples"
EXPECTED: dict[str, dict] = json.loads((SAMPLES_DIR / "expected.json").read_text("utf-8"))
NAMES = sorted(
    name for name in EXPECTED if (SAMPLES_DIR / name).is_file() and "parts" in EXPECTED[name]
)
KINDS = {entry["kind"] for entry in document_kinds()["kinds"]}

_records: dict[str, Record] = {}


def record_of(name: str) -> Record:
    if name not in _records:
        _records[name] = read_document(SAMPLES_DIR / name)
    return _records[name]


def test_every_sample_has_a_reading() -> None:
    assert len(NAMES) == len(list(SAMPLES_DIR.glob("*.txt"))) == 12


@pytest.mark.parametrize("name", NAMES)
def test_masthead(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    assert record.symbol == expected["symbol"]
    assert record.organ == expected["organ"]
    assert (record.date.isoformat() if record.date else None) == expected["date"]
    assert record.session == expected["session"]


@pytest.mark.parametrize("name", NAMES)
def test_agenda_items(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    items = [a.item for a in record.agenda if a.item]
    # The items a meeting takes up, as the record prints them; one sample's two-column page
    # prints two items' headings one after the other (see its notes), so the order is not
    # held, every item is.
    assert sorted(items) == sorted(expected["agenda_items"])
    assert len(items) == len(set(items))
    if expected["agenda_item_title"]:
        # The title of the item, or (a meeting record taking up several items under one
        # heading, "Reports of the Fifth Committee") the heading they are taken up under.
        titles = [a.title for a in record.agenda]
        if record.proceedings is not None:
            titles += [p.text for p in record.parts[0].paragraphs if p.role == "heading"][:1]
        assert expected["agenda_item_title"] in titles


@pytest.mark.parametrize("name", NAMES)
def test_title_and_subtitle(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    assert record.title == expected["title"]
    assert (record.subtitle or None) == expected["subtitle"]


@pytest.mark.parametrize("name", NAMES)
def test_kind_is_one_of_the_kinds_in_data(name: str) -> None:
    record = record_of(name)
    assert record.kind in KINDS, (name, record.kind)


def _part_kind(part: Part, index: int) -> str:
    """expected.json calls the first part of a letter its body; we call it the letter (as the
    Lima record's letter has always been): the same part."""
    return "body" if index == 0 and part.kind == "letter" else part.kind.value


def _part_title(part: Part) -> str | None:
    """An annex or enclosure printed without a title of its own has only its heading line
    ("Annex"): expected.json gives it no title. One printed with a title under its heading
    line ("Enclosure" / "Joint Communique No. 65") keeps the heading as its title and the
    title as its first note; either names it."""
    return part.title


def _title_matches(part: Part, want: str | None) -> bool:
    if want is None:
        return (
            part.kind in ("annex", "enclosure")
            and re.fullmatch(r"(?:Annex|Enclosure)(?:\s+\S+)?", _part_title(part)) is not None
        )
    return want in (_part_title(part), *(part.notes[:1]))


def _numbers(part: Part) -> list[int]:
    return [int(p.number) for p in part.paragraphs if p.number]


def _points(part: Part) -> tuple[int, int]:
    """(lettered, roman): the points at a paragraph's level, and those nested in them."""
    lettered = sum(len(p.points) for p in part.paragraphs)
    nested = sum(len(pt.points) for p in part.paragraphs for pt in p.points)
    return lettered, nested


@pytest.mark.parametrize("name", NAMES)
def test_parts_and_their_numbered_paragraphs(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    want = expected["parts"]
    assert [_part_kind(p, k) for k, p in enumerate(record.parts)] == [w["kind"] for w in want]
    for part, spec in zip(record.parts, want, strict=True):
        assert _title_matches(part, spec["title"]), (part.eid, part.title, spec["title"])
        numbers = _numbers(part)
        # Numbered 1..N through the part, whatever sections it holds.
        assert numbers == list(range(1, spec["numbered_paragraphs"] + 1)), part.eid
        assert (max(numbers) if numbers else None) == spec["max_paragraph_number"]
        assert _points(part) == (spec["lettered_points"], spec["roman_points"]), part.eid


@pytest.mark.parametrize("name", NAMES)
def test_footnotes(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    assert len(record.footnotes) == expected["footnotes"]
    assert [f.marker for f in record.footnotes] == expected["footnote_markers"]
    # Two footnotes with one marker are told apart by their eids and by their parts.
    assert len({f.eid for f in record.footnotes}) == len(record.footnotes)
    for footnote in record.footnotes:
        assert footnote.cited_in and all(
            e.split("__")[0] == footnote.part for e in footnote.cited_in
        )


@pytest.mark.parametrize("name", NAMES)
def test_signatories(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    assert [s.name for s in record.signatories] == expected["signatories"]


def _person(speaker: str) -> str:
    """ "Mr. Thomson (Acting President; ...)" -> "thomson": the name without honorific or
    brackets, folded (expected.json writes "Ki-moon" where the record prints "Ki-Moon")."""
    name = speaker.split(" (")[0]
    words = name.split()
    if len(words) > 1 and (words[0].endswith(".") or words[0] in ("Sir", "Prince", "Dame")):
        words = words[1:]
    return " ".join(words).casefold()


@pytest.mark.parametrize("name", NAMES)
def test_speakers_in_order(name: str) -> None:
    expected, record = EXPECTED[name], record_of(name)
    assert [_person(s.name) for s in record.speakers] == [_person(s) for s in expected["speakers"]]
    for speaker in record.speakers:
        para = record.find(speaker.eid)
        assert isinstance(para, Paragraph) and para.speaker == speaker.name


@pytest.mark.parametrize("name", NAMES)
def test_split_paragraphs_are_whole(name: str) -> None:
    """A paragraph broken by a page or a column is one paragraph again."""
    expected, record = EXPECTED[name], record_of(name)
    texts = [" ".join(p.text.split()) for _, p in record.paragraphs()]
    texts += [" ".join(pt.text.split()) for _, p in record.paragraphs() for pt in p.walk_points()]
    for piece in expected["split_paragraph_samples"]:
        assert any(piece in text for text in texts), piece

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

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from briefing.domain import Paragraph, Part, Record
from briefing.importer import parse_text, read_document
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
    # Whom they speak for, where the record says it, is what the careful reading says too.
    for speaker, reading in zip(record.speakers, expected["speakers"], strict=True):
        about = reading.partition(" (")[2].rstrip(")").split("; ")
        assert not speaker.affiliation or speaker.affiliation in about, (speaker, reading)
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


# ------------------------------------------------------------ the rules, on small texts
#
# Each text below is made up, in the form pdftotext gives for an official PDF (a form feed
# ends a page, lines wrapped near 80 characters), to hold one rule on its own.

FILLER = "the delegations considered the matter at length and with care, weighing every view"


def wrap(text: str, width: int = 78) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n\f"


def test_kind_from_the_symbol_the_title_block_or_the_title() -> None:
    from briefing.importer.kinds import detect_kind

    assert detect_kind("S/PV.7138", []) == "verbatim_record"
    assert detect_kind("A/C.3/70/SR.12", []) == "summary_record"
    assert detect_kind("S/PRST/2014/4", []) == "presidential_statement"
    assert detect_kind("A/HRC/DEC/28/111", []) == "decision"
    assert detect_kind("S/2014/192", ["Final report of the Secretary-General on X"]) == "report"
    assert detect_kind(None, ["Note verbale dated 2 May 2013 from the Mission"]) == "note"
    assert detect_kind("A/68/1", ["Some heading"]) == ""


JOINT = page(
    "United Nations",
    "A/79/785-S/2025/94*",
    "General Assembly",
    "Security Council",
    "Distr.: General",
    "14 March 2025",
    "Original: English",
    "General Assembly",
    "Seventy-ninth session",
    "Agenda item 64**",
    "Prevention of armed conflict",
    "Security Council",
    "Eightieth year",
    "",
    "Letter dated 10 March 2025 from the Permanent Representative of Armenia to the",
    "United Nations addressed to the Secretary-General",
    "",
    wrap(
        "I have the honour to transmit herewith the summary of the forum, in which " + FILLER + "."
    ),
    "(Signed) Jane Doe",
    "Permanent Representative",
    "_______________",
    "* Reissued for technical reasons on 20 March 2025.",
    "** A/79/50.",
)


def test_a_joint_and_reissued_symbol_keeps_its_marks_and_their_footnotes() -> None:
    r = parse_text(JOINT)
    assert (r.symbol, r.organ, r.kind) == ("A/79/785-S/2025/94", "General Assembly", "letter")
    assert r.title == (
        "Letter dated 10 March 2025 from the Permanent Representative of Armenia to the United "
        "Nations addressed to the Secretary-General"
    )
    assert (r.symbol_marker, [(a.item, a.marker) for a in r.agenda]) == ("*", [("64", "**")])
    assert r.footnote(r.symbol_marker).text == "Reissued for technical reasons on 20 March 2025."
    assert r.footnote("**").text == "A/79/50."


EMERGENCY = page(
    "United Nations",
    "A/RES/ES-11/2",
    "General Assembly",
    "Distr.: General",
    "28 March 2022",
    "Eleventh emergency special session",
    "Agenda item 5",
    "Resolution adopted by the General Assembly on 24 March 2022",
    "[without reference to a Main Committee (A/ES-11/L.2)]",
    "ES-11/2. Humanitarian consequences of the aggression against Ukraine",
    "The General Assembly,",
    wrap("Recalling its resolution ES-11/1 of 2 March 2022, in which " + FILLER + ","),
    wrap("Reaffirming its commitment to the sovereignty, in which " + FILLER + ","),
    "1.",
    wrap("Demands an immediate cessation of the hostilities, in which " + FILLER + ";"),
    "2.",
    wrap("Decides to adjourn the eleventh emergency special session temporarily."),
)


def test_an_emergency_special_session_resolution_has_formula_preamble_and_operative_part():
    r = parse_text(EMERGENCY)
    assert (r.kind, r.session) == ("resolution", "Eleventh emergency special session")
    assert r.title == "Humanitarian consequences of the aggression against Ukraine"
    assert [(p.eid, p.role, p.label) for _, p in r.paragraphs()] == [
        ("body__formula", "formula", ""),
        ("body__preamble__para_1", "paragraph", "PP1"),
        ("body__preamble__para_2", "paragraph", "PP2"),
        ("body__para_1", "paragraph", "OP1"),
        ("body__para_2", "paragraph", "OP2"),
    ]
    assert r.citation("body__preamble__para_2", with_symbol=True) == "A/RES/ES-11/2, PP2"
    assert r.citation("body__para_1") == "OP1"


REPORT = page(
    "United Nations",
    "S/2030/1",
    "Security Council",
    "Distr.: General",
    "1 May 2030",
    "Report of the Secretary-General on the situation in the region",
    "I. Introduction",
    "1.",
    wrap(
        "The present report is submitted pursuant to resolution 1 (2029), in which " + FILLER + "."
    ),
    "II. Developments",
    "A.",
    "",
    "Political situation",
    "2.",
    wrap(
        "The Council met twice and set out twelve goals: 1. peace; 2. work; 3. trade, as "
        + FILLER
        + "."
    ),
    "1. Elections",
    "3.",
    wrap("The parties agreed to the following, in which " + FILLER + ":"),
    "(a) the first measure;",
    "(b) the second measure;",
    "(c) the third measure;",
    "(d) the fourth measure;",
    "(e) the fifth measure;",
    "(f) the sixth measure;",
    "(g) the seventh measure;",
    "(h) the eighth measure;",
    "(i) the ninth measure.",
    "4.",
    wrap("The mission reported on the following, in which " + FILLER + ":"),
    "(a) the security situation:",
    "(i) in the north;",
    "(ii) in the south.",
)


def test_a_report_numbers_its_paragraphs_through_its_headings():
    r = parse_text(REPORT)
    assert r.kind == "report"
    (body,) = r.parts
    assert [(p.role, p.number, p.text[:20]) for p in body.paragraphs] == [
        ("heading", None, "I. Introduction"),
        ("paragraph", "1", "The present report i"),
        ("heading", None, "II. Developments"),
        ("heading", None, "A. Political situati"),
        ("paragraph", "2", "The Council met twic"),
        # Numbered "1." where paragraph 3 is due: a subheading, not a paragraph.
        ("heading", None, "1. Elections"),
        ("paragraph", "3", "The parties agreed t"),
        ("paragraph", "4", "The mission reported"),
    ]
    # A numbered list inside a paragraph stays in it.
    assert "twelve goals: 1. peace; 2. work; 3. trade" in r.find("body__para_2").text
    # "(i)" right after "(h)" is the letter i; after "(a)" it is the roman one.
    assert [p.label for p in r.find("body__para_3").points] == list("abcdefghi")
    point_a = r.find("body__para_4__point_a")
    assert [p.label for p in point_a.points] == ["i", "ii"]


def _meeting_record() -> str:
    first = page(
        "S/PV.9999",
        "United Nations",
        "Security Council",
        "Provisional",
        "Eighty-fifth year",
        "9999th meeting",
        "Monday, 2 March 2030, 10 a.m.",
        "Geneva",
        "President:",
        "Mr. Alpha . . . . . . . . . . . . . . . . . . . . . .",
        "(Ruritania)",
        "Members:",
        "Borduria . . . . . . . . . . . . . . . . . . . . . . . .",
        "Syldavia . . . . . . . . . . . . . . . . . . . . . . . .",
        "Ms. Beta",
        "Mr. Gamma",
        "Agenda",
        "The situation in the region",
        "",
        "The meeting was called to order at 10.05 a.m.",
        "Adoption of the agenda",
        "The agenda was adopted.",
        "The President: I give the floor to the representative of Borduria.",
        "Ms. Beta (Borduria) (spoke in French): I thank the President, and I wish to say that",
        wrap(FILLER + ". " + FILLER + "."),
        wrap("We will vote for the draft resolution before the Council, in which " + FILLER + "."),
        "Mr. Gamma (Syldavia), Chair of the Committee established pursuant to resolution 1",
        "(spoke in Spanish): The Committee met twice, and " + FILLER + ".",
        "The President: I shall put the draft resolution to the vote now.",
        "A vote was taken by show of hands.",
        "In favour:",
        "Borduria and Ruritania",
        "Against:",
        "Syldavia",
        "The President: There were 2 votes in favour and 1 against. The draft resolution has been",
        "adopted as resolution 9999 (2030).",
        "The meeting rose at 10.40 a.m.",
    )
    return first


def test_a_meeting_record_reads_as_its_masthead_statements_and_votes():
    r = parse_text(_meeting_record())
    assert (r.kind, r.title, r.session) == (
        "verbatim_record",
        "9999th meeting",
        "Eighty-fifth year",
    )
    assert r.date == dt.date(2030, 3, 2)
    p = r.proceedings
    assert (p.time, p.place, p.called_to_order, p.rose) == (
        "10 a.m.",
        "Geneva",
        "10.05 a.m.",
        "10.40 a.m.",
    )
    assert (p.president.name, p.president.affiliation) == ("Mr. Alpha", "Ruritania")
    assert [(m.affiliation, m.name) for m in p.members] == [
        ("Borduria", "Ms. Beta"),
        ("Syldavia", "Mr. Gamma"),
    ]
    assert [a.title for a in r.agenda] == ["The situation in the region"]
    (table,) = r.tables
    assert table.rows[1:] == [
        ["President", "Mr. Alpha", "Ruritania"],
        ["Member", "Ms. Beta", "Borduria"],
        ["Member", "Mr. Gamma", "Syldavia"],
    ]
    assert [(s.name, s.affiliation, s.role) for s in r.speakers] == [
        ("Mr. Alpha", "Ruritania", "President"),
        ("Ms. Beta", "Borduria", ""),
        ("Mr. Gamma", "Syldavia", "Chair of the Committee established pursuant to resolution 1"),
    ]
    labels = [p.speaker_label for _, p in r.paragraphs() if p.speaker_label]
    assert labels[1] == "Ms. Beta (Borduria) (spoke in French)"
    beta = [p for _, p in r.paragraphs() if p.speaker == "Ms. Beta"]
    assert len(beta) == 2 and beta[0].text.startswith("I thank the President")
    assert r.citation(beta[1].eid) == f"unnumbered para. {beta[1].eid.rsplit('_', 1)[1]} (Ms. Beta)"
    assert beta[1].text.startswith("We will vote")
    roles = [p.role for _, p in r.paragraphs()]
    assert roles.count("decision") == 1 and roles.count("procedure") == 3
    (vote,) = r.votes
    assert (vote.method, vote.in_favour, vote.against, vote.abstaining) == (
        "A vote was taken by show of hands.",
        ["Borduria", "Ruritania"],
        ["Syldavia"],
        [],
    )
    assert vote.result.startswith("There were 2 votes in favour")


SUMMARY = page(
    "United Nations",
    "A/C.3/85/SR.12",
    "General Assembly",
    "Eighty-fifth session",
    "Official Records",
    "Distr.: General",
    "20 October 2030",
    "Original: English",
    "Third Committee",
    "Summary record of the 12th meeting",
    "Held at Headquarters, New York, on Tuesday, 14 October 2030, at 10 a.m.",
    "Chair: Mr. Alpha (Ruritania)",
    "",
    "The meeting was called to order at 10.10 a.m.",
    "Agenda item 68: Elimination of racism (continued)",
    "1.",
    wrap("The Chair said that the Committee would hear the last speakers, as " + FILLER + "."),
    "2.",
    wrap("Ms. Beta (Borduria), speaking on behalf of the Group, said that " + FILLER + "."),
    "3.",
    wrap("Her delegation also stressed that " + FILLER + "."),
    "4.",
    wrap("Mr. Gamma (Syldavia) asked whether the report would be issued, as " + FILLER + "."),
    "The meeting rose at 11.30 a.m.",
)


def test_a_summary_record_numbers_its_paragraphs_and_names_who_speaks():
    r = parse_text(SUMMARY)
    assert (r.kind, r.title) == ("summary_record", "Summary record of the 12th meeting")
    p = r.proceedings
    assert (p.meeting, p.date, p.time, p.place) == (
        "12th meeting",
        dt.date(2030, 10, 14),
        "10 a.m",
        "Headquarters, New York",
    )
    assert (p.president.name, p.president.affiliation) == ("Mr. Alpha", "Ruritania")
    assert (p.called_to_order, p.rose) == ("10.10 a.m.", "11.30 a.m.")
    assert [(a.item, a.title) for a in r.agenda] == [("68", "Elimination of racism (continued)")]
    numbered = [(para.number, para.speaker) for _, para in r.paragraphs() if para.number]
    assert numbered == [
        ("1", "Mr. Alpha"),
        ("2", "Ms. Beta"),
        ("3", "Ms. Beta"),
        ("4", "Mr. Gamma"),
    ]
    assert [(s.name, s.affiliation) for s in r.speakers] == [
        ("Mr. Alpha", "Ruritania"),
        ("Ms. Beta", "Borduria"),
        ("Mr. Gamma", "Syldavia"),
    ]


DECISION = page(
    "United Nations",
    "General Assembly",
    "A/HRC/DEC/40/101",
    "Distr.: General",
    "2 April 2031",
    "Original: English",
    "Human Rights Council",
    "Fortieth session",
    "Agenda item 6",
    "Universal periodic review",
    "Decision adopted by the Human Rights Council",
    "",
    "40/101.",
    "Outcome of the universal periodic review: Ruritania",
    "The Human Rights Council,",
    wrap("Acting in compliance with the mandate entrusted to it, in which " + FILLER + ","),
    wrap("Having conducted the review of Ruritania on 4 November 2030 in conformity with all"),
    "relevant provisions contained in the annex to Council resolution 5/1,",
    wrap("Decides to adopt the outcome of the review of Ruritania, in which " + FILLER + "."),
    "41st meeting",
    "19 March 2031",
)


def test_a_decision_with_one_unnumbered_operative_paragraph():
    r = parse_text(DECISION)
    assert (r.kind, r.title) == ("decision", "Outcome of the universal periodic review: Ruritania")
    assert [(p.role, p.label, p.text.split()[0]) for _, p in r.paragraphs()] == [
        ("formula", "", "The"),
        ("paragraph", "PP1", "Acting"),
        ("paragraph", "PP2", "Having"),
        # "Decides" after the last preambular comma: the operative part, one unnumbered
        # paragraph, and the decision ends with it.
        ("paragraph", "", "Decides"),
        ("place_date", "", "41st"),
    ]


OFFICE_HOLDERS = page(
    "United Nations",
    "A/85/3",
    "General Assembly",
    "Distr.: General",
    "1 September 2030",
    "Eighty-fifth session",
    "Note by the Secretary-General",
    wrap(
        "The Secretary-General has the honour to list the officers of the Committee, as "
        + FILLER
        + "."
    ),
    "Chair . . . . . . . . . . . . . . . . . . . . . . . . . .",
    "Vice-Chair . . . . . . . . . . . . . . . . . . . . . . .",
    "Rapporteur . . . . . . . . . . . . . . . . . . . . . . .",
    "",
    "Mr. Alpha (Ruritania)",
    "Ms. Beta (Borduria)",
    "Mr. Gamma (Syldavia)",
)


def test_a_list_of_office_holders_is_a_table():
    r = parse_text(OFFICE_HOLDERS)
    assert r.kind == "note"
    (table,) = r.tables
    assert table.rows == [
        ["Chair", "Mr. Alpha (Ruritania)"],
        ["Vice-Chair", "Ms. Beta (Borduria)"],
        ["Rapporteur", "Mr. Gamma (Syldavia)"],
    ]
    para = r.find("body__table_1")
    assert para is not None and para.role == "table" and "Chair Mr. Alpha" in para.text


LETTER_WITH_ANNEX = page(
    "United Nations",
    "S/2031/5",
    "Security Council",
    "Distr.: General",
    "3 January 2031",
    "Original: English",
    "Letter dated 2 January 2031 from the Permanent",
    "Representative of Ruritania to the United Nations addressed to the",
    "President of the Security Council",
    wrap("I have the honour to transmit the statement of my Government, in which " + FILLER + "."),
    "(Signed) Jane Doe",
    "Permanent Representative",
) + page(
    "S/2031/5",
    "Annex to the letter dated 2 January 2031 from the Permanent",
    "Representative of Ruritania to the United Nations addressed to the",
    "President of the Security Council",
    "[Original: French]",
    wrap("The Government of Ruritania wishes to state the following, in which " + FILLER + "."),
)


def test_a_letters_title_and_its_annexs_heading_are_whole():
    r = parse_text(LETTER_WITH_ANNEX)
    letter, annex = r.parts
    assert (
        letter.title
        == r.title
        == (
            "Letter dated 2 January 2031 from the Permanent Representative of Ruritania to the "
            "United Nations addressed to the President of the Security Council"
        )
    )
    assert annex.title == (
        "Annex to the letter dated 2 January 2031 from the Permanent Representative of "
        "Ruritania to the United Nations addressed to the President of the Security Council"
    )
    assert annex.notes == ["[Original: French]"]
    assert [s.name for s in r.signatories] == ["Jane Doe"]


# The preambles as expected.json's notes count them (the structured fields do not hold them):
# "24 preambular paragraphs", "27 preambular paragraphs", "6 unnumbered preambular paras".
PREAMBLES = {
    "s-res-2155-2014-south-sudan-unmiss.txt": ("body", 24),
    "a-res-68-47-nuclear-disarmament-2013.txt": ("body", 27),
    "a-77-416-sixth-committee-report-2022.txt": ("draft_resolution_1", 6),
    "a-res-67-219-international-migration-2012.txt": ("body", 12),
}


@pytest.mark.parametrize("name", sorted(PREAMBLES))
def test_preamble_and_operative_part_as_delegates_cite_them(name: str) -> None:
    part_eid, count = PREAMBLES[name]
    record = record_of(name)
    (part,) = [p for p in record.parts if p.eid == part_eid]
    formula, *rest = [p for p in part.paragraphs if p.role in ("formula", "paragraph")]
    assert formula.role == "formula" and formula.eid == f"{part_eid}__formula"
    preamble = [p.label for p in rest if p.label.startswith("PP")]
    assert preamble == [f"PP{n}" for n in range(1, count + 1)]
    operative = [(p.label, p.number) for p in rest if p.number]
    assert operative == [(f"OP{p}", p) for _, p in operative]


SPANISH = page(
    "S/2031/9",
    "Naciones Unidas",
    "Consejo de Seguridad",
    "Distr. general",
    "13 de septiembre de 2031",
    "Original: inglés",
    "Carta de fecha 12 de septiembre de 2031 dirigida a la Presidencia del",
    "Consejo de Seguridad por el Representante",
    "Permanente de Ruritania ante las Naciones Unidas",
    wrap(
        "Tengo el honor de transmitirle una carta de mi Gobierno, en la que se expone su posición."
    ),
    "(Firmado) Juan Pérez",
    "Representante Permanente",
) + page(
    "S/2031/9",
    "Anexo de la carta de fecha 12 de septiembre de 2031 dirigida a la",
    "Presidencia del Consejo de Seguridad",
    wrap(
        "Por cuarto año consecutivo, informo al Consejo de Seguridad de la situación en la región."
    ),
    "(Firmado) Ana López",
)


def test_a_letter_in_spanish_is_read_like_one_in_english():
    r = parse_text(SPANISH)
    assert (r.organ, r.date, r.kind) == ("Security Council", dt.date(2031, 9, 13), "letter")
    letter, annex = r.parts
    assert (letter.kind, annex.kind) == ("letter", "annex")
    # "Representante" / "Permanente ...": the pair printed together in the signature, so the
    # title goes on over the line.
    assert r.title == (
        "Carta de fecha 12 de septiembre de 2031 dirigida a la Presidencia del Consejo de "
        "Seguridad por el Representante Permanente de Ruritania ante las Naciones Unidas"
    )
    assert annex.title == (
        "Anexo de la carta de fecha 12 de septiembre de 2031 dirigida a la Presidencia del "
        "Consejo de Seguridad"
    )
    assert [s.name for s in r.signatories] == ["Juan Pérez", "Ana López"]

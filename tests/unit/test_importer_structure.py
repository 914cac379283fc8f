"""The structure rules of the importer, each on a small inline snippet (broken inputs included)."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from briefing.domain import DocumentError, SpanStyle
from briefing.importer import parse_text
from briefing.importer.inline import footnote_mark, parse_inline
from briefing.importer.layout import ends_paragraph

# ---------------------------------------------------------------- paragraph form (default record)

PARAGRAPH_FORM = """\
General Assembly

Distr.: General
28 June 2013

Original: English

Sixty-eighth session

Item 21 (e) of the preliminary list*

**Globalization and interdependence:
international migration and development**

Letter dated 26 June 2013 from the Permanent Representative of Peru to the United Nations \
addressed to the Secretary-General

I have the honour to inform you that the meeting was held in Lima on 22 and 23 May 2013, \
under the theme "Defining the place of regional consultative processes".

(Signed) Enrique **Román-Morey**
Ambassador

Permanent Representative of Peru to the United Nations

* A/68/50.

Annex to the letter dated 26 June 2013 from the Permanent Representative of Peru addressed \
to the Secretary-General

Fourth Global Meeting of Chairs

Lima

22 and 23 May 2013

Chair's Summary

1. The meeting was held in Lima under the theme of the day, with many participants present.
2. Representatives of processes,^a regional bodies^b and forums took part, as the study \
*Regional Mechanisms* had advised.

^a Abu Dhabi Dialogue; Bali Process.

^b European Union, League of Arab States.

3. Participants highlighted several key points, as follows:

(a) Migration matters to all States in all regions;

(b) There are benefits in engaging with such dialogues as the High-level Dialogue on

International Migration and Development and the IOM International Dialogue on Migration;

(c) Participants acknowledged the role of IOM.

Lima, 23 May 2013
"""


@pytest.fixture(scope="module")
def lima_like():
    return parse_text(PARAGRAPH_FORM, source_name="snippet.txt")


def test_masthead_of_the_paragraph_form(lima_like) -> None:
    r = lima_like
    assert (r.organ, r.distribution, r.original_language) == (
        "General Assembly",
        "General",
        "English",
    )
    assert r.date == dt.date(2013, 6, 28)
    assert r.session == "Sixty-eighth session"
    assert [(a.item, a.title) for a in r.agenda] == [
        ("21 (e)", "Globalization and interdependence: international migration and development")
    ]
    assert r.symbol is None
    assert r.title.startswith("Letter dated 26 June 2013") and r.title.endswith("Secretary-General")


def test_letter_signature_and_annex_notes(lima_like) -> None:
    letter, annex = lima_like.parts
    assert (letter.eid, letter.kind, annex.eid, annex.kind) == (
        "letter",
        "letter",
        "annex_1",
        "annex",
    )
    assert [p.eid for p in letter.paragraphs] == ["letter__p_1"]
    (sig,) = letter.signatories
    assert sig.name == "Enrique Román-Morey"
    assert sig.title == "Ambassador\nPermanent Representative of Peru to the United Nations"
    assert annex.title.startswith("Annex to the letter dated 26 June 2013")
    assert annex.notes == [
        "Fourth Global Meeting of Chairs",
        "Lima",
        "22 and 23 May 2013",
        "Chair's Summary",
    ]


def test_numbered_paragraphs_points_and_place_date(lima_like) -> None:
    annex = lima_like.parts[1]
    numbered = [p for p in annex.paragraphs if p.number]
    assert [p.number for p in numbered] == ["1", "2", "3"]
    assert [p.eid for p in numbered] == ["annex_1__para_1", "annex_1__para_2", "annex_1__para_3"]
    points = numbered[2].points
    assert [p.label for p in points] == ["a", "b", "c"]
    assert points[1].eid == "annex_1__para_3__point_b"
    place = annex.paragraphs[-1]
    assert (place.role, place.text) == ("place_date", "Lima, 23 May 2013")


def test_page_break_inside_a_point_is_joined(lima_like) -> None:
    point_b = lima_like.parts[1].paragraphs[-2].points[1]
    assert point_b.text == (
        "There are benefits in engaging with such dialogues as the High-level Dialogue on "
        "International Migration and Development and the IOM International Dialogue on Migration;"
    )


def test_footnotes_are_taken_out_of_the_flow_and_linked(lima_like) -> None:
    r = lima_like
    assert [(f.marker, f.eid) for f in r.footnotes] == [
        ("*", "footnote_star"),
        ("a", "footnote_a"),
        ("b", "footnote_b"),
    ]
    assert r.footnote("*").text == "A/68/50." and r.footnote("*").cited_in == []
    assert r.footnote("a").text == "Abu Dhabi Dialogue; Bali Process."
    assert r.footnote("a").cited_in == ["annex_1__para_2"]
    assert r.footnote("b").cited_in == ["annex_1__para_2"]
    para2 = r.find("annex_1__para_2")
    marks = [s for s in para2.spans if s.style is SpanStyle.FOOTNOTE]
    assert [(s.marker, s.start == s.end) for s in marks] == [("a", True), ("b", True)]
    assert para2.text[: marks[0].start].endswith("processes,")
    assert para2.text[: marks[1].start].endswith("regional bodies")


def test_emphasis_becomes_spans_and_no_markup_is_left(lima_like) -> None:
    para2 = lima_like.find("annex_1__para_2")
    (italic,) = [s for s in para2.spans if s.style is SpanStyle.ITALIC]
    assert para2.text[italic.start : italic.end] == "Regional Mechanisms"
    texts = [p.text for _, p in lima_like.paragraphs()] + [f.text for f in lima_like.footnotes]
    texts += [pt.text for _, p in lima_like.paragraphs() for pt in p.walk_points()]
    texts += [s.name for s in lima_like.signatories] + [lima_like.title]
    for text in texts:
        assert "**" not in text and "^" not in text and "*" not in text


# ----------------------------------------------------------------------------- inline markup


def test_inline_bold_italic_and_marks_have_offsets_into_plain_text() -> None:
    raw = f"A **bold** word, an *italic phrase* and a mark{footnote_mark('1')} here."
    inline = parse_inline(raw, {"1": "1"}, markup=True)
    assert inline.text == "A bold word, an italic phrase and a mark here."
    by_style = {s.style: s for s in inline.spans}
    bold, italic, mark = (
        by_style[SpanStyle.BOLD],
        by_style[SpanStyle.ITALIC],
        by_style[SpanStyle.FOOTNOTE],
    )
    assert inline.text[bold.start : bold.end] == "bold"
    assert inline.text[italic.start : italic.end] == "italic phrase"
    assert inline.text[: mark.start] == "A bold word, an italic phrase and a mark"
    assert inline.footnote_keys == ["1"]


def test_unbalanced_markup_leaves_no_stars() -> None:
    inline = parse_inline("An **unclosed bold and a * lone star", {}, markup=True)
    assert "*" not in inline.text


def test_stars_are_literal_text_in_pdftotext_form() -> None:
    inline = parse_inline("a * b", {}, markup=False)
    assert inline.text == "a * b"


# ------------------------------------------------------------------------ pdftotext form


def wrap(paragraph: str, width: int = 80, first: str = "") -> str:
    """Wrap like a PDF would (pdftotext puts each printed line on its own line)."""
    lines = textwrap.wrap(paragraph, width=width, break_on_hyphens=False)
    if len(lines) > 1 and len(lines[-1]) > 50:
        # Keep the paragraph's last line visibly short, as most are in print.
        words = lines[-1].split()
        lines[-1:] = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]
    if first:
        lines = [first, *lines]
    return "\n".join(lines)


LONG = (
    "the Assembly considered the matter at length and with care, weighing the views of "
    "delegations and the reports before it, and the many comments received from States"
)

PDF_RESOLUTION = "\n".join(
    [
        "A/RES/70/999",
        "",
        "United Nations",
        "",
        "General Assembly",
        "",
        "Distr.: General",
        "5 January 2016",
        "",
        "Seventieth session",
        "Agenda item 12 (a)",
        "",
        "Resolution adopted by the General Assembly on 22 December 2015",
        "[on the report of the Second Committee (A/70/400)]",
        "",
        "70/999. Example matters",
        "The General Assembly,",
        wrap(f"Recalling its resolution 69/1 on example matters, in which {LONG}, 1"),
        wrap(f"Noting with appreciation the report of the Secretary-General, {LONG},"),
        "1.",
        wrap(f"Welcomes the report of the Secretary-General; 2 and notes that {LONG};"),
        "_______________",
        "1",
        "",
        "Resolution 69/1.",
        "A/70/1.",
        "2",
        "",
        "15-00001 (E) 060116",
        "*1500001*",
        "Please recycle",
        "\f" + "A/RES/70/999",
        "Example matters",
        "",
        "Also decides that the arrangements for the meeting on 3 and 4 October and the",
        "2.",
        "debate referred to in paragraph 1 above shall be as follows:",
        "(a)",
        "",
        wrap(f"The meeting will consist of two plenary meetings and round tables, as {LONG}:"),
        "(i) Round table 1 will be held in the morning;",
        "(ii) Round table 2 will be held in the after-",
        "noon of the same day;",
        "(b) The arrangements will be reviewed;",
        "3. Decides to remain seized of the matter.",
        "2/3",
        "\f" + "Example matters",
        "A/RES/70/999",
        "",
        "4. Requests the Secretary-General to report at its next session.",
        "80th plenary meeting",
        "22 December 2015",
        "3/3",
        "15-00001",
    ]
)


@pytest.fixture(scope="module")
def pdf_resolution():
    return parse_text(PDF_RESOLUTION, source_name="70-999.txt")


def test_pdf_masthead_and_resolution_title(pdf_resolution) -> None:
    r = pdf_resolution
    assert (r.symbol, r.organ, r.session) == (
        "A/RES/70/999",
        "General Assembly",
        "Seventieth session",
    )
    assert r.date == dt.date(2016, 1, 5)
    assert [a.item for a in r.agenda] == ["12 (a)"]
    assert r.title == "Example matters"
    (body,) = r.parts
    assert body.eid == "body"
    assert body.notes == [
        "Resolution adopted by the General Assembly on 22 December 2015",
        "[on the report of the Second Committee (A/70/400)]",
    ]


def test_pdf_paragraphs_numbered_as_printed_with_displaced_number(pdf_resolution) -> None:
    body = pdf_resolution.parts[0]
    numbered = [p for p in body.paragraphs if p.number]
    assert [p.number for p in numbered] == ["1", "2", "3", "4"]
    assert numbered[1].text.startswith("Also decides that the arrangements")
    assert numbered[1].text.endswith("referred to in paragraph 1 above shall be as follows:")


def test_pdf_unnumbered_preamble_paragraphs_are_separated(pdf_resolution) -> None:
    body = pdf_resolution.parts[0]
    # "The General Assembly," is the preamble's formula, not its first paragraph.
    formula = body.paragraphs[0]
    assert (formula.eid, formula.role, formula.text) == (
        "body__formula",
        "formula",
        "The General Assembly,",
    )
    unnumbered = [p for p in body.paragraphs if p.number is None and p.role == "paragraph"]
    assert [(p.eid, p.label) for p in unnumbered] == [
        ("body__preamble__para_1", "PP1"),
        ("body__preamble__para_2", "PP2"),
    ]
    assert unnumbered[0].text.startswith("Recalling its resolution 69/1")
    assert unnumbered[0].text.endswith("comments received from States,")
    assert unnumbered[1].text.startswith("Noting with appreciation")
    operative = [(p.eid, p.label) for p in body.paragraphs if p.number]
    assert operative[:2] == [("body__para_1", "OP1"), ("body__para_2", "OP2")]
    assert pdf_resolution.citation("body__preamble__para_2", with_symbol=True) == (
        "A/RES/70/999, PP2"
    )
    assert pdf_resolution.citation("body__para_2__point_a__point_ii") == "OP2 (a) (ii)"


def test_pdf_label_alone_and_roman_points_nest(pdf_resolution) -> None:
    para2 = pdf_resolution.find("body__para_2")
    assert [p.label for p in para2.points] == ["a", "b"]
    a = para2.points[0]
    assert a.text.startswith("The meeting will consist")
    assert [p.label for p in a.points] == ["i", "ii"]
    assert a.points[1].eid == "body__para_2__point_a__point_ii"
    # A hyphen at a line end is kept and the word joined without a space.
    assert a.points[1].text == "Round table 2 will be held in the after-noon of the same day;"


def test_pdf_footnotes_out_of_order_and_inline_refs(pdf_resolution) -> None:
    r = pdf_resolution
    assert [(f.marker, f.text) for f in r.footnotes] == [
        ("1", "Resolution 69/1."),
        ("2", "A/70/1."),
    ]
    assert r.footnote("1").cited_in == ["body__preamble__para_1"]
    assert r.footnote("2").cited_in == ["body__para_1"]
    para1 = r.find("body__para_1")
    assert para1.text.startswith("Welcomes the report of the Secretary-General; and notes")
    # "paragraph 1", "on 3 and 4 October" are not footnote references.
    para2 = r.find("body__para_2")
    assert "paragraph 1 above" in para2.text and "on 3 and 4 October" in para2.text
    assert not [s for s in para2.spans if s.style is SpanStyle.FOOTNOTE]


def test_pdf_page_furniture_is_gone(pdf_resolution) -> None:
    r = pdf_resolution
    texts = [p.text for _, p in r.paragraphs()] + [f.text for f in r.footnotes]
    texts += [pt.text for _, p in r.paragraphs() for pt in p.walk_points()]
    joined = "\n".join(texts)
    for furniture in ("15-00001", "*1500001*", "Please recycle", "2/3", "3/3", "A/RES/70/999"):
        assert furniture not in joined
    assert "Example matters" not in joined  # the running header


def test_pdf_plenary_closing_is_a_place_date(pdf_resolution) -> None:
    last = pdf_resolution.parts[0].paragraphs[-1]
    assert (last.role, last.text) == ("place_date", "80th plenary meeting\n22 December 2015")
    assert pdf_resolution.find("body__para_4").text.endswith("at its next session.")


PDF_LETTER = "\n".join(
    [
        "S/2020/1",
        "",
        "United Nations",
        "",
        "Security Council",
        "",
        "Distr.: General",
        "2 January 2020",
        "Original: English",
        "",
        "Letter dated 1 January 2020 from the Secretary-General",
        "addressed to the President of the Security Council",
        wrap(
            "I have the honour to transmit the attached letter from the Chair of the " + LONG + "."
        ),
        wrap("I should be grateful if you would bring it to the attention of the members."),
        "(Signed) António Guterres",
        "",
        "20-00001 (E) 030120",
        "*2000001*",
        "\f" + "S/2020/1",
        "",
        "Annex",
        "[Original: French]",
        wrap("It is my honour to write to you about the situation, which " + LONG + "."),
        wrap("Accept the assurances of my highest consideration, which " + LONG + "."),
        "(Signed) Jean Dupont",
        "Chair",
        "2",
        "",
        "20-00001",
    ]
)


def test_pdf_letter_with_annex_and_two_signatures() -> None:
    r = parse_text(PDF_LETTER)
    assert r.title == (
        "Letter dated 1 January 2020 from the Secretary-General addressed to the President of "
        "the Security Council"
    )
    letter, annex = r.parts
    assert [p.text[:20] for p in letter.paragraphs] == [
        "I have the honour to",
        "I should be grateful",
    ]
    assert [(s.name, s.title) for s in letter.signatories] == [("António Guterres", "")]
    assert (annex.title, annex.notes) == ("Annex", ["[Original: French]"])
    assert len(annex.paragraphs) == 2
    assert [(s.name, s.title) for s in annex.signatories] == [("Jean Dupont", "Chair")]
    assert [(s.name) for s in r.signatories] == ["António Guterres", "Jean Dupont"]


PDF_REPORT = "\n".join(
    [
        "A/80/1",
        "",
        "United Nations",
        "",
        "General Assembly",
        "",
        "Distr.: General",
        "1 December 2025",
        "Original: English",
        "",
        "Eightieth session",
        "Agenda item 80",
        "",
        "Example topic",
        "Report of the Sixth Committee",
        "Rapporteur: Mr. John Doe (Nowhere)",
        "",
        "I. Introduction",
        "1.",
        wrap("The item was allocated to the Committee, which " + LONG + ". 1"),
        "_______________",
        "1",
        "A/C.6/80/SR.1.",
        "\f" + "A/80/1",
        "",
        "II. Recommendation",
        "2.",
        wrap("The Committee recommends the adoption of the following draft resolution:"),
        "",
        "Example topic",
        "The General Assembly,",
        wrap("Recalling its resolution 79/1, in which " + LONG + ", 1"),
        "1.",
        wrap("Decides to include the item in the agenda of its next session."),
        "_______________",
        "1",
        "Resolution 79/1.",
    ]
)


def test_pdf_report_sections_and_embedded_draft_resolution() -> None:
    r = parse_text(PDF_REPORT)
    # A committee report's title is its subject, the agenda item; who reports, its subtitle.
    assert (r.kind, r.title, r.subtitle) == (
        "report",
        "Example topic",
        "Report of the Sixth Committee",
    )
    assert r.agenda[0].title == "Example topic"
    # Sections are headings of the body; the draft resolution it recommends is a part.
    kinds = [(p.eid, p.kind, p.title) for p in r.parts]
    assert kinds == [
        ("body", "body", "Example topic"),
        ("draft_resolution_1", "draft_resolution", "Example topic"),
    ]
    body, draft = r.parts
    assert body.notes == ["Rapporteur: Mr. John Doe (Nowhere)"]
    assert [(p.role, p.number) for p in body.paragraphs] == [
        ("heading", None),
        ("paragraph", "1"),
        ("heading", None),
        ("paragraph", "2"),
    ]
    assert [p.text for p in body.paragraphs if p.role == "heading"] == [
        "I. Introduction",
        "II. Recommendation",
    ]
    assert [(p.role, p.label, p.number) for p in draft.paragraphs] == [
        ("formula", "", None),
        ("paragraph", "PP1", None),
        ("paragraph", "OP1", "1"),
    ]
    # A second series of footnote numbers belongs to its part; each links where it is cited.
    assert [(f.marker, f.eid, f.part, f.cited_in) for f in r.footnotes] == [
        ("1", "footnote_1", "body", ["body__para_1"]),
        (
            "1",
            "draft_resolution_1__footnote_1",
            "draft_resolution_1",
            ["draft_resolution_1__preamble__para_1"],
        ),
    ]
    assert r.citation("draft_resolution_1__footnote_1") == "Draft resolution, footnote 1"
    assert r.citation("draft_resolution_1__para_1") == "Draft resolution, OP1"


# ----------------------------------------------------------------- line-end inference rule


@pytest.mark.parametrize(
    ("prev", "nxt", "expected"),
    [
        ("a line of the paragraph that is nowhere near the full width.", "The next", True),
        (
            "a line that fills the page width almost entirely up to the margin, it does.",
            "Next",
            False,
        ),
        ("a line ending a sentence that is short but the next word is lower case.", "and", False),
        ("Crimes against humanity", "The General Assembly,", True),
        ("a line that fills the page almost to the margin and ends on a list item,", "Peru", False),
        (
            "its outcome document that closes the preambular paragraph of the text,",
            "Recalling",
            True,
        ),
    ],
)
def test_ends_paragraph(prev: str, nxt: str, expected: bool) -> None:
    assert ends_paragraph(prev, nxt, 76, first_line=False) is expected


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "just some words\nwith no masthead at all\n", "a,b,c\n1,2,3\n", "\f\f\f"],
)
def test_not_a_un_document(text: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_text(text, source_name="bad.txt")
    assert info.value.source == "bad.txt"
    assert "\n" not in str(info.value)


def test_sentinels_in_input_cannot_forge_marks() -> None:
    text = PARAGRAPH_FORM.replace("processes,^a", "processes,\ue000zz\ue001^a")
    r = parse_text(text)
    assert all("\ue000" not in p.text for _, p in r.paragraphs())
    assert r.footnote("a").cited_in == ["annex_1__para_2"]


# A joint General Assembly / Security Council letter whose text lost its form feeds: the
# symbol printed again at the head of each page marks the page breaks.
JOINT = """\
United Nations

A/68/123–S/2013/456

General Assembly
Security Council

Distr.: General
3 July 2013
Original: French

General Assembly
Sixty-eighth session
Items 31 and 69 of the preliminary list*
Promotion of peace
Human rights questions

Security Council
Sixty-eighth year

Identical letters dated 1 July 2013 from the Permanent Representative
of France to the United Nations addressed to the Secretary-General and
the President of the Security Council
I have the honour to transmit herewith the report on the situation in the region, as
requested by the Council in its resolution 2085 (2012) of 20 December 2012 (see
annex I), together with a summary of the consultations (see annex II).
I should be grateful if you would have the present letter and its annexes circulated
as a document of the General Assembly, under agenda items 31 and 69, and of the
Security Council.
(Signed) Gérard Araud
Ambassador
_______________
* A/68/50.
13-38000 (E) 050713

*1338000*

A/68/123
S/2013/456

Annex I
Report on the situation
A. Background
1.
The situation in the region has deteriorated since the adoption of the resolution.6
The number of displaced persons has grown from 100,000 to 250,000 over the
period under review, according to the figures of the Office of the United Nations
High Commissioner for Refugees.
B. Observations
2.
The Secretary-General will continue to follow the situation closely.
_______________
6
See S/2013/100, para. 12.
2/3

13-38000

A/68/123
S/2013/456

Annex II
Summary of the consultations
The consultations were held in Paris on 15 June 2013, with the participation of
representatives of the States of the region.
Participants agreed on the need to continue the dialogue.
3/3
"""


def test_joint_letter_without_form_feeds() -> None:
    r = parse_text(JOINT)
    assert (r.symbol, r.organ, r.session) == (
        "A/68/123–S/2013/456",
        "General Assembly",
        "Sixty-eighth session",
    )
    assert [(a.item, a.title) for a in r.agenda] == [
        ("31", "Promotion of peace"),
        ("69", "Human rights questions"),
    ]
    assert r.title.startswith("Identical letters dated 1 July 2013")
    assert [(p.eid, p.title) for p in r.parts] == [
        ("letter", r.title),
        ("annex_1", "Annex I"),
        ("annex_2", "Annex II"),
    ]
    letter, annex1, annex2 = r.parts
    assert len(letter.paragraphs) == 2
    assert annex1.notes == ["Report on the situation"]
    assert [(p.role, p.number) for p in annex1.paragraphs] == [
        ("heading", None),
        ("paragraph", "1"),
        ("heading", None),
        ("paragraph", "2"),
    ]
    assert annex1.paragraphs[1].text.startswith("The situation in the region has deteriorated")
    assert "resolution. The number of displaced" in annex1.paragraphs[1].text
    assert [len(annex2.paragraphs), annex2.notes] == [2, ["Summary of the consultations"]]
    assert [(f.marker, f.text, f.cited_in) for f in r.footnotes] == [
        ("*", "A/68/50.", []),
        ("6", "See S/2013/100, para. 12.", ["annex_1__para_1"]),
    ]
    for _, para in r.paragraphs():
        assert "A/68/123" not in para.text and "13-38000" not in para.text


CLOSING = """\
General Assembly

Distr.: General
1 May 2013

Note by the Secretary-General

5. Decides that the arrangements for the meeting shall be as follows, taking into account \
everything said before by all the delegations present:

(a) the first arrangement;

(b) the second arrangement;

and requests the Secretary-General to report on the arrangements.

6. Decides to remain seized of the matter.
"""


def test_paragraph_form_without_markup_keeps_the_closing_text_of_a_list() -> None:
    r = parse_text(CLOSING)
    para5, para6 = (p for _, p in r.paragraphs())
    assert [p.label for p in para5.points] == ["a", "b"]
    assert para5.points[0].text == "the first arrangement;"
    assert para5.closing == "and requests the Secretary-General to report on the arrangements."
    assert (para6.number, para6.points, para6.closing) == ("6", [], "")


def test_pdf_lowercase_points_after_a_lead_in() -> None:
    text = "\f".join(
        [
            "General Assembly\nDistr.: General\n1 May 2013\nNote by the Secretary-General\n"
            "1. The Assembly decides that:\n(a) the first arrangement shall apply;\n"
            "(b) the second arrangement shall apply.\n2. It remains seized of the matter.\n",
        ]
    )
    r = parse_text(text)
    para1 = r.find("body__para_1")
    assert [p.text for p in para1.points] == [
        "the first arrangement shall apply;",
        "the second arrangement shall apply.",
    ]
    assert r.find("body__para_2").text == "It remains seized of the matter."


def test_table_of_contents_is_not_structure_and_a_heading_atop_a_page_stays() -> None:
    text = "\f".join(
        [
            "A/80/2\n\nGeneral Assembly\n\nDistr.: General\n1 June 2025\n\nEightieth session\n"
            "Report of the Secretary-General\nContents\nPage\n"
            "I. Introduction . . . . . . . . . . . . 2\n"
            "II. Observations . . . . . . . . . . . . 2\n",
            "A/80/2\n\nI. Introduction\n1. The present report is submitted pursuant to the "
            "request of the Assembly.\nII. Observations\n2. The Secretary-General welcomes "
            "the progress made.\n",
        ]
    )
    r = parse_text(text)
    assert [(p.eid, p.title) for p in r.parts] == [("body", "Report of the Secretary-General")]
    assert [(p.role, p.number, p.text[:16]) for _, p in r.paragraphs()] == [
        ("heading", None, "I. Introduction"),
        ("paragraph", "1", "The present repo"),
        ("heading", None, "II. Observations"),
        ("paragraph", "2", "The Secretary-Ge"),
    ]


def test_hyphens_pdftotext_removed_are_restored_only_where_safe() -> None:
    text = (
        "General Assembly\nDistr.: General\n1 May 2013\nNote by the Secretary-General\n"
        "1. The High-level Dialogue met at the sixtyeighth session with non-governmental\n"
        "groups; the Highlevel Dialogue heard nongovernmental speakers and intergovernmental\n"
        "bodies.\n\f"
    )
    para = parse_text(text).find("body__para_1")
    assert para.text == (
        "The High-level Dialogue met at the sixty-eighth session with non-governmental groups; "
        "the High-level Dialogue heard non-governmental speakers and intergovernmental bodies."
    )


def test_a_letter_whose_masthead_was_cut_off_is_still_a_un_document() -> None:
    r = parse_text(
        "Letter dated 2 May 2013 from the Permanent Representative of Chile addressed to the "
        "Secretary-General\n\nI have the honour to refer to the meeting held in Santiago on 12 "
        "April 2013, whose conclusions are annexed to the present letter.\n\n(Signed) Ana Pérez\n"
    )
    assert (r.organ, r.symbol, r.parts[0].kind) == (None, None, "letter")
    assert r.signatories[0].name == "Ana Pérez"


def test_old_style_upper_case_masthead_and_security_council_resolution() -> None:
    old = (
        "UNITED NATIONS\n\nGENERAL ASSEMBLY\n\nDistr.\nGENERAL\nA/51/100\n3 May 1996\nENGLISH\n"
        "ORIGINAL: SPANISH\n\nFifty-first session\nItem 12 of the provisional agenda*\n\n"
        "Letter dated 1 May 1996 from the Permanent Representative of Peru to\n"
        "the United Nations addressed to the Secretary-General\n"
        "I have the honour to transmit herewith the text of the declaration.\n"
        "(Signed) Someone\n\f"
    )
    r = parse_text(old)
    assert (r.symbol, r.organ, r.distribution, r.original_language) == (
        "A/51/100",
        "General Assembly",
        "General",
        "Spanish",
    )
    assert (r.date, r.session, [a.item for a in r.agenda]) == (
        dt.date(1996, 5, 3),
        "Fifty-first session",
        ["12"],
    )
    assert r.title.endswith("to the United Nations addressed to the Secretary-General")
    sc = (
        "S/RES/2085 (2012)\n\nUnited Nations\n\nSecurity Council\n\nDistr.: General\n"
        "20 December 2012\n\nResolution 2085 (2012)\n"
        "Adopted by the Security Council at its 6898th meeting, on\n20 December 2012\n"
        "The Security Council,\n"
        "Recalling its previous resolutions, including resolution 2071 (2012), and the statements\n"
        "of its President on the situation in Mali,\n"
        "1. Decides to authorize the deployment of the mission for an initial period of one year;\n"
        "2. Decides to remain actively seized of the matter.\n\f"
    )
    r = parse_text(sc)
    assert (r.symbol, r.organ, r.title) == (
        "S/RES/2085 (2012)",
        "Security Council",
        "Resolution 2085 (2012)",
    )
    assert r.parts[0].notes == [
        "Adopted by the Security Council at its 6898th meeting, on 20 December 2012"
    ]
    assert [p.number for _, p in r.paragraphs()] == [None, None, "1", "2"]


def test_pdf_letter_footnote_marks() -> None:
    text = (
        "General Assembly\nDistr.: General\n1 May 2013\nNote by the Secretary-General\n"
        "1. Representatives of regional processes,a regional bodies b and forums took part.\n"
        "_______________\na\nBali Process.\nb\nEuropean Union.\n\f"
    )
    r = parse_text(text)
    para = r.find("body__para_1")
    assert (
        para.text == "Representatives of regional processes, regional bodies and forums took part."
    )
    assert [s.marker for s in para.spans] == ["a", "b"]
    assert [(f.marker, f.text, f.cited_in) for f in r.footnotes] == [
        ("a", "Bali Process.", ["body__para_1"]),
        ("b", "European Union.", ["body__para_1"]),
    ]

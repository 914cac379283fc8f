"""Para: the cheaper Paragraph must lay out and draw exactly as reportlab's own."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefing.export import styles as st
from briefing.export.pdf_flowables import Heading, Para, _plain_frags

STYLES = st.make_styles()

# Text with no markup characters: what most of a record is once escaped.
plain_text = hs.text(
    alphabet=hs.characters(
        blacklist_characters="<>&", blacklist_categories=("Cs",), min_codepoint=9
    ),
    max_size=300,
)


def _frag_dicts(paragraph: Paragraph) -> list[dict]:
    return [dict(frag.__dict__) for frag in paragraph.frags]


@settings(max_examples=150, deadline=None)
@given(text=plain_text)
def test_plain_text_makes_the_fragments_the_parser_makes(text: str) -> None:
    for style in (STYLES.body, STYLES.citation, STYLES.numbered):
        ours = Para(text, style)
        theirs = Paragraph(text, style)
        assert _frag_dicts(ours) == _frag_dicts(theirs)
        assert ours.text == theirs.text


@pytest.mark.parametrize(
    "text",
    [
        "Chair\u2019s Summary,  Lima\n 22\u201323 May 2013",
        "  leading and trailing  ",
        "\u00a0non-breaking\u00a0spaces",
        "",
        "\n\n",
    ],
)
def test_plain_text_lays_out_like_reportlab(text: str) -> None:
    ours, theirs = Para(text, STYLES.body), Paragraph(text, STYLES.body)
    assert ours.wrap(200, 800) == theirs.wrap(200, 800)
    assert _frag_dicts(ours) == _frag_dicts(theirs)


def test_markup_still_goes_through_the_parser() -> None:
    para = Para("a <b>bold</b> word &amp; more", STYLES.body)
    assert "".join(f.text for f in para.frags) == "a bold word & more"
    assert [f.fontName for f in para.frags if f.text == "bold"] == [STYLES.fonts.serif_bold]


def _drawn(flowable, width: float) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    flowable.wrapOn(canvas, width, 800)
    flowable.drawOn(canvas, 50, 400)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_second_wrap_at_another_width_breaks_lines_anew() -> None:
    text = "The Chair thanked the Government of Peru for hosting the meeting. " * 6
    para = Para(text, STYLES.body)
    narrow = para.wrap(150, 800)
    wide = para.wrap(400, 800)
    assert wide[1] < narrow[1]
    assert para.wrap(150, 800) == narrow
    assert _drawn(Para(text, STYLES.body), 150) == _drawn(Paragraph(text, STYLES.body), 150)


def test_wrap_after_a_refused_split_breaks_lines_again() -> None:
    # A split that gives up (one line would be left behind alone) drops the broken lines:
    # the next wrap at the same width must make them again, not answer from before.
    text = "Regional consultative processes on migration. " * 10
    para = Para(text, STYLES.body)
    width, height = para.wrap(300, 800)
    assert para.split(300, STYLES.body.leading * 1.2) == []
    assert para.wrap(300, 800) == (width, height)
    assert _drawn(para, 300) == _drawn(Paragraph(text, STYLES.body), 300)


def test_a_heading_taller_than_the_room_splits_and_keeps_its_bookmark_first() -> None:
    text = "A heading of a great many words that will not fit " * 8
    heading = Heading(text, STYLES.h2, plain="plain", key="k9", outline_level=1, toc_level=1)
    heading.wrap(300, 800)
    first, rest = heading.split(300, STYLES.h2.leading * 3)
    assert (first.key, first.plain, first.outline_level, first.toc_level) == (
        "k9",
        "plain",
        1,
        1,
    )
    assert rest.key == ""


def test_plain_fragments_are_none_for_a_text_transform() -> None:
    style = st.ParagraphStyle("Upper", parent=STYLES.body, textTransform="uppercase")
    assert _plain_frags("word", style) is None
    assert _plain_frags("a  word", STYLES.body)[0] == "a word"
    assert Para("word", style).frags[0].text == "WORD"

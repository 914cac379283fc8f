"""Para: the cheaper Paragraph must lay out and draw exactly as reportlab's own."""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefing.export import styles as st
from briefing.export.pdf_flowables import Heading, Para, _plain_frags
from briefing.export.pdf_text import esc

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


def test_link_only_text_gets_the_fragments_reportlabs_parser_makes() -> None:
    from reportlab.platypus.paragraph import cleanBlockQuotedText
    from reportlab.platypus.paraparser import ParaParser

    from briefing.export.pdf_flowables import _linked_frags

    texts = [
        '<a href="#r8.body__p_13">unnumbered para. 13</a>; <a href="#r8.h_61">heading 61</a>',
        'footnote <a href="#r0.footnote_a">a</a>',
        'see  <a href="# k ">OP4 (b)</a>\nand after',
    ]
    for style in (STYLES.body, STYLES.small):
        for text in texts:
            cleaned, frags = _linked_frags(text, style)
            _style, parsed, _bullet = ParaParser().parse(cleanBlockQuotedText(text), style)
            assert cleaned == cleanBlockQuotedText(text)
            assert [f.__dict__ for f in frags] == [f.__dict__ for f in parsed]
    # Any other markup goes through the parser.
    assert _linked_frags('<a href="#k">a &amp; b</a>', STYLES.body) is None
    assert _linked_frags('<b>x</b> <a href="#k">y</a>', STYLES.body) is None
    assert _linked_frags('<a href="https://example.org">y</a>', STYLES.body) is None
    assert _linked_frags('<a href="#x"></a>', STYLES.body) is None  # the parser drops it


link_key = hs.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._ ", max_size=20)


@settings(max_examples=100, deadline=None)
@given(pieces=hs.lists(hs.tuples(plain_text, hs.none() | link_key, plain_text), max_size=4))
def test_links_and_words_make_the_fragments_the_parser_makes(pieces) -> None:
    text = "".join(
        before + (f'<a href="#{key}">{label}</a>' if key is not None else label)
        for before, key, label in pieces
    )
    for style in (STYLES.body, STYLES.citation):
        ours, theirs = Para(text, style), Paragraph(text, style)
        assert _frag_dicts(ours) == _frag_dicts(theirs)
        assert ours.text == theirs.text


# Markup pieces as the story writes them: links, bold and italic, colours, underlines,
# footnote marks, stance chips, line breaks, callbacks, no-break spaces.
_MARKUP_PIECES = [
    "plain words",
    '<a href="#k1">para. 8</a>',
    '<a href="#k2">OP 3</a>',
    "<b>bold</b>",
    "<i>italic</i>",
    "<b><i>both</i></b>",
    '<font color="#a11d1d">red</font>',
    '<font color="#1e6b3a"><b>green</b></font>',
    "<u>underlined</u>",
    "<strike>struck</strike>",
    '<a href="#r0.footnote_a"><super>a</super></a>',
    '<span backColor="#1e6b3a" color="#ffffff">&nbsp;SUPPORT&nbsp;</span>',
    "<br/>",
    '<onDraw name="briefingContentsLineEnd" label="k4"/>',
    "&nbsp;&amp;&nbsp;",
    '<font size="7">small</font>',
]


@settings(max_examples=150, deadline=None)
@given(pieces=hs.lists(hs.sampled_from(_MARKUP_PIECES), min_size=1, max_size=8))
def test_same_frag_answers_as_reportlabs_own(pieces: list[str]) -> None:
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.platypus.paraparser import ParaParser

    from briefing.export.pdf_flowables import same_frag

    for style in (STYLES.body, STYLES.cell, STYLES.position):
        _style, frags, _bullet = ParaParser().parse(" ".join(pieces), style)
        # As line breaking compares them: fragments, and clones of them (a line's pieces).
        frags = frags + [f.clone(text="x") for f in frags] + [frags[0].clone(backColor=None)]
        for f in frags:
            for g in frags:
                assert same_frag(f, g) == bool(sameFrag(f, g)), (f.__dict__, g.__dict__)


def test_line_breaking_uses_same_frag() -> None:
    from reportlab.platypus import paragraph

    from briefing.export.pdf_flowables import same_frag

    assert paragraph.sameFrag is same_frag


def _table_text_positions(cells: list, styles_: tuple) -> tuple[list[float], list[tuple]]:
    """The row heights of a one-column table of `cells` (header row first) and where each
    piece of its text prints: (text, x, y, font size), to a hundredth of a point."""
    from pypdf import PdfReader
    from reportlab.platypus import Table

    table = Table([[cell] for cell in cells], colWidths=[200])
    table.setStyle(st.table_style(*styles_))
    table.wrap(200, 1000)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    table.drawOn(canvas, 50, 400)
    canvas.save()
    found = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), round(x, 2), round(y, 2), size))

    PdfReader(buffer).pages[0].extract_text(visitor_text=visit)
    return table._rowHeights, found


words = hs.lists(
    hs.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789.,;:()—–-éüΩ\xa0", min_size=1),
    min_size=1,
    max_size=12,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(head=words, body=words)
def test_a_cell_as_a_string_prints_where_its_paragraph_would(head: str, body: str) -> None:
    from briefing.export.pdf_flowables import cell_text

    room = 200 - st.TABLE_PADDING
    styles_ = (STYLES.cell_head, STYLES.cell)
    cells = [cell_text(head, STYLES.cell_head, room), cell_text(body, STYLES.cell, room)]
    paras = [Para(esc(head), STYLES.cell_head), Para(esc(body), STYLES.cell)]
    for cell, para in zip(cells, paras, strict=True):
        if isinstance(cell, str):  # only text its paragraph prints as one line
            para.wrap(room, 1000)
            assert cell == para.text and len(para.blPara.lines) == 1
    assert _table_text_positions(cells, styles_) == _table_text_positions(paras, styles_)


def test_cells_that_print_otherwise_stay_paragraphs() -> None:
    from briefing.export.pdf_flowables import cell_text

    room = 100
    assert cell_text("—", STYLES.cell, room) == "—"
    assert isinstance(cell_text("", STYLES.cell, room), Para)  # a string would take a line
    assert isinstance(cell_text("two  spaces", STYLES.cell, room), Para)  # cleaned by a Para
    assert isinstance(cell_text("a\nb", STYLES.cell, room), Para)
    assert isinstance(cell_text(" edge", STYLES.cell, room), Para)
    assert isinstance(cell_text("العربية", STYLES.cell, room), Para)  # a fallback face
    assert isinstance(cell_text("שלום", STYLES.cell, room), Para)  # right to left
    assert isinstance(cell_text("word " * 40, STYLES.cell, room), Para)  # two lines
    assert isinstance(cell_text("—", STYLES.body, room), Para)  # justified
    assert isinstance(cell_text("—", STYLES.numbered, room), Para)  # indented
    # Markup characters are text in a string, escaped in a Para.
    assert cell_text("A & B <c>", STYLES.cell, room) == "A & B <c>"


@settings(max_examples=300, deadline=None)
@example(text="a  b")
@example(text=" a")
@example(text="a\u200b")
@example(text="a\xa0 b")
@given(
    text=hs.text(
        alphabet="ab ,.\xa0\t\n\r\u200b\u2009\u3000\x1c\x85",
        max_size=30,
    )
)
def test_clean_text_skips_reportlabs_cleaning_and_gets_its_result(text: str) -> None:
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from briefing.export.pdf_flowables import _cleaned

    assert _cleaned(text) == cleanBlockQuotedText(text)

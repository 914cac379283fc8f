"""Arabic and CJK text in the PDFs: fallback faces per run, shaped and ordered Arabic, embedded."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from test_pdf_export import _export
from test_pdf_records import annotation, lima_like_record

from briefing.domain import Span, SpanStyle, Stance
from briefing.export import fonts, pdf_text
from briefing.export.pdf_flowables import (
    ContentsLine,
    PageNumberForms,
    Para,
    _line_bases,
    _visual_lines,
)
from briefing.export.pdf_text import esc, rich
from briefing.export.rtl import base_level, visual_indices, visual_order

ARABIC_NOTE = "نؤيد هذه الفقرة <font> مع التحفظ على الصياغة & 68/93"
CHINESE_NOTE = "我们支持这一段落，但需要与首都核实。"
MIXED_NOTE = "The Arab Group (المجموعة العربية) agrees."


def _plain(text: str) -> str:
    """pdftotext output compared by letters: presentation forms folded, bidi marks dropped."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


# --- run splitting in pdf_text -------------------------------------------------------------------


def test_text_without_arabic_or_cjk_is_only_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fallback(family: str) -> str:
        raise AssertionError("a fallback face was asked for")

    monkeypatch.setattr(fonts, "fallback_font", no_fallback)
    assert esc("a <b> & c\nd") == "a &lt;b&gt; &amp; c<br/>d"
    assert esc("Román-Morey — Ωmega, Жизнь") == "Román-Morey — Ωmega, Жизнь"


def _drawn_lines(markup: str, width: float = 1000, style=None, cls=Para) -> list[str]:
    """The printed lines of a Para as it draws them, left to right, NFKC-normalised."""
    style = style or ParagraphStyle("t", fontName=fonts.register_fonts().serif)
    para = cls(markup, style)
    para.wrap(width, 10_000)
    blpara = para.blPara
    drawn = _visual_lines(blpara, _line_bases(blpara, para.base_direction, para._first_base))
    if drawn.kind == 0:
        lines = [" ".join(words) for _room, words in drawn.lines]
    else:
        lines = ["".join(getattr(w, "text", "") for w in line.words) for line in drawn.lines]
    return [unicodedata.normalize("NFKC", line) for line in lines]


def test_arabic_runs_are_escaped_shaped_and_in_the_arabic_face() -> None:
    markup = esc(ARABIC_NOTE)
    assert "<font>" not in markup and "&lt;font&gt;" in markup and "&amp;" in markup
    # The escaped note's markup splits the sentence into two runs.
    assert markup.count(f'<runfont name="{fonts.ARABIC}">') == 2
    assert "</runfont> &lt;font&gt; <runfont" in markup
    # Shaped: joining forms (presentation forms), no bare Arabic letters left.
    assert not any("\u0600" <= c <= "\u06ff" for c in markup)
    assert unicodedata.normalize("NFKC", "\ufee9\ufeeb") == "هه"
    # Still in logical order: the paragraph breaks lines first, then orders each printed line.
    assert markup.startswith(f'<runfont name="{fonts.ARABIC}">')
    assert markup.endswith("</runfont> &amp; 68/93")
    first = unicodedata.normalize("NFKC", markup.split('">')[1].split("</runfont>")[0])
    assert first == "نؤيد هذه الفقرة"


def test_a_one_line_arabic_note_is_drawn_right_to_left() -> None:
    # The note starts with an Arabic word, so the line is right to left: its first word is
    # drawn last (rightmost), each word's letters from right to left; the number keeps its own
    # order and the markup characters print as written.
    (line,) = _drawn_lines(esc(ARABIC_NOTE))
    assert line.startswith("68/93 & ")
    assert line.endswith("نؤيد"[::-1])
    # Brackets are mirrored inside right-to-left text: the logical "<" is drawn last, as ">".
    assert "عم <font> ةرقفلا" in line


def test_mixed_line_keeps_english_order_and_reverses_the_arabic_phrase() -> None:
    markup = esc(MIXED_NOTE)
    assert markup.startswith("The Arab Group (") and markup.endswith(") agrees.")
    (line,) = _drawn_lines(markup)
    assert line == "The Arab Group (" + "المجموعة العربية"[::-1] + ") agrees."


def test_pieces_of_a_right_to_left_line_keep_their_faces() -> None:
    registered = fonts.register_fonts()
    style = ParagraphStyle("t", fontName=registered.serif)
    para = Para(f"{esc('عربي')} <b>{esc('غامق')}</b> {esc('نص')} 12", style)
    para.wrap(1000, 1000)
    (line,) = _visual_lines(para.blPara, _line_bases(para.blPara, None, None)).lines
    drawn = [
        (w.fontName, unicodedata.normalize("NFKC", w.text)) for w in line.words if w.text.strip()
    ]
    assert drawn == [
        (registered.serif, "12 "),
        (fonts.ARABIC, "صن"),
        (f"{fonts.ARABIC}-Bold", "قماغ"),
        (fonts.ARABIC, "يبرع"),
    ]
    # The logical lines stay as they were: a split rebuilds its pieces from them.
    assert [w.text for w in para.blPara.lines[0].words][0].startswith("\ufecb")


def test_each_logical_line_takes_its_own_direction() -> None:
    lines = _drawn_lines(esc("English first, then عربي.\nعربي first, then English."))
    # The second line is right to left: its English phrase keeps its own order, the full stop
    # ends the line on the left.
    assert lines == ["English first, then " + "عربي"[::-1] + ".", ".first, then English " + "يبرع"]


def test_text_with_no_right_to_left_letter_is_drawn_as_reportlab_draws_it() -> None:
    for text in ("plain", "Román-Morey — Ωmega", esc("中国 text")):
        assert not Para(text, ParagraphStyle("t"))._bidi
    assert Para(esc("نص"), ParagraphStyle("t"))._bidi


def test_a_split_right_to_left_paragraph_keeps_its_direction() -> None:
    style = ParagraphStyle("t", fontName=fonts.register_fonts().serif, leading=12)
    para = Para(esc(" ".join(f"البند {i}" for i in range(1, 60))), style)
    para.wrap(100, 10_000)
    first, rest = para.split(100, 40)
    assert first._bidi and rest._bidi and rest._first_base == 1
    rest.wrap(100, 10_000)
    assert _line_bases(rest.blPara, None, rest._first_base)[0] == 1


def test_contents_lines_stay_left_to_right_with_the_title_in_order() -> None:
    style = ParagraphStyle("toc", fontName=fonts.register_fonts().serif)
    line = ContentsLine("تقرير المؤتمر", "k1", style, PageNumberForms())
    assert f'<runfont name="{fonts.ARABIC}">' in line.text  # not blank: the Arabic face
    line.wrap(400, 1000)
    (drawn,) = _visual_lines(line.blPara, _line_bases(line.blPara, 0, None)).lines
    texts = [unicodedata.normalize("NFKC", getattr(w, "text", "")) for w in drawn.words]
    assert "".join(texts) == "تقرير المؤتمر"[::-1]
    # The page number's callback is still drawn after the title (the dots start where it ends).
    assert hasattr(drawn.words[-1], "cbDefn")


def test_cjk_runs_pick_the_face_by_their_letters() -> None:
    assert esc(CHINESE_NOTE) == f'<runfont name="{fonts.CJK_SC}">{CHINESE_NOTE}</runfont>'
    assert f'<runfont name="{fonts.CJK_JP}">日本語のテキスト</runfont>' in esc("日本語のテキスト")
    assert f'<runfont name="{fonts.CJK_KR}">한국어</runfont> ' in esc("한국어 텍스트")
    # Latin digits stay in the main face: the CJK metrics are right for CJK characters only.
    assert esc("第68号") == (
        f'<runfont name="{fonts.CJK_SC}">第</runfont>68<runfont name="{fonts.CJK_SC}">号</runfont>'
    )


def test_rich_spans_still_apply_around_fallback_runs() -> None:
    text = "Bold 中国 end"
    markup = rich(text, [Span(0, 7, SpanStyle.BOLD)])
    assert markup == f'<b>Bold <runfont name="{fonts.CJK_SC}">中国</runfont></b> end'


def test_fallback_runs_keep_the_surrounding_bold_and_italic() -> None:
    registered = fonts.register_fonts()
    style = ParagraphStyle("t", fontName=registered.serif)
    para = Paragraph(f"<b>{esc('قرار 中国')}</b> <i>{esc('قرار')}</i>", style)
    faces = [(frag.fontName, frag.text) for frag in para.frags if frag.text.strip()]
    assert faces == [
        (f"{fonts.ARABIC}-Bold", "ﻗﺮﺍﺭ"),  # shaped, in logical order (Para orders lines)
        (f"{fonts.CJK_SC}-Bold", "中国"),
        (fonts.ARABIC, "ﻗﺮﺍﺭ"),  # no italic Arabic: the upright face
    ]


def test_a_missing_font_package_leaves_the_text_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "fallback_font", lambda family: None)
    assert esc("中国 <x>") == "中国 &lt;x&gt;"
    assert pdf_text._RUN.search("中国")


# --- bidirectional order -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        ("abc", "abc"),
        ("ابت", "تبا"),
        ("abc ابت ثج def", "abc جث تبا def"),
        ("ابت abc def ثج", "جث abc def تبا"),
        ("ابت (ثج)", "(جث) تبا"),  # brackets mirrored inside right-to-left text
        ("ابت 123 ثج", "جث 123 تبا"),  # numbers keep their order
        ("ابت ثج.", ".جث تبا"),
    ],
)
def test_visual_order(logical: str, visual: str) -> None:
    assert visual_order(logical) == visual


def test_visual_indices_say_where_each_character_goes() -> None:
    order, mirrored = visual_indices("ab (جد)")
    # A left-to-right line: only the Arabic is reversed; the brackets take the line's direction.
    assert order == [0, 1, 2, 3, 5, 4, 6]
    assert mirrored == "ab (جد)"
    order, mirrored = visual_indices("ab (جد)", base=1)
    assert mirrored == "ab )جد("
    assert "".join(mirrored[i] for i in order) == "(دج) ab"


def test_base_level_is_the_first_strong_letter() -> None:
    assert base_level("123 abc ابت") == 0
    assert base_level("123 ابت abc") == 1
    assert base_level("123 ...") == 0
    assert base_level("123 ...", None) is None


# --- the exported PDF ----------------------------------------------------------------------------


def _items():
    record = lima_like_record()
    record.parts[0].paragraphs[0].text += " Egypt (جمهورية مصر العربية) and China (中华人民共和国)."
    notes = [
        annotation("annex_1__para_10__point_a", note=ARABIC_NOTE, stance=Stance.SUPPORT),
        annotation("annex_1__para_10__point_b", note=CHINESE_NOTE, stance=Stance.CONCERN),
        annotation("annex_1__para_10__point_c", note=MIXED_NOTE),
    ]
    return [(record, notes)]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils (pdffonts)")
def test_arabic_and_chinese_fonts_are_embedded(tmp_path: Path) -> None:
    # This is the test that sees blank text: a face without the glyphs still maps the characters
    # for extraction, so pdftotext alone would read blank Arabic back as Arabic.
    out = _export(tmp_path, items=_items())
    rows = _poppler("pdffonts", str(out)).splitlines()[2:]
    names = [row.split()[0] for row in rows]
    assert any(name.endswith("+NotoSansArabic-Regular") for name in names), names
    assert any(name.endswith("+NotoSansSC-Regular") for name in names), names
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_arabic_and_chinese_text_reads_back(tmp_path: Path) -> None:
    out = _export(tmp_path, items=_items())
    text = _poppler("pdftotext", str(out), "-")
    assert CHINESE_NOTE in text
    assert "中华人民共和国" in text
    plain = _plain(text)
    for word in ("نؤيد", "الفقرة", "الصياغة", "المجموعة", "العربية", "جمهورية", "مصر"):
        assert word in plain, word
    # The note's markup characters print as text. (Where the brackets land in the read-back line
    # is pdftotext's own guess at right-to-left order; the markup test above pins the order.)
    line = next(line for line in plain.splitlines() if "font" in line)
    for printed in ("<", ">", "&", "68/93", "الفقرة", "مع"):
        assert printed in line, (printed, line)
    assert "The Arab Group (" in plain


def test_deterministic_mode_stays_byte_identical_with_fallback_faces(tmp_path: Path) -> None:
    first = _export(tmp_path, "a.pdf", items=_items())
    second = _export(tmp_path, "b.pdf", items=_items())
    assert first.read_bytes() == second.read_bytes()


def test_cjk_outlines_are_cut_per_document_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_FONT_CACHE", str(tmp_path / "cache"))
    source = fonts._cjk_source(fonts.CJK_SC)
    chars = sorted(map(ord, "中国人"))
    cut = fonts._cut_glyphs(source, 400, chars)
    assert cut.parent == tmp_path / "cache"
    again = fonts._cut_glyphs(source, 400, chars)
    assert again == cut  # cached: the same file, not cut again
    from fontTools.ttLib import TTFont

    font = TTFont(str(cut))
    assert "fvar" not in font and "glyf" in font  # a static TrueType instance
    assert set(chars) <= set(font.getBestCmap())
    assert len(font.getGlyphOrder()) < 10  # only what the document used
    bold = TTFont(str(fonts._cut_glyphs(source, 700, chars)))
    assert bold["OS/2"].usWeightClass == 700


# --- right-to-left text that wraps, in the exported PDF ------------------------------------------

# Arabic words numbered with digits: the digits say the reading order. No lam-alef in the words
# (NFKC splits the ligature, which would spoil reading a drawn word back by reversing it).
NUMBERED_NOTE = " ".join(f"البند {i}" for i in range(1, 41))
LONG_MIXED_NOTE = (
    "The Arab Group (المجموعة العربية) agrees with the text of paragraph 10 as drafted, "
    "subject to the views of capitals."
)
ARABIC_TITLE = "تقرير المؤتمر العالمي الرابع"
ARABIC_PART = "رسالة مؤرخة من الممثل الدائم"
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>'
)
_ARABIC_DRAWN = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")


def _rtl_items():
    record = lima_like_record()
    record.symbol = ""  # the running header names the record by its title
    record.title = ARABIC_TITLE
    record.parts[0].title = ARABIC_PART  # a heading in the contents
    notes = [
        annotation("annex_1__para_10__point_a", note=NUMBERED_NOTE, stance=Stance.SUPPORT),
        annotation("annex_1__para_10__point_b", note=LONG_MIXED_NOTE),
    ]
    return [(record, notes)]


def _read(word: str) -> str:
    """A word as pdftotext -bbox gives it (characters in drawn order) read in logical order."""
    if _ARABIC_DRAWN.search(word):
        word = word[::-1]
    return unicodedata.normalize("NFKC", word).strip("()")


def _poppler(*command: str) -> str:
    """The standard output of a poppler-utils command (pdftotext, pdffonts)."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _printed_lines(pdf: Path, page: int) -> list[list[tuple[float, float, str]]]:
    """The words of a page as (xMin, xMax, logical text), line by line from the top."""
    xml = _poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    words = sorted(
        (float(y), float(x0), float(x1), _read(text)) for x0, y, x1, text in _WORD.findall(xml)
    )
    lines: list[list[tuple[float, float, str]]] = []
    top = None
    for y, x0, x1, text in words:
        # Arabic and Latin faces give the same line different boxes: a few points apart.
        if top is None or y - top > 6:
            lines.append([])
            top = y
        lines[-1].append((x0, x1, text))
    return lines


def _page_with(pdf: Path, word: str) -> int:
    for number in range(1, len(PdfReader(pdf).pages) + 1):
        if any(w[2] == word for line in _printed_lines(pdf, number) for w in line):
            return number
    raise AssertionError(f"{word} is on no page")


def _arabic_faces(pdf: Path, page: int, top: float = 0) -> set[str]:
    """The faces the page draws Arabic characters in (above `top` points, when given)."""
    faces: set[str] = set()

    def visit(text, cm, tm, font, size) -> None:
        if font is not None and _ARABIC_DRAWN.search(text) and tm[5] * cm[3] + cm[5] >= top:
            faces.add(str(font["/BaseFont"]).split("+")[-1])

    PdfReader(pdf).pages[page - 1].extract_text(visitor_text=visit)
    return faces


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_a_wrapped_arabic_note_prints_its_lines_in_order_flush_right(tmp_path: Path) -> None:
    out = _export(tmp_path, items=_rtl_items(), sections=frozenset({"full-text"}))
    page = _page_with(out, "البند")
    lines = [line for line in _printed_lines(out, page) if any(w[2] == "البند" for w in line)]
    assert len(lines) >= 3
    # Top to bottom, and right to left within each line: 1, 2, 3 ... 40.
    numbers = [
        int(text)
        for line in lines
        for _x0, _x1, text in sorted(line, reverse=True)
        if text.isdigit()
    ]
    assert numbers == list(range(1, 41))
    # Every line ends at the same right edge; the last, short one starts further right.
    rights = [max(x1 for _x0, x1, _t in line) for line in lines]
    assert max(rights) - min(rights) < 0.5, rights
    lefts = [min(x0 for x0, _x1, _t in line) for line in lines]
    assert lefts[-1] > lefts[0] + 50, lefts
    assert _arabic_faces(out, page) == {"NotoSansArabic-Regular"}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_a_mixed_english_and_arabic_note_reads_left_to_right(tmp_path: Path) -> None:
    out = _export(tmp_path, items=_rtl_items(), sections=frozenset({"full-text"}))
    page = _page_with(out, "Arab")
    (line,) = [line for line in _printed_lines(out, page) if any(w[2] == "Arab" for w in line)]
    x = {text: x0 for x0, _x1, text in line}
    # English left to right, the Arabic phrase inside it right to left, then English again.
    assert x["The"] < x["Arab"] < x["Group"] < x["العربية"] < x["المجموعة"] < x["agrees"]
    assert min(x.values()) == x["The"]  # a left-to-right line starts on the left


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_an_arabic_heading_prints_in_the_contents_and_the_running_header(tmp_path: Path) -> None:
    out = _export(tmp_path, items=_rtl_items())
    contents = _page_with(out, "Contents")
    text = _poppler("pdftotext", "-layout", "-f", str(contents), "-l", str(contents), str(out), "-")
    entry = next(
        line for line in text.splitlines() if _ARABIC_DRAWN.search(line) and ". . ." in line
    )
    assert not re.search("[\u0600-\u06ff]", entry)  # shaped: the fallback path, not escape()
    assert ARABIC_PART in _plain(entry)
    assert entry.rstrip().endswith("7")  # leaders, then the page number (after the positions)
    assert _arabic_faces(out, contents) == {"NotoSansArabic-Regular"}
    # The running header names the record by its Arabic title, right to left, on every page
    # of the body (the cover has none).
    pages = len(PdfReader(out).pages)
    for page in range(2, pages + 1):
        header = _printed_lines(out, page)[0]
        words = [text for _x0, _x1, text in sorted(header, reverse=True)]
        assert " ".join(words) == ARABIC_TITLE, (page, words)
        assert _arabic_faces(out, page, top=780) == {"NotoSansArabic-Regular"}


def test_a_long_arabic_title_is_shortened_in_the_header() -> None:
    from briefing.export.pdf import _fitted_runs

    serif = fonts.register_fonts().sans
    title = " ".join([ARABIC_TITLE] * 8)
    runs = _fitted_runs(title, serif, 8, 200.0)
    assert sum(width for _piece, _face, width in runs) <= 200
    # Right to left: the ellipsis ends the title, so it is drawn first (leftmost).
    assert runs[0] == ("…", serif, runs[0][2])
    drawn = unicodedata.normalize("NFKC", "".join(piece for piece, _face, _w in runs[1:]))
    assert drawn.strip()[::-1].startswith(ARABIC_TITLE)


def test_deterministic_mode_stays_byte_identical_with_right_to_left_text(tmp_path: Path) -> None:
    first = _export(tmp_path, "a.pdf", items=_rtl_items())
    second = _export(tmp_path, "b.pdf", items=_rtl_items())
    assert first.read_bytes() == second.read_bytes()

"""Arabic and CJK text in the PDFs: fallback faces per run, shaped and ordered Arabic, embedded."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from test_pdf_export import _export
from test_pdf_records import annotation, lima_like_record

from briefing.domain import Span, SpanStyle, Stance
from briefing.export import fonts, pdf_text
from briefing.export.pdf_text import esc, rich
from briefing.export.rtl import base_level, visual_order

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


def test_arabic_runs_are_escaped_shaped_and_in_the_arabic_face() -> None:
    markup = esc(ARABIC_NOTE)
    assert "<font>" not in markup and "&lt;font&gt;" in markup and "&amp;" in markup
    # The escaped note's markup, in its drawn place, splits the sentence into two runs.
    assert markup.count(f'<runfont name="{fonts.ARABIC}">') == 2
    assert "</runfont> &lt;font&gt; <runfont" in markup
    # Shaped: joining forms (presentation forms), no bare Arabic letters left.
    assert not any("\u0600" <= c <= "\u06ff" for c in markup)
    assert unicodedata.normalize("NFKC", "\ufee9\ufeeb") == "هه"
    # In visual order: the note starts with an Arabic word, so the line is right to left: its
    # first word is drawn last (rightmost), each word's letters from right to left; the number
    # keeps its own order.
    assert markup.startswith(f'68/93 &amp; <runfont name="{fonts.ARABIC}">')
    drawn = unicodedata.normalize("NFKC", markup.split("</runfont>")[-2])
    assert drawn.endswith("نؤيد"[::-1])


def test_mixed_line_keeps_english_order_and_reverses_the_arabic_phrase() -> None:
    markup = esc(MIXED_NOTE)
    assert markup.startswith("The Arab Group (")
    assert markup.endswith(") agrees.")
    phrase = unicodedata.normalize("NFKC", markup.split('">')[1].split("</runfont>")[0])
    assert phrase == "المجموعة العربية"[::-1]  # drawn from right to left


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
        (f"{fonts.CJK_SC}-Bold", "中国"),
        (f"{fonts.ARABIC}-Bold", "ﺭﺍﺮﻗ"),
        (fonts.ARABIC, "ﺭﺍﺮﻗ"),  # no italic Arabic: the upright face
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


def test_base_level_is_the_first_strong_letter() -> None:
    assert base_level("123 abc ابت") == 0
    assert base_level("123 ابت abc") == 1
    assert base_level("123 ...") == 0


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
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    names = [row.split()[0] for row in rows]
    assert any(name.endswith("+NotoSansArabic-Regular") for name in names), names
    assert any(name.endswith("+NotoSansSC-Regular") for name in names), names
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_arabic_and_chinese_text_reads_back(tmp_path: Path) -> None:
    out = _export(tmp_path, items=_items())
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
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

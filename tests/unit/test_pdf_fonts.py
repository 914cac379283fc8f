"""The embedded fonts: from the pip font packages, bold cut once and cached, a safe fallback."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.export import fonts


def test_fonts_come_from_the_font_packages() -> None:
    registered = fonts.register_fonts()
    assert registered.real_bold
    regular = pdfmetrics.getFont(registered.serif).face
    bold = pdfmetrics.getFont(registered.serif_bold).face
    assert "fontpkg_noto_serif" in str(regular.filename)
    assert regular.name != bold.name  # a real bold face, not the regular one twice
    assert b"Bold" in bold.name
    # Accented and non-Latin letters have glyphs (Greek, Cyrillic).
    for char in "áéñőΩЖ":
        assert ord(char) in regular.charToGlyph


def test_the_cache_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_FONT_CACHE", str(tmp_path / "cache"))
    assert fonts.font_cache_dir() == tmp_path / "cache"
    source, _ = fonts._package_files("fontpkg_noto_sans")
    stat = source.stat()
    name = f"widths-{source.stem.split('[')[0]}-{stat.st_size}-{int(stat.st_mtime)}-w700.json"
    cached = tmp_path / "cache" / name
    cached.parent.mkdir()
    cached.write_text('{"65": 640}', encoding="utf-8")
    # Nothing is read from the variable font when its bold widths are cached.
    monkeypatch.setitem(sys.modules, "fontTools", None)
    assert fonts._bold_widths(source, 700) == {65: 640}


def test_bold_widths_and_cut_glyphs_match_a_full_static_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_FONT_CACHE", str(tmp_path / "fresh"))  # computed, not cached
    # The bold face lays text out with widths read from HVAR and embeds glyphs interpolated at
    # save: both must be what fontTools' own instancer makes of the whole font.
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    source, _ = fonts._package_files("fontpkg_noto_serif")
    static = instancer.instantiateVariableFont(FTFont(str(source)), {"wght": 700, "wdth": 100})
    cmap = static.getBestCmap()
    text = "Román-Morey “Ωмега” — 21 (e) ĳ ǅ"
    widths = fonts._bold_widths(source, 700)
    assert widths == {code: static["hmtx"][name][0] for code, name in cmap.items()}
    cut = FTFont(str(fonts._static_glyphs(source, 700, sorted(map(ord, set(text))), "X-Bold")))
    for char in set(text):
        ours = cut["glyf"][cut.getBestCmap()[ord(char)]]
        theirs = static["glyf"][cmap[ord(char)]]
        assert ours.numberOfContours != 0 or theirs.numberOfContours == 0
        if theirs.numberOfContours > 0:  # a simple glyph: the same points
            ours.recalcBounds(cut["glyf"])
            theirs.recalcBounds(static["glyf"])
            assert abs(ours.xMax - theirs.xMax) <= 1 and abs(ours.yMax - theirs.yMax) <= 1, char


# FastTTFont: the translate fast path must encode exactly as reportlab's own splitString, for
# every sequence of strings a document draws (subset codes are assigned as characters first
# appear, so the order matters).
_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:()\u00a0"  # ASCII and a no-break space
    "áéíóúñçüøåæœßÁÉ"  # Latin-1 and beyond, assigned as they first appear
    "ΑΒΓΔΩαβγδωЖЗИКЛжзикл"  # Greek, Cyrillic
    "שלוםनमस"  # no glyph in the face: code 0 every time
    + "".join(chr(c) for c in range(0x100, 0x17F))  # enough new letters to open subset 1
)


@functools.cache
def _stock_and_fast() -> tuple[TTFont, fonts.FastTTFont]:
    """reportlab's TTFont and ours over the serif face's file (parsed once per test run)."""
    path = pdfmetrics.getFont(fonts.register_fonts().serif).face.filename
    return TTFont("StockSerif", path), fonts.FastTTFont("FastSerif", path)


@settings(max_examples=120, deadline=None)
@given(strings=hs.lists(hs.text(alphabet=_ALPHABET, max_size=60), min_size=1, max_size=40))
def test_fast_split_string_encodes_as_reportlab_does(strings: list[str]) -> None:
    stock, fast = _stock_and_fast()
    stock_doc, fast_doc = _Doc(), _Doc()  # one document each: the codes are per document
    for text in strings:
        assert fast.splitString(text, fast_doc) == stock.splitString(text, stock_doc)
    assert fast.state[fast_doc].subsets == stock.state[stock_doc].subsets


def test_known_characters_skip_reportlabs_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    stock, fast = _stock_and_fast()
    stock_doc, fast_doc = _Doc(), _Doc()
    for font, doc in ((stock, stock_doc), (fast, fast_doc)):
        font.splitString("Román-Morey", doc)  # ó and á get their codes here
    slow_calls = []
    original = TTFont.splitString
    monkeypatch.setattr(
        TTFont, "splitString", lambda *args: slow_calls.append(args) or original(*args)
    )
    assert fast.splitString("Morey\u00a0Román", fast_doc) == original(
        stock, "Morey\u00a0Román", stock_doc
    )
    assert slow_calls == []
    fast.splitString("Ωmega", fast_doc)  # Ω is new to this document: reportlab assigns it
    assert len(slow_calls) == 1


@settings(max_examples=80, deadline=None)
@given(
    texts=hs.lists(hs.text(alphabet=_ALPHABET, max_size=40), min_size=1, max_size=30),
    size=hs.sampled_from([8, 8.5, 9, 10.5, 17]),
)
def test_remembered_widths_are_reportlabs_own(texts: list[str], size: float) -> None:
    stock, fast = _stock_and_fast()
    for text in texts + texts:  # the second time from memory
        assert fast.stringWidth(text, size) == stock.stringWidth(text, size)
    assert (texts[0], size) in fast._widths


def test_a_new_face_forgets_the_widths_of_the_old() -> None:
    registered = fonts.register_fonts()
    regular = pdfmetrics.getFont(registered.serif)
    bold = pdfmetrics.getFont(registered.serif_bold)
    font = fonts.FastTTFont("WidthsSerif", regular.face.filename)
    assert font.stringWidth("Migration", 10) == regular.stringWidth("Migration", 10)
    font.face = bold.face  # as the bold faces are made: the parsed face replaced
    assert font.stringWidth("Migration", 10) == bold.stringWidth("Migration", 10)
    assert bold.stringWidth("Migration", 10) > regular.stringWidth("Migration", 10)


class _Doc:
    """A stand-in document: reportlab keys a font's per-document codes on it (weakly)."""


def test_a_whole_briefing_prints_byte_identical_with_reportlabs_encoding(monkeypatch) -> None:
    from test_pdf_records import lima_annotations, lima_like_record

    from briefing.export.pdf import ExportOptions, render_pdf

    items = [(lima_like_record(), lima_annotations())]
    options = ExportOptions(deterministic=True)
    fast = render_pdf(items, options).data
    monkeypatch.setattr(fonts.FastTTFont, "splitString", TTFont.splitString)
    stock = render_pdf(items, options).data
    assert fast == stock


def test_characters_drawn_without_a_glyph_are_noted_per_document() -> None:
    _, fast = _stock_and_fast()
    doc, other = _Doc(), _Doc()
    fast.splitString("Shalom שלום", doc)
    fast.splitString("Shalom again, שלום", doc)  # known characters, noted once
    fast.splitString("a\u061cb", doc)  # ARABIC LETTER MARK: invisible by design, not noted
    fast.splitString("नमस्ते", other)
    assert fast.state[doc].briefing_missing == frozenset("שלום")
    assert fast.state[other].briefing_missing == frozenset("नमस्ते")


def test_script_names_come_from_unicode_names() -> None:
    assert fonts.script_names(set("שלום")) == ["Hebrew"]
    assert fonts.script_names(set("नमस्ते")) == ["Devanagari"]
    assert fonts.script_names({"\u0250", "\u2603", "\U0001f600", "\u4e00"}) == [
        "CJK",
        "Latin",
        "symbols",
    ]

"""The embedded fonts: from the pip font packages, bold cut once and cached, a safe fallback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

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
    name = f"{source.stem.split('[')[0]}-w700-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    cached = tmp_path / "cache" / name
    cached.parent.mkdir()
    cached.write_bytes(b"cached")
    # Nothing is cut when the instance is cached.
    monkeypatch.setitem(sys.modules, "fontTools", None)
    assert fonts._bold_instance(source, 700) == cached


def test_without_fonttools_bold_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(sys.modules, "fontTools", None)
    monkeypatch.setitem(sys.modules, "fontTools.ttLib", None)
    source, _ = fonts._package_files("fontpkg_noto_sans")
    assert fonts._bold_instance(source, 700) is None
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())

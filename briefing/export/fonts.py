"""Embedded Unicode fonts for the PDFs: Noto Serif and Noto Sans from their pip font packages.

The packages ship variable fonts only. reportlab embeds the default instance of a variable font
(Regular), so the bold faces are static instances cut with fontTools and cached on disk, keyed by
the source file's size and modification time. Without fontTools (or if cutting fails) bold falls
back to the regular face: still embedded, still Unicode, only not bold.

The cache lives in $BRIEFING_FONT_CACHE when set, else in the user's cache folder: it holds
derived font files, not user data, so every profile (and every test) shares it.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing import APP_NAME

log = logging.getLogger(__name__)

SERIF = "BriefingSerif"
SANS = "BriefingSans"

_lock = threading.Lock()
_registered: FontSet | None = None


@dataclass(frozen=True)
class FontSet:
    """The registered family names and the face names behind them."""

    serif: str = SERIF
    serif_bold: str = f"{SERIF}-Bold"
    serif_italic: str = f"{SERIF}-Italic"
    serif_bold_italic: str = f"{SERIF}-BoldItalic"
    sans: str = SANS
    sans_bold: str = f"{SANS}-Bold"
    sans_italic: str = f"{SANS}-Italic"
    sans_bold_italic: str = f"{SANS}-BoldItalic"
    # False when bold faces are the regular face (fontTools missing or failed).
    real_bold: bool = True


def _package_files(package: str) -> tuple[Path, Path]:
    """(upright, italic) variable font files of a fontpkg font package."""
    import importlib

    module = importlib.import_module(package)
    files = Path(module.ROOT) / "files"
    upright = italic = None
    for path in sorted(files.glob("*.ttf")):
        if "Italic" in path.name:
            italic = path
        else:
            upright = path
    if upright is None:
        from briefing.domain import ExportError

        raise ExportError(f"the font package {package} holds no TrueType font")
    return upright, italic or upright


def font_cache_dir() -> Path:
    override = os.environ.get("BRIEFING_FONT_CACHE")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "fonts"


def _bold_instance(source: Path, weight: int) -> Path | None:
    """A static instance of a variable font at `weight`, cut once and cached; None on failure."""
    stat = source.stat()
    name = f"{source.stem.split('[')[0]}-w{weight}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    cache = font_cache_dir()
    target = cache / name
    if target.is_file():
        return target
    try:
        from fontTools.ttLib import TTFont as FTFont
        from fontTools.varLib import instancer
    except ImportError:
        log.warning("fontTools missing: bold text prints in the regular face")
        return None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        font = FTFont(str(source))
        static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
        family = static["name"].getDebugName(1) or "Noto"
        style = "Bold Italic" if "Italic" in source.name else "Bold"
        ps_name = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
        static["name"].setName(style, 2, 3, 1, 0x409)
        static["name"].setName(f"{family} {style}", 4, 3, 1, 0x409)
        static["name"].setName(ps_name, 6, 3, 1, 0x409)
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".ttf.part")
        os.close(fd)
        try:
            static.save(tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return target
    except Exception:  # a font we cannot cut must not stop an export
        log.exception("could not cut a bold instance of %s", source.name)
        return None


def register_fonts() -> FontSet:
    """Register the serif and sans families with reportlab once per process; thread-safe."""
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        serif, serif_italic = _package_files("fontpkg_noto_serif")
        sans, sans_italic = _package_files("fontpkg_noto_sans")
        serif_bold = _bold_instance(serif, 700)
        serif_bold_italic = _bold_instance(serif_italic, 700)
        sans_bold = _bold_instance(sans, 700)
        fonts = FontSet(real_bold=bool(serif_bold and serif_bold_italic and sans_bold))
        faces = {
            fonts.serif: serif,
            fonts.serif_italic: serif_italic,
            fonts.serif_bold: serif_bold or serif,
            fonts.serif_bold_italic: serif_bold_italic or serif_italic,
            fonts.sans: sans,
            fonts.sans_italic: sans_italic,
            fonts.sans_bold: sans_bold or sans,
            # A bold italic sans is never used on its own; bold stands in for it.
            fonts.sans_bold_italic: sans_bold or sans,
        }
        for face, path in faces.items():
            pdfmetrics.registerFont(TTFont(face, str(path)))
        for family, regular, bold, italic, bold_italic in (
            (
                fonts.serif,
                fonts.serif,
                fonts.serif_bold,
                fonts.serif_italic,
                fonts.serif_bold_italic,
            ),
            (fonts.sans, fonts.sans, fonts.sans_bold, fonts.sans_italic, fonts.sans_bold_italic),
        ):
            pdfmetrics.registerFontFamily(
                family, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
            )
        _registered = fonts
        return fonts

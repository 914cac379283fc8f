"""Embedded Unicode fonts for the PDFs: Noto Serif and Noto Sans from their pip font packages.

The packages ship variable fonts only. reportlab embeds the default instance of a variable font
(Regular); a bold face is that variable font's character map with the advance widths at weight
700 (fontTools reads them from the HVAR table: half a second, cached on disk) for layout, and at
save time the outlines of just the glyphs the document used, interpolated at weight 700 and
built into a small static font (`_BoldAtSaveFace`, cached by glyph set). Cutting whole static
instances took 35 to 80 seconds at the first export; this takes a second or two. Without
fontTools (or if reading fails) bold falls back to the regular face: still embedded, still
Unicode, only not bold.

The cache lives in $BRIEFING_FONT_CACHE when set, else in `fonts/` of the cache folder
(`paths.cache_dir()`, which follows $BRIEFING_HOME so that tests and portable installs never
write to the real profile). It holds derived font files, not user data.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
import unicodedata
import weakref
from pathlib import Path

from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace, TTFontFile

from briefing import atomic
from briefing.datatypes import dataclass
from briefing.digest import sha256_hex

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


class _SubsetZero(dict):
    """str.translate's table: each character already given a code in a document's first subset,
    to that code as a character. A character not there (new to the document, or in a later
    subset) maps to U+FFFF, which no Latin-1 encoding takes: the caller falls back."""

    __slots__ = ("assigned",)

    def __missing__(self, code: int) -> str:
        return "\uffff"


# Widths a face remembers (`FastTTFont.stringWidth`): a long pack's distinct words, sizes
# and faces fit many times over; past this the memory starts again.
WIDTH_MEMORY = 1 << 16


class FastTTFont(TTFont):
    """reportlab's TTFont with a fast path for drawing text whose characters the document
    already uses.

    reportlab encodes every string it draws character by character in Python
    (`TTFont.splitString`): the largest single cost of laying out a briefing. Once a document's
    characters have their codes, which is after the first page or two, one `str.translate`
    gives the same bytes. New characters still go through reportlab's own code, which assigns
    them; the output is byte-identical (tests/unit/test_pdf_fonts.py).

    It also remembers the widths it measured. Line breaking measures every word of every
    paragraph, and each measure in reportlab's accelerator costs about 2 microseconds however
    short the word (a tenth of a pack's layout); a briefing repeats its words, so most are
    looked up instead. A width depends only on the text, the size and the face's advance
    widths, which are fixed once the face is made: the memory starts afresh whenever a face is
    set (a bold or CJK face replaces the parsed one), and the same float comes back.
    """

    @property
    def face(self):
        return self._face

    @face.setter
    def face(self, face) -> None:
        self._face = face
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - reportlab's name
        widths = self._widths
        key = (text, size)
        width = widths.get(key)
        if width is None:
            width = instanceStringWidthTTF(self, text, size, encoding)
            if type(text) is str:  # bytes are decoded by `encoding`, which may change
                if len(widths) >= WIDTH_MEMORY:
                    widths.clear()
                widths[key] = width
        return width

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is None or not isinstance(text, str):
            return self._split_noting_missing(text, doc, encoding)
        assignments = state.assignments
        table = getattr(state, "briefing_subset_zero", None)
        if table is None or table.assigned != len(assignments):
            table = _SubsetZero({code: chr(n) for code, n in assignments.items() if n < 256})
            if assignments.get(32, 256) < 256:
                table[0xA0] = table[32]  # reportlab prints a no-break space as a space
            table.assigned = len(assignments)
            state.briefing_subset_zero = table
        try:
            data = text.translate(table).encode("latin-1")
        except UnicodeEncodeError:
            return self._split_noting_missing(text, doc, encoding)
        return [(0, data)] if data else []

    def _split_noting_missing(self, text, doc, encoding):
        """reportlab's own encoding; characters the face has no glyph for (drawn blank) noted
        on the document's state, for `missing_characters`."""
        chunks = super().splitString(text, doc, encoding)
        glyphs = self.face.charToGlyph
        missing = {c for c in text if ord(c) not in glyphs and c >= " " and c != "\xa0"}
        # Format characters (zero-width space, direction marks) print nothing by design.
        missing = {c for c in missing if unicodedata.category(c) != "Cf"}
        if missing:
            state = self.state[doc]
            state.briefing_missing = getattr(state, "briefing_missing", frozenset()) | missing
        return chunks


def missing_characters(pdf_document) -> set[str]:
    """Characters drawn in `pdf_document` (a reportlab PDFDocument) that no embedded face has a
    glyph for: they print blank."""
    missing: set[str] = set()
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        if isinstance(font, FastTTFont):
            state = font.state.get(pdf_document)
            missing |= getattr(state, "briefing_missing", frozenset())
    return missing


_SCRIPT_NAME_WORDS = {
    "LETTER",
    "SIGN",
    "VOWEL",
    "DIGIT",
    "MARK",
    "LIGATURE",
    "CHARACTER",
    "SYLLABLE",
    "POINT",
    "PUNCTUATION",
}


def script_names(chars: set[str]) -> list[str]:
    """The writing systems of `chars`, by their Unicode names ("HEBREW LETTER ALEF" is Hebrew);
    "symbols" for the rest (emoji, pictographs)."""
    names = set()
    for char in chars:
        words = unicodedata.name(char, "").split()
        if words[:1] == ["CJK"]:
            names.add("CJK")
        elif _SCRIPT_NAME_WORDS.intersection(words[1:3]):  # LATIN SMALL LETTER ...
            names.add(words[0].title())
        else:
            names.add("symbols")
    return sorted(names, key=lambda name: (name == "symbols", name))


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
    from briefing import paths

    return paths.cache_dir() / "fonts"


def _save_font(font, target: Path) -> None:
    """Save a fontTools font to `target` in the cache atomically, so a reader (another process
    starting an export) never sees half a font."""
    with atomic.replacing(target) as tmp:
        font.save(str(tmp))


# ------------------------------------------------------------------ bold faces cut at save time


def _source_stamp(source: Path) -> str:
    stat = source.stat()
    return f"{source.stem.split('[')[0]}-{stat.st_size}-{int(stat.st_mtime)}"


def _weight_location(font, weight: int) -> dict[str, float]:
    """The design location of `weight` in `font`'s axes, every other axis at its default."""
    location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    location["wght"] = weight
    return location


def _bold_widths(source: Path, weight: int) -> dict[int, int]:
    """Character -> advance width (font units) of variable font `source` at `weight`, cached."""
    import json

    target = font_cache_dir() / f"widths-{_source_stamp(source)}-w{weight}.json"
    try:
        return {int(k): v for k, v in json.loads(target.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    from fontTools.misc.roundTools import otRound
    from fontTools.ttLib import TTFont as FTFont

    font = FTFont(str(source), lazy=True)
    advance = _advances_from_hvar(font, weight)
    if advance is None:  # no HVAR: each glyph's phantom points, slower
        glyphs = font.getGlyphSet(location=_weight_location(font, weight))

        def advance(name: str) -> int:
            return otRound(glyphs[name].width)

    by_glyph: dict[str, int] = {}
    widths = {}
    for code, name in font.getBestCmap().items():
        if name not in by_glyph:
            by_glyph[name] = advance(name)
        widths[code] = by_glyph[name]
    font.close()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic.replacing(target) as tmp:
            tmp.write_text(json.dumps(widths, separators=(",", ":")), encoding="utf-8")
    except OSError:
        log.warning("could not cache the widths of %s at weight %d", source.name, weight)
    return widths


def _advances_from_hvar(font, weight: int):
    """A function glyph name -> advance width at `weight`, from the HVAR table's deltas (no
    outline is read), or None when the font has no HVAR."""
    if "HVAR" not in font:
        return None
    from fontTools.misc.roundTools import otRound
    from fontTools.varLib.models import normalizeLocation, piecewiseLinearMap
    from fontTools.varLib.varStore import VarStoreInstancer

    axes = font["fvar"].axes
    location = normalizeLocation(
        _weight_location(font, weight),
        {a.axisTag: (a.minValue, a.defaultValue, a.maxValue) for a in axes},
    )
    if "avar" in font:
        segments = font["avar"].segments
        location = {
            tag: piecewiseLinearMap(value, segments[tag]) if tag in segments else value
            for tag, value in location.items()
        }
    hvar = font["HVAR"].table
    deltas = VarStoreInstancer(hvar.VarStore, axes, location)
    mapping = hvar.AdvWidthMap.mapping if hvar.AdvWidthMap else None
    hmtx = font["hmtx"]
    glyph_ids = font.getReverseGlyphMap()

    def advance(name: str) -> int:
        index = mapping[name] if mapping is not None else glyph_ids[name]
        return otRound(hmtx[name][0] + deltas[index])

    return advance


def _static_glyphs(source: Path, weight: int, chars: list[int], ps_name: str) -> Path:
    """A small static TrueType font of `chars` only, outlines of `source` at `weight`; cached
    by source, weight, name and characters (the same document cuts the same bytes)."""
    key = sha256_hex(
        f"{_source_stamp(source)}|{weight}|{ps_name}|".encode() + ",".join(map(str, chars)).encode()
    )[:24]
    cache = font_cache_dir()
    target = cache / f"static-{source.stem.split('[')[0]}-w{weight}-{key}.ttf"
    if target.is_file():
        return target
    from fontTools.fontBuilder import FontBuilder
    from fontTools.misc.roundTools import otRound
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont as FTFont

    font = FTFont(str(source), lazy=True)
    glyph_set = font.getGlyphSet(location=_weight_location(font, weight))
    cmap = font.getBestCmap()
    mapping = {code: cmap[code] for code in chars if code in cmap}
    order = [".notdef", *sorted(set(mapping.values()) - {".notdef"})]
    outlines = {}
    metrics = {}
    for name in order:
        # Decomposed: the components of an accented letter are not in the small font.
        recording = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(pen)
        outlines[name] = pen.glyph()
        metrics[name] = otRound(glyph_set[name].width)
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.font.recalcTimestamp = False
    builder.setupHead(unitsPerEm=head.unitsPerEm, created=head.created, modified=head.created)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(outlines)
    glyf = builder.font["glyf"]
    builder.setupHorizontalMetrics(
        {name: (metrics[name], getattr(glyf[name], "xMin", 0)) for name in order}
    )
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    family = font["name"].getDebugName(1) or "Noto"
    builder.setupNameTable(
        {"familyName": family, "styleName": "Bold", "psName": ps_name}, mac=False
    )
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        sCapHeight=getattr(os2, "sCapHeight", 0),
        sxHeight=getattr(os2, "sxHeight", 0),
        usWeightClass=weight,
        fsType=0,  # the source's licence (OFL) allows embedding
    )
    builder.setupPost()
    font.close()
    cache.mkdir(parents=True, exist_ok=True)
    _save_font(builder.font, target)
    return target


class _BoldAtSaveFace(TTFontFace):
    """A variable font at a heavier weight: its character map, its advance widths at that
    weight for layout; at save, the outlines of the document's glyphs at that weight."""

    source: Path
    weight: int

    @classmethod
    def of(cls, source: Path, weight: int, ps_name: str) -> _BoldAtSaveFace:
        face = TTFontFace(str(source))
        widths = _bold_widths(source, weight)
        scale = face._pdfScale
        face.__class__ = cls
        face.source = source
        face.weight = weight
        face.name = ps_name.encode("ascii")
        face.charWidths = {code: scale(widths[code]) for code in face.charWidths if code in widths}
        if 0x20 in face.charWidths:
            face.charWidths.setdefault(0xA0, face.charWidths[0x20])
        return face

    def makeSubset(self, subset):  # noqa: N802 - reportlab's name
        chars = sorted({code for code in subset if code})
        try:
            cut = TTFontFile(
                str(_static_glyphs(self.source, self.weight, chars, self.name.decode("ascii")))
            )
        except Exception:  # a face we cannot cut still prints, in the regular weight
            log.exception("could not cut %s at weight %d", self.source.name, self.weight)
            return super().makeSubset(subset)
        return cut.makeSubset(subset)


def _bold_font(face_name: str, source: Path, weight: int = 700) -> FastTTFont | None:
    """A bold FastTTFont cut from variable font `source` at save time; None on failure."""
    ps_base = source.stem.split("[")[0].replace("-Italic", "")
    style = "BoldItalic" if "Italic" in source.name else "Bold"
    try:
        font = FastTTFont(face_name, str(source))
        font.face = _BoldAtSaveFace.of(source, weight, f"{ps_base}-{style}")
        return font
    except Exception:  # a font we cannot read must not stop an export
        log.exception("could not make a bold face of %s", source.name)
        return None


def first_use_pending() -> bool:
    """True when the bold faces' widths are not cached yet: the first export in this cache
    reads them (about a second), so a caller can say what it is doing."""
    try:
        sources = [
            *_package_files("fontpkg_noto_serif"),
            _package_files("fontpkg_noto_sans")[0],
        ]
    except Exception:  # no font package: register_fonts will say so
        return False
    return any(
        not (font_cache_dir() / f"widths-{_source_stamp(path)}-w700.json").is_file()
        for path in sources
    )


def register_fonts() -> FontSet:
    """Register the serif and sans families with reportlab once per process; thread-safe."""
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        serif, serif_italic = _package_files("fontpkg_noto_serif")
        sans, sans_italic = _package_files("fontpkg_noto_sans")
        fonts = FontSet()
        serif_bold = _bold_font(fonts.serif_bold, serif)
        serif_bold_italic = _bold_font(fonts.serif_bold_italic, serif_italic)
        sans_bold = _bold_font(fonts.sans_bold, sans)
        # A bold italic sans is never used on its own; bold stands in for it.
        sans_bold_italic = _bold_font(fonts.sans_bold_italic, sans)
        fonts = FontSet(real_bold=bool(serif_bold and serif_bold_italic and sans_bold))
        faces = {
            fonts.serif: serif,
            fonts.serif_italic: serif_italic,
            fonts.sans: sans,
            fonts.sans_italic: sans_italic,
        }
        for face, path in faces.items():
            pdfmetrics.registerFont(FastTTFont(face, str(path)))
        for bold, face, fallback in (
            (serif_bold, fonts.serif_bold, serif),
            (serif_bold_italic, fonts.serif_bold_italic, serif_italic),
            (sans_bold, fonts.sans_bold, sans),
            (sans_bold_italic, fonts.sans_bold_italic, sans),
        ):
            pdfmetrics.registerFont(bold or FastTTFont(face, str(fallback)))
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


# ------------------------------------------------------------------ fallback faces for scripts
#
# Noto Serif and Noto Sans carry Latin, Greek and Cyrillic only. Text in Arabic or in Chinese,
# Japanese or Korean is set in a fallback face, chosen per run of text by `pdf_text`, and each
# face is registered the first time such text is met: an export of plain English never loads one.
#
# - Arabic: Noto Sans Arabic (fontpkg-noto-sans-arabic, a variable font whose default instance is
#   Regular; bold is cut and cached like the Latin bolds). Its cmap holds the Arabic presentation
#   forms, which is what `pdf_text` sets shaped Arabic in.
# - CJK: Noto Sans SC, JP and KR (justmytype-intl-cjk): TrueType outlines, so reportlab embeds them,
#   but variable fonts whose default instance is Thin and whose static instances would take a
#   minute to cut whole. reportlab needs only metrics to lay text out, and CJK advance widths do
#   not change with weight, so the variable font serves as the metrics; the outlines are cut at
#   save time, for the characters the document used, at weight 400 or 700 (`_CutOnSaveFace`).

ARABIC = "BriefingArabic"
CJK_SC = "BriefingCJKsc"
CJK_JP = "BriefingCJKjp"
CJK_KR = "BriefingCJKkr"

_fallback_lock = threading.Lock()
# family name -> True when registered, False when its package is missing or broken
_fallbacks: dict[str, bool] = {}


def _cjk_source(family: str) -> Path:
    """The variable font of justmytype-intl-cjk behind one of the CJK families."""
    from importlib.resources import files

    folder = {CJK_SC: "notosanssc", CJK_JP: "notosansjp", CJK_KR: "notosanskr"}[family]
    root = Path(str(files("justmytype_intl_cjk"))) / "fonts" / "ofl" / folder
    found = sorted(root.glob("*.ttf"))
    if not found:
        from briefing.domain import ExportError

        raise ExportError(f"the font package justmytype-intl-cjk holds no font in {folder}")
    return found[0]


def _cut_glyphs(source: Path, weight: int, chars: list[int]) -> Path:
    """A static instance of variable font `source` at `weight` holding only `chars`, cached.

    Keyed by the source file, the weight and the characters, so the same document cuts the same
    bytes (the timestamp is not refreshed: deterministic exports stay byte-identical).
    """
    stat = source.stat()
    key = sha256_hex(
        f"{source.name}|{stat.st_size}|{int(stat.st_mtime)}|{weight}|".encode()
        + ",".join(map(str, chars)).encode()
    )[:24]
    cache = font_cache_dir()
    target = cache / f"cut-{source.stem.split('[')[0]}-w{weight}-{key}.ttf"
    if target.is_file():
        return target
    from fontTools import subset
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(str(source), recalcTimestamp=False)
    options = subset.Options()
    # reportlab neither shapes CJK nor sets it vertically: no layout or vertical tables.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for c in chars if c])
    subsetter.subset(font)
    static = instancer.instantiateVariableFont(font, {"wght": weight})
    static.recalcTimestamp = False
    cache.mkdir(parents=True, exist_ok=True)
    _save_font(static, target)
    return target


class _CutOnSaveFace(TTFontFace):
    """A variable font's metrics for layout; at save, outlines cut at `weight` for the subset."""

    source: Path
    weight: int

    @classmethod
    def adopt(cls, face: TTFontFace, source: Path, weight: int, ps_name: str) -> _CutOnSaveFace:
        """`face` (already parsed) as a face cut at `weight`: the metrics are shared, not copied.
        CJK advance widths do not vary with weight, so one parse serves every weight."""
        adopted = copy.copy(face)
        adopted.__class__ = cls
        adopted.source = source
        adopted.weight = weight
        # The variable font's own name is its default instance's ("NotoSansSC-Thin").
        adopted.name = ps_name.encode("ascii")
        return adopted

    def makeSubset(self, subset):  # noqa: N802 - reportlab's name
        try:
            cut = TTFontFile(str(_cut_glyphs(self.source, self.weight, sorted(set(subset)))))
        except Exception:  # a face we cannot cut still prints, in the default (thin) weight
            log.exception("could not cut %s at weight %d", self.source.name, self.weight)
            return super().makeSubset(subset)
        return cut.makeSubset(subset)


def _register_arabic() -> None:
    regular, _ = _package_files("fontpkg_noto_sans_arabic")
    pdfmetrics.registerFont(FastTTFont(ARABIC, str(regular)))
    bold = _bold_font(f"{ARABIC}-Bold", regular)
    pdfmetrics.registerFont(bold or FastTTFont(f"{ARABIC}-Bold", str(regular)))
    # No italic Arabic: italic text keeps the upright face.
    pdfmetrics.registerFontFamily(
        ARABIC, normal=ARABIC, bold=f"{ARABIC}-Bold", italic=ARABIC, boldItalic=f"{ARABIC}-Bold"
    )


def _register_cjk(family: str) -> None:
    source = _cjk_source(family)
    ps_base = source.stem.split("[")[0]  # NotoSansSC
    regular = FastTTFont(family, str(source))
    parsed = regular.face
    regular.face = _CutOnSaveFace.adopt(parsed, source, 400, f"{ps_base}-Regular")
    bold = copy.copy(regular)
    bold.fontName = f"{family}-Bold"
    bold.state = weakref.WeakKeyDictionary()  # per document subsets: never shared
    bold.face = _CutOnSaveFace.adopt(parsed, source, 700, f"{ps_base}-Bold")
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily(
        family, normal=family, bold=f"{family}-Bold", italic=family, boldItalic=f"{family}-Bold"
    )


def fallback_font(family: str) -> str | None:
    """Register the fallback `family` (ARABIC, CJK_SC, CJK_JP, CJK_KR) on first use; its name, or
    None when its font package is missing (the text then prints without glyphs, not an error)."""
    done = _fallbacks.get(family)
    if done is not None:
        return family if done else None
    with _fallback_lock:
        if family not in _fallbacks:
            try:
                if family == ARABIC:
                    _register_arabic()
                else:
                    _register_cjk(family)
                _fallbacks[family] = True
            except Exception:
                log.exception("no font for %s: that script prints without glyphs", family)
                _fallbacks[family] = False
    return family if _fallbacks[family] else None

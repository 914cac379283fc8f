"""Plain text and spans to reportlab paragraph markup: escape first, then style by offsets.

Record and user text is data: every character goes through `escape`, so a note holding `<font>`,
`<` or `&` prints as written. Bold, italic and footnote marks come from the spans alone.

Scripts the main faces lack (Noto Serif and Sans: Latin, Greek, Cyrillic) are set in fallback
faces (`fonts.fallback_font`): each run of Arabic or of Chinese, Japanese or Korean text goes in a
`<runfont name=...>` around its escaped characters. Arabic is shaped (each letter in its joining
form, from the presentation forms the Arabic face maps) and stays in logical order: reportlab
breaks lines in that order, and `pdf_flowables.Para` puts each printed line in visual order
(`rtl.visual_indices`) and sets right-to-left lines flush right. So markup from here must reach
the page through a `Para` (every paragraph of the story does). `drawn_runs` orders a single line
for text drawn straight on the canvas (the running header and footer). Text with no such
character costs one `isascii` test, or one regex search where it holds accents.

Limits accepted:
- Bidirectional levels are resolved per printed line (with its logical line's direction), not
  across the line break: a number or bracket at the very edge of a printed line may sit on the
  other side of its neighbour than a full-paragraph resolution would put it.
- Arabic vowel marks (harakat) are dropped: without OpenType mark positioning they would print
  beside their letters, not above or below them. Letter joining and lam-alef ligatures are kept.
- Bold or italic spans and footnote marks inside Arabic words split the word: each piece is
  shaped on its own (the letters either side of the cut take their unjoined forms).
- Han characters print in the Simplified Chinese face unless the run holds kana (Japanese face)
  or Hangul (Korean face). Hebrew, Indic and other scripts still print without glyphs (Hebrew is
  still ordered right to left).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.platypus.paraparser import ParaParser

from briefing.domain import Span, SpanStyle
from briefing.export import fonts
from briefing.export.rtl import visual_indices

_A = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\uffa0-\uffdc"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_C = (
    "\u2e80-\u2fdf\u3000-\u303f\u3100-\u312f\u3190-\u31ef\u3200-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe6f\uff00-\uff65\U00020000-\U0003ffff" + _HANGUL + _KANA
)
# Any character a fallback face is for: the one test plain text pays.
_FALLBACK = re.compile(f"[{_A}{_C}]")
_ARABIC = re.compile(f"[{_A}]")
# Spaces, digits and common punctuation between Arabic words stay in the Arabic face, so a
# sentence is one <font> run, not one per word. Not in CJK runs: the CJK faces' metrics are their
# variable fonts' default (thin) instance, right for CJK characters (their widths do not vary
# with weight) but not for Latin digits and punctuation, which stay in the main face.
_COMMON = "[ 0-9.,:;!?()\\[\\]/%\"'\\-]"
_RUN = re.compile(f"(?P<arabic>[{_A}](?:{_COMMON}*[{_A}])*)|(?P<cjk>[{_C}]+)")
_IS_HANGUL = re.compile(f"[{_HANGUL}]")
_IS_KANA = re.compile(f"[{_KANA}]")

_reshaper = None

# The tag around a fallback run. reportlab's <font name=...> takes bold and italic from the face
# it names, so inside <b> (or in a bold style) it would set the run in the regular face. <runfont>
# changes only the family and keeps the surrounding bold and italic: reportlab then picks the
# family's bold face itself. A tag of our own, added to reportlab's parser (which looks tags up
# as start_/end_ methods); nothing of reportlab's own changes.
_TAG = "runfont"


def _start_runfont(parser, attributes) -> None:
    parser._push(_TAG, fontName=attributes["name"])


def _end_runfont(parser) -> None:
    parser._pop(_TAG)


if not hasattr(ParaParser, f"start_{_TAG}"):
    setattr(ParaParser, f"start_{_TAG}", _start_runfont)
    setattr(ParaParser, f"end_{_TAG}", _end_runfont)

_OPEN = {SpanStyle.BOLD: "<b>", SpanStyle.ITALIC: "<i>"}
_CLOSE = {SpanStyle.BOLD: "</b>", SpanStyle.ITALIC: "</i>"}


def esc(text: str | None) -> str:
    """Escape plain text for a reportlab Paragraph; line breaks stay line breaks; runs of Arabic
    and CJK text in their fallback faces, Arabic shaped (in logical order: `Para` orders it)."""
    if not text:
        return ""
    if text.isascii() or _FALLBACK.search(text) is None:
        return escape(text).replace("\n", "<br/>")
    return "<br/>".join(_script_runs(line) for line in text.split("\n"))


def _shape_arabic(line: str) -> str:
    """Arabic letters in their joining forms (presentation forms), still in logical order."""
    global _reshaper
    if _reshaper is None:
        import arabic_reshaper

        _reshaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": True})
    return _reshaper.reshape(line)


def _cjk_family(run: str) -> str:
    if _IS_HANGUL.search(run):
        return fonts.CJK_KR
    if _IS_KANA.search(run):
        return fonts.CJK_JP
    return fonts.CJK_SC


def _script_runs(line: str) -> str:
    """One line (no newline) as markup: escaped, fallback runs wrapped in their face."""
    out: list[str] = []
    for piece, family in _runs(_shape_arabic(line) if _ARABIC.search(line) else line):
        out.append(f'<{_TAG} name="{family}">{escape(piece)}</{_TAG}>' if family else escape(piece))
    return "".join(out)


def _runs(line: str) -> list[tuple[str, str | None]]:
    """`line` cut into (text, fallback face or None for the main face) pieces."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for match in _RUN.finditer(line):
        run = match.group()
        family = fonts.fallback_font(
            fonts.ARABIC if match.lastgroup == "arabic" else _cjk_family(run)
        )
        if match.start() > pos:
            out.append((line[pos : match.start()], None))
        out.append((run, family))
        pos = match.end()
    if pos < len(line):
        out.append((line[pos:], None))
    return out


def has_fallback(text: str) -> bool:
    """Whether `text` holds a character set in a fallback face (Arabic, CJK)."""
    return not text.isascii() and _FALLBACK.search(text) is not None


def drawn_runs(line: str) -> list[tuple[str, str | None]]:
    """One line of plain text (no newline) as it is drawn straight on a canvas, left to right:
    Arabic shaped, the whole line in visual order, cut into (text, fallback face or None for the
    caller's face) pieces. For text no Paragraph lays out: a running header, a footer."""
    line = line.replace("\n", " ")
    if not has_fallback(line):
        return [(line, None)] if line else []
    if _ARABIC.search(line):
        order, mirrored = visual_indices(_shape_arabic(line))
        line = "".join(mirrored[i] for i in order)
    return _runs(line)


def footnote_mark(marker: str, key: str | None = None) -> str:
    """A raised footnote mark; with `key`, a link to the footnote's destination of that name."""
    mark = f"<super>{escape(marker)}</super>"
    return f'<a href="#{escape(key, {chr(34): "&quot;"})}">{mark}</a>' if key else mark


def rich(text: str, spans: Iterable[Span] = (), marks: dict[str, str] | None = None) -> str:
    """Markup for `text` with its bold/italic spans and footnote marks, every piece escaped;
    `marks` (marker -> destination name) makes each mark a link to its footnote."""
    spans = [s for s in spans if 0 <= s.start <= s.end <= len(text)]
    if not spans:
        return esc(text)
    cuts = {0, len(text)}
    at: dict[int, list[str]] = {}
    for span in spans:
        if span.style == SpanStyle.FOOTNOTE:
            if span.marker:
                at.setdefault(span.start, []).append(span.marker)
            cuts.add(span.start)
        elif span.end > span.start:
            cuts.update((span.start, span.end))
    points = sorted(cuts)
    out: list[str] = []
    for start, end in zip(points, points[1:] + [None], strict=False):
        for marker in at.get(start, []):
            out.append(footnote_mark(marker, (marks or {}).get(marker)))
        if end is None:
            break
        piece = esc(text[start:end])
        if not piece:
            continue
        styles = [
            s.style
            for s in spans
            if s.style in _OPEN and s.start <= start and end <= s.end and s.end > s.start
        ]
        # Each segment opens and closes its own tags, so overlapping spans nest correctly.
        ordered = sorted(set(styles))
        out.append(
            "".join(_OPEN[s] for s in ordered)
            + piece
            + "".join(_CLOSE[s] for s in reversed(ordered))
        )
    return "".join(out)

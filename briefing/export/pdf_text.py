"""Plain text and spans to reportlab paragraph markup: escape first, then style by offsets.

Record and user text is data: every character goes through `escape`, so a note holding `<font>`,
`<` or `&` prints as written. Bold, italic and footnote marks come from the spans alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from briefing.domain import Span, SpanStyle

_OPEN = {SpanStyle.BOLD: "<b>", SpanStyle.ITALIC: "<i>"}
_CLOSE = {SpanStyle.BOLD: "</b>", SpanStyle.ITALIC: "</i>"}


def esc(text: str | None) -> str:
    """Escape plain text for a reportlab Paragraph; line breaks stay line breaks."""
    if not text:
        return ""
    return escape(text).replace("\n", "<br/>")


def footnote_mark(marker: str) -> str:
    return f"<super>{escape(marker)}</super>"


def rich(text: str, spans: Iterable[Span] = ()) -> str:
    """Markup for `text` with its bold/italic spans and footnote marks, every piece escaped."""
    spans = [s for s in spans if 0 <= s.start <= s.end <= len(text)]
    if not spans:
        return esc(text)
    cuts = {0, len(text)}
    marks: dict[int, list[str]] = {}
    for span in spans:
        if span.style == SpanStyle.FOOTNOTE:
            if span.marker:
                marks.setdefault(span.start, []).append(span.marker)
            cuts.add(span.start)
        elif span.end > span.start:
            cuts.update((span.start, span.end))
    points = sorted(cuts)
    out: list[str] = []
    for start, end in zip(points, points[1:] + [None], strict=False):
        for marker in marks.get(start, []):
            out.append(footnote_mark(marker))
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

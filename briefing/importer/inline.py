"""Inline markup of a unit of text -> plain text and spans (emphasis, footnote marks).

Both input forms are brought to one inline form before this step: `**bold**` and `*italic*`
(the default record's markup; pdftotext output has none) and footnote marks written as
`FN_OPEN key FN_CLOSE` sentinels (private-use characters that no UN text carries). The scanner
removes every marker and records what it meant as `Span`s with offsets into the plain text.
"""

from __future__ import annotations

import bisect
import re

from briefing.datatypes import dataclass
from briefing.domain.model import Span, SpanStyle

FN_OPEN = "\ue000"
FN_CLOSE = "\ue001"
# Where a dot leader stood ("Argentina . . . ."): the end of a masthead cell, never text.
LEADER = "\ue002"
# A grid table carried through the segmenter as one line (briefing/importer/columns.py): its
# mark, then cells and rows between these separators.
TABLE_MARK = "\ue003"
TABLE_CELL = "\ue004"
TABLE_ROW = "\ue005"

_SPACES = re.compile(r"[ \t\u00a0]+")


def footnote_mark(key: str) -> str:
    """The sentinel a front end writes where a footnote mark stands."""
    return f"{FN_OPEN}{key}{FN_CLOSE}"


def strip_marks(text: str) -> str:
    """`text` without footnote sentinels (for tests of punctuation and the like)."""
    return re.sub(f"{FN_OPEN}[^{FN_CLOSE}]*{FN_CLOSE}", "", text).replace(LEADER, "")


@dataclass
class Inline:
    text: str
    spans: list[Span]
    footnote_keys: list[str]


def normalise_space(text: str) -> str:
    """One space between words; a newline kept only where the caller put one on purpose."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def parse_inline(raw: str, markers: dict[str, str], *, markup: bool) -> Inline:
    """Scan `raw` into plain text and spans.

    Args:
        raw: the unit's text with sentinels (and, when `markup`, `**`/`*` emphasis).
        markers: footnote key -> printed marker, for the spans' `marker`.
        markup: whether `*` means emphasis (the default record's form). A lone `*` glued to a
            word where an asterisk footnote exists is then a footnote mark.
    """
    raw = normalise_space(raw.replace(LEADER, ""))
    out: list[str] = []
    spans: list[Span] = []
    keys: list[str] = []
    open_at: dict[SpanStyle, int] = {}
    n = len(raw)
    i = 0
    star_keys = (
        {m: k for k, m in markers.items() if m and set(m) == {"*"}} if markup and "*" in raw else {}
    )

    def pos() -> int:
        return len(out)  # one character per entry

    while i < n:
        ch = raw[i]
        if ch == FN_OPEN:
            j = raw.find(FN_CLOSE, i + 1)
            if j < 0:
                i += 1
                continue
            key = raw[i + 1 : j]
            p = pos()
            spans.append(Span(p, p, SpanStyle.FOOTNOTE, markers.get(key, key)))
            keys.append(key)
            i = j + 1
            continue
        if markup and ch == "*":
            j = i
            while j < n and raw[j] == "*":
                j += 1
            run = j - i
            prev = raw[i - 1] if i else " "
            nxt = raw[i + run] if i + run < n else " "
            style = SpanStyle.BOLD if run == 2 else SpanStyle.ITALIC if run == 1 else None
            if style is not None and style in open_at and not prev.isspace():
                start = open_at.pop(style)
                end = pos()
                if end > start:
                    spans.append(Span(start, end, style))
                i += run
                continue
            if (
                style is not None
                and style not in open_at
                and not nxt.isspace()
                and (prev.isspace() or prev in "([\"'“‘—-/" or i == 0)
                and raw.rfind("*" * run) >= i + run
            ):
                open_at[style] = pos()
                i += run
                continue
            if not prev.isspace() and ("*" * run) in star_keys:
                key = star_keys["*" * run]
                p = pos()
                spans.append(Span(p, p, SpanStyle.FOOTNOTE, "*" * run))
                keys.append(key)
                i += run
                continue
            # A star that is neither emphasis nor a mark is markup residue; drop it.
            i += run
            continue
        out.append(ch)
        i += 1
    text = "".join(out)
    # Removing markers can leave a space before punctuation or doubled spaces: tidy, and move
    # the spans with the text.
    text, spans = _tidy(text, spans)
    return Inline(text, sorted(spans, key=lambda s: (s.start, s.end)), keys)


def _tidy(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    drop: list[int] = []
    for m in re.finditer(r" (?= )| (?=[,;:.)\]](?:\s|$))|^ | $", text):
        drop.append(m.start())
    for m in re.finditer(r"(?<=[a-z]) (?=-[a-z])", text):
        drop.append(m.start())
    if not drop:
        return text, spans
    drops = sorted(set(drop))
    dropped = set(drops)

    def shift(p: int) -> int:
        return p - bisect.bisect_left(drops, p)

    new_text = "".join(c for k, c in enumerate(text) if k not in dropped)
    new_spans = [Span(shift(s.start), shift(s.end), s.style, s.marker) for s in spans]
    return new_text, new_spans

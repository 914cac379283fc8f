"""The running header and footer fitted to the frame: whatever the title and the marking.

Each line is measured with the width its font gives it (`stringWidth`, or the widths of the
fallback faces an Arabic or Chinese title is drawn in) and shortened at a word with an
ellipsis; two texts sharing a line (the title on the left, the marking on the right) share
the width, a gap between them, so one never prints over the other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"
# Between two texts sharing a line.
GAP = 12.0
# A marking ("CONFIDENTIAL") is read first: it keeps its whole width unless it would leave
# the title less than this share of the line; a long marking and a long title then share.
TITLE_SHARE = 0.5

Measure = Callable[[str], float]


def fit_at_word(text: str, width: float, measure: Measure) -> str:
    """`text` on one line within `width`: whole when it fits, else cut after the last word
    that fits with an ellipsis after it; a first word wider than the line is cut inside it
    (there is nowhere else to cut), and nothing at all fits gives ""."""
    text = " ".join(text.split())
    if measure(text) <= width:
        return text
    # Ends of words: after each word, the punctuation and spaces trimmed.
    ends = [i for i, ch in enumerate(text) if ch == " " and i > 0]
    best = _longest(ends, lambda i: _shortened(text, i), width, measure)
    if best:
        return best
    # Not even the first word: cut it (a marking of one 200-letter word, a CJK title).
    return _longest(list(range(1, len(text))), lambda i: _shortened(text, i), width, measure)


def _shortened(text: str, end: int) -> str:
    head = text[:end].rstrip(" ,;:.—–-")
    return head + ELLIPSIS if head else ""


def _longest(cuts: list[int], make: Callable[[int], str], width: float, measure: Measure) -> str:
    """The longest make(cut) within `width`, cuts in increasing order (widths grow with
    them): a binary search, a few measures per line."""
    low, high, best = 0, len(cuts) - 1, ""
    while low <= high:
        middle = (low + high) // 2
        candidate = make(cuts[middle])
        if candidate and measure(candidate) <= width:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def share_line(
    left: str, right: str, width: float, measure_left: Measure, measure_right: Measure
) -> tuple[str, str]:
    """(left, right) fitted to share one line of `width`, GAP between them: the right text
    (the marking) whole when it leaves the left TITLE_SHARE of the line, else both cut."""
    left = " ".join(left.split())
    right = " ".join(right.split())
    if not right:
        return fit_at_word(left, width, measure_left), ""
    room = width - GAP
    right_width = measure_right(right)
    left_width = measure_left(left) if left else 0.0
    if right_width + left_width <= room:
        return left, right
    right_room = max(room - left_width, (1 - TITLE_SHARE) * room) if left else room
    fitted_right = fit_at_word(right, right_room, measure_right)
    used = measure_right(fitted_right) if fitted_right else 0.0
    left_room = room - used if left else 0.0
    return fit_at_word(left, left_room, measure_left) if left else "", fitted_right


@functools.lru_cache(maxsize=256)
def fitted(text: str, font: str, size: float, width: float) -> str:
    """`fit_at_word` with the width of `font` at `size`; cached (a header repeats on every
    page of its record)."""
    return fit_at_word(text, width, lambda t: stringWidth(t, font, size))


@functools.lru_cache(maxsize=64)
def shared(
    left: str, left_font: str, right: str, right_font: str, size: float, width: float
) -> tuple[str, str]:
    """`share_line` in two fonts at one size; cached."""
    return share_line(
        left,
        right,
        width,
        lambda t: stringWidth(t, left_font, size),
        lambda t: stringWidth(t, right_font, size),
    )

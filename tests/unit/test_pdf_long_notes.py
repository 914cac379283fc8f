"""A long note costs the PDF time in proportion to its length, not its square (issue 19).

reportlab breaks all the remaining lines of a paragraph again at each page it is split across,
so one 1 MB note took minutes; `note_pieces` keeps each paragraph short. The time is compared
as a ratio against a small note in the same process, never against a clock limit.
"""

from __future__ import annotations

import io
import time

from briefing.export.pdf_story import NOTE_PIECE_CHARS, note_paragraphs, note_pieces

# Between linear (24; measured 10 to 45 with the interpreter's own overheads) and quadratic
# (576; measured 250 for one paragraph) for a note 24 times as long.
RATIO_BOUND = 100
LINE = "participants stressed the value of regional dialogue and asked for a timeline"


def _note(chars: int, separator: str) -> str:
    return separator.join([LINE] * (chars // (len(LINE) + 1)))


def _seconds(note: str, pieces: int | None = None, runs: int = 3) -> float:
    """Laying out the note alone (no record around it to dilute the ratio), best of `runs`."""
    from reportlab.platypus import SimpleDocTemplate

    from briefing.export import fonts, styles

    fonts.register_fonts()
    style = styles.make_styles().note
    best = float("inf")
    for _ in range(runs):  # the best of several: a busy machine only ever adds time
        flowables = note_paragraphs(note, style, limit=pieces or NOTE_PIECE_CHARS)
        start = time.perf_counter()
        SimpleDocTemplate(io.BytesIO(), invariant=1).build(flowables)
        best = min(best, time.perf_counter() - start)
    return best


def test_pieces_give_the_note_back_and_stay_short():
    for separator in (" ", "\n"):
        note = _note(30_000, separator)
        pieces = note_pieces(note)
        assert all(len(p) <= NOTE_PIECE_CHARS for p in pieces)
        assert " ".join(" ".join(pieces).split()) == " ".join(note.split())
    assert note_pieces("short\n\nnote") == ["short\n\nnote"]
    assert note_pieces("x" * 2500) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_export_time_grows_linearly_with_the_note():
    _seconds("warm the fonts and caches up")
    for separator in (" ", "\n"):
        small = _seconds(_note(2_000, separator))
        large = _seconds(_note(48_000, separator))  # 24 times as long
        # Linear: at most about 24 times. One paragraph, as before: 150 times and more.
        assert large / small < RATIO_BOUND, (separator, small, large)


def test_the_ratio_catches_a_quadratic_layout():
    # The same measure on one unbroken paragraph (the old way) must fail the bound above, or
    # the test could not tell linear from quadratic on this machine.
    # The small note's best of seven (a busy machine inflated a best of three to a ratio of 75);
    # the large one once: a busy machine only makes it slower, the ratio larger.
    one = 10**9
    small = _seconds(_note(2_000, "\n"), pieces=one, runs=7)
    large = _seconds(_note(48_000, "\n"), pieces=one, runs=1)
    assert large / small > RATIO_BOUND, (small, large)

"""Paragraph-form text (the default record's form) -> logical units and footnotes.

In this form each paragraph is one line, blocks are separated by blank lines, emphasis is
`**bold**` / `*italic*`, footnote marks are `^a`, and footnotes are paragraphs `^a text` (or
`* text` for the asterisk note) standing where the page ended. A page break can still split a
paragraph: a block that does not start a paragraph, point or heading, following a paragraph that
does not end a sentence, continues it.
"""

from __future__ import annotations

import re
from collections import Counter

from briefing.importer.inline import footnote_mark, strip_marks
from briefing.importer.layout import ANNEX_LINE, FootnoteDef

CARET_DEF = re.compile(r"^\^(\w{1,3}|\*{1,3})\s+(\S.*)$")
STAR_DEF = re.compile(r"^(\*{1,3}|[†‡])\s+(\S.*)$")
CARET_MARK = re.compile(r"\^(\w{1,3}|\*{1,3})")
STARTS_NEW = re.compile(
    r"^(?:\d{1,3}\.\s|\((?:[a-z]{1,2}|[ivxlc]{1,6})\)\s|\(Signed\)|[IVXLC]{1,6}\.\s|\[)"
)
LABELLED = re.compile(r"^(?:\d{1,3}\.\s|\((?:[a-z]{1,2}|[ivxlc]{1,6})\)\s)")
TITLE_LIKE = re.compile(
    r"^(?:Letter|Identical letters|Note verbale|Note by|Report of|Annex|Enclosure)\b"
)
SENTENCE_END = re.compile(r"[.;:!?](?:[”’\"')\]*]*)$")


def looks_like_paragraph_form(text: str) -> bool:
    """True for the one-paragraph-per-line form: markup, or lines far longer than a PDF's."""
    if "\f" in text:
        return False
    if re.search(r"\*\*\S|\S\^\w|^\^\w", text, re.MULTILINE):
        return True
    # pdftotext wraps at the page's width (~80-100 characters; footnotes in small print a little
    # more); in the paragraph form most lines of any length are whole paragraphs, far longer.
    long_lines = [line for line in text.split("\n") if len(line.strip()) >= 40]
    if not long_lines:
        return False
    very_long = [line for line in long_lines if len(line.strip()) > 110]
    return len(very_long) >= 0.2 * len(long_lines)


def segment(text: str) -> tuple[list[str], list[FootnoteDef]]:
    blocks = re.split(r"\n\s*\n", text)
    raw_units: list[str] = []
    for block in blocks:
        current = ""
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            if current and current.count("**") % 2 == 1:
                current += " " + line  # bold markup left open: the same heading goes on
            else:
                if current:
                    raw_units.append(current)
                current = line
        if current:
            raw_units.append(current)
        raw_units.append("")  # block boundary

    footnotes: list[FootnoteDef] = []
    seen: Counter[str] = Counter()
    flow: list[tuple[str, bool]] = []  # (unit, starts a new block)
    new_block = True
    for unit in raw_units:
        if not unit:
            new_block = True
            continue
        m = CARET_DEF.match(unit) or STAR_DEF.match(unit)
        if m:
            marker = m.group(1)
            seen[marker] += 1
            key = marker if seen[marker] == 1 else f"{marker}~{seen[marker]}"
            footnotes.append(FootnoteDef(key=key, marker=marker, lines=[m.group(2)]))
            new_block = True
            continue
        flow.append((unit, new_block))
        new_block = False

    keys = {note.marker: note.key for note in footnotes}
    pieces: list[list[str]] = []  # each unit as its pieces, joined once at the end
    for unit, _block_start in flow:
        unit = CARET_MARK.sub(lambda m: footnote_mark(keys.get(m.group(1), m.group(1))), unit)
        if pieces and _continues(pieces[-1][0], pieces[-1][-1], unit):
            pieces[-1].append(unit)
        else:
            pieces.append([unit])
    units = [" ".join(parts) for parts in pieces]
    for note in footnotes:
        note.lines = [
            CARET_MARK.sub(lambda m: footnote_mark(keys.get(m.group(1), m.group(1))), x)
            for x in note.lines
        ]
    return units, footnotes


def _plain(unit: str) -> str:
    return strip_marks(unit).replace("**", "").strip()


def _continues(first: str, last: str, unit: str) -> bool:
    """Whether `unit` continues the unit made of pieces `first` ... `last`."""
    first_plain = _plain(first)
    last_plain = _plain(last)
    plain = _plain(unit)
    if STARTS_NEW.match(plain) or ANNEX_LINE.match(plain) or SENTENCE_END.search(last_plain):
        return False
    if plain[:1].islower():
        return True
    labelled = bool(LABELLED.match(first_plain)) or first is not last
    return labelled or (len(last_plain) > 150 and not TITLE_LIKE.match(first_plain))

"""Justified text hyphenated in the record's language.

reportlab breaks a word at a line end when its style names a hyphenator (`hyphenationLang`:
a callable giving (head, tail) pairs, longest head first), which is what pyphen's `iterate`
gives from LibreOffice's hyphenation dictionaries. Which dictionary a language uses is data:
the "hyphenation" entry of the language in resources/languages.json ("en_GB": the United
Nations spells in British English). A language without one (Arabic, Chinese: neither is
hyphenated) prints as before.

Only justified styles are hyphenated: that is where a word left whole opens the spaces of a
line; ragged-right text (notes, table cells) keeps its words whole.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from briefing import vocab

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]

# The language assumed for a record whose masthead names none, as the importer reads it.
DEFAULT_LANGUAGE = "en"
# Fewest letters left on the line and carried over ("con-/sultative", never "-ed" alone).
LEFT, RIGHT = 2, 3


def dictionary_of(language: str | None) -> str:
    """The pyphen dictionary for an ISO 639-1 language, "" when it has none."""
    entry = vocab.load("languages.json").get(language or DEFAULT_LANGUAGE)
    if not isinstance(entry, dict):
        return ""
    return str(entry.get("hyphenation") or "")


@functools.lru_cache(maxsize=16)
def hyphenator(language: str | None) -> Hyphenator | None:
    """The record's hyphenator, None when its language has no dictionary (or pyphen is
    missing: the text then prints unhyphenated, as it did before)."""
    name = dictionary_of(language)
    if not name:
        return None
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    if name not in pyphen.LANGUAGES:
        return None
    return _cached(
        _compounds_at_their_hyphens(pyphen.Pyphen(lang=name, left=LEFT, right=RIGHT).iterate)
    )


def _cached(hyphenate: Hyphenator) -> Hyphenator:
    """`hyphenate` remembering each word's breaks: a record says "migration" a hundred times,
    and reportlab asks again for every line it would end. One language's words, bounded."""
    breaks = functools.lru_cache(maxsize=1 << 15)(lambda word: tuple(hyphenate(word)))

    def cached(word: str) -> Iterator[tuple[str, str]]:
        return iter(breaks(word))

    return cached


def _compounds_at_their_hyphens(iterate: Hyphenator) -> Hyphenator:
    """A hyphenator that breaks a hyphenated compound ("Inter-State", "high-level") only
    after one of its own hyphens, as typesetters do. pyphen cuts "Inter-State" before the
    hyphen ("Inter" / "-State"), which reportlab would print as "Inter-" / "-State"."""

    def hyphenate(word: str) -> Iterator[tuple[str, str]]:
        if "-" not in word:
            yield from iterate(word)
            return
        # Longest head first, as reportlab takes the first that fits.
        for cut in range(len(word) - 1, 0, -1):
            if word[cut - 1] == "-" and word[cut] != "-":
                yield word[:cut], word[cut:]

    return hyphenate


def hyphenated_style(style: ParagraphStyle, hyphenate: Hyphenator) -> ParagraphStyle:
    """A copy of a justified style that breaks words at a line end; other styles as they are."""
    if style.alignment != TA_JUSTIFY:
        return style
    return ParagraphStyle(
        f"{style.name}-hy",
        parent=style,
        hyphenationLang=hyphenate,
        # "well-being" may break after its own hyphen; a long address breaks where a
        # line would otherwise be left a third empty.
        embeddedHyphenation=1,
        uriWasteReduce=0.3,
        # No line set tighter than its spaces: breaking words leaves no need to, and a line
        # squeezed after a break can come out a line longer when reportlab breaks the first
        # piece of a split paragraph again (a layout error, "Splitting error").
        spaceShrinkage=0,
    )


def styles_for(styles, language: str | None):
    """`styles` (a styles.Styles) with every justified style hyphenated in `language`; the
    same object when the language has no hyphenator."""
    hyphenate = hyphenator(language)
    if hyphenate is None:
        return styles
    changes = {}
    for f in dataclasses.fields(styles):
        value = getattr(styles, f.name)
        if isinstance(value, ParagraphStyle):
            changes[f.name] = hyphenated_style(value, hyphenate)
        elif isinstance(value, list) and value and isinstance(value[0], ParagraphStyle):
            changes[f.name] = [hyphenated_style(v, hyphenate) for v in value]
    return dataclasses.replace(styles, **changes)

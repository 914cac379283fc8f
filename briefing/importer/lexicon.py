"""What the analysis reads a record through: its places as plain text, and the shared vocabulary.

A *place* is one paragraph (its lead-in and closing), one point or one footnote, named by its eid.
The vocabulary (`resources/vocabulary.json`) holds only general cues (head words, list cues,
region words, stopwords); nothing in it names one document's entities. Sentences end where a
full stop is not an abbreviation's (`resources/abbreviations.json`); words are compared by their
Snowball stems.
"""

from __future__ import annotations

import json
import re
from dataclasses import field
from functools import lru_cache
from typing import Any

import snowballstemmer

from briefing import paths, vocab
from briefing.datatypes import dataclass
from briefing.domain import Footnote, Paragraph, Point, Record, Span, SpanStyle


@dataclass(frozen=True)
class Place:
    eid: str
    text: str
    # Footnote marks in text: (offset, marker).
    marks: tuple[tuple[int, str], ...] = ()
    footnote: str | None = None  # the marker, when the place is a footnote
    paragraph: Paragraph | None = field(default=None, compare=False, hash=False)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    path = paths.resources_dir() / "vocabulary.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _marks(spans: list[Span], offset: int = 0) -> list[tuple[int, str]]:
    return [
        (s.start + offset, s.marker)
        for s in spans
        if s.style == SpanStyle.FOOTNOTE and s.marker is not None
    ]


def _place(
    eid: str,
    text: str,
    spans: list[Span],
    closing: str = "",
    closing_spans: list[Span] | None = None,
    paragraph: Paragraph | None = None,
) -> Place:
    marks = _marks(spans)
    if closing:
        offset = len(text) + 1
        marks += _marks(closing_spans or [], offset)
        text = f"{text}\n{closing}"
    return Place(eid, text, tuple(marks), None, paragraph)


def places(record: Record) -> list[Place]:
    """Every paragraph, point and footnote of the record, in reading order, footnotes last."""
    out: list[Place] = []
    para: Paragraph | None = None

    def close(para: Paragraph | None) -> None:
        if para is not None and para.closing:
            # The closing text of a list belongs to the paragraph: a second place, same eid.
            out.append(_place(para.eid, para.closing, para.closing_spans, "", None, para))

    for place in record.places():
        if isinstance(place, Point):
            out.append(
                _place(place.eid, place.text, place.spans, place.closing, place.closing_spans, para)
            )
            continue
        close(para)
        para = None
        if isinstance(place, Paragraph):
            para = place
            out.append(_place(para.eid, para.text, para.spans, "", None, para))
        else:
            out.append(footnote_place(place))
    close(para)
    return out


def footnote_place(footnote: Footnote) -> Place:
    return Place(footnote.eid, footnote.text, tuple(_marks(footnote.spans)), footnote.marker)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(0-9])")
_LAST_WORD = re.compile(r"\S+$")
_DOTTED_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(vocab.load("abbreviations.json")["abbreviations"])


def _is_abbreviation(word: str) -> bool:
    """Whether a word ending in a full stop is an abbreviation ("para.", "Mr.", "U.N.", "J.")."""
    word = word.lstrip("(“\"‘'[")
    known = _abbreviations()
    return (
        word in known
        or word[:1].lower() + word[1:] in known
        or _DOTTED_INITIALS.fullmatch(word) is not None
    )


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a ';' does not end a sentence (lists use it), nor the full
    stop of an abbreviation ("See para. 5", "Mr. Ban", "e.g. States"; resources/abbreviations.json).
    """
    out: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[match.start() - 1] == ".":
            word = _LAST_WORD.search(text, max(0, match.start() - 24), match.start())
            if word is not None and _is_abbreviation(word.group()):
                continue
        out.append((start, match.start()))
        start = match.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


_WORD = re.compile(r"[^\W\d_][^\W\d_’']*")
# Snowball's stemmer for each record language it has (ISO 639-1); English for any other.
_STEMMER_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_LANGUAGES.get(language, "english"))


@lru_cache(maxsize=16384)
def stem(word: str, language: str = "en") -> str:
    """A word's Snowball stem in the record's language: lower case, possessive dropped.

    "migrants" meets "migrant", "protection" meets "protected", "regional" meets "region";
    "migration" stays apart from "migrants" (Snowball keeps "migrat"), which is the safer
    error: a stem that merged words of different senses would link places wrongly.
    """
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s?$", "", word)
    return str(_stemmer(language).stemWord(word))


def content_stems(text: str, language: str = "en") -> list[str]:
    """Stems of the content words of text, in order (stopwords and compound prefixes dropped)."""
    skip = _skipped_words()
    return [
        stem(word, language)
        for word in _WORD.findall(text)
        if len(word) >= 3 and word.lower() not in skip
    ]


@lru_cache(maxsize=1)
def _skipped_words() -> frozenset[str]:
    vocab = vocabulary()
    return frozenset(vocab["stopwords"]) | frozenset(vocab["compound_prefixes"])

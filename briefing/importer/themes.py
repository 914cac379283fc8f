"""Themes: the meeting's own, those the record names, and those of the UN's work it concerns.

A record names themes in a list it introduces itself ("the four round-table themes ..., namely,
A, B, C and D"; "The themes ... will be as follows:" followed by points) or in quotes after the
word "theme". A place *concerns* such a theme when the theme's content words (Snowball stems, in
the record's language) are present there, weighted by how rare each word is in the record, so
that words every paragraph uses ("migration") count for little and distinctive ones
("mobility") for much.

The vocabulary of the UN's work (`resources/themes.json`: the Sustainable Development Goals and
the fields of work, each with its terms) is matched term by term on stems; see
`vocabulary_themes`. Entity names are blanked first for both: "Global Forum on Migration and
Development" is not a paragraph about development.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from briefing import vocab
from briefing.datatypes import dataclass
from briefing.domain import Theme
from briefing.importer.lexicon import Place, content_stems, sentences, stem

_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_COUNT = "|".join(_NUMBERS) + r"|\d{1,2}"
_LIST_THEMES = re.compile(
    rf"(?:\b(?P<count>{_COUNT})\b(?:\s+[\w-]+){{0,2}}\s+)?\bthemes\b"
    r"(?P<between>[^.;:“”\"]{0,120}?)(?:,\s*namely,?|\s*:|\bas\s+follows:?)"
    r"\s*(?P<items>[^.]*)",
    re.IGNORECASE,
)
_QUOTED_THEME = re.compile(
    r"\btheme\b[^“”\".;]{0,80}?[“\"](?P<theme>[^”\"]{8,300})[”\"]", re.IGNORECASE
)
_PREDICATE = re.compile(
    r"^.*?\bwill\s+(?:focus\s+on|address|consider|cover|examine|be\s+devoted\s+to|be)\s+",
    re.IGNORECASE,
)
# A place concerns a theme when this share of the theme's weight is present.
_THRESHOLD = 0.6
# Themes of more content words than this are not matched word by word.
_MAX_MATCHED_WORDS = 8


def quoted_themes(places: list[Place]) -> list[tuple[str, str]]:
    """(theme, eid) for each quoted theme: 'under the theme “...”'."""
    out = []
    for place in places:
        if "theme" not in place.text.lower():
            continue
        for m in _QUOTED_THEME.finditer(place.text):
            out.append((_clean(m.group("theme")), place.eid))
    return out


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(" ;,.").strip()


def listed_themes(places: list[Place]) -> list[tuple[str, str]]:
    """(theme, eid) for each theme a record lists itself."""
    out: list[tuple[str, str]] = []
    for index, place in enumerate(places):
        if "themes" not in place.text.lower():
            continue
        for s_start, s_end in sentences(place.text):
            sentence = place.text[s_start:s_end]
            m = _LIST_THEMES.search(sentence)
            if not m:
                continue
            count = m.group("count")
            limit = (_NUMBERS.get(count.lower()) or int(count)) if count else None
            items_text = m.group("items").strip()
            if items_text:
                out.extend((item, place.eid) for item in _split_items(items_text, limit))
            elif place.paragraph is not None:
                out.extend(_themes_from_points(places, index, limit))
    return out


_CLAUSE = re.compile(r"^(?:and\s+)?\w+ed\b")


def _split_items(text: str, limit: int | None) -> list[str]:
    """The themes of "A, B, and C, and shared ..." / "A, B and C, and agreed ...".

    The list ends at its final "and": an item "and C" (a serial comma), or else the last item
    "B and C". A part that reads as a clause ("and agreed on ...") is the sentence going on,
    not a theme. A count printed before ("the four themes") settles how many there are.
    """
    separator = ";" if ";" in text else ","
    raw = [_clean(i) for i in text.split(separator)]
    raw = [i for i in raw if i]
    items: list[str] = []
    closed = False
    for item in raw:
        if _CLAUSE.match(item):
            break
        if item.startswith("and "):
            items.append(_clean(item[4:]))
            closed = True
            break
        items.append(item)
    if not closed and items and (limit is None or len(items) < limit):
        left, sep, right = items[-1].rpartition(" and ")
        if sep:
            items[-1:] = [_clean(left), _clean(right)]
    if limit is not None:
        items = items[:limit]
    if len(items) < 2:
        return []
    return items


def _themes_from_points(
    places: list[Place], index: int, limit: int | None
) -> list[tuple[str, str]]:
    """The places right after a lead-in that introduces themes, when they are its sub-points."""
    lead = places[index]
    out = []
    for place in places[index + 1 :]:
        if not place.eid.startswith(lead.eid + "__point_") or place.eid.count("__point_") != (
            lead.eid.count("__point_") + 1
        ):
            if place.eid.startswith(lead.eid + "__point_"):
                continue
            break
        out.append((_clean(_PREDICATE.sub("", place.text)), place.eid))
        if limit is not None and len(out) == limit:
            break
    return out


def _weights(place_stems: list[set[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for stems in place_stems:
        df.update(stems)
    n = len(place_stems)
    return {s: math.log((n + 1) / (c + 0.5)) for s, c in df.items()}


def concerning(
    name: str,
    place_stems: list[set[str]],
    places: list[Place],
    weights: dict[str, float],
    language: str = "en",
) -> list[str]:
    """Eids of the places that concern a theme named `name`."""
    stems = set(content_stems(name, language))
    if not stems or len(stems) > _MAX_MATCHED_WORDS:
        # A theme stated at length (a round table's whole remit) shares words with everything;
        # it keeps the place that states it.
        return []
    default = max(weights.values(), default=1.0)
    total = sum(weights.get(s, default) for s in stems)
    need = min(2, len(stems))
    out: list[str] = []
    for place, present in zip(places, place_stems, strict=True):
        common = stems & present
        if len(common) < need:
            continue
        weight = sum(weights.get(s, default) for s in common)
        if weight >= _THRESHOLD * total and place.eid not in out:
            out.append(place.eid)
    return out


def find_themes(
    places: list[Place],
    masked: list[str],
    meeting_theme: str | None,
    language: str | None = None,
) -> list[Theme]:
    """The meeting's theme, the record's own themes and the vocabulary's, with their places.

    `masked` holds each place's text with entity names blanked (same order as places);
    `language` is the record's (ISO 639-1), for stems in its own words.
    """
    language = language or "en"
    place_stems = [set(content_stems(text, language)) for text in masked]
    weights = _weights(place_stems)
    themes: list[Theme] = []
    seen: set[str] = set()

    def add(name: str, source: str, stated_in: list[str]) -> None:
        key = " ".join(content_stems(name, language))
        if not key or key in seen:
            return
        seen.add(key)
        mentions = list(dict.fromkeys(stated_in))
        for eid in concerning(name, place_stems, places, weights, language):
            if eid not in mentions:
                mentions.append(eid)
        themes.append(Theme(name, source, mentions))

    quoted = quoted_themes(places)
    if meeting_theme:
        stated = [e for t, e in quoted if _same(t, meeting_theme, language)]
        add(meeting_theme, "meeting", stated)
    named: dict[str, list[str]] = {}
    for name, eid in listed_themes(places) + quoted:
        named.setdefault(name, []).append(eid)
    for name, eids in named.items():
        add(name, "record", eids)
    order = {place.eid: i for i, place in reversed(list(enumerate(places)))}
    for theme in themes:
        theme.mentions.sort(key=lambda eid: order.get(eid, len(order)))
    themes.extend(vocabulary_themes(places, masked, language))
    return themes


def _same(a: str, b: str, language: str) -> bool:
    return content_stems(a, language) == content_stems(b, language)


# --- the vocabulary of the UN's work (resources/themes.json) -------------------------------

# Words as the vocabulary's terms are matched: letters and digits, split at hyphens and
# apostrophes on both sides ("post-2015", "women's"), so a term and a text split alike.
_TERM_WORD = re.compile(r"[^\W_]+")
# A theme is listed when at least this share of a record's places concern it, and never on fewer
# than _MIN_PLACES: a theme a record is about recurs, while one passing word ("the humanitarian
# consequences" in a disarmament resolution) is a reference, and the longer the record, the
# more such references it makes. 2 % is one place in fifty: a 60-place resolution needs two, a
# 200-place verbatim record four. A very short record (a letter of a few paragraphs) lists a
# theme one of its places concerns: there, one place is a large part of what it says.
_MIN_SHARE = 0.02
_MIN_PLACES = 2
_SHORT_RECORD = 8


@dataclass(frozen=True)
class _VocabularyTheme:
    name: str
    category: str
    category_rank: int  # its category's place in the data's list of categories
    # The vocabulary's number of the theme it is part of (Disarmament: Peace and security).
    part_of: int | None = None


@dataclass(frozen=True)
class _Term:
    stems: tuple[str, ...]
    # Whether each word after the first is capitalised as the term is written ("Millennium
    # Development Goals"): see `_matches`.
    capitals: tuple[bool, ...]
    theme: int  # the vocabulary's number of its theme


@dataclass(frozen=True)
class _Vocabulary:
    themes: tuple[_VocabularyTheme, ...]
    # A term's first stem -> the terms starting with it, longest first.
    by_first_stem: dict[str, tuple[_Term, ...]]


# Each language's stems of the words met so far: the vocabulary's pass looks up every word of a
# record, and a plain dict is several times faster than a call through lru_cache. Cleared when
# it grows past _STEM_CACHE_LIMIT words (a library's worth of distinct words is far fewer).
_STEM_CACHE: dict[str, dict[str, str]] = {}
_STEM_CACHE_LIMIT = 200_000


def _stems_of(words: list[str], language: str) -> list[str]:
    cache = _STEM_CACHE.setdefault(language, {})
    if len(cache) > _STEM_CACHE_LIMIT:
        cache.clear()
    stems: list[str | None] = list(map(cache.get, words))
    if None in stems:
        for i, found in enumerate(stems):
            if found is None:
                stems[i] = cache[words[i]] = stem(words[i], language)
    return stems  # type: ignore[return-value]  # every None was filled


def _matches(term: _Term, stems: list[str], words: list[str], i: int) -> bool:
    """Whether term occurs at word i: the same stems, and no word after the first capitalised
    unless the term's is. A capitalised run is a name ("the Special Forum on Sustainable
    Development Goals"), not the topic its words would be in lower case; a term's first word may
    start a sentence.
    """
    n = len(term.stems)
    if n == 1:
        return True  # the first stem is what found the term
    if tuple(stems[i : i + n]) != term.stems:
        return False
    return all(term.capitals[k] or not words[i + k + 1][:1].isupper() for k in range(n - 1))


@lru_cache(maxsize=8)
def _vocabulary(language: str) -> _Vocabulary:
    data = vocab.load("themes.json")
    categories = {name: i for i, name in enumerate(data["categories"])}
    numbers = {entry["name"]: number for number, entry in enumerate(data["themes"])}
    themes = []
    index: dict[str, list[_Term]] = {}
    for number, entry in enumerate(data["themes"]):
        rank = categories.get(entry["category"], len(categories))
        part_of = numbers.get(entry.get("part_of", ""))
        themes.append(_VocabularyTheme(entry["name"], entry["category"], rank, part_of))
        for term in entry["terms"].get(language, []):
            words = _TERM_WORD.findall(term)
            if words:
                capitals = tuple(word[:1].isupper() for word in words[1:])
                found = _Term(tuple(_stems_of(words, language)), capitals, number)
                index.setdefault(found.stems[0], []).append(found)
    by_first_stem = {
        first: tuple(sorted(set(terms), key=lambda t: (-len(t.stems), t.theme)))
        for first, terms in index.items()
    }
    return _Vocabulary(tuple(themes), by_first_stem)


def _places_needed(place_count: int) -> int:
    """How many places must concern a vocabulary theme for a record of this many places."""
    if place_count <= _SHORT_RECORD:
        return 1
    return max(_MIN_PLACES, math.ceil(_MIN_SHARE * place_count))


def vocabulary_themes(places: list[Place], masked: list[str], language: str = "en") -> list[Theme]:
    """The vocabulary's themes the record concerns, each with the places its terms occur in.

    One pass over each place's words: at each word, the terms starting with its stem are tried,
    longest first. A theme is kept when enough places concern it (see _MIN_SHARE); themes are
    ordered by category, then by how many places concern them.
    """
    vocabulary = _vocabulary(language)
    if not vocabulary.by_first_stem:
        return []  # no terms in the record's language
    # Each theme's places, by their first index in reading order (a paragraph's closing text
    # is a second place of the same eid).
    first_index: dict[str, int] = {}
    concerned: dict[int, set[int]] = {}
    for index, (place, text) in enumerate(zip(places, masked, strict=True)):
        position = first_index.setdefault(place.eid, index)
        words = _TERM_WORD.findall(text)
        stems = _stems_of(words, language)
        by_first_stem = vocabulary.by_first_stem
        for i in [i for i, first in enumerate(stems) if first in by_first_stem]:
            for term in by_first_stem[stems[i]]:
                if _matches(term, stems, words, i):
                    concerned.setdefault(term.theme, set()).add(position)
    for number, positions in list(concerned.items()):
        parent = vocabulary.themes[number].part_of
        if parent is not None:
            concerned.setdefault(parent, set()).update(positions)
    need = _places_needed(len(first_index))
    kept = [(number, sorted(positions)) for number, positions in concerned.items()]
    kept = [(number, positions) for number, positions in kept if len(positions) >= need]
    kept.sort(key=lambda item: (vocabulary.themes[item[0]].category_rank, -len(item[1]), item[0]))
    return [
        Theme(
            vocabulary.themes[number].name,
            "vocabulary",
            [places[position].eid for position in positions],
            vocabulary.themes[number].category,
        )
        for number, positions in kept
    ]

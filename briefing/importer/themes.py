"""Themes: the meeting's own, those the record names, and topics from the shared vocabulary.

A record names themes in a list it introduces itself ("the four round-table themes ..., namely,
A, B, C and D"; "The themes ... will be as follows:" followed by points) or in quotes after the
word "theme". A place *concerns* a theme when the theme's content words (crudely stemmed) are
present there, weighted by how rare each word is in the record, so that words every paragraph
uses ("migration") count for little and distinctive ones ("mobility") for much. Entity names
are blanked first: "Global Forum on Migration and Development" is not a paragraph about
development.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from briefing.domain import Theme
from briefing.importer.lexicon import Place, content_stems, sentences, vocabulary

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
    name: str, place_stems: list[set[str]], places: list[Place], weights: dict[str, float]
) -> list[str]:
    """Eids of the places that concern a theme named `name`."""
    stems = set(content_stems(name))
    if not stems or len(stems) > _MAX_MATCHED_WORDS:
        # A theme stated at length (a round table's whole remit) shares words with everything;
        # it keeps the place that states it and the vocabulary topics it hosts.
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


def find_themes(places: list[Place], masked: list[str], meeting_theme: str | None) -> list[Theme]:
    """The meeting's theme, the record's own themes and vocabulary topics, with their places.

    `masked` holds each place's text with entity names blanked (same order as places).
    """
    place_stems = [set(content_stems(text)) for text in masked]
    weights = _weights(place_stems)
    themes: list[Theme] = []
    seen: set[str] = set()

    def add(name: str, source: str, stated_in: list[str]) -> None:
        key = " ".join(content_stems(name))
        if not key or key in seen:
            return
        seen.add(key)
        mentions = list(dict.fromkeys(stated_in))
        for eid in concerning(name, place_stems, places, weights):
            if eid not in mentions:
                mentions.append(eid)
        themes.append(Theme(name, source, mentions))

    quoted = quoted_themes(places)
    if meeting_theme:
        add(meeting_theme, "meeting", [e for t, e in quoted if _same(t, meeting_theme)])
    named: dict[str, list[str]] = {}
    for name, eid in listed_themes(places) + quoted:
        named.setdefault(name, []).append(eid)
    for name, eids in named.items():
        add(name, "record", eids)
    _add_topics(themes, places, masked)
    order = {place.eid: i for i, place in reversed(list(enumerate(places)))}
    for theme in themes:
        theme.mentions.sort(key=lambda eid: order.get(eid, len(order)))
    return themes


def _same(a: str, b: str) -> bool:
    return content_stems(a) == content_stems(b)


def _add_topics(themes: list[Theme], places: list[Place], masked: list[str]) -> None:
    """Vocabulary topics: each listed with the places its trigger terms occur in.

    A topic whose words all belong to one theme already found ("development" within
    "mainstreaming migration into development frameworks") is not listed again: its places join
    that theme.
    """
    own = [(theme, set(content_stems(theme.name))) for theme in themes]
    lowered = [text.lower() for text in masked]
    for topic in vocabulary()["topics"]:
        stems = set(content_stems(topic["name"]))
        triggers = tuple(topic["triggers"])
        pattern = _topic_pattern(triggers)
        keys = _literal_keys(triggers)
        mentions = [
            place.eid
            for place, text, low in zip(places, masked, lowered, strict=True)
            if any(k in low for k in keys) and pattern.search(text)
        ]
        mentions = list(dict.fromkeys(mentions))
        if not mentions:
            continue
        hosts = [theme for theme, theme_stems in own if stems and stems <= theme_stems]
        if len(hosts) == 1:
            hosts[0].mentions.extend(e for e in mentions if e not in hosts[0].mentions)
        else:
            # No theme holds the topic, or several do and none can claim it: list it apart.
            themes.append(Theme(topic["name"], "vocabulary", mentions))


@lru_cache(maxsize=64)
def _literal_keys(triggers: tuple[str, ...]) -> tuple[str, ...]:
    """The literal start of each trigger, lower case: a cheap test before the pattern runs."""
    keys = []
    for trigger in triggers:
        m = re.search(r"[\\\[\](){}?*+|.^$]", trigger)
        key = trigger if m is None else trigger[: m.start()]
        if m is not None and m.group() in "?*{":
            key = key[:-1]  # "frameworks?": the letter before may be absent
        keys.append(key.lower())
    return tuple(keys)


@lru_cache(maxsize=64)
def _topic_pattern(triggers: tuple[str, ...]) -> re.Pattern[str]:
    """Triggers as written, but a first letter of either case (a sentence may begin with one).

    Otherwise case counts: "International Migration and Development" in an office's title is
    a name, not a topic.
    """
    alternatives = [
        f"[{t[0].lower()}{t[0].upper()}]{t[1:]}" if t[:1].isalpha() else t for t in triggers
    ]
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(alternatives) + ")")

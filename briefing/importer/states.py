"""The Member and observer States a record names, once each, in the UN's short names.

Which States there are is data: `resources/un-states.json` lists the UN's 193 Member States and
its two observer States by ISO 3166-1 alpha-3 code; pycountry supplies each one's ISO names (and,
for a record in French, Spanish or Russian, their translations from pycountry's gettext
catalogues), and the data file the UN's own names where they differ ("Bolivia (Plurinational
State of)", "Türkiye") and the other forms texts use ("United Kingdom", "Russia", "Turkey").

Every form of every State is filed under its first word; one pass over a place's capitalised
words tries, at each, the forms filed under it, longest first, bounded on both sides by a
non-word, non-hyphen character, and does not read again inside a form it matched. That settles
the nested names: "Democratic People's Republic of Korea" is read before "Republic of Korea"
can be, "South Sudan" before "Sudan", "Papua New Guinea", "Equatorial Guinea" and
"Guinea-Bissau" before "Guinea", "Dominican Republic" before "Dominica". "Niger" never matches
inside "Nigeria" (the bound). Phrases that contain a State's name but name something else
("Northern Ireland", "Gulf of Guinea", "the Group of 77 and China") are filed too, read and
dropped. A State's name that begins a body's ("Sierra Leone Police", "Sudan People's Liberation
Movement") still counts: most such bodies are the State's own, and telling the others apart
would need a list of them.

Names that are also words or personal names are decided once, for every record: "Chad",
"Georgia" and "Jordan" are the States, since a UN text uses them as such far more often than
as names, and case counts ("turkey", "chad" are not States); a State's name right after a
personal title ("Mr. Jordan") is a person's. An affiliation in a speaker's label ("Prince Zeid
Ra'ad Zeid Al-Hussein (Jordan)") is a mention of that State, as is a vote list's entry.
Adjectives ("Russian", "Malian") are not mentions: the bound after the name excludes them.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache

import pycountry

from briefing import vocab
from briefing.datatypes import dataclass
from briefing.domain import State
from briefing.importer.lexicon import Place

# pycountry's gettext domain for ISO 3166-1 names.
_ISO_DOMAIN = "iso3166-1"
# The record languages whose State names pycountry's catalogues give (besides English).
_TRANSLATED = ("fr", "es", "ru")


@dataclass(frozen=True)
class _Matcher:
    # A name's first word -> (the name as a pattern anchored where the word starts, its State's
    # code or "" for a phrase that is not a State), longest name first.
    by_first_word: dict[str, list[tuple[re.Pattern[str], str]]]
    names: dict[str, str]  # code -> the UN's short name
    person_title: re.Pattern[str]


# A word that may begin a name: capitalised, not inside a hyphenated word ("Guinea-Bissau" is one
# word, so "Guinea" is never read inside it), with its hyphenated continuation.
_FIRST_WORD = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-ÞА-ЯЁ]\w*(?:-\w+)*(?![\w-])")


def _name_pattern(form: str) -> re.Pattern[str]:
    """A form as a pattern: any spacing between words, either apostrophe, bounded at its end."""
    words = [re.escape(word).replace("'", "['’]") for word in form.split()]
    return re.compile(r"\s+".join(words) + r"(?![\w-])")


def _from_capital(form: str) -> str:
    """A form from its first capitalised word: "the former Yugoslav Republic of Macedonia" is
    found as "Yugoslav Republic of Macedonia", whatever the case of the words before."""
    words = form.split()
    while words and (not words[0][:1].isupper() or words[0] in _ARTICLES):
        words.pop(0)
    return " ".join(words)


# Articles an ISO name may begin with ("The Democratic Republic of the Congo"); not "El", which
# is part of "El Salvador".
_ARTICLES = frozenset({"The", "La", "Le", "Les"})


def _uninverted(name: str) -> str:
    """ISO's inverted form in reading order: "Korea, Republic of" -> "Republic of Korea",
    "Russie, Fédération de" -> "Fédération de Russie", "Iran, République islamique d'" ->
    "République islamique d'Iran"."""
    if "," not in name:
        return name
    head, _, tail = name.partition(",")
    tail = tail.strip()
    joiner = "" if tail.endswith(("'", "’")) else " "
    return f"{tail}{joiner}{head.strip()}"


def _iso_forms(country: object, translations: gettext.NullTranslations | None) -> list[str]:
    """pycountry's names of a country in reading order, and their translations if asked."""
    forms = []
    for attribute in ("name", "official_name", "common_name"):
        value = getattr(country, attribute, None)
        if not value:
            continue
        forms.append(_uninverted(value))
        if translations is not None:
            translated = translations.gettext(value)
            if translated != value:
                forms.append(_uninverted(translated))
    return forms


def _translations(language: str | None) -> gettext.NullTranslations | None:
    if language not in _TRANSLATED:
        return None
    try:
        return gettext.translation(_ISO_DOMAIN, pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None  # a pycountry without that catalogue: English forms only


@lru_cache(maxsize=8)
def _matcher(language: str | None) -> _Matcher:
    data = vocab.load("un-states.json")
    translations = _translations(language)
    codes: dict[str, str] = {}  # a form, from its first capitalised word -> code
    names: dict[str, str] = {}
    for code in data["members"] + data["observers"]:
        country = pycountry.countries.get(alpha_3=code)
        un = data["names"].get(code, {})
        iso = _iso_forms(country, translations) if country is not None else []
        names[code] = un.get("name") or (country.name if country is not None else code)
        forms = [names[code], un.get("formal", ""), *un.get("also", []), *iso]
        for form in forms:
            form = _from_capital(form)
            if form:
                codes.setdefault(form, code)
    for phrase in data["not_states"]:
        codes[_from_capital(phrase)] = ""
    by_first_word: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    # Longest first: at one place the longer name wins ("South Sudan" over "South Africa" is
    # moot, but "Niger Delta" over "Niger" is not).
    for form in sorted(codes, key=len, reverse=True):
        first = re.split(r"[\s'’]", form, maxsplit=1)[0]
        by_first_word.setdefault(first, []).append((_name_pattern(form), codes[form]))
    titles = "|".join(re.escape(t) for t in sorted(data["person_titles"], key=len, reverse=True))
    person_title = re.compile(rf"(?:^|[\s(])(?:{titles})\s+$")
    return _Matcher(by_first_word, names, person_title)


def _state_codes(text: str, matcher: _Matcher) -> list[str]:
    """The codes of the States text names, in order, repeats kept.

    One pass over the words that may begin a name; at each, the names beginning with that word
    are tried longest first, and the words of the one that matches are not read again (so
    "Ireland" is not read inside "Northern Ireland", nor "Korea" inside a longer name).
    """
    out = []
    read_to = 0
    for word in _FIRST_WORD.finditer(text):
        start = word.start()
        if start < read_to:
            continue
        candidates = matcher.by_first_word.get(word.group())
        if candidates is None:
            continue
        for pattern, code in candidates:
            match = pattern.match(text, start)
            if match is None:
                continue
            read_to = match.end()
            before = text[max(0, start - 12) : start]
            if code and not matcher.person_title.search(before):  # "Mr. Jordan": a person
                out.append(code)
            break
    return out


def find_states(places: list[Place], language: str | None = None) -> list[State]:
    """The States the places name, in the order first named, each with every place naming it.

    A statement's first paragraph also names the State in its speaker's label.
    """
    matcher = _matcher(language)
    states: dict[str, State] = {}
    for place in places:
        text = place.text
        paragraph = place.paragraph
        if paragraph is not None and paragraph.eid == place.eid and paragraph.speaker_label:
            text = f"{paragraph.speaker_label}\n{text}"
        for code in _state_codes(text, matcher):
            state = states.get(code)
            if state is None:
                state = states[code] = State(matcher.names[code], code, [])
            if place.eid not in state.mentions:
                state.mentions.append(place.eid)
    return list(states.values())

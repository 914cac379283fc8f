"""The masthead's words in each official language, read from resources/masthead-languages.json.

The structure and layout parsers recognise an organ, a date, the line naming this version's
language, a letter's title, an annex, an enclosure and a signature through these patterns, so
a document in Spanish or French reads as its English counterpart does. Adding a language is a
matter of data: its words in the JSON file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing import paths


@dataclass(frozen=True)
class Language:
    code: str
    self_names: tuple[str, ...]
    organs: tuple[str, ...]
    months: tuple[str, ...]
    date_joiner: str
    date_suffix: str
    letter_titles: tuple[str, ...]
    annex: tuple[str, ...]
    enclosure: tuple[str, ...]
    signed: str
    annex_connectors: tuple[str, ...]


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """Every language of the vocabulary, English first."""
    data = json.loads(
        (paths.resources_dir() / "masthead-languages.json").read_text(encoding="utf-8")
    )
    out = []
    for code, words in data.items():
        if code.startswith("_"):
            continue
        out.append(
            Language(
                code=code,
                self_names=tuple(words["self"]),
                organs=tuple(words["organs"]),
                months=tuple(words["months"]),
                date_joiner=words.get("date_joiner", ""),
                date_suffix=words.get("date_suffix", ""),
                letter_titles=tuple(words["letter_titles"]),
                annex=tuple(words["annex"]),
                enclosure=tuple(words["enclosure"]),
                signed=words["signed"],
                annex_connectors=tuple(words["annex_connectors"]),
            )
        )
    return tuple(out)


def _alternatives(words: list[str]) -> str:
    # Longest first, so "Identical letters dated" wins over a shorter word it starts with.
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def organ(text: str) -> tuple[str, str] | None:
    """The organ named by a whole masthead line, as printed, and the line's language."""
    folded = text.casefold()
    for language in languages():
        for name in language.organs:
            if folded == name.casefold():
                return name, language.code
    return None


def version_language(text: str) -> str | None:
    """The language code when the line names this version's language ("Español")."""
    folded = text.strip().casefold()
    for language in languages():
        if any(folded == name.casefold() for name in language.self_names):
            return language.code
    return None


@lru_cache(maxsize=1)
def _date_patterns() -> tuple[tuple[re.Pattern[str], Language], ...]:
    out = []
    for language in languages():
        joiner = rf"\s+{re.escape(language.date_joiner)}" if language.date_joiner else ""
        suffix = rf"(?:\s+{re.escape(language.date_suffix)})?" if language.date_suffix else ""
        months = _alternatives(list(language.months))
        out.append(
            (
                re.compile(
                    rf"^(\d{{1,2}})(?:er|º|°)?{joiner}\s+({months}){joiner}\s+(\d{{4}}){suffix}$",
                    re.IGNORECASE,
                ),
                language,
            )
        )
    return tuple(out)


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """A masthead date in any of the languages ("13 de septiembre de 2023"), with its code."""
    text = " ".join(text.split())
    for pattern, language in _date_patterns():
        m = pattern.match(text)
        if not m:
            continue
        month = [x.casefold() for x in language.months].index(m.group(2).casefold()) + 1
        try:
            return dt.date(int(m.group(3)), month, int(m.group(1))), language.code
        except ValueError:
            return None
    return None


@lru_cache(maxsize=1)
def letter_title() -> re.Pattern[str]:
    """The opening words of a letter's or note verbale's title, in any language."""
    words = [w for language in languages() for w in language.letter_titles]
    return re.compile(rf"^(?:{_alternatives(words)})\b")


@lru_cache(maxsize=1)
def signed() -> re.Pattern[str]:
    """The "(Signed) Name" line in any language; group 1 is the name."""
    words = [language.signed for language in languages()]
    return re.compile(rf"^\((?:{_alternatives(words)})\)\s*(.+)$")


@lru_cache(maxsize=1)
def signed_opening() -> re.Pattern[str]:
    words = [language.signed for language in languages()]
    return re.compile(rf"\((?:{_alternatives(words)})\)")


def annex_line() -> re.Pattern[str]:
    """A line that opens an annex, an appendix or an enclosure: "Annex I", "Annex to the letter
    dated ...", "Anexo de la carta de fecha ..."."""
    words = [w for language in languages() for w in (*language.annex, *language.enclosure)]
    connectors = [w for language in languages() for w in language.annex_connectors]
    return re.compile(
        rf"^(?:{_alternatives(words)})(?:\s+(?:[IVXLC]{{1,5}}|\d{{1,2}}|[A-Z]))?"
        rf"(?:\s+(?:{_alternatives(connectors)})\s.*)?$"
    )

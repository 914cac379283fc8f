"""How a UN document is printed in each official language, read from resources/languages.json.

The one reader of that file. The structure and layout parsers recognise the United Nations,
an organ, the distribution, the original language, the session, the agenda item, a date, the
line naming this version's language, a letter's title, an annex, an enclosure and a signature
through what this module builds from it, so a document in Spanish, Arabic or Chinese reads as
its English counterpart does. Adding a language is a matter of data: its words in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

from briefing import paths
from briefing.datatypes import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    self_names: tuple[str, ...]
    united_nations: tuple[str, ...]
    organs: dict[str, tuple[str, ...]]  # English name -> as printed in this language
    months: tuple[tuple[str, ...], ...]  # twelve entries, each the ways one month is printed
    date_joiner: str
    date_suffix: str
    date_pattern: str
    distribution: dict[str, tuple[str, ...]]  # "word" and English value -> as printed
    original: tuple[str, ...]
    session: tuple[str, ...]
    agenda: tuple[str, ...]
    letter_titles: tuple[str, ...]
    annex: tuple[str, ...]
    enclosure: tuple[str, ...]
    signed: tuple[str, ...]
    annex_connectors: tuple[str, ...]


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value or ())


@cache
def languages() -> tuple[Language, ...]:
    """Every language of the vocabulary, English first."""
    data = json.loads((paths.resources_dir() / "languages.json").read_text(encoding="utf-8"))
    out = []
    for code, words in data.items():
        if code.startswith("_"):
            continue
        out.append(
            Language(
                code=code,
                self_names=_strings(words.get("self")),
                united_nations=_strings(words.get("united_nations")),
                organs={k: _strings(v) for k, v in words.get("organs", {}).items()},
                months=tuple(_strings(m) for m in words.get("months", [])),
                date_joiner=words.get("date_joiner", ""),
                date_suffix=words.get("date_suffix", ""),
                date_pattern=words.get("date_pattern", ""),
                distribution={k: _strings(v) for k, v in words.get("distribution", {}).items()},
                original=_strings(words.get("original")),
                session=_strings(words.get("session")),
                agenda=_strings(words.get("agenda")),
                letter_titles=_strings(words.get("letter_titles")),
                annex=_strings(words.get("annex")),
                enclosure=_strings(words.get("enclosure")),
                signed=_strings(words.get("signed")),
                annex_connectors=_strings(words.get("annex_connectors")),
            )
        )
    return tuple(out)


def alternatives(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so "Identical letters dated" wins
    over a shorter word it starts with)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def every(field: str) -> list[str]:
    """One field's words in every language, English first: `every("annex")`."""
    return [w for language in languages() for w in getattr(language, field)]


# ------------------------------------------------------------------ words across languages


def united_nations() -> list[str]:
    return every("united_nations")


def letter_titles() -> list[str]:
    return every("letter_titles")


def annex_words() -> list[str]:
    """What opens an annex, an appendix or an enclosure, in every language."""
    return every("annex") + every("enclosure")


def enclosure_words() -> list[str]:
    return every("enclosure")


def annex_links() -> list[str]:
    """Words that join an annex's heading to what it is annexed to: "Annex to the letter"."""
    return every("annex_connectors")


def signed_lines() -> list[str]:
    """ "(Signed)" in every language, with ASCII and full-width brackets ("（签名）")."""
    return [f"{a}{w}{b}" for w in every("signed") for a, b in (("(", ")"), ("（", "）"))]


# ------------------------------------------------------------------ masthead fields


def organ(text: str) -> tuple[str, str] | None:
    """The organ named by a whole masthead line, as printed, and the line's language."""
    folded = text.casefold()
    for language in languages():
        for names in language.organs.values():
            for name in names:
                if folded == name.casefold():
                    return name, language.code
    return None


def organ_in_english(text: str) -> str | None:
    """The organ a whole masthead line names, by the English name the record keeps."""
    folded = text.casefold()
    for language in languages():
        for english, names in language.organs.items():
            if any(folded == name.casefold() for name in names):
                return english
    return None


def version_language(text: str) -> str | None:
    """The language code when the line names this version's language ("Español")."""
    folded = text.strip().casefold()
    for language in languages():
        if any(folded == name.casefold() for name in language.self_names):
            return language.code
    return None


_COLON = r"\s*[:：]\s*"
_COLON_OR_NOT = r"\s*[:：]?\s*"


@cache
def _distribution_patterns() -> tuple[tuple[re.Pattern[str], Language], ...]:
    out = []
    for language in languages():
        words = language.distribution.get("word", ())
        values = [v for k, vs in language.distribution.items() if k != "word" for v in vs]
        if words and values:
            pattern = (
                rf"^(?:{alternatives(words)}){_COLON_OR_NOT}({alternatives(values)})(?:\s+(.*))?$"
            )
            out.append((re.compile(pattern, re.IGNORECASE), language))
    return tuple(out)


def distribution(text: str) -> tuple[str, str, str] | None:
    """ "التوزيع: عام" -> ("General", what follows it, "ar"): the distribution by its English
    word, the rest of the line (a date may share it), and the line's language ("" when the
    words are several languages' alike: "Distr. general")."""
    found: list[tuple[str, str, str]] = []
    for pattern, language in _distribution_patterns():
        if m := pattern.match(text.strip()):
            printed = m.group(1).casefold()
            for english, values in language.distribution.items():
                if english != "word" and printed in (v.casefold() for v in values):
                    found.append((english, m.group(2) or "", language.code))
    if not found:
        return None
    english, rest, code = found[0]
    return english, rest, code if len({f[2] for f in found}) == 1 else ""


def original(text: str) -> tuple[str, str] | None:
    """ "原文：英文" -> ("英文", "zh"): the original language as printed, and the line's."""
    for language in languages():
        if language.original and (
            m := re.match(rf"^(?:{alternatives(language.original)}){_COLON}(.+)$", text.strip())
        ):
            return m.group(1).strip(), language.code
    return None


def session(text: str) -> str | None:
    """The language code when the line is a session line by that language's patterns."""
    for language in languages():
        if any(re.match(p, text.strip()) for p in language.session):
            return language.code
    return None


def agenda_items(text: str) -> str | None:
    """The items an agenda line names by a language's patterns ("البند 21 (هـ) من جدول
    الأعمال المؤقت" -> "21 (هـ)"), with figures in ASCII digits."""
    for language in languages():
        for pattern in language.agenda:
            if m := re.match(pattern, text.strip()):
                return ascii_digits(m.group("items").strip())
    return None


def ascii_digits(text: str) -> str:
    """Figures in any script's digits (Eastern Arabic ٢١) written as ASCII digits (21)."""
    return "".join(str(int(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


# ------------------------------------------------------------------ dates


def month_numbers() -> dict[str, int]:
    """Every month name of every language, case-folded, to its number."""
    return {
        name.casefold(): number
        for language in languages()
        for number, names in enumerate(language.months, start=1)
        for name in names
    }


@cache
def _date_patterns() -> tuple[tuple[re.Pattern[str], Language], ...]:
    out = []
    for language in languages():
        if language.date_pattern:
            out.append((re.compile(language.date_pattern), language))
        if not language.months:
            continue
        joiner = rf"\s+{re.escape(language.date_joiner)}" if language.date_joiner else ""
        suffix = rf"(?:\s+{re.escape(language.date_suffix)})?" if language.date_suffix else ""
        months = alternatives([n for names in language.months for n in names])
        out.append(
            (
                re.compile(
                    rf"^(?P<day>\d{{1,2}})(?:er|º|°)?{joiner}\s+(?P<month>{months}){joiner}"
                    rf"\s+(?P<year>\d{{4}}){suffix}$",
                    re.IGNORECASE,
                ),
                language,
            )
        )
    return tuple(out)


def parse_date(text: str) -> tuple[dt.date, str] | None:
    """A masthead date in any of the languages ("13 de septiembre de 2023", "22 أيار/مايو
    ٢٠١٣", "2013年5月22日"), with its language's code."""
    text = " ".join(text.split())
    for pattern, language in _date_patterns():
        m = pattern.match(text)
        if not m:
            continue
        month_text = m.group("month")
        if month_text.isdecimal():
            month = int(month_text)
        else:
            names = [[n.casefold() for n in names] for names in language.months]
            month = next(k for k, ns in enumerate(names, start=1) if month_text.casefold() in ns)
        try:
            return dt.date(int(m.group("year")), month, int(m.group("day"))), language.code
        except ValueError:
            return None
    return None


def date_body() -> str:
    """A date as printed in a line ("13 March 2014", "13 de marzo de 2014", "1er mars 2014"):
    day, month and year in groups 1-3, for patterns that find a date inside a line."""
    months = alternatives([n for language in languages() for ns in language.months for n in ns])
    links = alternatives([x.date_joiner for x in languages() if x.date_joiner])
    link = rf"(?:\s+(?:{links}))?" if links else ""
    return rf"(\d{{1,2}})(?:er|º)?{link}\s+((?i:{months})){link}\s+(\d{{4}})"

"""The kind of a UN document (letter, resolution, report, verbatim record, ...), from data.

The kinds and the words that tell them are in resources/document_kinds.json; nothing here names
one. A kind is read from the symbol's components first (A/RES/67/219 -> RES), then from the
lines of the title block ("Resolution adopted by ..."), then from the title's opening words.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from briefing import paths


@cache
def document_kinds() -> dict[str, Any]:
    path = paths.resources_dir() / "document_kinds.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def meeting_vocabulary() -> dict[str, Any]:
    path = paths.resources_dir() / "meeting_records.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def alternatives(words: list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def kind_entry(kind: str) -> dict[str, Any]:
    """The kind's entry in resources/document_kinds.json ({} for an unknown kind)."""
    return next((k for k in document_kinds()["kinds"] if k["kind"] == kind), {})


def continuation_words() -> list[str]:
    """Words a heading or title does not end with: one that stops on one goes on."""
    return list(document_kinds().get("continuation_words", []))


def has_preamble(kind: str) -> bool:
    """Whether a document of this kind is a formula, a preamble and an operative part."""
    return bool(kind_entry(kind).get("preamble"))


def is_meeting_record(kind: str) -> bool:
    return bool(kind_entry(kind).get("meeting_record"))


def kind_from_symbol(symbol: str | None) -> str:
    if not symbol:
        return ""
    # Every component of every symbol of a joint document: "S/PV.7138" -> S, PV, 7138.
    components = {c for c in re.split(r"[/.\s()\-–—]+", symbol) if c}
    for entry in document_kinds()["kinds"]:
        if components & set(entry.get("symbol_parts", [])):
            return str(entry["kind"])
    return ""


def _starts_with(text: str, words: list[str]) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(w.lower()) for w in words)


def kind_from_lines(lines: list[str]) -> str:
    """The kind a title block's lines name, by a masthead line or by the title's words."""
    data = document_kinds()
    for line in lines:
        for entry in data["kinds"]:
            if _starts_with(line, entry.get("masthead_lines", [])):
                return str(entry["kind"])
    qualifiers = data.get("title_qualifiers", [])
    for line in lines:
        words = line.split()
        # "Final report of ...", "Second progress report of ...": the qualifiers stand first.
        while words and words[0] in qualifiers:
            words = words[1:]
        head = " ".join(words)
        for entry in data["kinds"]:
            if _starts_with(head, entry.get("title_words", [])):
                return str(entry["kind"])
    return ""


def detect_kind(symbol: str | None, lines: list[str]) -> str:
    return kind_from_symbol(symbol) or kind_from_lines(lines)


def names_only_its_author(title: str) -> bool:
    """A report title that names who reports and no subject: "Report of the Sixth Committee"."""
    if kind_from_lines([title]) != "report":
        return False
    return not any(word in title for word in document_kinds()["report_subject_words"])


@cache
def formula_pattern() -> re.Pattern[str]:
    """The preamble's formula: "The General Assembly," on a line of its own."""
    bodies = sorted(document_kinds()["formula_bodies"], key=len, reverse=True)
    names = "|".join(re.escape(b) for b in bodies)
    # "The Commission on the Status of Women,": a body may be named with what it is for.
    return re.compile(rf"^The (?:{names})(?:\s(?:on|of|for)\s[\w ]{{1,60}})?\s*,?$")


__all__ = [
    "detect_kind",
    "document_kinds",
    "formula_pattern",
    "has_preamble",
    "continuation_words",
    "is_meeting_record",
    "kind_entry",
    "kind_from_lines",
    "alternatives",
    "kind_from_symbol",
    "meeting_vocabulary",
    "names_only_its_author",
]

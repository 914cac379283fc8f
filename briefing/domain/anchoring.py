"""Where an annotation belongs in a record: its places, its subjects, and the anchoring rule.

Pure functions over a Record; the store, the exchange format and the PDF all anchor the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from briefing.domain.annotations import Annotation
from briefing.domain.eids import is_subject_eid, subject_eid
from briefing.domain.model import Record


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, blank ones dropped, duplicates (ignoring case) dropped, order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        tag = " ".join(str(tag).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def place_text(record: Record, eid: str) -> str | None:
    """The text of the paragraph, point or footnote `eid`, or None when the record lacks it."""
    place = record.find(eid)
    if place is None:
        return None
    return place.text


def place_texts(record: Record) -> list[tuple[str, str]]:
    """(eid, text) of every paragraph, point and footnote, in reading order."""
    return [(place.eid, place.text) for place in record.places()]


def subject_places(record: Record) -> list[tuple[str, str]]:
    """(eid, name) of the processes, organizations and themes a record names: subjects a
    delegate may annotate besides the places of the text (eids "process:<name>", ...)."""
    out: list[tuple[str, str]] = []
    for kind, items in (
        ("process", record.processes),
        ("organization", record.organizations),
        ("theme", record.themes),
    ):
        for item in items:
            eid = subject_eid(kind, item.name)
            if all(eid != known for known, _ in out):
                out.append((eid, " ".join(item.name.split())))
    return out


def anchor_places(record: Record) -> list[tuple[str, str]]:
    """Everything an annotation can be anchored to: the places, then the subjects."""
    return place_texts(record) + subject_places(record)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def anchor(annotation: Annotation, places: list[tuple[str, str]]) -> Annotation:
    """Where `annotation` belongs in a record whose places are `places` (eid, text).

    1. its eid, when that place still holds the quoted text (whitespace and case aside);
    2. else the one place that holds exactly the quoted text (the paragraph was renumbered);
    3. else its eid, when that place still reads mostly the same (the text was edited);
    4. else the one place whose text contains the quote;
    5. else detached: kept with its eid and quote, shown as detached.
    """
    texts = dict(places)
    eid = annotation.target_eid
    quote = _norm(annotation.quote)
    if is_subject_eid(eid):
        # A process or theme: the same subject or none (never a paragraph that mentions it).
        if eid in texts:
            return replace(annotation, detached=False)
        kind = eid.partition(":")[0]
        same = [
            e for e, text in places if e.startswith(f"{kind}:") and _norm(text) == quote and quote
        ]
        if len(same) == 1:
            return replace(annotation, target_eid=same[0], detached=False)
        return replace(annotation, detached=True)
    if eid in texts and (not quote or _norm(texts[eid]) == quote):
        return replace(annotation, detached=False)
    if quote:
        same = [e for e, text in places if _norm(text) == quote]
        if len(same) == 1:
            return replace(annotation, target_eid=same[0], detached=False)
    if eid in texts and _similar(quote, _norm(texts[eid])):
        return replace(annotation, detached=False)
    if len(quote) >= 12:
        within = [e for e, text in places if quote in _norm(text)]
        if len(within) == 1:
            return replace(annotation, target_eid=within[0], detached=False)
    return replace(annotation, detached=True)


def _similar(a: str, b: str) -> bool:
    """Mostly the same words (an edited paragraph, not a different one)."""
    words_a, words_b = set(a.split()), set(b.split())
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= 0.5

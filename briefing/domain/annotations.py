"""A delegate's annotations: notes, stances, priorities and tags on places in a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import field
from enum import StrEnum

from briefing.datatypes import dataclass


class Stance(StrEnum):
    SUPPORT = "support"
    SUPPORT_WITH_AMENDMENTS = "support_with_amendments"
    NEUTRAL = "neutral"
    CONCERN = "concern"
    OPPOSE = "oppose"
    SEEK_INSTRUCTIONS = "seek_instructions"

    @property
    def label(self) -> str:
        return {
            Stance.SUPPORT: "Support",
            Stance.SUPPORT_WITH_AMENDMENTS: "Support with amendments",
            Stance.NEUTRAL: "Neutral",
            Stance.CONCERN: "Concern",
            Stance.OPPOSE: "Oppose",
            Stance.SEEK_INSTRUCTIONS: "Seek instructions",
        }[self]


class Priority(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class Annotation:
    """One annotation on one place (eid) of one record.

    `record_key` is the record's `key` (see Record.key), so an annotation finds its record in any
    database; `quote` is the text of the place when annotated, to re-anchor and to show
    when the place has gone (`detached`).
    """

    uid: str
    record_key: str
    target_eid: str
    quote: str
    author: str
    created: dt.datetime
    updated: dt.datetime
    note: str = ""
    stance: Stance | None = None
    priority: Priority = Priority.NORMAL
    tags: list[str] = field(default_factory=list)
    raise_at_meeting: bool = False
    # What the delegation says on this place (the line to take), and what it says only if
    # another delegation raises it (a defensive line): the two halves of a government brief.
    line_to_take: str = ""
    if_raised: str = ""
    detached: bool = False
    # Set by the store.
    id: int | None = None
    record_id: int | None = None


# What one annotation may hold. A delegate's note is a few lines to a few pages; these limits
# sit far above any real one and far below what makes the PDF, the list or the file unusable
# (a 1 MB note, 10,000 tags, a 10 MB eid were all tried against us).
MAX_NOTE_CHARS = 50_000
# A line to take is a sentence or a short paragraph, read aloud; the limit is generous.
MAX_LINE_CHARS = 10_000
# A record's objectives are a few paragraphs; the same bound as a note.
MAX_OBJECTIVES_CHARS = MAX_NOTE_CHARS
MAX_TAGS = 50
MAX_TAG_CHARS = 100
MAX_EID_CHARS = 500
MAX_AUTHOR_CHARS = 200


def _has_lone_surrogate(text: str) -> bool:
    # A str from a file name or argv decoded with surrogateescape, or JSON's "\ud800": it cannot
    # be encoded as UTF-8, so SQLite, the PDF and every file we write would fail on it later.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def annotation_problem(annotation: Annotation) -> str | None:
    """Why `annotation` cannot be kept as it is (one line naming the limit), or None."""
    if len(annotation.note) > MAX_NOTE_CHARS:
        return (
            f"the note is too long ({len(annotation.note):,} characters; "
            f"the limit is {MAX_NOTE_CHARS:,})"
        )
    for label, text in (
        ("line to take", annotation.line_to_take),
        ("if raised", annotation.if_raised),
    ):
        if len(text) > MAX_LINE_CHARS:
            return (
                f"the {label} is too long ({len(text):,} characters; "
                f"the limit is {MAX_LINE_CHARS:,})"
            )
    if len(annotation.tags) > MAX_TAGS:
        return f"too many tags ({len(annotation.tags):,}; the limit is {MAX_TAGS})"
    for tag in annotation.tags:
        if len(tag) > MAX_TAG_CHARS:
            return f"a tag is too long ({len(tag):,} characters; the limit is {MAX_TAG_CHARS})"
    if len(annotation.target_eid) > MAX_EID_CHARS:
        return (
            f"the place (eid) is too long ({len(annotation.target_eid):,} characters; "
            f"the limit is {MAX_EID_CHARS})"
        )
    if len(annotation.author) > MAX_AUTHOR_CHARS:
        return f"the author name is too long (the limit is {MAX_AUTHOR_CHARS} characters)"
    for name, text in (
        ("note", annotation.note),
        ("line to take", annotation.line_to_take),
        ("if raised", annotation.if_raised),
        ("author", annotation.author),
        ("place (eid)", annotation.target_eid),
        ("quote", annotation.quote),
        ("record key", annotation.record_key),
        *(("tag", tag) for tag in annotation.tags),
    ):
        if _has_lone_surrogate(text):
            return f"the {name} holds characters that are not valid Unicode (lone surrogates)"
    return None


@dataclass
class Objectives:
    """The delegation's objectives for one record: what it wants the meeting to achieve.

    Keyed, like annotations, by the record's `key`, so they outlive a re-import or a deletion
    of the record and travel in a shared annotation file.
    """

    record_key: str
    text: str
    author: str
    updated: dt.datetime


def objectives_problem(objectives: Objectives) -> str | None:
    """Why `objectives` cannot be kept as they are (one line naming the limit), or None."""
    if len(objectives.text) > MAX_OBJECTIVES_CHARS:
        return (
            f"the objectives are too long ({len(objectives.text):,} characters; "
            f"the limit is {MAX_OBJECTIVES_CHARS:,})"
        )
    if len(objectives.author) > MAX_AUTHOR_CHARS:
        return f"the author name is too long (the limit is {MAX_AUTHOR_CHARS} characters)"
    for name, text in (
        ("objectives", objectives.text),
        ("author", objectives.author),
        ("record key", objectives.record_key),
    ):
        if _has_lone_surrogate(text):
            return f"the {name} hold characters that are not valid Unicode (lone surrogates)"
    return None


# --- the delegation's positions (the Annotations pane's and the sharing's) ---------------


def stances_by_place(
    annotations: Iterable[Annotation],
) -> dict[tuple[str, str], dict[str, Annotation]]:
    """(record key, eid) -> author -> their annotation there (attached ones; the latest edit
    when an author has two at one place)."""
    out: dict[tuple[str, str], dict[str, Annotation]] = {}
    for a in annotations:
        if a.detached:
            continue
        held = out.setdefault((a.record_key, a.target_eid), {})
        if a.author not in held or a.updated > held[a.author].updated:
            held[a.author] = a
    return out


def in_conflict(held: dict[str, Annotation]) -> bool:
    """Two authors at one place with different stances (no stance is no disagreement)."""
    return len({a.stance for a in held.values() if a.stance is not None}) > 1

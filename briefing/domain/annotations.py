"""A delegate's annotations: notes, stances, priorities and tags on places in a record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


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
    detached: bool = False
    # Set by the store.
    id: int | None = None
    record_id: int | None = None

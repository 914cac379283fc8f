"""What a briefing prints and how: the sections, the paper, the delegate's filters.

Its own module so the story builder (pdf_story) and the renderer (pdf) both import it and
neither imports the other's caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefing.datatypes import dataclass
from briefing.domain import Annotation, ExportError, Priority, Record, Stance

# The sections in the order they print; names used by the CLI and the dialog.
SECTIONS: tuple[str, ...] = (
    "cover",
    "positions",
    "contents",
    "brief",
    "processes",
    "themes",
    "conclusions",
    "key-points",
    "full-text",
)
SECTION_LABELS: dict[str, str] = {
    "cover": "Cover",
    "positions": "Positions at a glance",
    "contents": "Contents",
    "brief": "The meeting in brief",
    "processes": "Processes",
    "themes": "Themes",
    "conclusions": "Conclusions",
    "key-points": "Key points",
    "full-text": "Full text",
}
_SECTION_ALIASES = {
    "toc": "contents",
    "keypoints": "key-points",
    "key_points": "key-points",
    "fulltext": "full-text",
    "full_text": "full-text",
    "text": "full-text",
    "in-brief": "brief",
    "summary": "brief",
    "glance": "positions",
    "at-a-glance": "positions",
    "positions-at-a-glance": "positions",
}
PAPERS = ("A4", "Letter")
# The date printed as "prepared" in deterministic mode when none is given.
FIXED_DATE = dt.date(2000, 1, 1)


def parse_sections(text: str | Iterable[str]) -> frozenset[str]:
    """Section names from "cover,contents,..." (aliases allowed); ExportError on an unknown one."""
    names = text.split(",") if isinstance(text, str) else list(text)
    out: set[str] = set()
    for raw in names:
        name = raw.strip().lower().replace(" ", "-")
        if not name:
            continue
        name = _SECTION_ALIASES.get(name, name)
        if name == "all":
            out.update(SECTIONS)
            continue
        if name not in SECTIONS:
            raise ExportError(f"unknown section {raw.strip()!r}; choose from {', '.join(SECTIONS)}")
        out.add(name)
    if not out:
        raise ExportError("no section chosen")
    return frozenset(out)


def parse_stance(text: str) -> Stance:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for stance in Stance:
        if key in (stance.value, stance.label.lower().replace(" ", "_")):
            return stance
    raise ExportError(f"unknown stance {text!r}; choose from {', '.join(s.value for s in Stance)}")


def parse_priority(text: str) -> Priority:
    try:
        return Priority(text.strip().lower())
    except ValueError:
        raise ExportError(
            f"unknown priority {text!r}; choose from {', '.join(p.value for p in Priority)}"
        ) from None


@dataclass(frozen=True)
class ExportOptions:
    """What to print and how. Empty filter sets mean "no filter"."""

    sections: frozenset[str] = frozenset(SECTIONS)
    paper: str = "A4"
    stances: frozenset[Stance] = frozenset()
    tags: frozenset[str] = frozenset()
    priorities: frozenset[Priority] = frozenset()
    raise_only: bool = False
    title: str = ""
    delegation: str = ""
    marking: str = ""
    deterministic: bool = False
    # The "date prepared" on the cover; None = today (a fixed date in deterministic mode).
    prepared: dt.date | None = None
    # A wide outer margin on body pages, for handwritten notes.
    notes_column: bool = False
    # The delegation's objectives: (record key, text) pairs, from the library (not a filter).
    objectives: tuple[tuple[str, str], ...] = ()

    def objectives_for(self, record: Record) -> str:
        for key, text in self.objectives:
            if key == record.key:
                return text
        return ""

    @property
    def filtering(self) -> bool:
        return bool(self.stances or self.tags or self.priorities or self.raise_only)

    def matches(self, annotation: Annotation) -> bool:
        """Whether an annotation passes the stance, tag, priority and raise filters."""
        if self.stances and annotation.stance not in self.stances:
            return False
        if self.tags:
            wanted = {t.casefold() for t in self.tags}
            if not wanted & {t.casefold() for t in annotation.tags}:
                return False
        if self.priorities and annotation.priority not in self.priorities:
            return False
        return not (self.raise_only and not annotation.raise_at_meeting)

    def prepared_date(self, records: list[Record]) -> dt.date:
        if self.prepared:
            return self.prepared
        if self.deterministic:
            dates = [r.date for r in records if r.date]
            return max(dates) if dates else FIXED_DATE
        return dt.date.today()

    def describe_filters(self) -> str:
        parts = []
        if self.stances:
            parts.append("stance " + ", ".join(sorted(s.label for s in self.stances)))
        if self.priorities:
            parts.append("priority " + ", ".join(sorted(p.label for p in self.priorities)))
        if self.tags:
            parts.append("tag " + ", ".join(sorted(self.tags)))
        if self.raise_only:
            parts.append("to raise at the meeting")
        return "; ".join(parts)


def filter_warning(items: Iterable[tuple[Record, list[Annotation]]], options: ExportOptions) -> str:
    """One sentence when the filters leave no position to print (the briefing then holds the
    record without positions), else ""."""
    if not options.filtering:
        return ""
    if any(options.matches(a) for _record, annotations in items for a in annotations):
        return ""
    return f"no position matches the filters ({options.describe_filters()})"

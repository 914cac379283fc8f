"""The semantic layer of an import: meeting, entities, resolutions, themes, conclusions.

`analyse(record)` runs last in `parse_text`, over the structure already built, and fills
`record.meeting`, `processes`, `organizations`, `resolutions`, `themes`, `conclusions` and
`key_points` in place. Every rule is general (see `resources/vocabulary.json` for the cues);
none is written for one document.

Conclusions and key points are what the record *presents* as such: the points of a paragraph
whose lead-in speaks of "conclusions" / "key points", or the paragraphs under a heading that
does. A document without such a lead-in (a resolution, a report) gets empty lists: operative
paragraphs are decisions, not conclusions, and the delegate finds them in the document itself.
"""

from __future__ import annotations

import datetime as dt
import re

from briefing.domain import Conclusion, Meeting, Paragraph, PartKind, Point, Record, cite
from briefing.importer.entities import NameMatcher, find_entities, find_resolutions
from briefing.importer.lexicon import Place, vocabulary
from briefing.importer.lexicon import places as record_places
from briefing.importer.outcomes import add_outcomes
from briefing.importer.states import find_states
from briefing.importer.themes import find_themes, quoted_themes

__all__ = ["analyse", "find_conclusions", "find_meeting", "parse_date_range"]


def analyse(record: Record) -> None:
    """Fill the record's meeting, entities, resolutions, themes, conclusions and key points."""
    places = record_places(record)
    record.meeting = find_meeting(record, places)
    processes, organizations, names = find_entities(places, record.language)
    record.processes = processes
    record.organizations = organizations
    record.resolutions = find_resolutions(places)
    masked = [_mask(place.text, names) for place in places]
    meeting_theme = record.meeting.theme if record.meeting else None
    record.themes = find_themes(places, masked, meeting_theme, record.language)
    record.states = find_states(places, record.language)
    record.conclusions = find_conclusions(record, _CONCLUSIONS)
    record.key_points = find_conclusions(record, _KEY_POINTS)
    add_outcomes(record)


def _mask(text: str, names: NameMatcher | None) -> str:
    """The text with entity names blanked (offsets kept)."""
    if names is None:
        return text
    return names.sub(lambda m: " " * (m.end() - m.start()), text)


# --- meeting -------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_MONTH = "(" + "|".join(_MONTHS) + ")"
_RANGE_SAME_MONTH = re.compile(
    rf"(\d{{1,2}})(?:\s*,\s*\d{{1,2}})*\s*(?:,?\s*and|[-–—]|to)\s*(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})"
)
_RANGE_TWO_MONTHS = re.compile(
    rf"(\d{{1,2}})\s+{_MONTH}\s*(?:[-–—]|to|and)\s*(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})"
)
_SINGLE = re.compile(rf"(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})")


def parse_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """The first date or date range in text: "22 and 23 May 2013", "30 May–1 June 2013", ..."""
    candidates = []
    for pattern in (_RANGE_TWO_MONTHS, _RANGE_SAME_MONTH, _SINGLE):
        m = pattern.search(text)
        if m:
            candidates.append((m.start(), pattern, m))
    if not candidates:
        return None
    # The earliest match wins; at the same place the longer form (listed first) does.
    _start, pattern, m = min(candidates, key=lambda c: c[0])
    try:
        if pattern is _RANGE_TWO_MONTHS:
            year = int(m.group(5))
            start = dt.date(year, _MONTHS[m.group(2)], int(m.group(1)))
            end = dt.date(year, _MONTHS[m.group(4)], int(m.group(3)))
        elif pattern is _RANGE_SAME_MONTH:
            year, month = int(m.group(4)), _MONTHS[m.group(3)]
            start = dt.date(year, month, int(m.group(1)))
            end = dt.date(year, month, int(m.group(2)))
        else:
            start = end = dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None
    return (start, end) if start <= end else None


# Bounded repeats: on a long run of capitalised words the search stays linear.
_TITLE = r"(?:[a-z]+\s+)?[A-Z][\w’'\-]*(?:,?\s+(?:of|on|and|the|for|in|[A-Z][\w’'\-]*)){0,24}"
_PLACE = r"[A-Z][\w’'\-]*(?:\s+(?:de\s+|del\s+|la\s+)?[A-Z][\w’'\-]*)*"
_WHERE_WHEN = (
    rf"\s+(?:in|at)\s+(?P<place>{_PLACE}(?:,\s+{_PLACE})?)"
    r"(?:,\s*(?:from|on)\s+|\s+(?:from|on)\s+)(?P<date>[^.;“”\"]{0,60}?\d{4})"
)
_WHEN_WHERE = (
    r"\s+(?:from|on)\s+(?P<date>[^.;“”\"]{0,40}?\d{4}),?"
    rf"\s+(?:in|at)\s+(?P<place>{_PLACE}(?:,\s+{_PLACE})?)"
)
_HAPPENED = r"(?:(?:was|were)\s+(?:held|convened)|took\s+place)"
# "<meeting> was held in <place> on <dates>", "... took place on <dates> in <place>".
_WHEN_WHERE_2 = _WHEN_WHERE.replace("date>", "date2>").replace("place>", "place2>")
_HELD = re.compile(rf"(?P<title>{_TITLE})\s+{_HAPPENED}(?:{_WHERE_WHEN}|{_WHEN_WHERE_2})")
# A title such as "Chair's summary of the ... Meeting ..., held in <place> on <dates>".
_HELD_IN_TITLE = re.compile(rf"(?P<title>{_TITLE}),?\s+held{_WHERE_WHEN}")


def _is_resolution(record: Record) -> bool:
    return bool(
        (record.symbol and "/RES/" in record.symbol.upper())
        or record.title.lower().startswith("resolution adopted")
    )


def _meeting_word(line: str) -> bool:
    words = set(re.findall(r"[A-Za-z]+", line))
    return any(w in words for w in vocabulary()["meeting_words"])


def find_meeting(record: Record, places: list[Place]) -> Meeting | None:
    """The meeting a meeting record reports on, as its text states it; None for other records.

    Sources, in order: the lines under a part's title (meeting name, place, dates, sometimes
    the theme in quotes); a part's title "... of the <meeting>, held in <place> on <dates>";
    a sentence "<meeting> was held in <place> on <dates>". The theme comes from a quoted
    note line or from 'under the theme “...”'. Resolutions report no meeting.
    """
    if _is_resolution(record):
        return None
    title, place, dates, theme = _meeting_from_notes(record)
    held = None
    for part in record.parts:
        held = _HELD_IN_TITLE.search(part.title)
        if held and _meeting_word(held.group("title")):
            break
        held = None
    if held is None:
        for p in places:
            if " held " not in p.text and " convened " not in p.text and " place " not in p.text:
                continue  # a cheap test first: the pattern is slow to fail
            held = _HELD.search(p.text)
            if held and _meeting_word(held.group("title")):
                break
            held = None
    if held:
        text_title = re.sub(r"\s+", " ", held.group("title"))
        text_title = _trim_title(text_title)
        text_title = text_title[0].upper() + text_title[1:]
        title = title or text_title
        found = held.groupdict()
        place = place or re.sub(r"\s+", " ", found.get("place") or found.get("place2") or "")
        dates = dates or parse_date_range(found.get("date") or found.get("date2") or "")
    if title is None or (place is None and dates is None):
        return None
    if theme is None:
        theme = next((t for t, _eid in quoted_themes(places) if _under_theme(t, places)), None)
    return Meeting(
        title=title,
        place=place,
        start=dates[0] if dates else None,
        end=dates[1] if dates else None,
        theme=theme,
    )


def _trim_title(title: str) -> str:
    """Drop what a sentence put before the meeting's name ("Chile, Peru and Mexico, the ...")."""
    words = vocabulary()["meeting_words"]
    first = min(
        (m.start() for w in words for m in re.finditer(rf"\b{w}\b", title)), default=len(title)
    )
    comma = title.rfind(", ", 0, first)
    if comma >= 0:
        title = title[comma + 2 :]
    return re.sub(r"^(?:The|the)\s+", "", title)


def _meeting_from_notes(
    record: Record,
) -> tuple[str | None, str | None, tuple[dt.date, dt.date] | None, str | None]:
    """(title, place, dates, theme) from the lines printed under a part's title."""
    for part in record.parts:
        lines = [line.strip() for line in part.notes if line.strip()]
        for i, line in enumerate(lines):
            if not (_meeting_word(line) and line[0].isupper() and line[-1] != "."):
                continue
            place = theme = None
            dates = None
            for follow in lines[i + 1 : i + 5]:
                found = parse_date_range(follow)
                quoted = re.fullmatch(r"[“\"](.+)[”\"]", follow)
                if found and dates is None:
                    dates = found
                    # "Lima, 22 and 23 May 2013": place and dates on one line.
                    lead = re.match(r"([A-Z][^\d]*?),\s*\d", follow)
                    if lead and place is None:
                        place = lead.group(1).strip()
                elif quoted and theme is None:
                    theme = _squash(quoted.group(1))
                elif place is None and dates is None and _place_like(follow):
                    place = follow
            return line, place, dates, theme
    return None, None, None, None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _under_theme(theme: str, places: list[Place]) -> bool:
    """A quoted theme introduced as the meeting's: "under the theme", "the theme of the meeting"."""
    for p in places:
        if theme[:20] in re.sub(r"\s+", " ", p.text) and _MEETING_THEME.search(p.text):
            return True
    return False


_MEETING_THEME = re.compile(
    r"(?:under|on|with)\s+the\s+(?:[a-z]+\s+)?theme"
    r"|theme\s+of\s+the\s+(?:meeting|conference|forum|dialogue|session|summit|workshop)",
    re.IGNORECASE,
)


def _place_like(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 4
        and all(w[0].isupper() or w in ("de", "la", "of") for w in words)
        and not re.search(r"\d", line)
        and not _meeting_word(line)
    )


# --- conclusions and key points ------------------------------------------------------------

_CONCLUSIONS = re.compile(r"\bconclusions?\b", re.IGNORECASE)
_KEY_POINTS = re.compile(r"\bkey\s+points\b", re.IGNORECASE)


def _point_text(point: Point) -> str:
    parts = [point.text]
    parts.extend(_point_text(p) for p in point.points)
    if point.closing:
        parts.append(point.closing)
    return " ".join(p for p in parts if p)


def _label(para: Paragraph, point: Point | None = None) -> str:
    """ "10 (a)" for a numbered paragraph; the full citation for an unnumbered one."""
    if not para.number:
        return cite(point.eid if point else para.eid)
    if point is None:
        return para.number
    return f"{para.number} ({point.label})"


def find_conclusions(record: Record, lead_in: re.Pattern[str]) -> list[Conclusion]:
    """Points introduced by a lead-in that matches, or paragraphs under a heading that does."""
    out: list[Conclusion] = []
    for part in record.parts:
        # A report's section "V. Conclusions and recommendations" is a heading too.
        under_heading = part.kind == PartKind.SECTION and bool(lead_in.search(part.title))
        for para in part.paragraphs:
            if para.role == "heading":
                under_heading = bool(lead_in.search(para.text))
                continue
            if para.points and lead_in.search(para.text):
                out.extend(
                    Conclusion(point.eid, _label(para, point), _point_text(point))
                    for point in para.points
                )
            elif under_heading and para.role == "paragraph":
                out.append(Conclusion(para.eid, _label(para), para.text))
    return out

"""Times as the database and the annotation files keep them: UTC, to the millisecond."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """Now, in UTC, to the millisecond (what the database and the JSON-LD files keep)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def format_time(value: dt.datetime) -> str:
    """UTC ISO 8601 with milliseconds and a Z: 2026-11-28T15:19:32.123Z."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Times we keep. Year 1 and 9999 sit at the edge of what datetime holds: moved to UTC or to the
# local zone (the app shows local times) they overflow, so a time must lie well inside.
MIN_YEAR = 1900
MAX_YEAR = 9998


def parse_time(text: str) -> dt.datetime:
    """The inverse of format_time; accepts any ISO 8601 date-time (naive means UTC).

    Raises:
        ValueError: not an ISO 8601 date-time, or outside the years MIN_YEAR..MAX_YEAR (UTC);
            the message fits on one line.
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a date-time")
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        value = value.astimezone(dt.UTC)
    except OverflowError:
        value = None  # type: ignore[assignment]
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"{text!r} is out of range (years {MIN_YEAR} to {MAX_YEAR})")
    return value.replace(microsecond=value.microsecond // 1000 * 1000)

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


def parse_time(text: str) -> dt.datetime:
    """The inverse of format_time; accepts any ISO 8601 date-time (naive means UTC)."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    value = value.astimezone(dt.UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)

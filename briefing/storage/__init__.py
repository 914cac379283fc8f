"""The SQLite store (sqlite-utils): open, check, migrate, read, write and search records."""

from briefing.storage.library import (
    DETAIL_FIELDS,
    RANK_WITHIN,
    Library,
    RecordSummary,
    SearchHit,
    SearchHits,
    apply_migrations,
)
from briefing.storage.migrations import APPLICATION_ID, latest_version

__all__ = [
    "APPLICATION_ID",
    "DETAIL_FIELDS",
    "RANK_WITHIN",
    "Library",
    "RecordSummary",
    "SearchHit",
    "SearchHits",
    "apply_migrations",
    "latest_version",
]

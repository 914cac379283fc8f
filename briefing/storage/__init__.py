"""The SQLite store (sqlite-utils): a room per job (db, records, search, annotations, backup)."""

from briefing.storage.db import apply_migrations
from briefing.storage.library import Library
from briefing.storage.migrations import APPLICATION_ID, latest_version
from briefing.storage.records import DETAIL_FIELDS, RecordSummary, Source, StaleRecord
from briefing.storage.search import SearchHit, SearchHits

__all__ = [
    "APPLICATION_ID",
    "DETAIL_FIELDS",
    "Library",
    "RecordSummary",
    "SearchHit",
    "SearchHits",
    "Source",
    "StaleRecord",
    "apply_migrations",
    "latest_version",
]

"""The errors Briefing reports to a user: each carries a one-line reason fit to show as is."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the CLI prints as one line and the app shows in a dialog."""


class DocumentError(BriefingError):
    """A file cannot be imported as a UN document: empty, binary, not a UN document, ..."""

    def __init__(self, reason: str, source: str | None = None) -> None:
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)


class StorageError(BriefingError):
    """The database cannot be opened, read or written."""


class NotABriefingDatabase(StorageError):
    pass


class DatabaseTooNew(StorageError):
    pass


class DatabaseCorrupt(StorageError):
    pass


class NotFound(BriefingError):
    """A record, annotation or place asked for by id does not exist."""


class QueryError(BriefingError):
    """A search query SQLite's FTS5 cannot parse."""


class AnnotationFormatError(BriefingError):
    """An annotation file that is malformed or not ours."""


class ExportError(BriefingError):
    """A PDF or annotation file that cannot be written."""


class InvalidAnnotation(BriefingError):
    """An annotation that cannot be kept as given: over a limit, or text that is not Unicode."""

"""The one way the subcommands open the library: seeded, and brought up to the current importer.

Records built by an older importer are re-derived from their kept sources before the command
runs, with progress on stderr (a counter on a terminal, a line at the start and the end
otherwise); Ctrl+C stops between two records and leaves the rest for next time.
"""

from __future__ import annotations

import argparse
import sys

from briefing import startup
from briefing.storage import Library


def open_library(args: argparse.Namespace) -> Library:
    library = startup.open_library(args.db)
    try:
        refresh(library)
    except BaseException:
        library.close()
        raise
    return library


def refresh(library: Library) -> startup.RefreshResult:
    pending = startup.records_to_refresh(library)
    if not pending:
        return startup.RefreshResult()
    err = sys.stderr
    live = err.isatty()
    print(
        f"briefing: updating {pending} record{'s' if pending != 1 else ''} "
        "built by an earlier version of Briefing (a backup is taken first)",
        file=err,
    )

    def progress(done: int, total: int, title: str) -> None:
        if live:
            print(f"\rbriefing: {done}/{total} {title[:50]:<50}", end="", file=err, flush=True)

    try:
        result = startup.refresh_records(library, progress=progress)
    except KeyboardInterrupt:
        # Each record is its own transaction: what was updated stays, the rest waits.
        if live:
            print(file=err)
        print("briefing: stopped; the other records are updated at the next start", file=err)
        raise
    if live:
        print(file=err)
    print(f"briefing: {result.summary()}", file=err)
    for title, reason in result.kept:
        print(f"briefing: {title}: {reason}", file=err)
    return result

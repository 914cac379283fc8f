"""`briefing delete RECORD`: delete a record, a backup and an export of its annotations first."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "delete",
        parents=[common],
        help="delete a record (a backup and an export of its annotations are taken first)",
    )
    p.add_argument("record", metavar="RECORD", help="the record's id or symbol")
    p.set_defaults(handler=_delete)


def _delete(args: argparse.Namespace) -> int:
    from briefing import startup
    from briefing.cli.library import open_library
    from briefing.cli.records import resolve_record

    library = open_library(args)
    try:
        record_id = resolve_record(library, args.record)
        deleted = startup.delete_record(library, record_id)
    finally:
        library.close()
    print(f"deleted {deleted.title}")
    print(f"backup: {deleted.backup} (`briefing restore {deleted.backup.name}` brings it back)")
    if deleted.annotations_file is not None:
        print(f"its {deleted.annotations} annotation(s): {deleted.annotations_file}")
    return 0

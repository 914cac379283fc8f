"""`briefing export`: a PDF briefing note (one record) or pack (several) from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from briefing.export.pdf import (
    PAPERS,
    SECTIONS,
    ExportOptions,
    export_pdf,
    parse_priority,
    parse_sections,
    parse_stance,
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="write a PDF briefing note (one record) or briefing pack (several)",
        description="Write a PDF briefing note for one record, or a briefing pack with a "
        "chapter per record. With no RECORD, the newest record. Filters (stance, tag, priority, "
        "--raise-only) limit the annotated content: conclusions, key points and positions.",
    )
    p.add_argument(
        "records", nargs="*", metavar="RECORD", help="records' ids or symbols (default: newest)"
    )
    p.add_argument("--out", "-o", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        metavar="LIST",
        help=f"comma-separated sections, in any order (default: all): {','.join(SECTIONS)}",
    )
    p.add_argument("--paper", choices=PAPERS, default="A4")
    p.add_argument(
        "--stance",
        action="append",
        default=[],
        metavar="STANCE",
        help="only positions with this stance (repeatable or comma-separated): support, "
        "support_with_amendments, neutral, concern, oppose, seek_instructions",
    )
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="only positions with this tag"
    )
    p.add_argument(
        "--priority",
        action="append",
        default=[],
        metavar="PRIORITY",
        help="only positions of this priority: high, normal, low",
    )
    p.add_argument(
        "--raise-only", action="store_true", help="only positions flagged to raise at the meeting"
    )
    p.add_argument("--title", default="", help="the title on the cover (default: the meeting's)")
    p.add_argument(
        "--delegation",
        default=None,
        help="the delegation's name, on the cover (default: the one in `briefing preferences`)",
    )
    p.add_argument("--marking", default="", help='a marking on every page, e.g. "For internal use"')
    p.add_argument(
        "--notes-column",
        action="store_true",
        help="a wide outer margin on every body page, for handwritten notes",
    )
    p.add_argument(
        "--deterministic",
        action="store_true",
        help="the same input gives a byte-identical PDF (fixed dates and ids)",
    )
    p.set_defaults(handler=_export)


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _delegation(given: str | None) -> str:
    """As given (even empty), else the delegation in the delegate's preferences."""
    if given is not None:
        return given
    from briefing import preferences

    return preferences.load().delegation


def options_from_args(args: argparse.Namespace) -> ExportOptions:
    return ExportOptions(
        sections=parse_sections(args.sections),
        paper=args.paper,
        stances=frozenset(parse_stance(s) for s in _split(args.stance)),
        tags=frozenset(_split(args.tag)),
        priorities=frozenset(parse_priority(p) for p in _split(args.priority)),
        raise_only=args.raise_only,
        title=args.title,
        delegation=_delegation(args.delegation),
        marking=args.marking,
        deterministic=args.deterministic,
        notes_column=args.notes_column,
    )


def with_objectives(library, options: ExportOptions, items) -> ExportOptions:
    """`options` carrying the delegation's objectives for the records printed."""
    from briefing.storage.objectives import objectives_by_key

    found = objectives_by_key(library, [record.key for record, _ in items])
    return dataclasses.replace(options, objectives=tuple(sorted(found.items())))


def _export(args: argparse.Namespace) -> int:
    from briefing.cli.library import open_library
    from briefing.cli.records import resolve_record
    from briefing.storage.annotations import records_with_annotations as load_items

    options = options_from_args(args)  # bad options fail before the database is opened
    out = (
        args.out
        if args.out.suffix.lower() == ".pdf"
        else args.out.with_name(args.out.name + ".pdf")
    )
    library = open_library(args)
    try:
        refs = args.records or [None]
        record_ids = [resolve_record(library, ref) for ref in refs]
        items = load_items(library, record_ids)
        options = with_objectives(library, options, items)
    finally:
        library.close()
    from briefing.export import fonts
    from briefing.export.options import filter_warning

    nothing = filter_warning(items, options)
    if nothing:
        print(f"briefing: warning: {nothing}", file=sys.stderr)
    if fonts.first_use_pending():
        print("briefing: preparing the bold fonts (first export only)…", file=sys.stderr)
    result = export_pdf(items, options, out)
    kind = "briefing note" if len(items) == 1 else f"briefing pack of {len(items)} records"
    print(f"wrote {result.path} ({kind}, {result.pages} page{'s' if result.pages != 1 else ''})")
    if result.unprintable:
        print(f"briefing: warning: {result.unprintable_warning()}", file=sys.stderr)
    return 0

"""Records from the command line: import, records, show, search."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefing import startup
from briefing.cli.library import open_library
from briefing.cli.output import terminal_text
from briefing.domain import Paragraph, Point, Record
from briefing.storage import Library, SearchHits
from briefing.storage.serialize import date_to_text, record_to_dict


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "import",
        parents=[common],
        help="import a UN document's text; prints the record's id",
        description="Import the plain text of a UN document (UTF-8, UTF-16 with a BOM, or "
        "Latin-1). The same text imported twice is stored once; a new version of a document "
        "with the same symbol replaces the old one in place, keeping your corrections.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the document's text file")
    p.set_defaults(handler=_import)

    p = subparsers.add_parser("records", parents=[common], help="list the records held")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_records)

    p = subparsers.add_parser(
        "show", parents=[common], help="show one record (default: the newest)"
    )
    p.add_argument("record", nargs="?", metavar="RECORD", help="a record's id or symbol")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_show)

    p = subparsers.add_parser(
        "search",
        parents=[common],
        help="full-text search of paragraphs, points, footnotes and document symbols",
        description='Plain words find paragraphs holding all of them; "a phrase" in quotes, '
        "word* for a prefix; AND, OR, NOT and brackets combine terms. A document symbol "
        "(A/RES/67/219) finds the record. Every match is ranked.",
    )
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--record", metavar="RECORD", help="search only this record (id or symbol)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_search)


def resolve_record(library: Library, ref: str | None) -> int:
    """A RECORD argument (id or symbol; None for the newest) as a record id."""
    if ref is None:
        record_id = library.latest_record_id()
        if record_id is None:
            from briefing.domain import NotFound

            raise NotFound(f"{library.path}: no records yet; import one with `briefing import`")
        return record_id
    return library.find_record_id(ref)


def _import(args: argparse.Namespace) -> int:
    # Read and parse before the database is opened: bad input never touches it.
    path: Path = args.file
    document = startup.read_file(path)
    for warning in document.warnings:
        print(f"briefing: {path}: {warning}", file=sys.stderr)
    with open_library(args) as library:
        record_id, _created = startup.store(library, document)
    print(record_id)
    return 0


def _records(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        summaries = library.records()
    if args.json:
        _print_json(
            [
                {
                    "id": s.id,
                    "key": s.key,
                    "symbol": s.symbol,
                    "title": s.title,
                    "date": date_to_text(s.date),
                    "organ": s.organ,
                    "imported_at": s.imported_at.isoformat(),
                }
                for s in summaries
            ]
        )
        return 0
    if not summaries:
        print("no records yet; import one with `briefing import FILE`", file=sys.stderr)
    for s in summaries:
        date = date_to_text(s.date) or "-"
        print(terminal_text(f"{s.id:>4}  {s.symbol or '-':<20}  {date:<10}  {s.title}"))
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        record = library.record(resolve_record(library, args.record))
        assert record.id is not None
        status = library.derive_status(record.id)
    if args.json:
        _print_json(
            {
                **record_to_dict(record),
                # How the record was built: by which importer, from a kept source or not.
                "derivation": {
                    "importer_version": status.importer_version,
                    "source_kept": status.has_source,
                    "note": status.note,
                },
            }
        )
    else:
        sys.stdout.write(terminal_text(render_text(record)))
    return 0


def _search(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        record_id = None if args.record is None else library.find_record_id(args.record)
        hits = library.search(args.query, record_id=record_id, limit=args.limit)
    if args.json:
        _print_json(
            [
                {
                    "record_id": h.record_id,
                    "record_title": h.record_title,
                    "eid": h.eid,
                    "kind": h.kind,
                    "snippet": h.snippet,
                    "highlights": [list(pair) for pair in h.highlights],
                    "rank": h.rank,
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        print("no matches", file=sys.stderr)
        return 0
    for h in hits:
        print(terminal_text(f"{h.record_id}  {h.record_title}  {h.eid}"))
        print(terminal_text(f"    {_mark(h.snippet, h.highlights)}"))
    print(search_summary(hits), file=sys.stderr)
    return 0


def search_summary(hits: SearchHits) -> str:
    """'3 of 3 places': how many are shown of all that match (every one ranked)."""
    return f"{len(hits):,} of {hits.total:,} place{'s' if hits.total != 1 else ''}"


def _mark(snippet: str, highlights: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in highlights:
        out.append(snippet[last:start])
        out.append(f"[{snippet[start:end]}]")
        last = end
    out.append(snippet[last:])
    return "".join(out)


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def render_text(record: Record) -> str:
    """A readable plain-text rendering of a record, for `briefing show`."""
    lines: list[str] = []
    head = [
        ("Kind", record.kind),
        ("Subtitle", record.subtitle),
        ("Symbol", record.symbol),
        ("Organ", record.organ),
        ("Distribution", record.distribution),
        ("Date", date_to_text(record.date)),
        ("Original", record.original_language),
        ("Language", record.language),
        ("Session", record.session),
    ]
    lines.append(f"Record {record.id}: {record.title}")
    lines.extend(f"{label}: {value}" for label, value in head if value)
    for item in record.agenda:
        lines.append(
            f"Agenda item {item.item}: {item.title}" if item.item else f"Agenda: {item.title}"
        )
    if record.proceedings is not None:
        p = record.proceedings
        when = ", ".join(x for x in (date_to_text(p.date), p.time, p.place) if x)
        lines.append(f"Meeting record: {p.meeting}" + (f"; {when}" if when else ""))
        if p.president is not None:
            lines.append(f"President: {p.president.name} ({p.president.affiliation})")
    for speaker in record.speakers:
        about = "; ".join(x for x in (speaker.affiliation, speaker.role) if x)
        lines.append(f"Speaker: {speaker.name}" + (f" ({about})" if about else ""))
    for vote in record.votes:
        counts = f"{len(vote.in_favour)} in favour, {len(vote.against)} against, "
        lines.append(f"Vote: {counts}{len(vote.abstaining)} abstaining")
    if record.meeting:
        m = record.meeting
        when = " to ".join(d for d in (date_to_text(m.start), date_to_text(m.end)) if d)
        bits = (m.place, when, m.time)
        lines.append(f"Meeting: {m.title}" + "".join(f"; {x}" for x in bits if x))
        if m.presiding:
            lines.append(f"Presiding: {m.presiding}")
        if m.theme:
            lines.append(f"Theme: {m.theme}")
    for part in record.parts:
        lines.append("")
        lines.append(f"== {part.title or part.kind.value.capitalize()} ==")
        lines.extend(part.notes)
        for para in part.paragraphs:
            lines.append("")
            _render_paragraph(para, lines)
        for signatory in part.signatories:
            lines.append("")
            lines.append(f"(Signed) {signatory.name}")
            lines.extend(f"         {t}" for t in signatory.title.splitlines())
    if record.footnotes:
        lines.append("")
        lines.append("== Footnotes ==")
        for footnote in record.footnotes:
            lines.append(f"{footnote.marker}  {footnote.text}")
    groups = [
        ("Processes", [_entity_line(e) for e in record.processes]),
        ("Organizations", [_entity_line(e) for e in record.organizations]),
        ("Resolutions", [r.symbol for r in record.resolutions]),
        ("States", [s.name for s in record.states]),
        ("Themes", [t.name for t in record.themes]),
        ("Outcomes", [_outcome_line(c) for c in record.conclusions]),
        ("Key points", [f"{c.label}: {c.text}" for c in record.key_points]),
    ]
    for title, items in groups:
        if items:
            lines.append("")
            lines.append(f"== {title} ==")
            lines.extend(f"- {item}" for item in items)
    return "\n".join(lines) + "\n"


def _outcome_line(item: Any) -> str:
    """ "OP3 [operative; requests: Requests the Secretary-General]: Requests the ..." """
    about = "; ".join(x for x in (item.kind, item.family and f"{item.family}: {item.verb}") if x)
    return f"{item.label}" + (f" [{about}]" if about else "") + f": {item.text}"


def _entity_line(entity: Any) -> str:
    text = entity.name
    if entity.short_name and entity.short_name != entity.name:
        text += f" ({entity.short_name})"
    if entity.status:
        text += f" [{entity.status}]"
    return text


def _render_paragraph(para: Paragraph, lines: list[str]) -> None:
    if para.table is not None:
        lines.extend(" | ".join(row) for row in para.table.rows)
        return
    prefix = f"{para.number}. " if para.number else ""
    if para.label.startswith("PP"):
        prefix = f"[{para.label}] "
    if para.speaker_label:
        prefix = f"{prefix}{para.speaker_label}: "
    lines.append(f"{prefix}{para.text}")
    for point in para.points:
        _render_point(point, lines, 1)
    if para.closing:
        lines.append(para.closing)


def _render_point(point: Point, lines: list[str], depth: int) -> None:
    indent = "    " * depth
    lines.append(f"{indent}({point.label}) {point.text}")
    for sub in point.points:
        _render_point(sub, lines, depth + 1)
    if point.closing:
        lines.append(f"{indent}{point.closing}")

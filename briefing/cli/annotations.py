"""`briefing annotate` and `briefing annotations export|import|list`: annotations for scripting.

Each command opens the library, does one thing, and reports it only after the commit.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from briefing.cli.output import terminal_text
from briefing.domain import Annotation, NotFound, Priority, Stance, StorageError, cite
from briefing.storage import annotations as store
from briefing.storage.errors import describe_sqlite_error

_NONE = "none"
_UNSET: Any = object()  # --stance not given (None means "--stance none": clear it)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    annotate = subparsers.add_parser(
        "annotate",
        parents=[common],
        help="annotate a place of a record (creates or updates your annotation there)",
        description="Create or update your annotation at place EID (e.g. annex_1__para_8__point_c) "
        "of a record: the one signed with your name (`briefing preferences --name`), never a "
        "colleague's at the same place (each holds their own). Options not given leave an "
        "existing annotation's value as it is.",
    )
    annotate.add_argument(
        "eid",
        metavar="EID",
        help="the place: an eid such as letter__p_2, or a subject such as 'process:Bali Process'",
    )
    annotate.add_argument(
        "--record", metavar="RECORD", help="record id, symbol or key (default: the latest)"
    )
    annotate.add_argument(
        "--stance",
        type=_stance_arg,
        default=_UNSET,
        metavar="STANCE",
        help="one of: " + ", ".join([s.value for s in Stance] + [_NONE]),
    )
    annotate.add_argument("--note", help="the note (plain text; replaces the note)")
    annotate.add_argument(
        "--line",
        dest="line_to_take",
        metavar="TEXT",
        help="the line to take: what the delegation says on this place ('' clears it)",
    )
    annotate.add_argument(
        "--if-raised",
        dest="if_raised",
        metavar="TEXT",
        help="what the delegation says only if others raise it ('' clears it)",
    )
    annotate.add_argument(
        "--tag", action="append", default=None, metavar="TAG", help="a tag (repeat for more)"
    )
    annotate.add_argument(
        "--priority", choices=[p.value for p in Priority], help="high, normal or low"
    )
    flag = annotate.add_mutually_exclusive_group()
    flag.add_argument(
        "--raise",
        dest="raise_flag",
        action="store_true",
        default=None,
        help="mark it to raise at the meeting",
    )
    flag.add_argument(
        "--no-raise", dest="raise_flag", action="store_false", help="clear the raise flag"
    )
    who = annotate.add_mutually_exclusive_group()
    who.add_argument(
        "--author",
        help="whose annotation at the place to update, or the author of a new one (default: you)",
    )
    who.add_argument(
        "--id",
        dest="uid",
        metavar="UID",
        help="update this annotation, whoever's it is (see `annotations list`)",
    )
    annotate.set_defaults(handler=_annotate)

    objectives = subparsers.add_parser(
        "objectives",
        parents=[common],
        help="show or set the delegation's objectives for a record",
        description="Print the delegation's objectives for a record, or set them with --set "
        "(an empty text clears them). They print first in a briefing note or pack.",
    )
    objectives.add_argument(
        "record", nargs="?", metavar="RECORD", help="record id, symbol or key (default: the latest)"
    )
    objectives.add_argument(
        "--set", dest="text", metavar="TEXT", help="the objectives (plain text)"
    )
    objectives.add_argument("--author", help="who sets them (default: you)")
    objectives.set_defaults(handler=_objectives)

    group = subparsers.add_parser(
        "annotations",
        help="export, import or list annotations",
        description="Share annotations as W3C Web Annotation JSON-LD, or list them.",
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export",
        parents=[common],
        help="write annotations to a JSON-LD file",
        description="Write the annotations of one record (or of all records) as a W3C Web "
        "Annotation collection (JSON-LD). See docs/annotations-format.md.",
    )
    export.add_argument(
        "record", nargs="?", metavar="RECORD", help="record id, symbol or key (default: all)"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")
    export.set_defaults(handler=_export)

    imp = actions.add_parser(
        "import",
        parents=[common],
        help="merge annotations from a JSON-LD file",
        description="Merge a colleague's annotation file: new annotations are added under "
        "their author, known ones are not duplicated, different edits are kept as versions.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(handler=_import)

    delete = actions.add_parser(
        "delete",
        parents=[common],
        help="delete an annotation (its last state is kept: see `restore`)",
        description="Delete an annotation. Its last state and its kept versions are kept "
        "(`list --deleted` shows them, `restore` brings it back); with sharing on, the deletion "
        "of your own annotation reaches your colleagues' copies.",
    )
    delete.add_argument("uid", metavar="UID", help="the annotation's uid (see `list`)")
    delete.set_defaults(handler=_delete)

    restore = actions.add_parser(
        "restore", parents=[common], help="bring a deleted annotation back as it was last"
    )
    restore.add_argument("uid", metavar="UID", help="the uid (see `list --deleted`)")
    restore.set_defaults(handler=_restore)

    listing = actions.add_parser("list", parents=[common], help="list annotations")
    listing.add_argument("--record", metavar="RECORD", help="record id, symbol or key")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument(
        "--deleted", action="store_true", help="list the deleted annotations (their last state)"
    )
    listing.set_defaults(handler=_list)


def _stance_arg(text: str) -> Stance | None:
    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    if value == _NONE:
        return None
    try:
        return Stance(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown stance {text!r} (one of: {', '.join(s.value for s in Stance)}, none)"
        ) from None


def _open(args: argparse.Namespace) -> Any:
    from briefing.cli.library import open_library

    return open_library(args)


def resolve_record(library: Any, text: str | None) -> int:
    """A record id from an id, a symbol or a key; None means the latest record."""
    if text is None:
        latest = library.latest_record_id()
        if latest is None:
            raise NotFound("the library holds no record")
        return int(latest)
    summaries = library.records()
    wanted = text.strip()
    if wanted.isdigit():
        for summary in summaries:
            if summary.id == int(wanted):
                return int(summary.id)
    for summary in summaries:
        if summary.key == wanted or (summary.symbol or "").casefold() == wanted.casefold():
            return int(summary.id)
    raise NotFound(f"no record {text!r} (give an id, symbol or key; see `briefing records`)")


def _annotate(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        record_id = resolve_record(library, args.record)
        record = library.record(record_id)
        if args.eid not in {eid for eid, _text in store.anchor_places(record)}:
            raise NotFound(f"{record.display_title} has no place {args.eid!r}")
        changes: dict[str, Any] = {}
        if args.stance is not _UNSET:
            changes["stance"] = args.stance
        if args.note is not None:
            changes["note"] = args.note
        if args.tag is not None:
            added = list(args.tag)
            changes["tags"] = lambda tags: [*tags, *added]
        if args.priority is not None:
            changes["priority"] = Priority(args.priority)
        if args.raise_flag is not None:
            changes["raise_at_meeting"] = args.raise_flag
        if args.line_to_take is not None:
            changes["line_to_take"] = args.line_to_take.strip()
        if args.if_raised is not None:
            changes["if_raised"] = args.if_raised.strip()
        # Read and write in one transaction: a second writer at this place (another
        # `annotate`, the app) waits for it, and neither drops the other's tags.
        saved = store.update_annotation_at(
            library, record_id, args.eid, changes, author=args.author, uid=args.uid
        )
    finally:
        library.close()
    title = record.display_title
    title = title if len(title) <= 60 else title[:59] + "…"
    print(
        terminal_text(
            f"saved {saved.uid}: {title}, {record.citation(saved.target_eid)} ({saved.target_eid})"
        )
    )
    print(terminal_text(f"  {_describe(saved)}"))
    for line in _lines(saved):
        print(terminal_text(f"  {line}"))
    return 0


def _lines(a: Annotation) -> list[str]:
    """The briefing lines of an annotation, one printed line each."""
    out = []
    if a.line_to_take:
        out.append("line to take: " + " ".join(a.line_to_take.split()))
    if a.if_raised:
        out.append("if raised: " + " ".join(a.if_raised.split()))
    return out


def _objectives(args: argparse.Namespace) -> int:
    from briefing.storage import objectives as objectives_store

    library = _open(args)
    try:
        record_id = resolve_record(library, args.record)
        record = library.record(record_id)
        if args.text is None:
            found = objectives_store.objectives_for(library, record_id)
        else:
            found = objectives_store.set_objectives(
                library, record_id, args.text, author=args.author
            )
    finally:
        library.close()
    if args.text is not None:
        said = "cleared" if not args.text.strip() else "saved"
        print(terminal_text(f"objectives {said}: {record.display_title}"))
        return 0
    if found is None:
        print(terminal_text(f"no objectives set for {record.display_title}"))
        return 0
    for line in found.text.splitlines():
        print(terminal_text(line))
    return 0


def _describe(a: Annotation) -> str:
    parts = [f"stance: {a.stance.label if a.stance else 'none'}", f"priority: {a.priority.label}"]
    if a.tags:
        parts.append("tags: " + ", ".join(a.tags))
    if a.raise_at_meeting:
        parts.append("raise at the meeting")
    if a.detached:
        parts.append("DETACHED (place gone)")
    parts.append(f"by {a.author}")
    return "; ".join(parts)


def _selected(library: Any, record: str | None) -> list[Annotation]:
    if record is not None:
        return store.annotations_for_record(library, resolve_record(library, record))
    return store.all_annotations(library)


def _export(args: argparse.Namespace) -> int:
    from briefing.export.webannotation import to_jsonld, write_jsonld
    from briefing.storage import objectives as objectives_store

    library = _open(args)
    try:
        annotations = _selected(library, args.record)
        records = {}
        for record_id in sorted({a.record_id for a in annotations if a.record_id is not None}):
            record = library.record(record_id)
            records[record.key] = record
        objectives = objectives_store.all_objectives(library)
        if args.record is not None:
            key = library.record(resolve_record(library, args.record)).key
            objectives = [o for o in objectives if o.record_key == key]
    finally:
        library.close()
    label = "Briefing annotations"
    if args.record is not None and records:
        label += f": {next(iter(records.values())).display_title}"
    data = to_jsonld(annotations, records, label=label, objectives=objectives)
    out = write_jsonld(data, args.out)
    extra = f" and the objectives of {len(objectives)} record(s)" if objectives else ""
    print(f"wrote {len(annotations)} annotation(s){extra} to {out}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from briefing.export.webannotation import read_exchange
    from briefing.storage import objectives as objectives_store

    # Checked in full before the library is touched.
    incoming, incoming_objectives = read_exchange(args.file)
    library = _open(args)
    try:
        # One transaction: the annotations and the objectives of a file land together or not.
        try:
            with library.transaction():
                result = store.merge_annotations(library, incoming)
                merged = objectives_store.merge_objectives(library, incoming_objectives)
        except sqlite3.Error as exc:
            raise StorageError(
                describe_sqlite_error(exc, library.path, "merge annotations")
            ) from exc
    finally:
        library.close()
    summary = ", ".join(part for part in (result.summary(), merged.summary()) if part)
    print(terminal_text(f"imported {args.file.name}: {summary}"))
    return 0


def _delete(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        store.delete_annotation(library, args.uid.strip())
    finally:
        library.close()
    print(
        terminal_text(f"deleted {args.uid.strip()} (its last state is kept: `restore` undoes it)")
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        restored = store.restore_annotation(library, args.uid.strip())
    finally:
        library.close()
    print(terminal_text(f"restored {restored.uid} by {restored.author}: {_describe(restored)}"))
    return 0


def _list_deleted(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        deleted = store.deleted_annotations(library)
        if args.record is not None:
            record_id = resolve_record(library, args.record)
            deleted = [d for d in deleted if d.annotation.record_id == record_id]
    finally:
        library.close()
    if args.json:
        rows = []
        for d in deleted:
            row = annotation_json(d.annotation)
            row["deleted"] = store.format_time(d.deleted)
            rows.append(row)
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not deleted:
        print("no deleted annotations")
        return 0
    for d in deleted:
        a = d.annotation
        print(terminal_text(f"{a.uid}  {a.record_key}  {cite(a.target_eid)} ({a.target_eid})"))
        print(terminal_text(f"  deleted {store.format_time(d.deleted)}; last: {_version_line(a)}"))
    return 0


def annotation_json(a: Annotation, versions: int = 0, place: str | None = None) -> dict[str, Any]:
    return {
        "uid": a.uid,
        "record_id": a.record_id,
        "record_key": a.record_key,
        "eid": a.target_eid,
        "place": place if place is not None else cite(a.target_eid),
        "quote": a.quote,
        "note": a.note,
        "stance": a.stance.value if a.stance else None,
        "priority": a.priority.value,
        "tags": list(a.tags),
        "raise_at_meeting": a.raise_at_meeting,
        "line_to_take": a.line_to_take,
        "if_raised": a.if_raised,
        "author": a.author,
        "created": store.format_time(a.created),
        "updated": store.format_time(a.updated),
        "detached": a.detached,
        "other_versions": versions,
    }


def _citations(library: Any, annotations: list[Annotation]) -> dict[str, str]:
    """Each annotation's place as its record's delegates cite it ("OP3", "PP2"); without its
    record (deleted, or from a colleague's file) as its eid reads."""
    records: dict[int, Any] = {}
    out: dict[str, str] = {}
    for a in annotations:
        if a.record_id is None:
            out[a.uid] = cite(a.target_eid)
            continue
        if a.record_id not in records:
            try:
                records[a.record_id] = library.record(a.record_id)
            except NotFound:  # deleted since the list was read
                records[a.record_id] = None
        record = records[a.record_id]
        out[a.uid] = record.citation(a.target_eid) if record else cite(a.target_eid)
    return out


def _list(args: argparse.Namespace) -> int:
    if args.deleted:
        return _list_deleted(args)
    library = _open(args)
    try:
        annotations = _selected(library, args.record)
        versions = store.version_counts(library)
        kept = {uid: store.annotation_versions(library, uid) for uid in versions}
        damaged = store.damaged_rows(library.conn)
        places = _citations(library, annotations)
    finally:
        library.close()
    for line in damaged:  # left out of the list; said, so nobody thinks them gone unnoticed
        print(terminal_text(f"briefing: skipped {line}"), file=sys.stderr)
    if args.json:
        rows = []
        for a in annotations:
            row = annotation_json(a, versions.get(a.uid, 0), places[a.uid])
            row["versions"] = [_version_json(v) for v in kept.get(a.uid, [])]
            rows.append(row)
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not annotations:
        print("no annotations")
        return 0
    for a in annotations:
        where = f"record {a.record_id}" if a.record_id is not None else a.record_key
        print(terminal_text(f"{a.uid}  {where}  {places[a.uid]} ({a.target_eid})"))
        print(terminal_text(f"  {_describe(a)}"))
        for line in _lines(a):
            print(terminal_text(f"  {line}"))
        if versions.get(a.uid):
            print(f"  {versions[a.uid]} other version(s) kept")
        for line in a.note.splitlines():
            print(terminal_text(f"  | {line}"))
        # The kept versions under it, newest first: whose, when, what they said.
        for version in sorted(kept.get(a.uid, []), key=lambda v: v.updated, reverse=True):
            print(terminal_text(f"  version: {_version_line(version)}"))
    return 0


def _version_line(v: Annotation) -> str:
    stance = v.stance.label if v.stance else "no stance"
    note = " ".join(v.note.split())
    note = note if len(note) <= 80 else note[:79] + "…"
    return f"{v.author}, {store.format_time(v.updated)}, {stance}: {note or '(no note)'}"


def _version_json(v: Annotation) -> dict[str, Any]:
    return {
        "author": v.author,
        "updated": store.format_time(v.updated),
        "note": v.note,
        "stance": v.stance.value if v.stance else None,
        "line_to_take": v.line_to_take,
        "if_raised": v.if_raised,
    }

"""Domain objects to and from plain values: span lists as JSON columns, a record as JSON.

`record_to_dict` is the shape `briefing show --json` prints (issue 2); it holds only plain values
(str, int, None, lists, dicts) so any consumer can `json.dumps` it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from briefing.digest import sha256_hex
from briefing.domain import (
    Conclusion,
    Entity,
    Footnote,
    Member,
    Paragraph,
    Point,
    Proceedings,
    Record,
    Span,
    SpanStyle,
    Table,
)


def spans_to_json(spans: list[Span]) -> str:
    if not spans:
        return "[]"
    return json.dumps(
        [
            [s.start, s.end, s.style.value] + ([s.marker] if s.marker is not None else [])
            for s in spans
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def spans_from_json(value: str | None) -> list[Span]:
    if not value or value == "[]":
        return []
    out = []
    for item in json.loads(value):
        marker = item[3] if len(item) > 3 else None
        out.append(Span(item[0], item[1], SpanStyle(item[2]), marker))
    return out


def date_to_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def date_from_text(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def content_digest(record: Record) -> str:
    """A SHA-256 of a record's content, for records built without `source_sha256` (tests, tools)."""
    content = record_to_dict(record, with_spans=True)
    for name in ("id", "key", "source_sha256"):
        content.pop(name)
    payload = json.dumps(content, sort_keys=True, default=str)
    return sha256_hex(payload)


def _point_to_dict(point: Point, with_spans: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "eid": point.eid,
        "label": point.label,
        "text": point.text,
        "points": [_point_to_dict(p, with_spans) for p in point.points],
        "closing": point.closing,
    }
    if with_spans:
        out["spans"] = spans_to_json(point.spans)
        out["closing_spans"] = spans_to_json(point.closing_spans)
    if point.page is not None:  # the official PDF's page; a text import has none
        out["page"] = point.page
    return out


def _paragraph_to_dict(para: Paragraph, with_spans: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "eid": para.eid,
        "number": para.number,
        "role": para.role,
        "text": para.text,
        "points": [_point_to_dict(p, with_spans) for p in para.points],
        "closing": para.closing,
        "label": para.label,
        "speaker": para.speaker,
        "speaker_label": para.speaker_label,
        "table": None if para.table is None else _table_to_dict(para.table),
    }
    if with_spans:
        out["spans"] = spans_to_json(para.spans)
        out["closing_spans"] = spans_to_json(para.closing_spans)
    if para.page is not None:
        out["page"] = para.page
    return out


def _table_to_dict(table: Table) -> dict[str, Any]:
    return {
        "title": table.title,
        "header_rows": table.header_rows,
        "rows": [list(row) for row in table.rows],
    }


def _member_to_dict(member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {"name": member.name, "affiliation": member.affiliation}


def _proceedings_to_dict(proceedings: Proceedings | None) -> dict[str, Any] | None:
    if proceedings is None:
        return None
    return {
        "meeting": proceedings.meeting,
        "date": date_to_text(proceedings.date),
        "time": proceedings.time,
        "place": proceedings.place,
        "president": _member_to_dict(proceedings.president),
        "members": [_member_to_dict(m) for m in proceedings.members],
        "called_to_order": proceedings.called_to_order,
        "rose": proceedings.rose,
    }


def _footnote_to_dict(footnote: Footnote, with_spans: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "marker": footnote.marker,
        "eid": footnote.eid,
        "text": footnote.text,
        "cited_in": list(footnote.cited_in),
        "part": footnote.part,
    }
    if with_spans:
        out["spans"] = spans_to_json(footnote.spans)
    if footnote.page is not None:
        out["page"] = footnote.page
    return out


def _entity_to_dict(entity: Entity) -> dict[str, Any]:
    return {
        "name": entity.name,
        "short_name": entity.short_name,
        "kind": entity.kind,
        "status": entity.status,
        "mentions": list(entity.mentions),
    }


def _conclusion_to_dict(item: Conclusion) -> dict[str, Any]:
    return {
        "eid": item.eid,
        "label": item.label,
        "text": item.text,
        "kind": item.kind,
        "verb": item.verb,
        "family": item.family,
    }


def record_to_dict(record: Record, *, with_spans: bool = False) -> dict[str, Any]:
    """The record as plain values, in the shape of `briefing show --json`."""
    meeting = record.meeting
    return {
        "id": record.id,
        "key": record.key,
        "symbol": record.symbol,
        "organ": record.organ,
        "distribution": record.distribution,
        "date": date_to_text(record.date),
        "original_language": record.original_language,
        "session": record.session,
        "agenda": [{"item": a.item, "title": a.title, "marker": a.marker} for a in record.agenda],
        "symbol_marker": record.symbol_marker,
        "title": record.title,
        "kind": record.kind,
        "subtitle": record.subtitle,
        "meeting": None
        if meeting is None
        else {
            "title": meeting.title,
            "place": meeting.place,
            "start": date_to_text(meeting.start),
            "end": date_to_text(meeting.end),
            "theme": meeting.theme,
            "number": meeting.number,
            "time": meeting.time,
            "presiding": meeting.presiding,
        },
        "signatories": [{"name": s.name, "title": s.title} for s in record.signatories],
        "parts": [
            {
                "eid": part.eid,
                "kind": part.kind.value,
                "title": part.title,
                "notes": list(part.notes),
                "paragraphs": [_paragraph_to_dict(p, with_spans) for p in part.paragraphs],
                "signatories": [{"name": s.name, "title": s.title} for s in part.signatories],
            }
            for part in record.parts
        ],
        "footnotes": [_footnote_to_dict(f, with_spans) for f in record.footnotes],
        "proceedings": _proceedings_to_dict(record.proceedings),
        "speakers": [
            {"name": s.name, "affiliation": s.affiliation, "role": s.role, "eid": s.eid}
            for s in record.speakers
        ],
        "votes": [
            {
                "eid": v.eid,
                "method": v.method,
                "in_favour": list(v.in_favour),
                "against": list(v.against),
                "abstaining": list(v.abstaining),
                "counts": [len(v.in_favour), len(v.against), len(v.abstaining)],
                "result": v.result,
            }
            for v in record.votes
        ],
        "tables": [
            {"eid": para.eid, **_table_to_dict(para.table)}
            for _part, para in record.paragraphs()
            if para.table is not None
        ],
        "processes": [_entity_to_dict(e) for e in record.processes],
        "organizations": [_entity_to_dict(e) for e in record.organizations],
        "resolutions": [
            {"symbol": r.symbol, "mentions": list(r.mentions)} for r in record.resolutions
        ],
        "themes": [
            {
                "name": t.name,
                "source": t.source,
                "category": t.category,
                "mentions": list(t.mentions),
            }
            for t in record.themes
        ],
        "states": [
            {"name": s.name, "code": s.code, "mentions": list(s.mentions)} for s in record.states
        ],
        "conclusions": [_conclusion_to_dict(c) for c in record.conclusions],
        "key_points": [_conclusion_to_dict(c) for c in record.key_points],
        "source_name": record.source_name,
        "source_sha256": record.source_sha256,
    } | ({"language": record.language} if record.language else {})

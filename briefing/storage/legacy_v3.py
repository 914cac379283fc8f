"""Schema 3's record tables read back as a Record: what migration 0004 turns into derived JSON.

Schema 1-3 wrote the importer's result into eighteen tables and threw the text away. This module
reads those tables exactly as they were (the delegate's corrections are not applied: they stay in
record_overrides), so the migration can keep every record as one derived document. Frozen with
the schema it reads: never change it for a later schema.
"""

from __future__ import annotations

import json
import sqlite3

from briefing.domain import (
    AgendaItem,
    Conclusion,
    Entity,
    Footnote,
    Meeting,
    Paragraph,
    Part,
    PartKind,
    Point,
    Record,
    Resolution,
    Signatory,
    Theme,
)
from briefing.storage.serialize import date_from_text, spans_from_json


def read_record(conn: sqlite3.Connection, record_id: int) -> Record:
    conn.row_factory = sqlite3.Row
    try:
        return _read(conn, record_id)
    finally:
        conn.row_factory = None


def _read(conn: sqlite3.Connection, record_id: int) -> Record:
    row = conn.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
    meeting = None
    if row["meeting_title"] is not None or any(
        row[f] is not None
        for f in ("meeting_place", "meeting_start", "meeting_end", "meeting_theme")
    ):
        meeting = Meeting(
            title=row["meeting_title"] or "",
            place=row["meeting_place"],
            start=date_from_text(row["meeting_start"]),
            end=date_from_text(row["meeting_end"]),
            theme=row["meeting_theme"],
        )
    record = Record(
        title=row["title"] or "",
        symbol=row["symbol"],
        organ=row["organ"],
        distribution=row["distribution"],
        date=date_from_text(row["date"]),
        original_language=row["original_language"],
        session=row["session"],
        meeting=meeting,
        source_name=row["source_name"],
        source_sha256=row["source_sha256"],
        key=row["key"],
    )
    record.agenda = [
        AgendaItem(r["item"], r["title"])
        for r in conn.execute(
            "SELECT item, title FROM agenda_items WHERE record_id = ? ORDER BY position",
            (record_id,),
        )
    ]
    parts: dict[int, Part] = {}
    for r in conn.execute(
        "SELECT * FROM parts WHERE record_id = ? ORDER BY position", (record_id,)
    ):
        part = Part(
            eid=r["eid"], kind=PartKind(r["kind"]), title=r["title"], notes=json.loads(r["notes"])
        )
        parts[r["id"]] = part
        record.parts.append(part)
    for r in conn.execute(
        "SELECT s.part_id, s.name, s.title FROM signatories s JOIN parts p ON p.id = s.part_id "
        "WHERE p.record_id = ? ORDER BY p.position, s.position",
        (record_id,),
    ):
        parts[r["part_id"]].signatories.append(Signatory(r["name"], r["title"]))
    containers: dict[int, Paragraph | Point] = {}
    footnotes: dict[int, Footnote] = {}
    for r in conn.execute(
        "SELECT * FROM elements WHERE record_id = ? ORDER BY position", (record_id,)
    ):
        if r["kind"] == "paragraph":
            para = Paragraph(
                eid=r["eid"], number=r["number"], text=r["text"], spans=spans_from_json(r["spans"]),
                closing=r["closing"], closing_spans=spans_from_json(r["closing_spans"]),
                role=r["role"] or "paragraph",
            )  # fmt: skip
            containers[r["id"]] = para
            parts[r["part_id"]].paragraphs.append(para)
        elif r["kind"] == "point":
            point = Point(
                eid=r["eid"], label=r["number"] or "", text=r["text"],
                spans=spans_from_json(r["spans"]), closing=r["closing"],
                closing_spans=spans_from_json(r["closing_spans"]),
            )  # fmt: skip
            containers[r["id"]] = point
            containers[r["parent_id"]].points.append(point)
        else:
            footnote = Footnote(
                marker=r["number"] or "", eid=r["eid"], text=r["text"],
                spans=spans_from_json(r["spans"]),
            )  # fmt: skip
            footnotes[r["id"]] = footnote
            record.footnotes.append(footnote)
    for r in conn.execute(
        "SELECT c.footnote_id, c.eid FROM footnote_citations c "
        "JOIN elements e ON e.id = c.footnote_id WHERE e.record_id = ? "
        "ORDER BY c.footnote_id, c.position",
        (record_id,),
    ):
        footnotes[r["footnote_id"]].cited_in.append(r["eid"])
    entities: dict[int, Entity] = {}
    for r in conn.execute(
        "SELECT * FROM entities WHERE record_id = ? ORDER BY category, position", (record_id,)
    ):
        entity = Entity(
            name=r["name"], kind=r["kind"], short_name=r["short_name"], status=r["status"]
        )
        entities[r["id"]] = entity
        (record.processes if r["category"] == "process" else record.organizations).append(entity)
    for r in conn.execute(
        "SELECT m.entity_id, m.eid FROM entity_mentions m JOIN entities e "
        "ON e.id = m.entity_id WHERE e.record_id = ? ORDER BY m.entity_id, m.position",
        (record_id,),
    ):
        entities[r["entity_id"]].mentions.append(r["eid"])
    resolutions: dict[int, Resolution] = {}
    for r in conn.execute(
        "SELECT id, symbol FROM resolutions WHERE record_id = ? ORDER BY position", (record_id,)
    ):
        resolutions[r["id"]] = Resolution(r["symbol"])
        record.resolutions.append(resolutions[r["id"]])
    for r in conn.execute(
        "SELECT m.resolution_id, m.eid FROM resolution_mentions m JOIN resolutions x "
        "ON x.id = m.resolution_id WHERE x.record_id = ? ORDER BY m.resolution_id, m.position",
        (record_id,),
    ):
        resolutions[r["resolution_id"]].mentions.append(r["eid"])
    themes: dict[int, Theme] = {}
    for r in conn.execute(
        "SELECT id, name, source FROM themes WHERE record_id = ? ORDER BY position", (record_id,)
    ):
        themes[r["id"]] = Theme(r["name"], r["source"])
        record.themes.append(themes[r["id"]])
    for r in conn.execute(
        "SELECT m.theme_id, m.eid FROM theme_mentions m JOIN themes t ON t.id = m.theme_id "
        "WHERE t.record_id = ? ORDER BY m.theme_id, m.position",
        (record_id,),
    ):
        themes[r["theme_id"]].mentions.append(r["eid"])
    for r in conn.execute(
        "SELECT category, eid, label, text FROM conclusions WHERE record_id = ? "
        "ORDER BY category, position",
        (record_id,),
    ):
        item = Conclusion(r["eid"], r["label"], r["text"])
        (record.conclusions if r["category"] == "conclusion" else record.key_points).append(item)
    return record

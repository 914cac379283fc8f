"""The delegate's positions across the library: every annotation with its record and citation.

What the annotations overview lists when it shows every record, and what its CSV holds. A
citation needs the record's structure ("OP3" for a resolution's operative paragraph, the
speaker of a statement), which lives in the record's derived JSON; decoding every annotated
record on every refresh would cost seconds in a library of a thousand. So a `PositionsReader`
keeps, per record, the citation and reading position of each annotated place, and decodes a
record again only when it was derived again (its `derived_at` changed) or a new place of it
was annotated. Filtering never comes here: the overview filters the rows it holds.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from briefing.datatypes import dataclass
from briefing.domain import Annotation, cite
from briefing.domain.anchoring import anchor_places
from briefing.storage import annotations as store

if TYPE_CHECKING:
    from briefing.storage.library import Library

# Sorts an annotation whose place is not in its record (detached, or a subject) after the rest.
UNPLACED = 10**6


@dataclass(frozen=True)
class Position:
    """One annotation as the overview shows it."""

    annotation: Annotation
    record_label: str  # the record's symbol, else its title; "" when the record is gone
    citation: str  # record.citation(eid): "OP3", "para. 17 (Mr. X)"
    order: int  # the place's position in its record's reading order (UNPLACED if none)


@dataclass
class _RecordPlaces:
    stamp: str
    citations: dict[str, str] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)


class PositionsReader:
    """Reads positions for one record or the whole library, keeping citations between reads."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._places: dict[int, _RecordPlaces] = {}

    def read(self, record_id: int | None = None) -> list[Position]:
        """The annotations of `record_id`, or of every record when None (those whose record
        has left the library included, cited from their eid alone)."""
        if record_id is None:
            rows = store.all_annotations(self._library)
        else:
            rows = store.annotations_for_record(self._library, record_id)
        labels = {
            summary.id: summary.symbol or summary.title for summary in self._library.records()
        }
        stamps = self._stamps({a.record_id for a in rows if a.record_id is not None})
        wanted: dict[int, set[str]] = {}
        for a in rows:
            if a.record_id is not None:
                wanted.setdefault(a.record_id, set()).add(a.target_eid)
        for rid, eids in wanted.items():
            self._ensure(rid, stamps.get(rid, ""), eids)
        out = []
        for a in rows:
            places = self._places.get(a.record_id) if a.record_id is not None else None
            citation = places.citations.get(a.target_eid) if places else None
            order = places.order.get(a.target_eid, UNPLACED) if places else UNPLACED
            out.append(
                Position(
                    annotation=a,
                    record_label=labels.get(a.record_id, "") if a.record_id is not None else "",
                    citation=citation or cite(a.target_eid),
                    order=UNPLACED if a.detached else order,
                )
            )
        return out

    def _stamps(self, record_ids: set[int]) -> dict[int, str]:
        if not record_ids:
            return {}
        marks = ",".join("?" * len(record_ids))
        return {
            rid: f"{derived_at}|{version}"
            for rid, derived_at, version in self._library.conn.execute(
                f"SELECT id, derived_at, importer_version FROM records WHERE id IN ({marks})",
                sorted(record_ids),
            )
        }

    def _ensure(self, record_id: int, stamp: str, eids: set[str]) -> None:
        known = self._places.get(record_id)
        if known is not None and known.stamp == stamp and eids <= known.citations.keys():
            return
        record = self._library.stored_record(record_id)
        places = _RecordPlaces(stamp)
        places.order = {eid: i for i, (eid, _text) in enumerate(anchor_places(record))}
        # Every place of an annotated record: the next annotation there needs no decoding.
        places.citations = {eid: record.citation(eid) for eid in places.order}
        for eid in eids - places.citations.keys():
            places.citations[eid] = record.citation(eid)
        self._places[record_id] = places

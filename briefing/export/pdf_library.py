"""Records and their annotations from the store, ready for `export_pdf`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.domain import Annotation, Record

if TYPE_CHECKING:
    from briefing.storage import Library


def load_items(library: Library, record_ids: list[int]) -> list[tuple[Record, list[Annotation]]]:
    """Each record with its annotations, in the order given (duplicates dropped)."""
    from briefing.storage.annotations import annotations_for_record

    items: list[tuple[Record, list[Annotation]]] = []
    seen: set[int] = set()
    for record_id in record_ids:
        if record_id in seen:
            continue
        seen.add(record_id)
        record = library.record(record_id)
        items.append((record, annotations_for_record(library, record_id)))
    return items

"""startup.delete_record: each deletion keeps its own backup and its own export of annotations."""

from __future__ import annotations

from pathlib import Path

from briefing.storage import Library
from briefing.storage import annotations as store

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "samples"
    / "a-res-67-219-international-migration-2012.txt"
)


def test_a_record_deleted_twice_within_a_second_keeps_both_exports(tmp_path):
    # Deleted, imported again, annotated again, deleted again: one title, two exports.
    from briefing.importer import parse_text
    from briefing.startup import delete_record

    text = SAMPLE.read_text(encoding="utf-8")
    lib = Library.open(tmp_path / "lib.sqlite3")
    deleted = []
    try:
        for n in range(2):
            record_id = lib.import_record(parse_text(text, SAMPLE.name))[0]
            note = store.new_annotation(lib, record_id, lib.record(record_id).places()[0].eid)
            note.note = f"position {n}"
            store.save_annotation(lib, note)
            deleted.append(delete_record(lib, record_id))
    finally:
        lib.close()
    files = [d.annotations_file for d in deleted]
    assert deleted[0].title == deleted[1].title
    assert files[0] != files[1] and all(f is not None and f.is_file() for f in files)
    assert "position 0" in files[0].read_text(encoding="utf-8")
    assert "position 1" in files[1].read_text(encoding="utf-8")

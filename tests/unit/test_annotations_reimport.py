"""Re-importing a real document with a changed text keeps every annotation, re-anchored.

A/RES/67/219 (samples/) has unnumbered preamble paragraphs whose eids are ordinals
(body__preamble__para_2, PP2): dropping one shifts the eids of the ones after it, which is
where the quote re-anchors an annotation; an edited operative paragraph keeps its eid.
"""

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


def _new_version(text: str) -> str:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Recalling also the 2005"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Recalling further its res"))
    return "\n".join(lines[:start] + lines[end:]).replace(
        "Decides to hold a two-day", "Decides to hold a three-day"
    )


def test_reimport_of_a_new_version_reanchors_every_annotation(tmp_path):
    from briefing.importer import parse_text

    text = SAMPLE.read_text(encoding="utf-8")
    lib = Library.open(tmp_path / "lib.sqlite3")
    try:
        record_id, _ = lib.import_record(parse_text(text, SAMPLE.name))
        uids = {}
        for eid in [
            "body__preamble__para_2",
            "body__preamble__para_3",
            "body__preamble__para_12",
            "body__para_2",
            "body__para_19",
        ]:
            a = store.new_annotation(lib, record_id, eid)
            a.note = f"on {eid}"
            uids[eid] = store.save_annotation(lib, a).uid

        again, created = lib.import_record(parse_text(_new_version(text), SAMPLE.name))
        assert (again, created) == (record_id, False)

        after = {a.uid: a for a in store.annotations_for_record(lib, record_id)}
        assert len(after) == 5
        where = {eid: (after[uid].target_eid, after[uid].detached) for eid, uid in uids.items()}
        assert where == {
            "body__preamble__para_2": ("body__preamble__para_2", True),  # its paragraph is gone
            "body__preamble__para_3": (
                "body__preamble__para_2",
                False,
            ),  # moved up one: found by its quote
            "body__preamble__para_12": ("body__preamble__para_11", False),
            "body__para_2": ("body__para_2", False),  # edited in place: kept by eid
            "body__para_19": ("body__para_19", False),
        }
        assert after[uids["body__preamble__para_2"]].quote.startswith(
            "Recalling also the 2005 World Summit"
        )
        assert after[uids["body__preamble__para_3"]].note == "on body__preamble__para_3"
    finally:
        lib.close()

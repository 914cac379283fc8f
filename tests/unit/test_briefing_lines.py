"""The briefing content: each annotation's line to take and "if raised" line, each record's
objectives; in the store, through a concurrent edit, in the shared file and its merge."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from test_annotations_helpers import make_record

from briefing.domain import AnnotationFormatError, InvalidAnnotation, Objectives, Stance
from briefing.domain.annotations import MAX_LINE_CHARS
from briefing.export import webannotation as wa
from briefing.storage import Library, objectives
from briefing.storage import annotations as store


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib.sqlite3")
    yield library
    library.close()


@pytest.fixture
def rid(lib) -> int:
    record_id, _ = lib.import_record(make_record())
    return record_id


def test_lines_are_kept_and_read_back(lib, rid):
    saved = store.update_annotation_at(
        lib,
        rid,
        "body__para_2",
        {"line_to_take": "We support regional processes.", "if_raised": "Not our venue."},
    )
    [back] = store.annotations_for_record(lib, rid)
    assert (back.line_to_take, back.if_raised) == (saved.line_to_take, saved.if_raised)
    assert back.line_to_take == "We support regional processes."
    assert not store.is_empty(back)


def test_an_annotation_holding_only_a_line_is_not_empty(lib, rid):
    saved = store.update_annotation_at(
        lib, rid, "body__para_1", {"if_raised": "Say nothing."}, delete_if_empty=True
    )
    assert saved.id is not None
    gone = store.update_annotation_at(
        lib, rid, "body__para_1", {"if_raised": ""}, base=saved, delete_if_empty=True
    )
    assert gone.id is None and store.annotations_for_record(lib, rid) == []


def test_a_line_over_the_limit_is_refused_and_nothing_written(lib, rid):
    with pytest.raises(InvalidAnnotation, match="line to take is too long"):
        store.update_annotation_at(
            lib, rid, "body__para_1", {"line_to_take": "x" * (MAX_LINE_CHARS + 1)}
        )
    assert store.annotations_for_record(lib, rid) == []


def test_a_line_changed_on_both_sides_keeps_the_other_edit_as_a_version(lib, rid):
    base = store.update_annotation_at(lib, rid, "body__para_2", {"line_to_take": "First."})
    # Someone else (the CLI, another window) changes the line after the editor loaded it.
    store.update_annotation_at(lib, rid, "body__para_2", {"line_to_take": "Theirs."})
    saved = store.update_annotation_at(
        lib, rid, "body__para_2", {"line_to_take": "Ours."}, base=base
    )
    assert saved.line_to_take == "Ours."
    kept = store.annotation_versions(lib, saved.uid)
    assert [v.line_to_take for v in kept] == ["Theirs."]


def test_the_digest_of_an_edit_without_lines_is_what_it_was_before_them(lib, rid):
    # Kept versions from schema 4 carry digests of the old payload; a merge must still know them.
    a = store.new_annotation(lib, rid, "body__para_1")
    a.note, a.stance, a.tags = "Note", Stance.CONCERN, ["b", "A"]
    old_payload = json.dumps(
        [
            a.uid,
            a.record_key,
            a.target_eid,
            "Note",
            "concern",
            "normal",
            ["a", "b"],
            False,
            a.author,
        ],
        ensure_ascii=False,
    )
    assert store.content_hash(a) == hashlib.sha256(old_payload.encode()).hexdigest()
    a.line_to_take = "A line"
    assert store.content_hash(a) != hashlib.sha256(old_payload.encode()).hexdigest()


def test_objectives_set_read_clear(lib, rid):
    assert objectives.objectives_for(lib, rid) is None
    objectives.set_objectives(lib, rid, "  Secure a follow-up.\nKeep para. 3.  ", author="A")
    got = objectives.objectives_for(lib, rid)
    assert (
        got is not None and got.text == "Secure a follow-up.\nKeep para. 3." and got.author == "A"
    )
    objectives.set_objectives(lib, rid, "")
    assert objectives.objectives_for(lib, rid) is None


def test_objectives_edited_meanwhile_are_kept_as_a_version(lib, rid):
    objectives.set_objectives(lib, rid, "Loaded.", author="A")
    objectives.set_objectives(lib, rid, "Theirs.", author="B")
    objectives.set_objectives(lib, rid, "Ours.", author="A", base="Loaded.")
    assert objectives.objectives_for(lib, rid).text == "Ours."
    assert [v.text for v in objectives.objective_versions(lib, rid)] == ["Theirs."]


def test_objectives_over_the_limit_are_refused(lib, rid):
    with pytest.raises(InvalidAnnotation, match="objectives are too long"):
        objectives.set_objectives(lib, rid, "x" * 60_000)
    assert objectives.objectives_for(lib, rid) is None


def test_lines_and_objectives_travel_in_the_shared_file(lib, rid, tmp_path):
    store.update_annotation_at(
        lib,
        rid,
        "body__para_2",
        {"note": "n", "line_to_take": "Say <b>this</b> & that.", "if_raised": "Then this."},
    )
    objectives.set_objectives(lib, rid, "Objective one.\nObjective two.", author="Delegate A")
    data = wa.to_jsonld(
        store.annotations_for_record(lib, rid),
        [lib.record(rid)],
        objectives=objectives.all_objectives(lib),
    )
    for term in ("lineToTake", "ifRaised", "objectives", "RecordObjectives"):
        assert term in data["@context"][1]
    [item] = data["first"]["items"]
    assert item["lineToTake"] == "Say <b>this</b> & that." and item["ifRaised"] == "Then this."
    [carried] = data["objectives"]
    assert carried["source"] == wa.record_urn(lib.record(rid).key)
    path = wa.write_jsonld(data, tmp_path / "shared.jsonld")

    other = Library.open(tmp_path / "other.sqlite3")
    try:
        other_id, _ = other.import_record(make_record())
        incoming, incoming_objectives = wa.read_exchange(path)
        store.merge_annotations(other, incoming)
        result = objectives.merge_objectives(other, incoming_objectives)
        assert result.added == 1
        [back] = store.annotations_for_record(other, other_id)
        assert (back.line_to_take, back.if_raised) == ("Say <b>this</b> & that.", "Then this.")
        assert objectives.objectives_for(other, other_id).text == "Objective one.\nObjective two."
        # The same file again changes nothing.
        again = objectives.merge_objectives(other, incoming_objectives)
        assert (again.added, again.updated, again.versions_kept) == (0, 0, 0)
    finally:
        other.close()


def test_merging_objectives_keeps_the_older_edit_as_a_version(lib, rid):
    key = lib.record(rid).key
    objectives.set_objectives(lib, rid, "Ours.", author="A")
    ours = objectives.objectives_for(lib, rid)
    older = Objectives(key, "Older.", "B", ours.updated - dt.timedelta(days=1))
    newer = Objectives(key, "Newer.", "C", ours.updated + dt.timedelta(days=1))
    assert objectives.merge_objectives(lib, [older]).versions_kept == 1
    assert objectives.objectives_for(lib, rid).text == "Ours."
    assert objectives.merge_objectives(lib, [newer]).updated == 1
    assert objectives.objectives_for(lib, rid).text == "Newer."
    kept = sorted(v.text for v in objectives.objective_versions(lib, rid))
    assert kept == ["Older.", "Ours."]


def test_objectives_of_a_record_not_in_the_library_are_kept_by_key(lib):
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    objectives.merge_objectives(lib, [Objectives("symbol:X/1", "Elsewhere.", "B", when)])
    assert [o.text for o in objectives.all_objectives(lib)] == ["Elsewhere."]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["first"]["items"][0].update(lineToTake=3), "'lineToTake' is not text"),
        (lambda d: d["first"]["items"][0].update(ifRaised=["x"]), "'ifRaised' is not text"),
        (lambda d: d["objectives"][0].update(value=None), "objectives 1: 'value'"),
        (lambda d: d["objectives"][0].update(source="http://x"), "objectives 1: .*URN"),
        (lambda d: d["objectives"].append(dict(d["objectives"][0])), "twice"),
        (lambda d: d["objectives"][0].update(modified="soon"), "objectives 1: 'modified'"),
    ],
)
def test_a_malformed_file_is_refused_whole(lib, rid, tmp_path, change, reason):
    store.update_annotation_at(lib, rid, "body__para_1", {"line_to_take": "A line."})
    objectives.set_objectives(lib, rid, "Objective.")
    data = wa.to_jsonld(
        store.annotations_for_record(lib, rid), objectives=objectives.all_objectives(lib)
    )
    change(data)
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnnotationFormatError, match=reason):
        wa.read_exchange(path)

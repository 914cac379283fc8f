"""Annotations in the library: save, update, list, tags, re-anchoring, detachment, merge."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from test_annotations_helpers import BASE_TEXTS, make_record

from briefing.domain import NotFound, Priority, Stance
from briefing.storage import Library
from briefing.storage import annotations as store


@pytest.fixture
def library(tmp_path: Path):
    lib = Library.open(tmp_path / "lib.sqlite3")
    yield lib
    lib.close()


@pytest.fixture
def record_id(library: Library) -> int:
    rid, _ = library.import_record(make_record())
    return rid


def test_new_annotation_fills_quote_and_author(library, record_id, monkeypatch):
    monkeypatch.setenv("BRIEFING_AUTHOR", "Delegate of Peru")
    a = store.new_annotation(library, record_id, "body__para_2")
    assert a.quote == BASE_TEXTS["body__para_2"]
    assert a.author == "Delegate of Peru"
    assert a.record_key == "symbol:A/RES/99/1"
    assert a.id is None
    assert store.annotations_for_record(library, record_id) == []  # unsaved


def test_a_new_annotation_has_a_random_uuid_as_uuid4_writes_it(library, record_id):
    import uuid

    uids = {store.new_annotation(library, record_id, "body__para_2").uid for _ in range(200)}
    assert len(uids) == 200
    for uid in uids:
        parsed = uuid.UUID(uid)
        assert str(parsed) == uid
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_save_then_update_by_uid(library, record_id):
    a = store.new_annotation(library, record_id, "body__para_2")
    a.note = "Line one\nLine two"
    a.stance = Stance.SUPPORT_WITH_AMENDMENTS
    a.priority = Priority.HIGH
    a.tags = ["migration", " RCP ", "", "migration"]
    a.raise_at_meeting = True
    saved = store.save_annotation(library, a)
    assert saved.id is not None and saved.record_id == record_id
    assert saved.tags == ["migration", "RCP"]
    assert saved.updated.tzinfo is not None

    [listed] = store.annotations_for_record(library, record_id)
    assert listed == saved

    saved.note = "Changed"
    saved.stance = None
    again = store.save_annotation(library, saved)
    assert again.id == saved.id
    assert again.updated >= saved.updated
    [listed] = store.annotations_for_record(library, record_id)
    assert listed.note == "Changed" and listed.stance is None
    assert listed.created == saved.created


def test_annotation_at_stances_and_tags(library, record_id):
    for eid, stance, tags in [
        ("body__para_1", Stance.SUPPORT, ["b-tag", "A-tag"]),
        ("body__para_3", Stance.OPPOSE, ["a-tag2"]),
        ("footnote_a", None, ["b-tag"]),
    ]:
        a = store.new_annotation(library, record_id, eid)
        a.stance, a.tags = stance, tags
        store.save_annotation(library, a)
    assert store.annotation_at(library, record_id, "body__para_1").stance == Stance.SUPPORT
    assert store.annotation_at(library, record_id, "body__para_2") is None
    assert store.stances_by_eid(library, record_id) == {
        "body__para_1": Stance.SUPPORT,
        "body__para_3": Stance.OPPOSE,
    }
    assert store.all_tags(library) == ["A-tag", "a-tag2", "b-tag"]


def test_delete(library, record_id):
    a = store.save_annotation(library, store.new_annotation(library, record_id, "body__para_1"))
    store.delete_annotation(library, a.uid)
    assert store.annotations_for_record(library, record_id) == []
    assert store.all_tags(library) == []
    with pytest.raises(NotFound):
        store.delete_annotation(library, a.uid)


def test_reimport_keeps_by_eid_moves_by_quote_and_detaches_never_drops(library, record_id):
    saved = {}
    for eid in BASE_TEXTS:
        a = store.new_annotation(library, record_id, eid)
        a.note = f"note on {eid}"
        saved[eid] = store.save_annotation(library, a)

    # A new text of the same document: para 1 edited slightly, para 2 gone, para 3 renumbered 2.
    new_texts = {
        "body__para_1": BASE_TEXTS["body__para_1"].replace("recalls", "recalls also"),
        "body__para_2": BASE_TEXTS["body__para_3"],
    }
    new_id, created = library.import_record(make_record(new_texts))
    assert (new_id, created) == (record_id, False)

    after = {a.uid: a for a in store.annotations_for_record(library, record_id)}
    assert len(after) == 3  # never dropped
    one = after[saved["body__para_1"].uid]
    assert (one.target_eid, one.detached) == ("body__para_1", False)
    moved = after[saved["body__para_3"].uid]
    assert (moved.target_eid, moved.detached) == ("body__para_2", False)
    gone = after[saved["body__para_2"].uid]
    assert gone.detached is True
    assert gone.quote == BASE_TEXTS["body__para_2"]
    assert gone.note == "note on body__para_2"

    attached = store.annotations_for_record(library, record_id, include_detached=False)
    assert gone.uid not in {a.uid for a in attached}
    assert store.annotation_at(library, record_id, "body__para_2").uid == moved.uid

    # The place comes back in a later text: the annotation re-attaches.
    library.import_record(make_record({**new_texts, "body__para_3": BASE_TEXTS["body__para_2"]}))
    back = {a.uid: a for a in store.annotations_for_record(library, record_id)}[gone.uid]
    assert (back.target_eid, back.detached) == ("body__para_3", False)


def test_deleting_the_record_keeps_annotations_for_its_return(library, record_id):
    a = store.new_annotation(library, record_id, "body__para_1")
    a.note = "keep me"
    store.save_annotation(library, a)
    library.delete_record(record_id)
    [kept] = store.all_annotations(library)
    assert kept.note == "keep me" and kept.record_id is None
    new_id, _ = library.import_record(make_record())
    [back] = store.annotations_for_record(library, new_id)
    assert back.uid == a.uid and not back.detached


def test_annotations_survive_reopen(tmp_path, record_id, library):
    a = store.new_annotation(library, record_id, "footnote_a")
    a.note = "persisted"
    store.save_annotation(library, a)
    library.close()
    reopened = Library.open(library.path)
    try:
        [got] = store.annotations_for_record(reopened, record_id)
        assert got.note == "persisted"
    finally:
        reopened.close()


def _edit(a, **changes):
    return replace(a, updated=a.updated + dt.timedelta(seconds=changes.pop("later", 1)), **changes)


def test_merge_adds_dedups_and_keeps_versions(library, record_id):
    ours = store.new_annotation(library, record_id, "body__para_1")
    ours.note = "ours"
    ours = store.save_annotation(library, ours)

    theirs = replace(
        store.new_annotation(library, record_id, "body__para_2"), author="Colleague", note="theirs"
    )
    result = store.merge_annotations(library, [theirs, ours])
    assert (result.added, result.unchanged) == (1, 1)
    assert {a.author for a in store.annotations_for_record(library, record_id)} == {
        store.default_author(),
        "Colleague",
    }

    # The same file again: nothing duplicated.
    again = store.merge_annotations(library, [theirs, ours])
    assert (again.added, again.unchanged) == (0, 2)
    assert len(store.annotations_for_record(library, record_id)) == 2

    # A colleague's newer edit of our annotation: it becomes current, ours is kept as a version.
    newer = _edit(ours, note="colleague's edit", stance=Stance.CONCERN)
    result = store.merge_annotations(library, [newer])
    assert result.updated == 1
    current = store.annotation_at(library, record_id, "body__para_1")
    assert current.note == "colleague's edit"
    assert [v.note for v in store.annotation_versions(library, ours.uid)] == ["ours"]

    # An older, different edit: kept as a version beside the current one.
    older = _edit(ours, note="an older edit", later=-60)
    result = store.merge_annotations(library, [older])
    assert result.versions_kept == 1
    assert store.annotation_at(library, record_id, "body__para_1").note == "colleague's edit"
    assert sorted(v.note for v in store.annotation_versions(library, ours.uid)) == [
        "an older edit",
        "ours",
    ]
    # ...and importing those edits again adds nothing.
    result = store.merge_annotations(library, [older, newer])
    assert result.unchanged == 2
    assert len(store.annotation_versions(library, ours.uid)) == 2
    assert len(store.annotations_for_record(library, record_id)) == 2


def test_merge_for_unknown_record_keeps_it_by_key(library, record_id):
    a = store.new_annotation(library, record_id, "body__para_1")
    foreign = replace(a, record_key="symbol:S/2013/113", record_id=None, note="elsewhere")
    result = store.merge_annotations(library, [foreign])
    assert result.without_record == 1
    [kept] = store.all_annotations(library)
    assert kept.record_key == "symbol:S/2013/113" and kept.record_id is None


def test_check_constraints_guard_the_table(library, record_id):
    with pytest.raises(sqlite3.IntegrityError):
        library.db.conn.execute(
            "INSERT INTO annotations (uid, record_key, target_eid, stance, author, created, "
            "updated) VALUES ('x', 'k', 'e', 'adore', 'a', 't', 't')"
        )
    library.db.conn.rollback()


def test_time_round_trip():
    now = store.utc_now()
    assert store.parse_time(store.format_time(now)) == now
    assert store.format_time(now).endswith("Z")


def test_processes_and_themes_can_be_annotated_and_stay_put(library):
    from briefing.domain import Entity, Theme, cite
    from briefing.domain.eids import subject_eid

    record = make_record()
    record.processes = [Entity("Bali Process", "regional_consultative_process")]
    record.themes = [Theme("Labour mobility", "record")]
    record_id, _ = library.import_record(record)
    eid = subject_eid("process", "Bali Process")
    assert eid == "process:Bali Process" and cite(eid) == "Process: Bali Process"
    a = store.new_annotation(library, record_id, eid)
    assert a.quote == "Bali Process"
    a.stance = Stance.SUPPORT
    store.save_annotation(library, a)
    theme = store.new_annotation(library, record_id, subject_eid("theme", "Labour mobility"))
    theme.note = "Our priority"
    store.save_annotation(library, theme)

    # A new text that still names the process but mentions "Bali Process" in a paragraph and
    # no longer has the theme: the process stays, the theme is detached (never moved into text).
    again = make_record({"body__para_1": "The Bali Process was praised by all participants."})
    again.processes = [Entity("Bali Process", "regional_consultative_process")]
    library.import_record(again)
    after = {x.target_eid: x for x in store.annotations_for_record(library, record_id)}
    assert not after[eid].detached
    assert after["theme:Labour mobility"].detached
    assert store.stances_by_eid(library, record_id) == {eid: Stance.SUPPORT}

"""W3C Web Annotation JSON-LD: required fields, round trip into an empty library, refusals."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_annotations_helpers import make_record

from briefing.domain import Annotation, AnnotationFormatError, Priority, Stance
from briefing.export import webannotation as wa
from briefing.storage import Library
from briefing.storage import annotations as store

COMPARED = (
    "uid",
    "record_key",
    "target_eid",
    "quote",
    "author",
    "created",
    "updated",
    "note",
    "stance",
    "priority",
    "tags",
    "raise_at_meeting",
    "detached",
)


def _fields(a):
    return tuple(getattr(a, name) for name in COMPARED)


@pytest.fixture
def source(tmp_path: Path):
    lib = Library.open(tmp_path / "source.sqlite3")
    rid, _ = lib.import_record(make_record())
    specs = [
        (
            "body__para_1",
            "Support, but ask for a date.\nSecond line <b>not markup</b> & co.",
            Stance.SUPPORT_WITH_AMENDMENTS,
            Priority.HIGH,
            ["dates", "Ágenda"],
            True,
        ),
        ("body__para_2", "", Stance.CONCERN, Priority.NORMAL, [], False),
        ("footnote_a", "Only a note", None, Priority.LOW, ["footnotes"], False),
    ]
    for eid, note, stance, priority, tags, flag in specs:
        a = store.new_annotation(lib, rid, eid)
        a.note, a.stance, a.priority, a.tags, a.raise_at_meeting = (
            note,
            stance,
            priority,
            tags,
            flag,
        )
        store.save_annotation(lib, a)
    yield lib, rid
    lib.close()


def _export(lib, rid):
    return wa.to_jsonld(store.annotations_for_record(lib, rid), [lib.record(rid)])


def test_w3c_required_fields(source):
    lib, rid = source
    data = _export(lib, rid)
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["id"].startswith("urn:uuid:")
    assert data["total"] == 3
    page = data["first"]
    assert page["type"] == "AnnotationPage"
    items = page["items"]
    assert len(items) == 3
    for item in items:
        assert item["id"].startswith("urn:uuid:")
        assert item["type"] == "Annotation"
        assert item["motivation"] in {"commenting", "tagging", "assessing"}
        assert item["created"].endswith("Z") and item["modified"].endswith("Z")
        assert item["creator"]["name"]
        target = item["target"]
        assert target["source"] == "urn:briefing:record:symbol:A%2FRES%2F99%2F1"
        kinds = [s["type"] for s in target["selector"]]
        assert kinds == ["TextQuoteSelector", "EidSelector"]
        assert target["selector"][0]["exact"]
        for body in item.get("body", []):
            assert body["type"] == "TextualBody" and body["value"]
            assert body["purpose"] in {"commenting", "tagging"}
            if body["purpose"] == "commenting":
                assert body["format"] == "text/plain"
    first = items[0]
    assert first["stance"] == "support_with_amendments"
    assert first["priority"] == "high" and first["raiseAtMeeting"] is True
    # prefix/suffix come from the neighbouring places
    quote = first["target"]["selector"][0]
    assert (
        "prefix" not in quote
        and quote["suffix"] == make_record().find("body__para_2").text[: wa.CONTEXT_CHARS]
    )
    # the extension terms are defined by our context
    for term in ("stance", "priority", "raiseAtMeeting", "EidSelector"):
        assert term in data["@context"][1]
    # second annotation has a stance and no note: no body, motivation assessing
    assert "body" not in items[1] and items[1]["motivation"] == "assessing"


def test_round_trip_into_an_empty_library(source, tmp_path):
    lib, rid = source
    out = wa.write_jsonld(_export(lib, rid), tmp_path / "shared" / "notes.jsonld")
    assert not [p for p in out.parent.iterdir() if p.name != "notes.jsonld"]  # no temp left

    target = Library.open(tmp_path / "empty.sqlite3")
    try:
        target_id, _ = target.import_record(make_record())
        result = store.merge_annotations(target, wa.read_jsonld(out))
        assert result.added == 3
        got = sorted(map(_fields, store.annotations_for_record(target, target_id)))
        want = sorted(map(_fields, store.annotations_for_record(lib, rid)))
        assert got == want
    finally:
        target.close()


def test_file_is_plain_json_ld(source, tmp_path):
    lib, rid = source
    out = wa.write_jsonld(_export(lib, rid), tmp_path / "a.jsonld")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "<b>not markup</b> & co." in data["first"]["items"][0]["body"][0]["value"]


def _mutations():
    def drop(path):
        def apply(data):
            *head, last = path
            obj = data
            for step in head:
                obj = obj[step]
            del obj[last]

        return apply

    def setv(path, value):
        def apply(data):
            *head, last = path
            obj = data
            for step in head:
                obj = obj[step]
            obj[last] = value

        return apply

    item = ["first", "items", 0]
    return {
        "wrong context": (setv(["@context"], "http://schema.org"), "@context"),
        "wrong type": (setv(["type"], "Collection"), "type"),
        "no id": (drop([*item, "id"]), "missing 'id'"),
        "bad id": (setv([*item, "id"], "http://x/1"), "urn:uuid"),
        "no target": (drop([*item, "target"]), "missing 'target'"),
        "foreign source": (setv([*item, "target", "source"], "http://x/doc"), "URN"),
        "no eid": (
            setv([*item, "target", "selector"], [{"type": "TextQuoteSelector", "exact": "x"}]),
            "EidSelector",
        ),
        "bad stance": (setv([*item, "stance"], "adore"), "stance"),
        "bad priority": (setv([*item, "priority"], "urgent"), "priority"),
        "bad date": (setv([*item, "created"], "yesterday"), "created"),
        "no creator": (drop([*item, "creator"]), "creator"),
        "html note": (setv([*item, "body", 0, "format"], "text/html"), "text/plain"),
        "flag not bool": (setv([*item, "raiseAtMeeting"], "yes"), "raiseAtMeeting"),
        "total wrong": (setv(["total"], 7), "total"),
        "item not object": (setv([*item], "x"), "not a JSON object"),
    }


@pytest.mark.parametrize("name", sorted(_mutations()))
def test_malformed_refused_and_nothing_written(source, tmp_path, name):
    lib, rid = source
    mutate, reason = _mutations()[name]
    data = copy.deepcopy(_export(lib, rid))
    # Make it a colleague's file: new uids, so an accepted file would add rows.
    for item in data["first"]["items"]:
        item["id"] = item["id"][:-4] + "beef"
    mutate(data)
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = lib.db.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    with pytest.raises(AnnotationFormatError) as info:
        store.merge_annotations(lib, wa.read_jsonld(path))
    assert reason in str(info.value)
    assert "bad.jsonld" in str(info.value)
    assert lib.db.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a JSON-LD object"),
        (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}', "id"),
    ],
)
def test_not_json_refused(tmp_path, content, reason):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(AnnotationFormatError) as info:
        wa.read_jsonld(path)
    assert reason in str(info.value)


def test_missing_file_refused(tmp_path):
    with pytest.raises(AnnotationFormatError, match="cannot read"):
        wa.read_jsonld(tmp_path / "nope.jsonld")


def test_record_urn_round_trip():
    for key in ["symbol:A/RES/67/219", "sha256:abc", "symbol:S/2013/113 Add.1"]:
        assert wa.key_from_urn(wa.record_urn(key)) == key


@settings(max_examples=60, deadline=None)
@given(
    note=st.text(max_size=300),
    tags=st.lists(st.text(min_size=1, max_size=20), max_size=5),
    quote=st.text(max_size=200),
    eid=st.from_regex(r"[a-z]+(_[0-9]+)?(__[a-z]+_[0-9a-z]+){0,3}", fullmatch=True),
    key=st.sampled_from(["symbol:A/RES/67/219", "sha256:" + "ab" * 32, "symbol:S/2013/113 (x)"]),
    stance=st.sampled_from([None, *Stance]),
    priority=st.sampled_from(list(Priority)),
    flag=st.booleans(),
    author=st.text(min_size=1, max_size=30).filter(str.strip),
)
def test_any_annotation_survives_the_file(
    note, tags, quote, eid, key, stance, priority, flag, author
):
    now = store.utc_now()
    a = Annotation(
        uid=str(uuid.uuid4()),
        record_key=key,
        target_eid=eid,
        quote=quote,
        author=author.strip(),
        created=now,
        updated=now,
        note=note,
        stance=stance,
        priority=priority,
        tags=store.clean_tags(tags),
        raise_at_meeting=flag,
    )
    text = json.dumps(wa.to_jsonld([a]), ensure_ascii=False)
    [back] = wa.from_jsonld(json.loads(text))
    assert _fields(back) == _fields(a)

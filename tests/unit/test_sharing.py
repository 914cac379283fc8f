"""A delegation sharing one folder: two or three libraries (each its own home), one pass at a
time, every edit present afterwards on every laptop, as current or as a kept version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing import sharing, startup
from briefing.domain import Stance
from briefing.storage import annotations as store
from briefing.storage import objectives as objectives_store
from tests.conftest import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "a-res-67-219-international-migration-2012.txt"
EID = "body__para_3"


class Delegate:
    """One laptop: its own home (library and sharing state) and its own name."""

    def __init__(self, root: Path, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.library = startup.open_library(root / sharing.author_slug(name) / "b.sqlite3")

    def record_id(self, key: str) -> int:
        return next(s.id for s in self.library.records() if s.key == key)

    def annotate(self, key: str, eid: str = EID, **changes: object) -> None:
        store.update_annotation_at(
            self.library, self.record_id(key), eid, changes, author=self.name
        )

    def sync(self) -> sharing.SyncResult:
        return sharing.sync(self.library, self.folder, self.name)

    def edits(self) -> set[tuple[str, str, str]]:
        """Every edit held, current or kept: (uid, author, note)."""
        out = set()
        for a in store.all_annotations(self.library):
            out.add((a.uid, a.author, a.note))
            out.update(
                (v.uid, v.author, v.note) for v in store.annotation_versions(self.library, a.uid)
            )
        return out

    def current(self) -> dict[str, str]:
        return {a.uid: a.note for a in store.all_annotations(self.library)}


@pytest.fixture
def delegation(tmp_path: Path):
    folder = tmp_path / "shared"
    folder.mkdir()
    made: list[Delegate] = []

    def make(name: str) -> Delegate:
        delegate = Delegate(tmp_path, name, folder)
        made.append(delegate)
        return delegate

    yield make
    for delegate in made:
        delegate.library.close()


_REAL_NOW = store.utc_now


def _restore_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not _restore_clock(monkeypatch): that would undo the test's BRIEFING_HOME as well.
    monkeypatch.setattr(store, "utc_now", _REAL_NOW)


def _later(monkeypatch: pytest.MonkeyPatch, seconds: float = 1.0) -> None:
    """Stamp the next edits a little later: two edits in one test may share a millisecond."""
    stamp = store.utc_now() + dt.timedelta(seconds=seconds)
    monkeypatch.setattr(store, "utc_now", lambda: stamp)


def _import_sample(delegate: Delegate) -> str:
    record_id, _created, _warnings = startup.import_file(delegate.library, SAMPLE)
    return delegate.library.record(record_id).key


def test_a_record_travels_with_its_annotations_lines_and_objectives(delegation):
    ana, ben = delegation("Ana Pérez"), delegation("Ben Ng")
    key = _import_sample(ana)
    ana.annotate(key, note="Welcome it", stance=Stance.SUPPORT, line_to_take="We welcome OP3")
    ana.annotate(key, "body__para_4", if_raised="Recall the 2006 dialogue")
    objectives_store.set_objectives(ana.library, ana.record_id(key), "Keep OP3", author=ana.name)
    outbox = ana.sync().outbox
    assert outbox.path == ana.folder / "ana-perez.jsonld" and outbox.written
    assert (ana.folder / sharing.record_file_name(key, "text/plain")).is_file()

    result = ben.sync()
    (line,) = result.lines()[1:]
    assert (
        line == "Ana Pérez: 3 new, 0 updated, 0 kept as versions, 0 skipped; 1 record(s) imported"
    )
    held = {a.target_eid: a for a in store.annotations_for_record(ben.library, ben.record_id(key))}
    assert held[EID].line_to_take == "We welcome OP3" and not held[EID].detached
    assert held[EID].stance is Stance.SUPPORT and held[EID].author == "Ana Pérez"
    assert held["body__para_4"].if_raised == "Recall the 2006 dialogue"
    assert objectives_store.objectives_for(ben.library, ben.record_id(key)).text == "Keep OP3"
    # Received, not Ben's: his outbox does not send Ana's edits back.
    assert ben.sync().outbox.annotations == 0


def test_an_unchanged_file_is_not_read_again_and_my_outbox_not_rewritten(delegation, monkeypatch):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="one")
    ana.sync()
    ben.sync()
    mtime = (ben.folder / "ben.jsonld").stat().st_mtime_ns
    reads = []
    real = sharing.read_regular_file
    monkeypatch.setattr(sharing, "read_regular_file", lambda *a: reads.append(a) or real(*a))
    result = ben.sync()
    assert result.authors[0].unchanged_file and reads == []
    assert not result.outbox.written and (ben.folder / "ben.jsonld").stat().st_mtime_ns == mtime


def test_concurrent_edits_and_one_annotation_edited_on_both_sides_offline(delegation, monkeypatch):
    ana, ben, cleo = delegation("Ana"), delegation("Ben"), delegation("Cleo")
    key = _import_sample(ana)
    ana.annotate(key, note="first draft")
    ana.sync()
    ben.sync()
    cleo.sync()
    uid = next(iter(ben.current()))
    # Offline: both edit the same annotation (Ana's), each adds one of their own.
    ana.annotate(key, note="Ana's second thoughts")
    ana.annotate(key, "body__para_5", note="Ana on OP5")
    _later(monkeypatch)
    store.update_annotation_at(
        ben.library,
        ben.record_id(key),
        EID,
        {"note": "Ben's rewrite"},
        base=store.get_annotation(ben.library, uid),
    )
    ben.annotate(key, "body__para_6", note="Ben on OP6")
    _restore_clock(monkeypatch)
    # Back online, in any order, a few passes each.
    for delegate in (ben, ana, cleo, ben, ana, cleo):
        delegate.sync()
    everything = ana.edits()
    # ("first draft" was edited over by both, each on their own laptop: a later edit of one's
    # own note is not a concurrent edit, and keeps no version, as without sharing.)
    for note in ("Ana's second thoughts", "Ben's rewrite", "Ana on OP5", "Ben on OP6"):
        assert note in {n for _u, _a, n in everything}, note
    wanted = {n for n in {n for _u, _a, n in everything} if n != "first draft"}
    # (Whoever held "first draft" when a colleague's edit superseded it keeps it as a version.)
    assert {n for _u, _a, n in ben.edits()} >= wanted and {
        n for _u, _a, n in cleo.edits()
    } >= wanted
    # One current edit, the same on every laptop.
    assert ana.current() == ben.current() == cleo.current()
    assert ana.current()[uid] == "Ben's rewrite"  # made last


def test_an_edit_superseded_here_still_reaches_a_third_laptop(delegation, monkeypatch):
    ana, ben, cleo = delegation("Ana"), delegation("Ben"), delegation("Cleo")
    key = _import_sample(ana)
    ana.annotate(key, note="v1")
    ana.sync()
    ben.sync()
    uid = next(iter(ben.current()))
    ana.annotate(key, note="Ana's v2")
    _later(monkeypatch)
    store.update_annotation_at(
        ben.library,
        ben.record_id(key),
        EID,
        {"note": "Ben's v3"},
        base=store.get_annotation(ben.library, uid),
    )
    _restore_clock(monkeypatch)
    ben.sync()
    ana.sync()  # Ana's v2 goes out, then Ben's v3 makes it a version here
    ana.sync()  # her outbox now carries v2 as a kept version
    cleo.sync()  # Cleo saw neither outbox before
    assert {n for _u, _a, n in cleo.edits()} >= {"Ana's v2", "Ben's v3"}
    assert cleo.current()[uid] == "Ben's v3"


def test_two_edits_stamped_the_same_millisecond_both_reach_a_third_laptop(delegation, monkeypatch):
    # An edit is named by its uid, its time and what it says: the time alone would take Ana's
    # edit for the one she received from Ben, and keep it from her outbox.
    ana, ben, cleo = delegation("Ana"), delegation("Ben"), delegation("Cleo")
    key = _import_sample(ana)
    ana.annotate(key, note="v1")
    ana.sync()
    ben.sync()
    uid = next(iter(ben.current()))
    instant = store.utc_now() + dt.timedelta(seconds=1)
    monkeypatch.setattr(store, "utc_now", lambda: instant)
    ana.annotate(key, note="Ana, same instant")
    store.update_annotation_at(
        ben.library,
        ben.record_id(key),
        EID,
        {"note": "Ben, same instant"},
        base=store.get_annotation(ben.library, uid),
    )
    _restore_clock(monkeypatch)
    for delegate in (ben, ana, ana, ben):
        delegate.sync()
    cleo.sync()
    notes = {n for _u, _a, n in cleo.edits()}
    assert {"Ana, same instant", "Ben, same instant"} <= notes
    assert cleo.current()[uid] == ana.current()[uid] == ben.current()[uid]


def test_clock_skew_decides_by_the_edits_own_time_and_loses_neither(delegation, monkeypatch):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="v1")
    ana.sync()
    ben.sync()
    uid = next(iter(ben.current()))
    ana.annotate(key, note="Ana, on time")
    # Ben's laptop runs two hours slow: his edit, made after Ana's, is stamped before it.
    slow = store.utc_now() - dt.timedelta(hours=2)
    monkeypatch.setattr(store, "utc_now", lambda: slow)
    store.update_annotation_at(
        ben.library,
        ben.record_id(key),
        EID,
        {"note": "Ben, slow clock"},
        base=store.get_annotation(ben.library, uid),
    )
    _restore_clock(monkeypatch)
    for delegate in (ana, ben, ana, ben):
        delegate.sync()
    assert ana.current()[uid] == ben.current()[uid] == "Ana, on time"
    kept = {v.note for v in store.annotation_versions(ana.library, uid)}
    assert "Ben, slow clock" in kept and kept == {
        v.note for v in store.annotation_versions(ben.library, uid)
    }


def test_the_same_millisecond_settles_the_same_way_on_both_sides(delegation, monkeypatch):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="v1")
    ana.sync()
    ben.sync()
    uid = next(iter(ben.current()))
    instant = store.utc_now() + dt.timedelta(seconds=1)
    monkeypatch.setattr(store, "utc_now", lambda: instant)
    ana.annotate(key, note="Ana at the same instant")
    store.update_annotation_at(
        ben.library,
        ben.record_id(key),
        EID,
        {"note": "Ben at the same instant"},
        base=store.get_annotation(ben.library, uid),
    )
    _restore_clock(monkeypatch)
    for delegate in (ana, ben, ana, ben):
        delegate.sync()
    assert ana.current()[uid] == ben.current()[uid]
    assert ana.edits() == ben.edits()  # each holds the other's as a version


def test_a_half_written_file_is_left_for_the_next_pass_and_nothing_of_it_lands(delegation):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="one")
    ana.annotate(key, "body__para_4", note="two")
    ana.sync()
    whole = (ana.folder / "ana.jsonld").read_bytes()
    # As a sync engine that writes in place leaves it mid-copy.
    (ana.folder / "ana.jsonld").write_bytes(whole[: len(whole) // 2])
    before = ben.library.records()
    (line,) = ben.sync().lines()[1:]
    assert line.startswith("ana.jsonld: left for the next pass (not complete JSON")
    assert store.all_annotations(ben.library) == [] and ben.library.records() == before
    (ana.folder / "ana.jsonld").write_bytes(whole)
    (line,) = ben.sync().lines()[1:]
    assert line.startswith("Ana: 2 new")


def test_a_record_still_arriving_holds_its_file_back(delegation):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="one")
    ana.sync()
    source = ana.folder / sharing.record_file_name(key, "text/plain")
    data = source.read_bytes()
    source.write_bytes(data[:100])
    (line,) = ben.sync().lines()[1:]
    assert "left for the next pass (waiting for records/" in line
    assert store.all_annotations(ben.library) == []
    source.write_bytes(data)
    assert ben.sync().authors[0].records == 1
    assert len(store.all_annotations(ben.library)) == 1


def test_a_deleted_file_removes_nothing_and_a_new_copy_is_read_again(delegation):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="kept")
    ana.sync()
    ben.sync()
    outbox = ana.folder / "ana.jsonld"
    saved = outbox.read_bytes()
    outbox.unlink()
    result = ben.sync()
    assert result.authors == [] and ben.current() != {}
    state = json.loads(sharing.state_path_for(ben.library.path).read_text())
    assert str(outbox) not in state["files"]
    outbox.write_bytes(saved)
    assert ben.sync().authors[0].skipped == 1


def test_a_foreign_or_broken_file_in_the_folder_changes_nothing(delegation):
    ben = delegation("Ben")
    (ben.folder / "intruder.jsonld").write_text('{"type": "Something"}', encoding="utf-8")
    (ben.folder / ".ana.jsonld.1234.part").write_text("{", encoding="utf-8")
    result = ben.sync()
    assert [a.waiting != "" for a in result.authors] == [True]
    assert store.all_annotations(ben.library) == []


def test_author_slugs_are_plain_and_keep_non_latin_names_apart():
    assert sharing.author_slug("Ana Pérez") == "ana-perez"
    assert sharing.author_slug("  J. O'Neil ") == "j-o-neil"
    one, two = sharing.author_slug("Лев Толстой"), sharing.author_slug("Лев Толстых")
    assert one != two and one.startswith("author-") and one.isascii()


def test_sync_refuses_a_folder_that_is_not_there(delegation, tmp_path):
    ben = delegation("Ben")
    with pytest.raises(sharing.SharingError, match="not there"):
        sharing.sync(ben.library, tmp_path / "unmounted", "Ben")

"""A delegation sharing one folder: two or three libraries (each its own home), one pass at a
time, every edit present afterwards on every laptop, as current or as a kept version."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from briefing import preferences, sharing, startup
from briefing.domain import Annotation, Stance
from briefing.domain.annotations import in_conflict, stances_by_place
from briefing.export import webannotation
from briefing.storage import annotations as store
from briefing.storage import objectives as objectives_store
from tests.conftest import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "a-res-67-219-international-migration-2012.txt"
EID = "body__para_3"


class Delegate:
    """One laptop: its own home (library, sharing state, installation id) and its own name."""

    def __init__(self, root: Path, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.install_id = uuid.uuid4().hex
        self.library = startup.open_library(root / self.install_id / "b.sqlite3")

    @property
    def outbox(self) -> Path:
        return sharing.outbox_path(self.folder, self.name, self.install_id)

    def record_id(self, key: str) -> int:
        return next(s.id for s in self.library.records() if s.key == key)

    def annotate(self, key: str, eid: str = EID, **changes: object) -> Annotation:
        """As `briefing annotate` without --author, or the editor: signed with my name."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(store.AUTHOR_ENV, self.name)
            return store.update_annotation_at(self.library, self.record_id(key), eid, changes)

    def edit(self, key: str, uid: str, **changes: object) -> Annotation:
        """As `briefing annotate --id UID`: that annotation, whoever's."""
        return store.update_annotation_at(self.library, self.record_id(key), EID, changes, uid=uid)

    def sync(self) -> sharing.SyncResult:
        return sharing.sync(self.library, self.folder, self.name, install_id=self.install_id)

    def at(self, key: str, eid: str = EID) -> dict[str, Annotation]:
        """Author -> their annotation at the place."""
        found = store.annotations_at(self.library, self.record_id(key), eid)
        assert len({a.author for a in found}) == len(found), "one annotation per author"
        return {a.author: a for a in found}

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
    assert outbox.path.name == f"ana-perez-{ana.install_id[:8]}.jsonld" and outbox.written
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
    mtime = ben.outbox.stat().st_mtime_ns
    reads = []
    real = sharing.read_regular_file
    monkeypatch.setattr(sharing, "read_regular_file", lambda *a: reads.append(a) or real(*a))
    result = ben.sync()
    assert result.authors[0].unchanged_file and reads == []
    assert not result.outbox.written and ben.outbox.stat().st_mtime_ns == mtime


def test_each_delegate_annotates_a_place_in_their_own_name_and_a_conflict_shows(delegation):
    # Ben, annotating where Ana already has (as `briefing annotate` without --author, or the
    # app's editor), makes his own annotation: Ana's stance stays hers, under her name.
    ana, ben = delegation("Ana Pérez"), delegation("Ben Ng")
    key = _import_sample(ana)
    theirs = ana.annotate(key, stance=Stance.SUPPORT, line_to_take="We welcome OP3")
    ana.sync()
    ben.sync()
    mine = ben.annotate(key, stance=Stance.OPPOSE, note="OP3 goes too far")
    assert mine.uid != theirs.uid and mine.author == "Ben Ng"
    assert ben.at(key)["Ana Pérez"].stance is Stance.SUPPORT  # untouched
    again = ben.annotate(key, note="OP3 goes much too far")  # his own again, not a third
    assert again.uid == mine.uid
    ben.sync()
    ana.sync()
    for delegate in (ana, ben):
        held = delegate.at(key)
        assert {a: h.stance for a, h in held.items()} == {
            "Ana Pérez": Stance.SUPPORT,
            "Ben Ng": Stance.OPPOSE,
        }
        assert held["Ana Pérez"].line_to_take == "We welcome OP3"
        assert held["Ben Ng"].note == "OP3 goes much too far"
        assert store.version_counts(delegate.library) == {}  # two annotations, no merging
        by_place = stances_by_place(store.all_annotations(delegate.library))
        assert in_conflict(by_place[(key, EID)])


def test_one_annotation_edited_on_two_laptops_of_one_delegate_offline(delegation, monkeypatch):
    # Ana on her laptop and her desktop: one name, two installations, two files. Her annotation
    # edited on both while offline is the same annotation: one edit current, the other kept.
    laptop, desktop, ben = delegation("Ana"), delegation("Ana"), delegation("Ben")
    key = _import_sample(laptop)
    laptop.annotate(key, note="first draft")
    laptop.sync()
    desktop.sync()
    ben.sync()
    assert laptop.outbox != desktop.outbox
    (uid,) = desktop.current()
    laptop.annotate(key, note="laptop's second thoughts")
    laptop.annotate(key, "body__para_5", note="Ana on OP5")
    _later(monkeypatch)
    assert desktop.annotate(key, note="desktop's rewrite").uid == uid  # hers: the same one
    ben.annotate(key, "body__para_6", note="Ben on OP6")
    _restore_clock(monkeypatch)
    for delegate in (ben, laptop, desktop, ben, laptop, desktop):
        delegate.sync()
    wanted = {"laptop's second thoughts", "desktop's rewrite", "Ana on OP5", "Ben on OP6"}
    for delegate in (laptop, desktop, ben):
        assert {n for _u, _a, n in delegate.edits()} >= wanted
        assert delegate.current()[uid] == "desktop's rewrite"  # made last
        kept = [v.note for v in store.annotation_versions(delegate.library, uid)]
        assert "laptop's second thoughts" in kept
    assert laptop.current() == desktop.current() == ben.current()


def test_an_edit_superseded_here_still_reaches_a_third_laptop(delegation, monkeypatch):
    ana, ben, cleo = delegation("Ana"), delegation("Ben"), delegation("Cleo")
    key = _import_sample(ana)
    uid = ana.annotate(key, note="v1").uid
    ana.sync()
    ben.sync()
    ana.annotate(key, note="Ana's v2")
    _later(monkeypatch)
    ben.edit(key, uid, note="Ben's v3")  # named by its id: Ana's annotation, edited by Ben
    _restore_clock(monkeypatch)
    ben.sync()
    ana.sync()  # Ana's v2 goes out, then Ben's v3 makes it a version here
    ana.sync()  # her outbox now carries v2 as a kept version
    cleo.sync()  # Cleo saw neither outbox before
    assert {n for _u, _a, n in cleo.edits()} >= {"Ana's v2", "Ben's v3"}
    assert cleo.current()[uid] == "Ben's v3"


def test_two_edits_stamped_the_same_millisecond_both_reach_a_third_laptop(delegation, monkeypatch):
    # An edit is named by its uid, its time and what it says: the time alone would take one
    # laptop's edit for the one it received from the other, and keep it from its outbox.
    laptop, desktop, cleo = delegation("Ana"), delegation("Ana"), delegation("Cleo")
    key = _import_sample(laptop)
    uid = laptop.annotate(key, note="v1").uid
    laptop.sync()
    desktop.sync()
    instant = store.utc_now() + dt.timedelta(seconds=1)
    monkeypatch.setattr(store, "utc_now", lambda: instant)
    laptop.annotate(key, note="laptop, same instant")
    desktop.annotate(key, note="desktop, same instant")
    _restore_clock(monkeypatch)
    for delegate in (desktop, laptop, laptop, desktop):
        delegate.sync()
    cleo.sync()
    notes = {n for _u, _a, n in cleo.edits()}
    assert {"laptop, same instant", "desktop, same instant"} <= notes
    # The same millisecond settles the same way everywhere; each holds the other as a version.
    assert cleo.current()[uid] == laptop.current()[uid] == desktop.current()[uid]
    assert laptop.edits() == desktop.edits()


def test_clock_skew_decides_by_the_edits_own_time_and_loses_neither(delegation, monkeypatch):
    laptop, desktop = delegation("Ana"), delegation("Ana")
    key = _import_sample(laptop)
    uid = laptop.annotate(key, note="v1").uid
    laptop.sync()
    desktop.sync()
    laptop.annotate(key, note="laptop, on time")
    # The desktop runs two hours slow: its edit, made after the laptop's, is stamped before it.
    slow = store.utc_now() - dt.timedelta(hours=2)
    monkeypatch.setattr(store, "utc_now", lambda: slow)
    desktop.annotate(key, note="desktop, slow clock")
    _restore_clock(monkeypatch)
    for delegate in (laptop, desktop, laptop, desktop):
        delegate.sync()
    assert laptop.current()[uid] == desktop.current()[uid] == "laptop, on time"
    kept = {v.note for v in store.annotation_versions(laptop.library, uid)}
    assert "desktop, slow clock" in kept and kept == {
        v.note for v in store.annotation_versions(desktop.library, uid)
    }


def test_a_deletion_reaches_colleagues_and_keeps_the_last_state(delegation):
    ana, ben, cleo = delegation("Ana"), delegation("Ben"), delegation("Cleo")
    key = _import_sample(ana)
    gone = ana.annotate(key, note="withdrawn", stance=Stance.CONCERN)
    ana.annotate(key, "body__para_4", note="stays")
    ana.sync()
    ben.sync()
    store.delete_annotation(ana.library, gone.uid)
    assert ana.sync().outbox.deletions == 1
    (merge,) = ben.sync().authors
    assert merge.deleted == 1 and ", 1 deleted" in merge.line()
    cleo.sync()  # never held it: the deletion is known, nothing to remove
    for delegate in (ana, ben, cleo):
        assert set(delegate.current().values()) == {"stays"}
        (deletion,) = store.deleted_annotations(delegate.library)
        assert (deletion.annotation.uid, deletion.annotation.note) == (gone.uid, "withdrawn")
    # Ben's old copy is not lost: restored, it comes back everywhere (a new, later edit).
    (kept,) = store.annotation_versions(ben.library, gone.uid)
    assert kept.note == "withdrawn"
    store.restore_annotation(ben.library, gone.uid)
    ben.sync()
    ana.sync()
    assert ana.current()[gone.uid] == "withdrawn" and store.deleted_annotations(ana.library) == []


def test_a_file_deletes_only_its_authors_annotations_and_an_older_copy_does_not_revive(
    delegation, monkeypatch
):
    ana, ben, cleo = delegation("Ana"), delegation("Ben"), delegation("Cleo")
    key = _import_sample(ana)
    uid = ana.annotate(key, note="Ana's").uid
    ana.sync()
    ben.sync()
    cleo.sync()
    # Ben deletes Ana's annotation on his laptop: his own business, not a deletion he shares.
    store.delete_annotation(ben.library, uid)
    assert ben.sync().outbox.deletions == 0
    assert cleo.sync().authors and cleo.current() == {uid: "Ana's"}
    # A forged deletion of Ana's annotation in Ben's file is refused.
    data = json.loads(ben.outbox.read_text(encoding="utf-8"))
    (deletion,) = store.deleted_annotations(ben.library)
    item = webannotation.to_jsonld([deletion.annotation])["first"]["items"][0]
    data["deletedAnnotations"] = [{**item, "deleted": store.format_time(store.utc_now())}]
    ben.outbox.write_text(json.dumps(data), encoding="utf-8")
    (merge,) = [m for m in cleo.sync().authors if m.author == "Ben"]
    assert merge.refused == 1 and cleo.current() == {uid: "Ana's"}
    # Ana edits it later (after Ben's deletion): it comes back on Ben's laptop.
    _later(monkeypatch)
    ana.annotate(key, note="Ana's, later")
    _restore_clock(monkeypatch)
    ana.sync()
    ben.sync()
    assert ben.current() == {uid: "Ana's, later"}
    # Ben edits it by its id, Ana takes his edit in, then deletes the annotation. Cleo reads
    # Ana's deletion and then Ben's file, which still carries his edit (older than the
    # deletion): it stays a version, and so when every file is read again.
    _later(monkeypatch, 2)
    ben.edit(key, uid, note="Ben's edit of it")
    _restore_clock(monkeypatch)
    ben.sync()
    ana.sync()
    _later(monkeypatch, 3)
    store.delete_annotation(ana.library, uid)
    _restore_clock(monkeypatch)
    ana.sync()
    assert "Ben's edit of it" in ben.outbox.read_text(encoding="utf-8")
    for _twice in range(2):
        cleo.sync()
        assert cleo.current() == {}
        kept = {v.note for v in store.annotation_versions(cleo.library, uid)}
        assert kept >= {"Ana's, later", "Ben's edit of it"}
        sharing.state_path_for(cleo.library.path).unlink()


def test_an_edit_made_after_a_deletion_on_another_laptop_stays(delegation, monkeypatch):
    laptop, desktop = delegation("Ana"), delegation("Ana")
    key = _import_sample(laptop)
    uid = laptop.annotate(key, note="v1").uid
    laptop.sync()
    desktop.sync()
    store.delete_annotation(laptop.library, uid)  # on the laptop, offline
    _later(monkeypatch)
    desktop.annotate(key, note="v2 on the desktop")  # later, offline
    _restore_clock(monkeypatch)
    for delegate in (laptop, desktop, laptop, desktop):
        delegate.sync()
    assert laptop.current() == desktop.current() == {uid: "v2 on the desktop"}
    for delegate in (laptop, desktop):  # the deletion is in its history
        assert "v1" in {v.note for v in store.annotation_versions(delegate.library, uid)}


def test_two_delegates_of_one_name_each_keep_their_file_and_old_files_are_read(delegation):
    one, two = delegation("Ana"), delegation("Ana")
    key = _import_sample(one)
    one.annotate(key, note="the first Ana")
    one.sync()
    two.sync()
    two.annotate(key, "body__para_4", note="the second Ana")
    two.sync()
    one.sync()
    names = sorted(p.name for p in one.folder.glob("*.jsonld"))
    assert names == sorted([one.outbox.name, two.outbox.name]) and len(names) == 2
    assert sorted(one.current().values()) == sorted(two.current().values())
    # A colleague's file of the first naming (no installation id) is still read; the one of
    # my own name is not (it was my outbox before installations had ids).
    legacy = one.outbox.read_bytes()
    (one.folder / "cleo.jsonld").write_bytes(legacy.replace(b'"name": "Ana"', b'"name": "Cleo"'))
    (one.folder / "ana.jsonld").write_bytes(legacy)
    files = [p.name for p in sharing.outboxes(one.folder, "Ana", one.install_id)]
    assert "cleo.jsonld" in files and "ana.jsonld" not in files and one.outbox.name not in files


def test_the_installation_id_is_made_once_and_survives_a_stale_save(tmp_path):
    path = tmp_path / "preferences.json"
    stale = preferences.load(path)  # read before the id was made, as an open dialog holds it
    made = preferences.ensure_install_id(path)
    assert len(made) == 32 and preferences.ensure_install_id(path) == made
    preferences.save(stale.with_changes(name="Ana"), path)
    assert preferences.load(path).install_id == made and preferences.load(path).name == "Ana"
    path.write_text('{"install_id": "../../etc"}', encoding="utf-8")  # hand-edited: not an id
    assert preferences.load(path).install_id == ""


def test_a_half_written_file_is_left_for_the_next_pass_and_nothing_of_it_lands(delegation):
    ana, ben = delegation("Ana"), delegation("Ben")
    key = _import_sample(ana)
    ana.annotate(key, note="one")
    ana.annotate(key, "body__para_4", note="two")
    ana.sync()
    whole = ana.outbox.read_bytes()
    # As a sync engine that writes in place leaves it mid-copy.
    ana.outbox.write_bytes(whole[: len(whole) // 2])
    before = ben.library.records()
    (line,) = ben.sync().lines()[1:]
    assert line.startswith(f"{ana.outbox.name}: left for the next pass (not complete JSON")
    assert store.all_annotations(ben.library) == [] and ben.library.records() == before
    ana.outbox.write_bytes(whole)
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
    outbox = ana.outbox
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
        sharing.sync(ben.library, tmp_path / "unmounted", "Ben", install_id=ben.install_id)

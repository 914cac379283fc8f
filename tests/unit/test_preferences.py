"""The delegate's preferences: one JSON file the app and the command line share."""

from __future__ import annotations

import json

from briefing import preferences
from briefing.preferences import Preferences
from briefing.storage.annotations import default_author


def test_none_kept_is_the_empty_preferences(briefing_home):
    assert preferences.load() == Preferences()
    assert not preferences.load().complete


def test_saved_and_read_back(briefing_home):
    path = preferences.save(Preferences(name="Ana Pérez", delegation="Delegation of Peru"))
    assert path == briefing_home / "preferences.json"
    assert preferences.load() == Preferences("Ana Pérez", "Delegation of Peru")
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "Ana Pérez"
    assert not list(briefing_home.glob("*.tmp*"))  # written through a temporary file


def test_a_damaged_or_foreign_file_reads_as_empty(briefing_home):
    briefing_home.mkdir(parents=True)
    path = briefing_home / "preferences.json"
    for text in ("{not json", "[1, 2]", '{"name": 7, "delegation": ["x"]}', "\xff"):
        path.write_text(text, encoding="utf-8")
        assert preferences.load() == Preferences()
    path.write_text('{"name": "  Ana \\n Pérez ", "colour": "red"}', encoding="utf-8")
    assert preferences.load() == Preferences(name="Ana Pérez")  # unknown keys ignored


def test_the_name_signs_annotations_unless_the_environment_says_otherwise(
    briefing_home, monkeypatch
):
    monkeypatch.delenv("BRIEFING_AUTHOR", raising=False)
    preferences.save(Preferences(name="Ana Pérez"))
    assert default_author() == "Ana Pérez"
    monkeypatch.setenv("BRIEFING_AUTHOR", "Delegate B")
    assert default_author() == "Delegate B"

"""Two start costs of PySide6 the window avoids (briefing/ui/pyside.py, issue 18).

Each is checked in a fresh interpreter, with and without the remedy, so the check fails both if
the remedy stops working and if PySide6 stops doing what it remedies.
"""

from __future__ import annotations

import sys

import pytest
from fresh_interpreter import run_child

# Which modules' sources PySide6's import hook reads while the window's modules are imported.
_SCANS = r"""
import json, sys
remedy = sys.argv[1] == "remedy"
if remedy:
    from briefing.app import create_application
    app = create_application([])
else:
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
feature = sys.modules["shibokensupport.feature"]
read = []
scan = feature._mod_uses_pyside
def counting(module):
    read.append(module.__name__)
    return scan(module)
feature._mod_uses_pyside = counting
import briefing.ui.main_window
print(json.dumps(read))
"""

# How many enum classes PySide6 makes when a text view's viewport is asked for.
_ENUMS = r"""
import enum, json, sys
made = []
create = enum.EnumType._create_
def counting(*args, **kwargs):
    made.append(args[1])
    return create(*args, **kwargs)
enum.EnumType._create_ = counting
from PySide6.QtWidgets import QApplication, QTextEdit
from briefing.ui.pyside import viewport_of
app = QApplication([])
view = QTextEdit()
from PySide6.QtCore import Qt  # the namespace viewport_of uses, made before counting
before = len(made)
widget = viewport_of(view) if sys.argv[1] == "remedy" else view.viewport()
print(json.dumps({"enums": len(made) - before, "class": type(widget).__name__}))
"""


def _known(names: list[str]) -> list[str]:
    stdlib = sys.stdlib_module_names
    return [n for n in names if n.partition(".")[0] in stdlib or n.partition(".")[0] == "briefing"]


def test_the_import_hook_reads_no_source_whose_answer_is_known():
    without = run_child(_SCANS, "plain")
    # PySide6 reads them when left alone (typing, logging, ours): what the remedy is for.
    assert "briefing.ui.detail_pane" in without
    assert len(_known(without)) > 20
    assert _known(run_child(_SCANS, "remedy")) == []


def test_the_table_says_what_the_hook_would_have_found():
    from PySide6.QtWidgets import QApplication  # noqa: F401 - PySide6 and its hook loaded

    from briefing.ui import pyside

    table = pyside._feature_table()
    assert table is not None
    before = dict(table)  # what PySide6 (or an earlier call) decided stays as it was
    pyside.skip_feature_scans()
    added = [name for name in table if name not in before]
    feature = sys.modules["shibokensupport.feature"]
    import textwrap as theirs

    import briefing.ui.main_window as ours

    # Python's own never name PySide6 ("ignore"); ours all may ("no feature", the default).
    assert table["textwrap"] == -1 and feature._mod_uses_pyside(theirs) is False
    assert table["briefing.ui.main_window"] == 0 and feature._mod_uses_pyside(ours) is True
    assert table["briefing.domain.model"] == before.get("briefing.domain.model", 0)
    # Nothing else is decided for PySide6, and nothing it had decided is changed.
    assert _known(added) == added
    assert all(table[name] == value for name, value in before.items())


def test_a_viewport_is_found_without_a_type_search():
    plain = run_child(_ENUMS, "plain")
    remedy = run_child(_ENUMS, "remedy")
    assert plain["enums"] > 20  # every QtWidgets class tried for the widget's type
    assert remedy == {"enums": 0, "class": "QWidget"}


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_viewport_of_is_the_viewport(qtbot):
    from PySide6.QtWidgets import QListView, QScrollArea, QTextBrowser, QTreeView, QWidget

    from briefing.ui.pyside import viewport_of

    for cls in (QTextBrowser, QListView, QTreeView, QScrollArea):
        area = cls()
        qtbot.addWidget(area)
        assert viewport_of(area) is area.viewport()
    # A viewport set from Python, with another name, is still the one found.
    area = QScrollArea()
    qtbot.addWidget(area)
    mine = QWidget()
    mine.setObjectName("mine")
    area.setViewport(mine)
    assert viewport_of(area) is mine

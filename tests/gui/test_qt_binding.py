"""The Qt binding in use keeps Python's reference counts straight (PySide6 6.12.0 does not).

With PySide6 6.12.0 on Python 3.11 every call of a void Qt method took a reference from None;
after some thousands of calls (a few minutes of use) the interpreter aborted with
"none_dealloc". pyproject.toml excludes that release; this test notices if it comes back.
"""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.gui


def test_void_qt_calls_leave_none_refcount_alone(qapp):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        label.setVisible(False)
    # Other code may take or drop a few references meanwhile; a leak is one per call.
    assert sys.getrefcount(None) - before > -100

"""A worker thread outlives the widget that started it: deleting a dialog mid-export must not
destroy a running QThread (Qt aborts the process), and quitting waits for what still runs."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QDialog

from briefing.ui import threads

pytestmark = pytest.mark.gui


class _Blocked(QThread):
    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        self.release.set()

    def run(self) -> None:
        self.release.wait(10)


def test_a_running_worker_survives_its_widget_and_stop_all_cancels_it(qtbot):
    release = threading.Event()
    owner = QDialog()
    worker = _Blocked(release)
    worker.setParent(owner)
    threads.keep_until_finished(worker, worker.cancel)
    assert worker.parent() is None  # no longer the widget's child
    worker.start()
    del worker
    owner.deleteLater()  # the widget goes while its worker still runs: no abort
    qtbot.wait(50)
    assert threads.running() == 1
    threads.stop_all()
    assert threads.running() == 0
    assert release.is_set()

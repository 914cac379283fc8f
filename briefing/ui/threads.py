"""Worker threads kept alive until they finish, whatever happens to the window that started them.

Qt aborts the whole process ("QThread: Destroyed while thread is still running") when a QThread
object is deleted while its thread runs: a dialog closed or torn down mid-export, a window
deleted during a background import. So a worker is never owned by a widget: it is registered
here, with the objects its thread uses and how to cancel it, and dropped only once it has
finished. Before the application quits, `stop_all` cancels what still runs and waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QThread

_workers: list[tuple[QThread, Callable[[], None] | None, tuple[Any, ...]]] = []


def keep_until_finished(
    thread: QThread, cancel: Callable[[], None] | None = None, *keep: Any
) -> QThread:
    """Hold `thread` (and `keep`, the objects its thread works with) until it has finished."""
    _prune()
    thread.setParent(None)
    _workers.append((thread, cancel, keep))
    return thread


def running() -> int:
    """How many registered workers still run."""
    _prune()
    return len(_workers)


def stop_all(timeout_ms: int = 30_000) -> None:
    """Cancel every worker that still runs and wait for it (connected to aboutToQuit)."""
    _prune()
    for thread, cancel, _keep in list(_workers):
        if thread.isRunning():
            if cancel is not None:
                cancel()
            thread.quit()
            thread.wait(timeout_ms)
    _prune()


def _prune() -> None:
    # Dropped here, on the GUI thread, never from the finishing thread itself; an owner may
    # already have deleted a finished thread (deleteLater), which is then gone from Qt too.
    _workers[:] = [w for w in _workers if shiboken6.isValid(w[0]) and not w[0].isFinished()]

"""Python's cycle collector while Briefing starts.

A start allocates tens of thousands of objects that live as long as the process (our modules,
Qt's enums, which PySide6 builds as Python enums when a class is first touched, the record's
dataclasses) and makes next to no garbage cycles. With the default thresholds the collector ran
85 times before the first frame, 20-27 ms of a 600 ms start, and found nothing to free.

So from `import briefing` on, the youngest generation is collected only after START_ALLOCATIONS
allocations (none before the first frame of the Lima record: a start makes about 50,000); the
collector still runs, so a process that never shows a window (the command line) keeps its
memory bounded. The main window calls `end_start()` once the panes it builds after its
first frame are there, and the defaults return.
"""

from __future__ import annotations

import gc
import threading

START_ALLOCATIONS = 100_000

_lock = threading.Lock()
_defaults: tuple[int, ...] | None = None


def begin_start() -> None:
    """Collect the youngest generation rarely until `end_start()`."""
    global _defaults
    with _lock:
        if _defaults is not None:
            return
        current = gc.get_threshold()
        if current[0] == 0 or current[0] >= START_ALLOCATIONS:  # disabled, or already rarer
            return
        _defaults = current
        gc.set_threshold(START_ALLOCATIONS, *current[1:])


def end_start() -> None:
    """The thresholds as they were before `begin_start()`; nothing if the start is over."""
    global _defaults
    with _lock:
        if _defaults is None:
            return
        # Unless someone else changed them meanwhile: theirs stand.
        if gc.get_threshold()[0] == START_ALLOCATIONS:
            gc.set_threshold(*_defaults)
        _defaults = None


def starting() -> bool:
    """True between `begin_start()` and `end_start()`."""
    return _defaults is not None

"""Two costs PySide6 puts on a start, and how the window avoids them (issue 18).

- After PySide6 is imported, every `import` statement passes through its `__feature__` hook, and
  the first import of each module name reads that module's whole source to see whether it
  mentions PySide6 (`shibokensupport.feature._mod_uses_pyside`): typing.py, logging, os, re,
  dataclasses and every module of ours, about 55 files and 17-20 ms before the first frame.
  Briefing selects no feature, so the answer changes nothing; `skip_feature_scans` gives it for
  the modules whose answer is known without reading them: Python's own (they never use PySide6,
  "ignore") and Briefing's ("uses PySide6, no feature", the hook's default, and what Briefing
  always wants). Anything else is still read as PySide6 reads it. If a PySide6 release keeps
  its table elsewhere, nothing is filled and every module is read as before.
- `QAbstractScrollArea.viewport()` returns a QWidget that Qt made. The first such pointer makes
  PySide6 try every QtWidgets class for its type, creating 77 classes and their enums: 25-30 ms.
  `viewport_of` finds the same widget by the object name Qt gives every viewport, a lookup that
  converts by the object's own class name: 0.1 ms.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# PySide6's values (shibokensupport/feature.py): 0 uses PySide6 with no feature, -1 ignore.
_USES_PYSIDE_NO_FEATURE = 0
_IGNORE = -1
# The object name QAbstractScrollArea gives its viewport (qabstractscrollarea.cpp).
VIEWPORT_OBJECT_NAME = "qt_scrollarea_viewport"


def _feature_table() -> dict[str, Any] | None:
    feature = sys.modules.get("shibokensupport.feature") or sys.modules.get(
        "PySide6.support.feature"
    )
    table = getattr(feature, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def _package_modules(package_dir: str, prefix: str) -> list[str]:
    names = [prefix]
    with os.scandir(package_dir) as entries:
        for entry in entries:
            if entry.name.endswith(".py"):
                if entry.name != "__init__.py":
                    names.append(f"{prefix}.{entry.name[:-3]}")
            elif entry.is_dir() and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                names.extend(_package_modules(entry.path, f"{prefix}.{entry.name}"))
    return names


def skip_feature_scans() -> int:
    """Tell PySide6's import hook what it would read from the standard library's and Briefing's
    sources; returns how many names were filled in (0 without PySide6's table)."""
    table = _feature_table()
    if table is None:
        return 0
    import briefing

    stdlib = sys.stdlib_module_names
    # Python's top-level modules, imported yet or not, and the submodules already loaded.
    ignore = set(stdlib) | {n for n in sys.modules if n.partition(".")[0] in stdlib}
    ours = _package_modules(os.path.dirname(briefing.__file__), "briefing")
    filled = 0
    for names, value in ((ignore, _IGNORE), (ours, _USES_PYSIDE_NO_FEATURE)):
        for name in names:
            if name not in table:
                table[name] = value
                filled += 1
    return filled


def viewport_of(area: Any) -> Any:
    """`area.viewport()`, without PySide6's search for the type of a widget Qt made."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    found = area.findChild(QWidget, VIEWPORT_OBJECT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else area.viewport()

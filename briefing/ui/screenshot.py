"""Render the main window on the Lima record to a PNG (docs/screenshot-main-window.png).

Run under a real X server so fonts and styles are the desktop's:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m briefing.ui.screenshot OUT.png
It uses a temporary BRIEFING_HOME, so no profile is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from briefing.startup import open_library


def dark_palette() -> Any:
    """A dark Fusion palette, to check that nothing in the panes hard-codes light colours."""
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#2b2d30"),
        (roles.WindowText, "#dfe1e5"),
        (roles.Base, "#1e1f22"),
        (roles.AlternateBase, "#26282b"),
        (roles.Text, "#dfe1e5"),
        (roles.Button, "#2b2d30"),
        (roles.ButtonText, "#dfe1e5"),
        (roles.Highlight, "#2f65ca"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#6ea6ff"),
        (roles.PlaceholderText, "#8c8f94"),
        (roles.ToolTipBase, "#3c3f41"),
        (roles.ToolTipText, "#dfe1e5"),
    ):
        pal.setColor(role, QColor(color))
    return pal


def _annotate_for_show() -> None:
    """Two stances on Lima's conclusions, so the picture shows what annotations look like."""
    from briefing.domain import Stance
    from briefing.storage import annotations as store

    library = open_library()
    try:
        record_id = library.latest_record_id()
        if record_id is None:
            return
        record = library.record(record_id)
        wanted = {"__para_10__point_c": Stance.SUPPORT, "__para_10__point_d": Stance.CONCERN}
        for conclusion in record.conclusions:
            for suffix, stance in wanted.items():
                if conclusion.eid.endswith(suffix):
                    note = store.new_annotation(library, record_id, conclusion.eid)
                    note.stance = stance
                    store.save_annotation(library, note)
    finally:
        library.close()


def take(
    out: Path,
    width: int = 1560,
    height: int = 940,
    process: str = "Global Forum on Migration",
    dark: bool = False,
    demo_stances: bool = True,
) -> Path:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from briefing.app import build_window, create_application
    from briefing.ui.models import item_key

    app = create_application([])
    if demo_stances:
        from briefing import preferences

        # A delegate's name signs the annotations, as after the first run (never "root").
        preferences.save(preferences.Preferences("Ana Pérez", "Delegation of Peru"))
        _annotate_for_show()
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    library = open_library()
    try:
        window = build_window(library)
        window.resize(width, height)
        window.show()
        while not window.start_complete():  # the panes built after the first frame, laid out
            app.processEvents()
        record = window.record
        if record is not None:
            entity = next(
                (e for e in record.processes if e.name.startswith(process)),
                record.processes[0] if record.processes else None,
            )
            if entity is not None:
                window.select_item(entity)
                window.processes.select_key(item_key(entity))
                # Follow a citation to a lettered point: it shows the structure best.
                marked = window.document.stances()
                points = [i for i, e in enumerate(entity.mentions) if e in marked]
                points += [i for i, e in enumerate(entity.mentions) if "__point_" in e]
                if points or entity.mentions:
                    window.detail.activate_citation(points[0] if points else 0)
        for _ in range(5):
            app.processEvents()
        QTimer.singleShot(300, app.quit)
        app.exec()
        pixmap = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(out), "PNG"):
            raise SystemExit(f"cannot write {out}")
        window.close()
    finally:
        library.close()
    del QApplication
    return out


def take_pane(
    out: Path, record_file: Path, pane: str, select: str = "", width: int = 1560, height: int = 940
) -> Path:
    """The window on a record imported from `record_file`, with one pane raised and, when
    `select` is given, its first row whose text starts with it selected (docs/panes.md)."""
    from PySide6.QtCore import QTimer

    from briefing import preferences
    from briefing.app import build_window, create_application
    from briefing.startup import import_file

    app = create_application([])
    preferences.save(preferences.Preferences("Ana Pérez", "Delegation of Peru"))
    library = open_library()
    try:
        record_id, _created, _warnings = import_file(library, record_file)
        window = build_window(library)
        window.resize(width, height)
        window.show()
        window.open_record(record_id)
        window.docks[pane].show()
        window.docks[pane].raise_()
        tree = getattr(window, pane)
        proxy = tree.proxy
        rows = [
            proxy.index(r, 0, proxy.index(g, 0))
            for g in range(proxy.rowCount())
            for r in range(proxy.rowCount(proxy.index(g, 0)))
        ]
        chosen = next((i for i in rows if select and str(i.data()).startswith(select)), None)
        if chosen is not None:
            tree.view.setCurrentIndex(chosen)  # selects as a click does: the Detail follows
        for _ in range(5):
            app.processEvents()
        QTimer.singleShot(300, app.quit)
        app.exec()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise SystemExit(f"cannot write {out}")
        window.close()
    finally:
        library.close()
    return out


def main(argv: list[str]) -> int:
    """OUT.png [--dark] | OUT.png --record FILE --pane NAME [--select TEXT] [--size WxH]"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m briefing.ui.screenshot")
    parser.add_argument("out", nargs="?", default="docs/screenshot-main-window.png")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--record", type=Path, help="import this document and show it")
    parser.add_argument("--pane", default="conclusions", help="the dock to raise")
    parser.add_argument("--select", default="", help="select the row starting with this")
    parser.add_argument("--size", default="1560x940")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    out = Path(args.out).resolve()
    with tempfile.TemporaryDirectory(prefix="briefing-shot-") as home:
        os.environ["BRIEFING_HOME"] = home
        if args.record is not None:
            take_pane(out, args.record.resolve(), args.pane, args.select, width, height)
        else:
            take(out, width, height, dark=args.dark)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

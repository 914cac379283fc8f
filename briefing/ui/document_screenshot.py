"""Render the Document pane alone on a document's text to a PNG, scrolled to a place.

For the pictures in docs/ of each kind of document (docs/document-kinds.md):
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m briefing.ui.document_screenshot \\
        tests/fixtures/samples/s-pv-7138-sc-ukraine-draft-resolution-vetoed-2014.txt OUT.png [EID]
The record is parsed, not stored, so no library or profile is touched.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from briefing.importer import read_document
    from briefing.ui.document_view import DocumentView

    if len(argv) not in (2, 3):
        print("usage: document_screenshot TEXT OUT.png [EID]", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])
    view = DocumentView()
    view.resize(1000, 900)
    view.set_record(read_document(Path(argv[0])))
    view.show()
    app.processEvents()
    if len(argv) == 3 and view.show_place(argv[2]):
        view.clear_highlight()
    app.processEvents()
    return 0 if view.grab().save(argv[1]) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

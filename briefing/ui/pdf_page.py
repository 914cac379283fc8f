"""The official PDF at a place's page: the record's kept source, rendered offline as a page image.

A delegate checks a paragraph against the document as issued (its layout, a table, a signature)
without a network or a PDF viewer: PDFium (pypdfium2, already the importer's reader) renders
the page; "Open in PDF viewer" hands the same bytes to the system's viewer.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing import atomic, paths

RENDER_SCALE = 1.5  # 108 dpi: a page reads at laptop size without zooming


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium  # loaded when a page is shown, not at start

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def render_page(data: bytes, page: int, scale: float = RENDER_SCALE) -> QImage:
    """Page `page` (1-based) of a PDF as an image; ValueError for a page it does not have."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"the PDF has no page {page} (it has {len(document)})")
        bitmap = document[page - 1].render(scale=scale, rev_byteorder=True)
        channels = bitmap.n_channels
        fmt = QImage.Format.Format_RGB888 if channels == 3 else QImage.Format.Format_RGBA8888
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()  # own the pixels: the buffer goes with the bitmap
    finally:
        document.close()


def viewer_copy(data: bytes, name: str) -> Any:
    """The PDF written (atomically) to the cache, for the system viewer to open."""
    folder = paths.cache_dir() / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.\-]+", "_", name) or "document.pdf"
    target = folder / (safe if safe.lower().endswith(".pdf") else f"{safe}.pdf")
    atomic.write_atomically(target, data)
    return target


class PdfPageDialog(QDialog):
    """One page of a record's official PDF, with Previous/Next and the system viewer."""

    def __init__(
        self, data: bytes, page: int, title: str, name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._data = data
        self._name = name
        self._title = title
        self._pages = page_count(data)
        self.page = max(1, min(page, self._pages))
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName("Page")
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.previous = QPushButton("&Previous page")
        self.next = QPushButton("&Next page")
        self.previous.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        self.next.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        viewer = QPushButton("Open in PDF &viewer")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.previous, self.next, viewer):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        viewer.clicked.connect(self.open_in_viewer)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(980, 900)
        self.show_page(self.page)

    def show_page(self, page: int) -> None:
        self.page = max(1, min(page, self._pages))
        self.image.setPixmap(QPixmap.fromImage(render_page(self._data, self.page)))
        # The window title is plain text; the record's title is the document's, never markup.
        self.setWindowTitle(f"{self._title} — page {self.page} of {self._pages}")
        self.previous.setEnabled(self.page > 1)
        self.next.setEnabled(self.page < self._pages)

    def open_in_viewer(self) -> bool:
        path = viewer_copy(self._data, self._name)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

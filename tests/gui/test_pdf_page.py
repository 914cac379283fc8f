"""The official PDF's page, rendered offline from the record's kept source."""

from __future__ import annotations

import io

import pytest

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform says so when a window is shown before the one under test.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def _pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter, invariant=1)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(72, 700 - 60 * n, f"Page {n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _ink(image) -> set[int]:
    """The rows of an image that hold dark pixels (where the text is)."""
    return {
        y
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 8)
        if image.pixelColor(x, y).lightness() < 100
    }


def test_a_page_renders_at_its_size_with_its_own_text(qtbot) -> None:
    from briefing.ui.pdf_page import RENDER_SCALE, render_page

    data = _pdf(3)
    first, second = render_page(data, 1), render_page(data, 2)
    assert (first.width(), first.height()) == (round(612 * RENDER_SCALE), round(792 * RENDER_SCALE))
    assert _ink(first) and _ink(second)
    assert min(_ink(second)) > min(_ink(first))  # "Page 2" stands lower on its page
    with pytest.raises(ValueError, match="no page 4"):
        render_page(data, 4)


def test_the_dialog_pages_through_and_hands_the_file_to_the_viewer(
    qtbot, briefing_home, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from briefing.ui.pdf_page import PdfPageDialog

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    data = _pdf(2)
    dialog = PdfPageDialog(data, 9, "<b>S/2023/664</b>", "S_2023_664 carta.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page == 2 and not dialog.next.isEnabled() and dialog.previous.isEnabled()
    assert dialog.windowTitle() == "<b>S/2023/664</b> — page 2 of 2"
    dialog.previous.click()
    assert dialog.page == 1 and not dialog.previous.isEnabled()
    assert dialog.open_in_viewer()
    (url,) = opened
    assert url.toLocalFile().endswith("S_2023_664_carta.pdf")
    with open(url.toLocalFile(), "rb") as handle:
        assert handle.read() == data


PDFS = __import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "records" / "pdfs"
LETTER = PDFS / "S_2023_664-ES-carta-egipto-presa-renacimiento-anexo.pdf"


@pytest.mark.skipif(not LETTER.is_file(), reason="no ../shared/records/pdfs beside this clone")
def test_the_window_opens_the_official_pdf_at_the_page_of_the_place(
    qtbot, window, library, monkeypatch
) -> None:
    from briefing import startup
    from briefing.ui.pdf_page import PdfPageDialog

    shown: list[tuple[int, str]] = []
    monkeypatch.setattr(PdfPageDialog, "exec", lambda self: shown.append((self.page, self._name)))
    record_id, _created, _warnings = startup.import_file(library, LETTER)
    window.refresh_records()
    window.open_record(record_id)
    record = library.record(record_id)
    later = next(p for p in record.places() if p.page and p.page > 1)
    window.go_to_place(later.eid)
    assert window.document.highlighted_place() == later.eid
    window.act_official_pdf.trigger()
    assert shown == [(later.page, LETTER.name)]


def test_a_record_from_text_has_no_official_pdf_to_show(qtbot, window) -> None:
    assert window.official_pdf_page() is None
    window.act_official_pdf.trigger()
    assert "not imported from its official PDF" in window.statusBar().currentMessage()

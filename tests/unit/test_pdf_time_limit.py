"""A PDF crafted to hang inside one page is stopped at the time limit (briefing/importer/pdf.py
reads the text layer in a child process and kills it), with one line and the database as it
was."""

from __future__ import annotations

import io
import multiprocessing
import time
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from briefing import cli
from briefing.domain import DocumentError
from briefing.importer import pdf


def slow_pdf(runs: int = 100_000) -> bytes:
    """One page of `runs` one-letter text objects: PDFium and the line builder take many
    minutes over it (measured: more than ten), far past any limit, all inside one page."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, pageCompression=1)
    page.setFont("Helvetica", 1)
    for k in range(runs):
        text = page.beginText((k % 600) * 1.0, (k // 600) % 800 * 1.0)
        text.textOut("x")
        page.drawText(text)
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def hanging_pdf() -> bytes:
    return slow_pdf()


def test_a_page_that_takes_forever_is_stopped_at_the_limit(
    hanging_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pdf.TIME_LIMIT_VARIABLE, "2")
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        pdf.record_text_from_pdf(hanging_pdf, "crafted.pdf")
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert message.startswith("crafted.pdf: reading the PDF took longer than 2 s")
    # Stopped inside the page (the child killed), not between pages.
    assert "inside a page" in message
    # The limit, plus the reader's start (a fork server's first start on a loaded machine).
    assert elapsed < 2 + 30, elapsed
    assert not [c for c in multiprocessing.active_children() if c.is_alive()]


def test_the_limit_comes_from_the_environment_or_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(pdf.TIME_LIMIT_VARIABLE, raising=False)
    assert pdf.time_limit() == pdf.TIME_LIMIT_SECONDS
    monkeypatch.setenv(pdf.TIME_LIMIT_VARIABLE, "0.5")
    assert pdf.time_limit() == 0.5
    monkeypatch.setenv(pdf.TIME_LIMIT_VARIABLE, "soon")
    assert pdf.time_limit() == pdf.TIME_LIMIT_SECONDS


def test_a_normal_pdf_reads_within_a_short_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, "United Nations")
    page.drawString(72, 700, "A/81/1")
    page.showPage()
    page.save()
    monkeypatch.setenv(pdf.TIME_LIMIT_VARIABLE, "20")
    text = pdf.record_text_from_pdf(buffer.getvalue(), "short.pdf")
    assert "A/81/1" in text.text and text.pages == 1


def test_the_cli_refuses_the_hanging_pdf_in_one_line_and_keeps_the_database(
    hanging_pdf: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(pdf.TIME_LIMIT_VARIABLE, "1")
    db = tmp_path / "b.sqlite3"
    assert cli.main(["records", "--db", str(db)]) == 0
    before = db.read_bytes()
    capsys.readouterr()
    path = tmp_path / "crafted.pdf"
    path.write_bytes(hanging_pdf)
    assert cli.main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert str(path) in err and "took longer than 1 s" in err
    assert db.read_bytes() == before

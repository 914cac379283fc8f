"""Official PDFs: the shared UN PDFs against their pdftotext text, and broken PDFs we make."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from briefing import cli
from briefing.domain import DocumentError, Record
from briefing.importer import parse_text, pdf, read_document

REPO = Path(__file__).resolve().parents[2]
SHARED_PDFS = REPO.parent / "shared" / "records" / "pdfs"
PDFS = sorted(SHARED_PDFS.glob("*.pdf"))
needs_shared = pytest.mark.skipif(
    not SHARED_PDFS.is_dir(), reason="no ../shared/records/pdfs beside this clone"
)


def _numbers(record: Record) -> list[str]:
    return [para.number for _, para in record.paragraphs() if para.number]


def _points(record: Record) -> int:
    return sum(len(para.walk_points()) for _, para in record.paragraphs())


def _kinds(record: Record) -> list[str]:
    return [part.kind.value for part in record.parts]


# ------------------------------------------------------------------ the shared official PDFs


@needs_shared
def test_the_shared_pdfs_are_there() -> None:
    assert len(PDFS) >= 9


@needs_shared
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem[:40])
def test_a_pdf_reads_at_least_as_well_as_its_pdftotext_text(path: Path) -> None:
    from_text = parse_text(path.with_suffix(".txt").read_text(encoding="utf-8"), path.name)
    from_pdf = read_document(path)
    assert from_pdf.symbol == from_text.symbol
    assert from_pdf.title == from_text.title
    assert from_pdf.date == from_text.date
    assert (from_pdf.organ, from_pdf.session) == (from_text.organ, from_text.session)
    # Every kind of part the text shows (letter, annex, ...) is there, in its order.
    kinds = iter(_kinds(from_pdf))
    assert all(kind in kinds for kind in _kinds(from_text)), (_kinds(from_text), _kinds(from_pdf))
    # Every numbered paragraph, point and footnote the text gives, the PDF gives too.
    assert Counter(_numbers(from_pdf)) >= Counter(_numbers(from_text))
    assert _points(from_pdf) >= _points(from_text)
    markers = Counter(f.marker for f in from_pdf.footnotes)
    assert markers >= Counter(f.marker for f in from_text.footnotes)
    signatures = [s.name for s in from_text.signatories]
    assert [s.name for s in from_pdf.signatories] == signatures


@needs_shared
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem[:40])
def test_every_paragraph_point_and_footnote_knows_its_page(path: Path) -> None:
    record = read_document(path)
    pages = len(PdfReader(path).pages)
    seen = [para.page for _, para in record.paragraphs()]
    assert all(page is not None and 1 <= page <= pages for page in seen)
    assert seen == sorted(seen), "pages go forward through the document"
    for _, para in record.paragraphs():
        assert all(p.page is not None and p.page >= para.page for p in para.walk_points())
    assert all(note.page is not None and 1 <= note.page <= pages for note in record.footnotes)


@needs_shared
def test_a_page_is_where_the_paragraph_is_printed() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_RES_68_262")]
    record = read_document(path)
    operative = {para.number: para.page for _, para in record.paragraphs() if para.number}
    # The preamble fills page 1; the operative paragraphs start on page 2.
    assert operative["1"] == 2
    assert {note.marker: note.page for note in record.footnotes} == {"1": 1, "2": 1}


@needs_shared
def test_a_verbatim_record_is_read_column_by_column() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("S_PV_8698")]
    text = pdf.record_text_from_pdf(path.read_bytes(), path.name).text
    # The left column's sentence goes on in the left column, not across the gutter.
    assert "The President: As this is the first formal meeting\nof the Security Council" in text
    assert "08/01/2020" not in text  # the running header's date, dropped by position
    assert text.count("\f") == 17


@needs_shared
def test_superscript_marks_and_footnotes_at_the_page_foot() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_RES_68_262")]
    record = read_document(path)
    cited = {note.marker: note.cited_in for note in record.footnotes}
    # Mark 1 is raised after "1994,", mark 2 after "31 May 1997": from plain text a figure
    # after a year cannot be told from a number; raised in the PDF, it is a mark.
    # Both in the fourth preambular paragraph (PP4: the formula is not a paragraph).
    assert cited == {"1": ["body__preamble__para_4"], "2": ["body__preamble__para_4"]}
    assert "1997 and the Alma-Ata" in record.find("body__preamble__para_4").text
    assert record.footnote("1").text == "A/49/765, annex I."


@needs_shared
def test_the_spanish_letter_reads_as_a_letter_with_its_annex() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("S_2023_664")]
    record = read_document(path)
    # The organ is named as in every language's record ("Consejo de Seguridad" is read as the
    # Security Council), so filters and kinds hold across languages; the language is kept.
    assert (record.symbol, record.organ, record.distribution) == (
        "S/2023/664",
        "Security Council",
        "General",
    )
    assert (record.date, record.original_language, record.language) == (
        dt.date(2023, 9, 13),
        "Inglés",
        "es",
    )
    assert record.title.startswith("Carta de fecha 12 de septiembre de 2023 dirigida a la")
    letter, annex = record.parts
    assert (letter.kind, annex.kind) == ("letter", "annex")
    assert annex.title.startswith("Anexo de la carta de fecha 12 de septiembre de 2023")
    assert [s.name for s in record.signatories] == ["Osama Abdelkhalek", "Sameh Shoukry"]
    assert len(letter.paragraphs) == 2
    assert annex.paragraphs[0].text.startswith("Por cuarto año consecutivo, informo")
    assert annex.paragraphs[0].page == 2


@needs_shared
def test_a_report_reads_as_its_sections_and_annex_not_its_contents() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_HRC_14_15")]
    record = read_document(path)
    # Sections are headings inside the body (issue 14), never parts; the contents page is gone.
    assert _kinds(record) == ["body", "annex"]
    headings = [p.text for p in record.parts[0].paragraphs if p.role == "heading"]
    assert [h.split(".")[0] for h in headings if h[:2] in ("I.", "II", "II.")][:3] == [
        "I",
        "II",
        "III",
    ]


@needs_shared
def test_an_indented_line_begins_a_paragraph() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_79_785")]
    annex = read_document(path).parts[1]
    # In the pdftotext text this paragraph runs on from the one before; the PDF indents it.
    starts = [para.text[:40] for para in annex.paragraphs]
    assert "Panelists looked at the examples of “pre" in starts


@needs_shared
def test_a_title_set_larger_stands_apart_from_the_text() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_RES_ES-11_2")]
    record = read_document(path)
    assert record.parts[0].paragraphs[0].text == "The General Assembly,"


def test_the_text_form_marks_a_raised_mark_with_u2060() -> None:
    text = (
        "General Assembly\n"
        "Recalling the Treaty of 31 May 1997{mark}2 and the Declaration,\n"
        "_______________\n"
        "2\n"
        "A/52/174, annex I.\n"
    )
    raised = parse_text(text.format(mark="\u2060"), "x.txt")
    assert raised.footnote("2").cited_in == [raised.parts[0].paragraphs[0].eid]
    assert raised.parts[0].paragraphs[0].text == (
        "Recalling the Treaty of 31 May 1997 and the Declaration,"
    )


def test_the_text_form_marks_a_paragraph_start_with_u2029() -> None:
    wrapped = (
        "General Assembly\n"
        "The first paragraph of the text runs over two lines and ends here in a full stop at\n"
        "the very end of its second line, which is as long as the first line of the text.\n"
        "{mark}It goes on here after a paragraph break that the line widths cannot show\n"
        "because the line above is nearly full.\n"
    )
    joined = parse_text(wrapped.format(mark=""), "x.txt")
    marked = parse_text(wrapped.format(mark="\u2029"), "x.txt")
    assert len(marked.parts[0].paragraphs) == len(joined.parts[0].paragraphs) + 1
    assert marked.parts[0].paragraphs[-1].text.startswith("It goes on here")


@needs_shared
def test_english_documents_say_they_are_in_english() -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_RES_68_262")]
    assert read_document(path).language == "en"


def test_text_imports_have_no_pages(lima_text: str) -> None:
    record = parse_text(lima_text, "lima.txt")
    assert all(para.page is None for _, para in record.paragraphs())


@needs_shared
def test_import_a_pdf_on_the_command_line(tmp_path: Path) -> None:
    (path,) = [p for p in PDFS if p.name.startswith("A_RES_68_262")]
    db = tmp_path / "b.sqlite3"
    env = {**os.environ, "BRIEFING_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "briefing", "import", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "briefing", "show", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert "A/RES/68/262" in shown.stdout
    assert "Territorial integrity of Ukraine" in shown.stdout
    assert "Language: en" in shown.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "briefing", "show", "--json", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    record = json.loads(as_json.stdout)
    # The pages survive the store: the operative paragraphs are on page 2.
    numbered = [p for part in record["parts"] for p in part["paragraphs"] if p["number"]]
    assert numbered[0]["number"] == "1" and numbered[0]["page"] == 2


# ------------------------------------------------------------------------------ bad PDFs


def _pdf(
    pages: int = 1, text: str | None = "1. A paragraph of text.", head: str = "General Assembly"
) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    for _ in range(pages):
        if text is None:
            page.rect(100, 100, 300, 400, fill=1)  # a scan: marks on the page, no text
        else:
            page.drawString(72, 760, head)
            page.drawString(72, 700, text)
        page.showPage()
    page.save()
    return out.getvalue()


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_pdf()))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _import_fails(tmp_path: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> str:
    """Import through the CLI: it must fail with one line and leave the database as it was."""
    db = tmp_path / "b.sqlite3"
    assert cli.main(["records", "--db", str(db)]) == 0
    before = db.read_bytes()
    capsys.readouterr()
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    assert cli.main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert str(path) in err
    assert db.read_bytes() == before
    return err


def test_is_pdf() -> None:
    assert pdf.is_pdf(_pdf())
    assert not pdf.is_pdf(b"General Assembly\n" + b" " * 2000 + b"%PDF- far down a text")
    assert not pdf.is_pdf(b"")


def test_an_encrypted_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "encrypted" in _import_fails(tmp_path, _encrypted(), capsys)


def test_an_image_only_pdf_needs_ocr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _import_fails(tmp_path, _pdf(text=None), capsys)
    assert "no text layer" in err and "OCR" in err


def test_a_damaged_pdf_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _pdf()
    assert "damaged PDF" in _import_fails(tmp_path, data[:200], capsys)


def test_a_pdf_over_the_page_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    assert "3 pages; the limit is 2" in _import_fails(tmp_path, _pdf(pages=3), capsys)


def test_a_pdf_over_the_size_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1000)
    assert "PDF too large" in _import_fails(tmp_path, _pdf(), capsys)


def test_extraction_stops_at_its_time_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "TIME_LIMIT_SECONDS", -1.0)
    assert "took longer than" in _import_fails(tmp_path, _pdf(pages=2), capsys)


def test_a_pdf_that_is_no_un_document_is_refused_like_a_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _pdf(text="Eggs, milk and bread.", head="Shopping list")
    assert "not a UN document" in _import_fails(tmp_path, data, capsys)


def test_record_text_from_pdf_raises_document_error_naming_the_source() -> None:
    with pytest.raises(DocumentError, match=r"^x\.pdf: damaged PDF"):
        pdf.record_text_from_pdf(b"%PDF-1.4\n garbage", "x.pdf")

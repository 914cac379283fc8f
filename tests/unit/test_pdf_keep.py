"""A heading is kept with the start of its table, not with the whole table (export/pdf_keep.py).

Read back from real PDFs built with reportlab: a table shorter than a page but longer than the
room left below its heading starts under the heading on this page and runs on to the next (it
used to move whole and leave the page empty); with no room for the table's first rows, heading
and table go to the next page together, and the heading is never left alone at a page's foot.
The Lima note's processes and organizations, exported for real, start where the room allows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from briefing.export.pdf import ExportOptions, export_pdf
from briefing.export.pdf_keep import RoomForTableStart, keep_heading_with_table_start
from briefing.importer import default_record

HEADING = ParagraphStyle("h", fontSize=14, leading=18, spaceBefore=6, spaceAfter=6, keepWithNext=1)
CELL = ParagraphStyle("cell", fontSize=9, leading=11)


def _table(rows: int) -> Table:
    data = [[Paragraph("Name", CELL), Paragraph("Where", CELL)]]
    data += [[Paragraph(f"Row {n} name", CELL), Paragraph(f"place {n}", CELL)] for n in range(rows)]
    return Table(data, colWidths=[200, 200], repeatRows=1)


def _pages(tmp_path: Path, filler_height: float, kept: bool, rows: int = 35) -> list[str]:
    heading = Paragraph("The heading", HEADING)
    table = _table(rows)
    story = [Spacer(1, filler_height)]
    story += keep_heading_with_table_start(heading, table) if kept else [heading, table]
    pdf = tmp_path / f"keep-{filler_height}-{kept}.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build(story)
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_a_table_that_runs_on_starts_under_its_heading(tmp_path: Path) -> None:
    # 35 rows take about half a page: below a filler of 60 % they do not all fit.
    pages = _pages(tmp_path, 430, kept=True)
    assert "The heading" in pages[0]
    assert "Row 0 name" in pages[0]
    assert "Row 34 name" in pages[1]
    assert "Name" in pages[1]  # the head repeated where the table runs on


def test_the_whole_table_moved_before_this(tmp_path: Path) -> None:
    # The check above must be able to fail: reportlab's own keepWithNext carries it all over.
    pages = _pages(tmp_path, 430, kept=False)
    assert "The heading" not in pages[0]
    assert "The heading" in pages[1]


def test_no_room_for_the_first_rows_moves_heading_and_table_together(tmp_path: Path) -> None:
    # Room for the heading and the head row, not for two rows more.
    probe = RoomForTableStart(Paragraph("The heading", HEADING), _table(35))
    frame_height = A4[1] - 2 * 72 - 12  # SimpleDocTemplate's margins and frame padding
    room = probe.needed(A4[0] - 2 * 72 - 12) - 5
    pages = _pages(tmp_path, frame_height - room, kept=True)
    assert "The heading" not in pages[0]
    assert "The heading" in pages[1] and "Row 0 name" in pages[1]


@pytest.mark.parametrize("rows", [0, 1])
def test_a_table_with_fewer_rows_than_kept(tmp_path: Path, rows: int) -> None:
    pages = _pages(tmp_path, 100, kept=True, rows=rows)
    assert "The heading" in pages[0] and "Name" in pages[0]


def test_the_lima_note_leaves_no_half_page_before_a_table(tmp_path: Path) -> None:
    out = tmp_path / "lima.pdf"
    export_pdf([(default_record(), [])], ExportOptions(deterministic=True), out)
    pages = [page.extract_text() for page in PdfReader(out).pages]

    def page_of(heading: str) -> int:  # the page where the section starts (not the contents)
        line = re.compile(rf"^{heading}\s*$", re.MULTILINE)
        return next(
            i for i, text in enumerate(pages) if "Contents" not in text and line.search(text)
        )

    # The brief fills less than half its page: the processes start below it, not on a new page.
    assert page_of("Processes") == page_of("The meeting in brief")

"""Citations with the official PDF's page: "A/68/151, annex, para. 10 (c), p. 5"."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.domain.model import Paragraph, Part, PartKind, Point, Record
from briefing.importer import parse_text
from briefing.importer.pdf import record_from_pdf

PDFS = Path("/work/shared/records/pdfs")


def annexed_record(*, para_page: int | None, point_page: int | None) -> Record:
    point_c = Point(label="c", eid="annex_1__para_10__point_c", text="to report", page=point_page)
    point_c.points.append(Point(label="ii", eid="annex_1__para_10__point_c__point_ii", text="x"))
    para = Paragraph(number="10", eid="annex_1__para_10", text="Decides:", page=para_page)
    para.points.append(point_c)
    return Record(
        title="Letter",
        symbol="A/68/151",
        parts=[
            Part(kind=PartKind.LETTER, eid="letter", title="Letter"),
            Part(kind=PartKind.ANNEX, eid="annex_1", title="Annex", paragraphs=[para]),
        ],
    )


def test_a_point_with_its_page_cites_it() -> None:
    record = annexed_record(para_page=4, point_page=5)
    eid = "annex_1__para_10__point_c"
    assert record.citation(eid, with_symbol=True, with_page=True) == (
        "A/68/151, Annex, para. 10 (c), p. 5"
    )
    # Without the option, the citation is as before.
    assert not record.citation(eid, with_symbol=True).endswith("p. 5")
    assert record.citation(eid, with_page=True) == f"{record.citation(eid)}, p. 5"


def test_a_point_without_a_page_takes_its_paragraphs() -> None:
    record = annexed_record(para_page=4, point_page=None)
    assert record.citation("annex_1__para_10__point_c", with_page=True).endswith(", p. 4")
    # A sub-point takes the page of the point it stands in, when that one knows it.
    record = annexed_record(para_page=4, point_page=6)
    assert record.citation("annex_1__para_10__point_c__point_ii", with_page=True).endswith(
        "(c) (ii), p. 6"
    )


def test_a_place_without_a_page_cites_no_page() -> None:
    record = annexed_record(para_page=None, point_page=None)
    eid = "annex_1__para_10__point_c"
    assert record.citation(eid, with_page=True) == record.citation(eid)
    assert record.citation("no_such_place", with_page=True) == record.citation("no_such_place")


def test_a_record_from_text_has_no_pages_to_cite() -> None:
    text = (PDFS / "A_RES_68_262-territorial-integrity-of-ukraine.txt").read_text("utf-8")
    record = parse_text(text)
    eid = next(p.eid for _, p in record.paragraphs() if p.number)
    assert record.citation(eid, with_symbol=True, with_page=True) == record.citation(
        eid, with_symbol=True
    )


@pytest.mark.skipif(not PDFS.is_dir(), reason="needs the shared official PDFs")
def test_a_record_from_the_official_pdf_cites_the_page_it_is_printed_on() -> None:
    pdf = PDFS / "A_79_785-S_2025_94-letter-armenia-genocide-forum-annex.pdf"
    record = record_from_pdf(pdf.read_bytes(), pdf.name)
    annex = record.parts[1]
    para = annex.paragraphs[-1]
    assert para.page is not None and para.page >= 2
    assert record.citation(para.eid, with_symbol=True, with_page=True) == (
        f"{record.citation(para.eid, with_symbol=True)}, p. {para.page}"
    )

"""Text set in columns: grid tables kept as tables, two-column `pdftotext -layout` pages read
in order (briefing/importer/columns.py), through parse_text as an import does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.importer import columns, parse_text
from briefing.importer.pdf import record_from_pdf

PDFS = Path("/work/shared/records/pdfs")
FILLER = "the delegations considered the matter at length and with care, weighing every view"


def wrap(text: str, width: int = 78) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


MASTHEAD = "\n".join(
    [
        "United Nations",
        "A/81/412",
        "General Assembly",
        "Distr.: General",
        "3 September 2031",
        "Original: English",
        "Eighty-first session",
        "Item 19 of the provisional agenda",
        "Implementation of agreed commitments",
        "Report of the Secretary-General",
        "",
        wrap("1. The present report sets out the commitments agreed, as " + FILLER + "."),
        wrap("2. The matrix below lists each commitment, who leads it and by when, as " + FILLER)
        + ".",
        "",
    ]
)

# A matrix of agreed commitments as pdftotext -layout prints it: columns apart by runs of
# spaces, a row's first cell wrapped onto a second line, and a paragraph after it.
SPACE_MATRIX = """\
Table 1
Matrix of agreed commitments
Commitment                                   Lead entity              Target date
Strengthen national statistical systems      Statistical Commission   2033
  for migration data
Review remittance costs                      World Bank               2032
Report on progress to the Assembly           Secretary-General        2034

3. The Secretary-General will report again at the eighty-third session, as the delegations
considered the matter at length and with care, weighing every view.
"""

PIPE_MATRIX = """\
+--------------------------+-------------------+-------------+
| Commitment               | Lead entity       | Target date |
+==========================+===================+=============+
| Strengthen national      | Statistical       | 2033        |
| statistical systems      | Commission        |             |
+--------------------------+-------------------+-------------+
| Review remittance costs  | World Bank        | 2032        |
+--------------------------+-------------------+-------------+

3. The Secretary-General will report again at the eighty-third session, as the delegations
considered the matter at length and with care, weighing every view.
"""

BOX_OFFICERS = """\
┌────────────────┬──────────────────────────┐
│ Office         │ Holder                   │
├────────────────┼──────────────────────────┤
│ Chair          │ Mr. Alpha (Ruritania)    │
│ Vice-Chair     │ Ms. Beta (Borduria)      │
│ Rapporteur     │ Mr. Gamma (Syldavia)     │
└────────────────┴──────────────────────────┘

3. The Secretary-General will report again at the eighty-third session, as the delegations
considered the matter at length and with care, weighing every view.
"""


def test_a_matrix_set_apart_by_spaces_is_one_table_with_its_wrapped_row_whole() -> None:
    record = parse_text(MASTHEAD + SPACE_MATRIX)
    (table,) = record.tables
    assert table.rows == [
        ["Commitment", "Lead entity", "Target date"],
        [
            "Strengthen national statistical systems for migration data",
            "Statistical Commission",
            "2033",
        ],
        ["Review remittance costs", "World Bank", "2032"],
        ["Report on progress to the Assembly", "Secretary-General", "2034"],
    ]
    assert table.header_rows == 1
    assert table.title == "Matrix of agreed commitments"
    body = record.parts[0]
    numbers = [p.number for p in body.paragraphs if p.number]
    assert numbers == ["1", "2", "3"]
    # No cell leaked out as a paragraph of its own.
    assert not any("World Bank" in p.text for p in body.paragraphs if p.role != "table")
    assert body.paragraphs[-1].text.endswith("weighing every view.")


def test_a_grid_drawn_with_pipes_keeps_its_head_and_joins_the_lines_of_a_row() -> None:
    record = parse_text(MASTHEAD + PIPE_MATRIX)
    (table,) = record.tables
    assert table.header_rows == 1
    assert table.rows == [
        ["Commitment", "Lead entity", "Target date"],
        ["Strengthen national statistical systems", "Statistical Commission", "2033"],
        ["Review remittance costs", "World Bank", "2032"],
    ]
    assert [p.number for p in record.parts[0].paragraphs if p.number] == ["1", "2", "3"]


def test_a_box_drawn_list_of_office_holders_is_a_table_a_line_a_row() -> None:
    record = parse_text(MASTHEAD + BOX_OFFICERS)
    (table,) = record.tables
    assert table.header_rows == 1
    assert table.rows == [
        ["Office", "Holder"],
        ["Chair", "Mr. Alpha (Ruritania)"],
        ["Vice-Chair", "Ms. Beta (Borduria)"],
        ["Rapporteur", "Mr. Gamma (Syldavia)"],
    ]
    para = next(p for p in record.parts[0].paragraphs if p.role == "table")
    assert "Chair Mr. Alpha (Ruritania)" in para.text


def test_prose_with_wide_spaces_is_no_table() -> None:
    # Justified lines spread their words, but never at one position on three lines running.
    prose = (
        "3. The  Secretary-General will report again at the eighty-third session,  as the\n"
        "delegations considered   the matter at length and with care, weighing every view,\n"
        "and the Assembly  may wish to take note of the report and of the  matrix it holds.\n"
    )
    record = parse_text(MASTHEAD + prose)
    assert record.tables == []
    assert record.parts[0].paragraphs[-1].number == "3"


def test_a_table_text_carries_no_sentinel_of_its_own() -> None:
    forged = MASTHEAD + columns.TABLE_MARK + "1\ue005x\ue005a\ue004b\n"
    record = parse_text(forged)
    assert record.tables == []


def _layout_text(pdf: Path, tmp_path: Path) -> str:
    out = tmp_path / (pdf.stem + ".txt")
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True, timeout=60)
    return out.read_text(encoding="utf-8")


needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not PDFS.is_dir(),
    reason="needs poppler's pdftotext and the shared official PDFs",
)


@needs_pdftotext
@pytest.mark.parametrize(
    "name",
    ["S_PV_8698-sc-peace-consolidation-west-africa", "S_PV_8701-sc-short-meeting"],
)
def test_a_two_column_verbatim_record_in_layout_text_reads_speaker_by_speaker(
    name: str, tmp_path: Path
) -> None:
    pdf = PDFS / f"{name}.pdf"
    from_layout = parse_text(_layout_text(pdf, tmp_path))
    from_pdf = record_from_pdf(pdf.read_bytes(), pdf.name)
    assert from_layout.kind == "verbatim_record"
    assert from_layout.symbol == from_pdf.symbol
    assert [s.name for s in from_layout.speakers] == [s.name for s in from_pdf.speakers]
    assert from_layout.speakers, "a verbatim record has speakers"

    def statements(record):  # noqa: ANN001, ANN202
        return [p.text for part in record.parts for p in part.paragraphs if p.role != "table"]

    layout_text = " ".join(statements(from_layout))
    # Every paragraph the PDF reader finds is in the layout text's record, whole and in order:
    # no line of the right column read into the left one, no page's head inside a statement.
    cursor = 0
    for text in statements(from_pdf):
        head = " ".join(text.split()[:8])
        found = layout_text.find(head, cursor)
        assert found >= 0, head
        cursor = found
    # The running head (symbol, date as digits) crosses the gutter: it is furniture, not text.
    symbol = from_pdf.symbol or ""
    for furniture in (symbol, symbol.replace(".", ". "), "08/01/2020", "13/01/2020"):
        assert not any(furniture in t for t in statements(from_layout)), furniture


def test_a_handwritten_two_column_page_reads_left_column_then_right() -> None:
    left = [
        "    The President: I thank Ms. Alpha for her",
        "briefing. I now give the floor to the",
        "representative of Ruritania.",
        "    Mr. Beta (Ruritania): We thank the",
        "Secretary-General for his report, which we",
        "read with care and with great interest.",
        "Our delegation supports every word of it.",
        "    The situation demands that the Council",
        "act together and without any further delay.",
        "We stand ready to support its work.",
    ]
    right = [
        "    The President: I now give the floor to",
        "the representative of Borduria.",
        "    Ms. Gamma (Borduria): We join others in",
        "thanking the Secretary-General for a report",
        "that is clear about what must now be done.",
        "Borduria will do its part as a member of",
        "the Council and as a neighbour of the region.",
        "    The President: There are no more names",
        "inscribed on the list of speakers. The",
        "meeting rose at 11.40 a.m.",
    ]
    page = "\n".join(f"{a:<50}      {b}" for a, b in zip(left, right, strict=True))
    text = columns.reflow("\f" + page)
    lines = [x for x in text.split("\f")[1].split("\n") if x]
    order = [x.lstrip(columns.PARAGRAPH_START) for x in lines]
    assert order == [x.strip() for x in left + right]
    # A first line indented from its column's edge opens a paragraph.
    assert lines[0].startswith(columns.PARAGRAPH_START)
    assert not lines[1].startswith(columns.PARAGRAPH_START)


@needs_pdftotext
@pytest.mark.parametrize("pdf", sorted(PDFS.glob("*.pdf")), ids=lambda p: p.stem[:30])
def test_a_layout_text_reads_as_its_default_mode_text(pdf: Path, tmp_path: Path) -> None:
    """Every shared PDF's `-layout` text builds the record its default-mode text builds: the
    masthead set side by side, a two-column page and labels set apart change nothing."""
    default = parse_text(pdf.with_suffix(".txt").read_text(encoding="utf-8"))
    layout = parse_text(_layout_text(pdf, tmp_path))

    def shape(record):  # noqa: ANN001, ANN202
        return (
            record.kind,
            record.symbol,
            record.title,
            [part.kind for part in record.parts],
            [p.number for part in record.parts for p in part.paragraphs if p.number],
            len(record.tables),
            [s.name for s in record.speakers],
        )

    assert shape(layout) == shape(default)

"""A report about one State prints the State under its title; the record keeps the title as
printed and the State as its subtitle (docs/document-kinds.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.importer import parse_text
from briefing.importer.pdf import record_from_pdf

PDFS = Path("/work/shared/records/pdfs")
UPR = "A_HRC_14_15-upr-working-group-report-slovenia"


def upr_report(state_line: str) -> str:
    return "\n".join(
        [
            "United Nations",
            "A/HRC/61/9",
            "General Assembly",
            "Distr.: General",
            "4 January 2031",
            "Original: English",
            "Human Rights Council",
            "Sixty-first session",
            "Agenda item 6",
            "Universal periodic review",
            "Report of the Working Group on the Universal Periodic Review*",
            state_line,
            "Introduction",
            "1. The Working Group on the Universal Periodic Review, established in accordance with",
            "Human Rights Council resolution 5/1, held its fortieth session from 1 to 12 November",
            "2030. The review of the State was held at the 5th meeting, on 3 November 2030.",
            "2. The delegation was headed by the Minister for Foreign Affairs, who presented the",
            "national report and answered the questions put to the delegation by the States.",
            "",
        ]
    )


@pytest.mark.parametrize(
    "state",
    ["Colombia", "Bosnia and Herzegovina", "Iran (Islamic Republic of)", "Côte d’Ivoire"],
)
def test_the_state_under_review_is_the_subtitle(state: str) -> None:
    record = parse_text(upr_report(state))
    assert record.title == "Report of the Working Group on the Universal Periodic Review"
    assert record.subtitle == state
    body = record.parts[0]
    assert state not in body.notes
    assert [p.number for p in body.paragraphs if p.number] == ["1", "2"]


@pytest.mark.parametrize("line", ["Introduction", "The Working Group met in Geneva."])
def test_a_line_that_names_no_state_is_no_subtitle(line: str) -> None:
    record = parse_text(upr_report(line))
    assert record.subtitle == ""


def test_another_report_keeps_the_line_under_its_title() -> None:
    text = upr_report("Colombia").replace(
        "Report of the Working Group on the Universal Periodic Review*",
        "Report of the Special Rapporteur on the right to food",
    )
    assert parse_text(text).subtitle == ""


@pytest.mark.skipif(not PDFS.is_dir(), reason="needs the shared official PDFs")
def test_the_shared_upr_report_names_slovenia_from_its_text_and_its_pdf() -> None:
    from_text = parse_text((PDFS / f"{UPR}.txt").read_text(encoding="utf-8"))
    from_pdf = record_from_pdf((PDFS / f"{UPR}.pdf").read_bytes(), f"{UPR}.pdf")
    for record in (from_text, from_pdf):
        assert record.title == "Report of the Working Group on the Universal Periodic Review"
        assert record.subtitle == "Slovenia"
        assert "Slovenia" not in record.parts[0].notes

"""A resolution's note lists its operative paragraphs as the Outcomes pane groups them (issue
15): under their verb families, each with its operative verb, with the delegate's position."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from briefing.domain import Annotation, Stance
from briefing.export.options import ExportOptions
from briefing.export.pdf import export_pdf
from briefing.importer import read_document
from briefing.vocab import group_outcomes

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def test_a_resolutions_note_groups_its_operative_paragraphs_by_verb_family(tmp_path: Path):
    record = read_document(SAMPLES / "s-res-2155-2014-south-sudan-unmiss.txt")
    request = next(c for c in record.conclusions if c.verb.startswith("Requests the Secretary"))
    when = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    note = Annotation(
        uid="urn:uuid:1",
        record_key=record.key or "symbol:S/RES/2155 (2014)",
        target_eid=request.eid,
        quote=request.text[:80],
        author="Ana",
        created=when,
        updated=when,
        note="Back the good offices.",
        stance=Stance.SUPPORT,
    )
    out = tmp_path / "note.pdf"
    options = ExportOptions(sections=frozenset({"conclusions"}), deterministic=True)
    export_pdf([(record, [note])], options, out)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(out).pages)
    titles = [title for title, _items in group_outcomes(record.conclusions)]
    assert len(titles) > 1
    positions = [text.index(f" {title} ") for title in titles]
    assert positions == sorted(positions)  # the families in the pane's order
    assert f"{request.label} — {request.verb}" in text
    after = text[text.index(f"{request.label} — {request.verb}") :]
    assert "SUPPORT" in after[:1500] and "Back the good offices." in after[:1500]

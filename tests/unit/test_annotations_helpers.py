"""Small records built by hand for the annotation tests (no importer needed); no tests here.

Imported by the unit, gui and e2e annotation tests (tests/unit is put on sys.path).
"""

from __future__ import annotations

import hashlib

from briefing.domain import Footnote, Paragraph, Part, PartKind, Point, Record

BASE_TEXTS = {
    "body__para_1": "The Assembly recalls its resolutions on international migration.",
    "body__para_2": "Encourages Member States to strengthen regional consultative processes.",
    "body__para_3": "Requests the Secretary-General to report at its seventieth session.",
}


def make_record(
    texts: dict[str, str] | None = None,
    *,
    symbol: str | None = "A/RES/99/1",
    points: dict[str, str] | None = None,
    footnote: str | None = "A footnote about the consultative processes.",
) -> Record:
    """A body of numbered paragraphs (eid -> text); `points` are (a), (b)... of the last one."""
    texts = dict(BASE_TEXTS if texts is None else texts)
    paragraphs = []
    for eid, text in texts.items():
        number = eid.rsplit("_", 1)[-1]
        paragraphs.append(Paragraph(eid=eid, number=number, text=text))
    if points and paragraphs:
        last = paragraphs[-1]
        last.points = [
            Point(eid=eid, label=eid.rsplit("_", 1)[-1], text=t) for eid, t in points.items()
        ]
    footnotes = [Footnote(marker="a", eid="footnote_a", text=footnote)] if footnote else []
    record = Record(
        title="Test resolution",
        symbol=symbol,
        parts=[Part(eid="body", kind=PartKind.BODY, title="", paragraphs=paragraphs)],
        footnotes=footnotes,
    )
    digest = hashlib.sha256(repr((symbol, texts, points, footnote)).encode()).hexdigest()
    record.source_sha256 = digest
    return record

"""A small record built by hand, shaped like the Lima record, for the GUI tests.

Built from the domain dataclasses, not the importer, so the panes are tested on known content.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.domain import (
    Conclusion,
    Entity,
    Footnote,
    Paragraph,
    Part,
    PartKind,
    Point,
    Record,
    Signatory,
    Span,
    SpanStyle,
    Theme,
)

LIMA = Path(__file__).resolve().parents[2] / "resources" / "lima-2013-rcp-chairs-summary.txt"
LETTER = "I have the honour to inform you of the meeting held in Lima."
MARKUP = "<b>not bold</b> &amp; <img src=x>"


def sample_record(title: str = "Chair's Summary of the fourth Global Meeting") -> Record:
    p2 = "Representatives of regional consultative processes and regional bodies participated."
    p3 = "The Bali Process and the Budapest Process highlighted key features of their dialogue."
    p9 = "Participants recommended that regional consultative processes should:"
    return Record(
        title=title,
        symbol=None,
        organ="General Assembly",
        distribution="General",
        date=dt.date(2013, 6, 28),
        original_language="English",
        session="Sixty-eighth session",
        parts=[
            Part(
                eid="letter",
                kind=PartKind.LETTER,
                title="Letter dated 26 June 2013",
                paragraphs=[
                    Paragraph(
                        eid="letter__p_1",
                        number=None,
                        text=LETTER,
                        spans=[
                            Span(LETTER.index("Lima"), LETTER.index("Lima") + 4, SpanStyle.ITALIC)
                        ],
                    )
                ],
                signatories=[Signatory("Enrique Román-Morey", "Ambassador")],
            ),
            Part(
                eid="annex_1",
                kind=PartKind.ANNEX,
                title="Annex",
                paragraphs=[
                    Paragraph(
                        eid="annex_1__heading_1",
                        number=None,
                        text="Chair's Summary",
                        role="heading",
                    ),
                    Paragraph(
                        eid="annex_1__para_2",
                        number="2",
                        text=p2,
                        spans=[
                            Span(
                                p2.index(" and regional"),
                                p2.index(" and regional"),
                                SpanStyle.FOOTNOTE,
                                "a",
                            ),
                            Span(
                                len(p2) - len(" participated."),
                                len(p2) - len(" participated."),
                                SpanStyle.FOOTNOTE,
                                "b",
                            ),
                        ],
                    ),
                    Paragraph(
                        eid="annex_1__para_3",
                        number="3",
                        text=p3,
                        spans=[Span(4, 16, SpanStyle.BOLD)],
                    ),
                    Paragraph(
                        eid="annex_1__para_9",
                        number="9",
                        text=p9,
                        points=[
                            Point(
                                eid="annex_1__para_9__point_a",
                                label="a",
                                text="Strengthen cooperation with the Bali Process;",
                            ),
                            Point(eid="annex_1__para_9__point_b", label="b", text=MARKUP),
                        ],
                    ),
                ],
            ),
        ],
        footnotes=[
            Footnote(
                marker="a",
                eid="footnote_a",
                text="Abu Dhabi Dialogue; Bali Process; Budapest Process; Almaty Process.",
                cited_in=["annex_1__para_2"],
            ),
            Footnote(
                marker="b",
                eid="footnote_b",
                text="European Union; League of Arab States.",
                cited_in=["annex_1__para_2"],
            ),
        ],
        processes=[
            Entity(
                "Bali Process",
                "regional_consultative_process",
                mentions=["annex_1__para_3", "annex_1__para_9__point_a", "footnote_a"],
            ),
            Entity(
                "Budapest Process",
                "regional_consultative_process",
                mentions=["annex_1__para_3", "footnote_a"],
            ),
            Entity(
                "Almaty Process",
                "regional_consultative_process",
                status="yet to be formalized",
                mentions=["footnote_a"],
            ),
            Entity(
                "Global Forum on Migration and Development",
                "global_process",
                short_name="GFMD",
                mentions=["annex_1__para_2"],
            ),
        ],
        organizations=[
            Entity("European Union", "regional_body", mentions=["footnote_b"]),
            Entity(
                "International Organization for Migration",
                "organization",
                short_name="IOM",
                mentions=["annex_1__para_2"],
            ),
        ],
        themes=[
            Theme(
                "Defining the place of regional consultative processes",
                "meeting",
                mentions=["letter__p_1"],
            ),
            Theme("Labour migration", "vocabulary", mentions=["annex_1__para_9__point_a"]),
        ],
        conclusions=[
            Conclusion(
                "annex_1__para_9__point_a", "9 (a)", "Strengthen cooperation with the Bali Process;"
            ),
            Conclusion("annex_1__para_9__point_b", "9 (b)", MARKUP),
        ],
        key_points=[Conclusion("annex_1__para_3", "3", p3)],
        source_name="sample.txt",
        source_sha256="0" * 64,
        key="sha256:" + "0" * 64,
        id=1,
    )

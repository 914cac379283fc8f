"""Records and annotations for the PDF tests, built from the domain dataclasses (Lima-like), and
the tests of the markup helper that escapes record text before spans style it."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Paragraph

from briefing.domain import (
    AgendaItem,
    Annotation,
    Conclusion,
    Entity,
    Footnote,
    Meeting,
    Part,
    PartKind,
    Point,
    Priority,
    Record,
    Signatory,
    Span,
    SpanStyle,
    Stance,
    Theme,
)
from briefing.domain import (
    Paragraph as RecordParagraph,
)
from briefing.export.pdf_text import esc, rich

WHEN = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def lima_like_record(symbol: str = "A/68/93", n_extra: int = 0, words: int = 60) -> Record:
    """A letter with an annex of numbered paragraphs, lettered points and footnotes."""
    filler = " ".join(["participants stressed the value of regional dialogue"] * (words // 7))
    letter = Part(
        eid="letter",
        kind=PartKind.LETTER,
        title="Letter dated 26 June 2013 from the Permanent Representative of Peru",
        paragraphs=[
            RecordParagraph(
                eid="letter__p_1",
                number=None,
                text="I have the honour to inform you that the fourth Global Meeting was held.",
            ),
        ],
        signatories=[
            Signatory(name="Enrique Román-Morey", title="Ambassador\nPermanent Representative")
        ],
    )
    para10_points = [
        Point(
            eid=f"annex_1__para_10__point_{c}",
            label=c,
            text=f"Conclusion {c.upper()}: regional consultative processes are critical {filler}",
        )
        for c in "abcd"
    ]
    para8_points = [
        Point(eid=f"annex_1__para_8__point_{c}", label=c, text=f"Key point {c}: migration {filler}")
        for c in "ab"
    ]
    para8_points[1].points = [
        Point(eid="annex_1__para_8__point_b__point_i", label="i", text="A nested roman point.")
    ]
    annex_paras = [
        RecordParagraph(
            eid="annex_1__heading_1", number=None, text="Chair's Summary", role="heading"
        ),
        RecordParagraph(
            eid="annex_1__para_1",
            number="1",
            text="The fourth Global Meeting was held in Lima under the theme Defining the place.",
            spans=[Span(4, 10, SpanStyle.BOLD), Span(40, 44, SpanStyle.ITALIC)],
        ),
        RecordParagraph(
            eid="annex_1__para_2",
            number="2",
            text="Representatives of regional consultative processes, regional bodies took part.",
            spans=[Span(50, 50, SpanStyle.FOOTNOTE, marker="a")],
        ),
        RecordParagraph(
            eid="annex_1__para_6",
            number="6",
            text="Participants also acknowledged the value of opportunities for sharing. " + filler,
        ),
        RecordParagraph(
            eid="annex_1__para_8",
            number="8",
            text="Participants highlighted several key points, as follows:",
            points=para8_points,
        ),
        RecordParagraph(
            eid="annex_1__para_10",
            number="10",
            text="The participants expressed the wish to draw attention to the following:",
            points=para10_points,
        ),
    ]
    for i in range(n_extra):
        annex_paras.append(
            RecordParagraph(
                eid=f"annex_1__para_{11 + i}",
                number=str(11 + i),
                text=f"Additional paragraph {11 + i}. " + filler,
            )
        )
    annex_paras.append(
        RecordParagraph(
            eid="annex_1__p_99", number=None, text="Lima, 23 May 2013", role="place_date"
        )
    )
    annex = Part(
        eid="annex_1",
        kind=PartKind.ANNEX,
        title="Annex to the letter dated 26 June 2013",
        paragraphs=annex_paras,
        notes=["[Original: Spanish]"],
    )
    return Record(
        title="Letter dated 26 June 2013 from the Permanent Representative of Peru",
        symbol=symbol,
        organ="General Assembly",
        date=dt.date(2013, 6, 28),
        session="Sixty-eighth session",
        agenda=[AgendaItem(item="21 (e)", title="International migration and development")],
        meeting=Meeting(
            title="Fourth Global Meeting of Chairs and Secretariats of Regional Consultative "
            "Processes on Migration",
            place="Lima",
            start=dt.date(2013, 5, 22),
            end=dt.date(2013, 5, 23),
            theme="Defining the place of regional consultative processes",
        ),
        parts=[letter, annex],
        footnotes=[
            Footnote(
                marker="a",
                eid="footnote_a",
                text="Abu Dhabi Dialogue; Bali Process; Almaty Process (yet to be formalized).",
                cited_in=["annex_1__para_2"],
            )
        ],
        processes=[
            Entity(
                name="Bali Process",
                kind="regional_consultative_process",
                mentions=["annex_1__para_2", "footnote_a"],
            ),
            Entity(
                name="Almaty Process",
                kind="regional_consultative_process",
                status="yet to be formalized",
                mentions=["footnote_a"],
            ),
            Entity(
                name="Global Forum on Migration and Development",
                kind="global_process",
                short_name="GFMD",
                mentions=["annex_1__para_6"],
            ),
        ],
        organizations=[
            Entity(
                name="International Organization for Migration",
                kind="organization",
                short_name="IOM",
                mentions=["annex_1__para_2"],
            )
        ],
        themes=[
            Theme(
                name="Regional consultative processes",
                source="meeting",
                mentions=["annex_1__para_1"],
            ),
            Theme(name="Labour mobility", source="vocabulary", mentions=["annex_1__para_6"]),
        ],
        conclusions=[
            Conclusion(eid=p.eid, label=f"10 ({p.label})", text=p.text) for p in para10_points
        ],
        key_points=[
            Conclusion(eid=p.eid, label=f"8 ({p.label})", text=p.text) for p in para8_points
        ],
        source_name="lima.txt",
        key=f"symbol:{symbol}",
    )


def annotation(
    eid: str,
    *,
    uid: str | None = None,
    note: str = "",
    stance: Stance | None = None,
    priority: Priority = Priority.NORMAL,
    tags: list[str] | None = None,
    raise_at_meeting: bool = False,
    record_key: str = "symbol:A/68/93",
) -> Annotation:
    return Annotation(
        uid=uid or f"uid-{eid}",
        record_key=record_key,
        target_eid=eid,
        quote="",
        author="tester",
        created=WHEN,
        updated=WHEN,
        note=note,
        stance=stance,
        priority=priority,
        tags=tags or [],
        raise_at_meeting=raise_at_meeting,
    )


def lima_annotations() -> list[Annotation]:
    return [
        annotation(
            "annex_1__para_10__point_a",
            note="Welcome; align with the regional group.",
            stance=Stance.SUPPORT,
            priority=Priority.HIGH,
            tags=["rcp", "architecture"],
            raise_at_meeting=True,
        ),
        annotation(
            "annex_1__para_10__point_b",
            note="Language on IOM's role goes too far.",
            stance=Stance.OPPOSE,
            tags=["iom"],
        ),
        annotation(
            "annex_1__para_10__point_c",
            note="Check with capital before agreeing.",
            stance=Stance.SEEK_INSTRUCTIONS,
            priority=Priority.LOW,
        ),
        annotation(
            "annex_1__para_6", note="Useful for our statement.", stance=Stance.CONCERN, tags=["rcp"]
        ),
    ]


# --- the markup helper ---------------------------------------------------------------------------


def test_esc_keeps_markup_characters_as_text() -> None:
    assert esc("<font color=red>&amp; < >") == "&lt;font color=red&gt;&amp;amp; &lt; &gt;"


def test_rich_applies_spans_after_escaping() -> None:
    text = "a <b> & bold italic end"
    bold_at = text.index("bold")
    spans = [
        Span(bold_at, bold_at + 11, SpanStyle.BOLD),
        Span(bold_at + 5, bold_at + 11, SpanStyle.ITALIC),
        Span(3, 3, SpanStyle.FOOTNOTE, marker="*"),
    ]
    markup = rich(text, spans)
    assert markup == "a &lt;<super>*</super>b&gt; &amp; <b>bold </b><b><i>italic</i></b> end"
    # reportlab accepts it and prints the text as written.
    para = Paragraph(markup)
    plain = "".join(frag.text for frag in para.frags)
    assert plain == "a <*b> & bold italic end"


def test_rich_ignores_spans_outside_the_text() -> None:
    assert rich("short", [Span(2, 99, SpanStyle.BOLD)]) == "short"

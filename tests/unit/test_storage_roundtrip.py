"""Any record the importer could build comes back from the store exactly as it went in."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.domain import (
    AgendaItem,
    Conclusion,
    Entity,
    Footnote,
    Meeting,
    Paragraph,
    Part,
    PartKind,
    Point,
    QueryError,
    Record,
    Resolution,
    Signatory,
    Span,
    SpanStyle,
    Theme,
)
from briefing.storage import Library
from briefing.vocab import entity_kinds

text = st.text(max_size=40)
short = st.text(min_size=1, max_size=12)
opt_text = st.none() | text
dates = st.none() | st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 1, 1))
eid = st.from_regex(r"[a-z]{1,6}(__[a-z]{1,4}_[0-9a-z]{1,3}){0,3}", fullmatch=True)
spans = st.lists(
    st.builds(
        Span,
        st.integers(0, 50),
        st.integers(0, 50),
        st.sampled_from(list(SpanStyle)),
        st.none() | short,
    ),
    max_size=3,
)
eids = st.lists(eid, max_size=3)

points = st.deferred(
    lambda: st.builds(
        Point,
        eid=eid,
        label=short,
        text=text,
        spans=spans,
        points=st.lists(points, max_size=2),
        closing=text,
        closing_spans=spans,
    )
)
paragraphs = st.builds(
    Paragraph,
    eid=eid,
    number=st.none() | short,
    text=text,
    spans=spans,
    points=st.lists(points, max_size=3),
    closing=text,
    closing_spans=spans,
    role=st.sampled_from(["paragraph", "heading", "place_date"]),
)
parts = st.builds(
    Part,
    eid=eid,
    kind=st.sampled_from(list(PartKind)),
    title=text,
    paragraphs=st.lists(paragraphs, max_size=4),
    signatories=st.lists(st.builds(Signatory, text, text), max_size=2),
    notes=st.lists(text, max_size=2),
)
entities = st.builds(
    Entity,
    name=short,
    kind=st.sampled_from(sorted(entity_kinds())),
    short_name=st.none() | short,
    status=opt_text,
    mentions=eids,
)
conclusions = st.builds(Conclusion, eid, short, text)
meetings = st.none() | st.builds(Meeting, text, opt_text, dates, dates, opt_text)

records = st.builds(
    Record,
    title=text,
    symbol=st.none() | short,
    organ=opt_text,
    distribution=opt_text,
    date=dates,
    original_language=opt_text,
    session=opt_text,
    agenda=st.lists(st.builds(AgendaItem, short, text), max_size=2),
    meeting=meetings,
    parts=st.lists(parts, max_size=3),
    footnotes=st.lists(
        st.builds(Footnote, marker=short, eid=eid, text=text, spans=spans, cited_in=eids),
        max_size=3,
    ),
    processes=st.lists(entities, max_size=3),
    organizations=st.lists(entities, max_size=2),
    resolutions=st.lists(st.builds(Resolution, short, eids), max_size=2),
    themes=st.lists(
        st.builds(Theme, short, st.sampled_from(["meeting", "record", "vocabulary"]), eids),
        max_size=2,
    ),
    conclusions=st.lists(conclusions, max_size=3),
    key_points=st.lists(conclusions, max_size=3),
    source_name=text,
)


_SHARED: dict[str, Library] = {}
_COUNTER = iter(range(1, 10**9))


def shared_library() -> Library:
    """One library for every example: opening one per example makes the search crawl."""
    if "lib" not in _SHARED:
        folder = tempfile.mkdtemp(prefix="briefing-roundtrip-")
        _SHARED["lib"] = Library.open(Path(folder) / "lib.sqlite3")
        _SHARED["lib"].import_record(
            Record(
                title="t",
                parts=[
                    Part(
                        "body",
                        PartKind.BODY,
                        "",
                        [Paragraph("body__p_1", None, 'Román-Morey and 5+5 (AND) "x" *')],
                    )
                ],
                source_sha256="f" * 64,
            )
        )
    return _SHARED["lib"]


def teardown_module() -> None:
    lib = _SHARED.pop("lib", None)
    if lib is not None:
        lib.close()


@pytest.mark.slow
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(records, min_size=1, max_size=3))
def test_record_to_db_to_record_is_the_identity(batch: list[Record]) -> None:
    lib = shared_library()
    for record in batch:
        n = next(_COUNTER)
        record.source_sha256 = f"{n:064x}"
        record.symbol = f"{record.symbol}/{n}" if record.symbol else None
        record_id, created = lib.import_record(record)
        assert created
        assert lib.record(record_id) == record
    assert lib.db.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    lib.db.conn.execute("INSERT INTO elements_fts (elements_fts) VALUES ('integrity-check')")


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_query_gives_hits_or_a_query_error(query: str) -> None:
    lib = shared_library()
    try:
        hits = lib.search(query, record_id=1)
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        # The place, or the record itself (its masthead row: symbol and title).
        assert all(h.eid in ("body__p_1", "") for h in hits)

"""Footnotes at the foot of the page of their mark, links, and the outline, read back from one
exported pack (exported once for the module): the Lima letter (a masthead mark, footnotes a and
b called in one paragraph) and a committee report whose annexed draft resolution numbers its
footnotes afresh (A/77/416: the report's 1 and the draft resolution's 1 to 4)."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_records import annotation

from briefing.domain import Record, Stance
from briefing.export.options import ExportOptions
from briefing.export.pdf import export_pdf
from briefing.importer import parse_text

# Not `from conftest import`: which conftest that finds depends on the order of sys.path.
REPO = Path(__file__).resolve().parents[2]
LIMA_PATH = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"
SAMPLES_DIR = REPO / "tests" / "fixtures" / "samples"

REPORT = SAMPLES_DIR / "a-77-416-sixth-committee-report-2022.txt"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _record(path: Path, key: str) -> Record:
    record = parse_text(path.read_text(encoding="utf-8"), path.name)
    record.key = key
    return record


@dataclasses.dataclass
class Pack:
    lima: Record
    report: Record
    reader: PdfReader
    texts: list[str]  # each page's text, flattened
    links: list[list[tuple[tuple[float, ...], int, float]]]  # per page: (rect, page, top)
    lines: list[list[tuple[float, str]]]  # per page: (baseline y, text) of each text run


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, font_cache: Path) -> Pack:
    lima = _record(LIMA_PATH, "sha256:lima")
    report = _record(REPORT, "symbol:A/77/416")
    first_op = next(p.eid for _part, p in report.paragraphs() if p.label == "OP1")
    notes = [
        dataclasses.replace(
            annotation("annex_1__para_10__point_a", stance=Stance.SUPPORT, record_key=lima.key),
            line_to_take="We welcome it.",
            if_raised="Say the Chair decides.",
        ),
    ]
    report_notes = [annotation(first_op, stance=Stance.CONCERN, record_key=report.key)]
    out = tmp_path_factory.mktemp("footnotes") / "pack.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_HOME", str(out.parent / "home"))
        # The session's cache of cut fonts, as every test gets it (conftest).
        mp.setenv("BRIEFING_FONT_CACHE", os.environ.get("BRIEFING_FONT_CACHE", str(font_cache)))
        options = ExportOptions(deterministic=True, objectives=((lima.key, "Keep para. 10."),))
        export_pdf([(lima, notes), (report, report_notes)], options, out)
    reader = PdfReader(out)
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    links, lines = [], []
    for page in reader.pages:
        found = []
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                dest = annot["/Dest"]
                rect = tuple(float(v) for v in annot["/Rect"])
                # An /XYZ destination names its top; a heading's /Fit the whole page.
                top = float(dest[3]) if len(dest) > 3 and dest[3] is not None else 1e9
                found.append((rect, index[dest[0].idnum], top))
        links.append(found)
        runs: list[tuple[float, str]] = []
        page.extract_text(
            visitor_text=lambda text, cm, tm, _font, _size, runs=runs: (
                # The baseline on the page: the text matrix's origin through the CTM.
                runs.append((float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]), text))
                if text.strip()
                else None
            )
        )
        lines.append(runs)
    texts = [_flat(page.extract_text()) for page in reader.pages]
    return Pack(lima, report, reader, texts, links, lines)


def _page_of(pack: Pack, text: str, start: int = 0) -> int:
    """The first page from `start` whose text holds `text`."""
    wanted = _flat(text)
    return next(i for i in range(start, len(pack.texts)) if wanted in pack.texts[i])


def _y_of(pack: Pack, page: int, text: str) -> float:
    """The baseline of the text run that starts `text` on a page."""
    head = _flat(text)[:18]
    return next(y for y, run in pack.lines[page] if _flat(run).startswith(head))


def _full_text_start(pack: Pack, record: Record) -> int:
    """The page where the record's full text begins (its outline entry says)."""
    chapter = _children(_outline(pack.reader), record.display_title)
    return next(e[1] for e in chapter if isinstance(e, tuple) and e[0] == "Full text")


def test_each_footnote_prints_at_the_foot_of_the_page_of_its_mark(pack: Pack) -> None:
    checked = 0
    for record in (pack.lima, pack.report):
        start = _full_text_start(pack, record)
        for footnote in record.footnotes:
            page = _page_of(pack, footnote.text[:40], start)
            y = _y_of(pack, page, footnote.text)
            # The mark on the same page links to the footnote, and stands above it.
            marks = [r for r, p, top in pack.links[page] if p == page and abs(top - y) < 14]
            assert marks, f"no mark on page {page + 1} links to footnote {footnote.marker}"
            assert all(rect[1] > y for rect in marks)
            # At the foot: nothing of the text runs below it but other footnotes and the
            # page's footer.
            body_bottom = min(
                ly
                for ly, run in pack.lines[page]
                if ly > 60
                and len(run.strip()) > 2  # not a footnote's number
                and not any(_flat(run)[:12] in _flat(f.text) for f in record.footnotes)
            )
            assert y < body_bottom, f"footnote {footnote.marker} is not below the text"
            checked += 1
    assert checked == len(pack.lima.footnotes) + len(pack.report.footnotes) >= 8


def test_a_footnote_prints_once_and_the_end_of_the_text_lists_none(pack: Pack) -> None:
    for record in (pack.lima, pack.report):
        start = _full_text_start(pack, record)
        for footnote in record.footnotes:
            hits = sum(_flat(footnote.text)[:50] in t for t in pack.texts[start:])
            assert hits == 1, footnote.eid


def test_a_part_that_numbers_afresh_has_its_own_footnote_1(pack: Pack) -> None:
    report = pack.report
    ones = [f for f in report.footnotes if f.marker == "1"]
    assert {f.part for f in ones} == {"body", "draft_resolution_1"}
    start = _full_text_start(pack, report)
    pages = []
    for footnote in ones:
        page = _page_of(pack, footnote.text[:40], start)
        # Printed with the document's own number.
        assert f"1 {_flat(footnote.text)[:30]}" in pack.texts[page]
        pages.append(page)
        # Its mark links to it, not to the other part's footnote 1.
        cited = report.find(footnote.cited_in[0])
        assert _flat(cited.text)[:40] in pack.texts[page]
    assert pages[0] != pages[1]
    y = [_y_of(pack, p, f.text) for p, f in zip(pages, ones, strict=True)]
    for page, top in zip(pages, y, strict=True):
        assert any(p == page and abs(t - top) < 14 for _r, p, t in pack.links[page])


def test_the_masthead_keeps_its_mark_and_its_footnote(pack: Pack) -> None:
    lima = pack.lima
    item = lima.agenda[0]
    assert item.marker == "*"
    footnote = lima.footnote("*")
    page = _page_of(pack, f"Item {item.item}", _full_text_start(pack, lima) - 1)
    assert f"Item {item.item}*" in pack.texts[page].replace(" *", "*")
    assert f"* {footnote.text}" in pack.texts[page]
    y = _y_of(pack, page, footnote.text)
    assert any(p == page and abs(t - y) < 14 for _r, p, t in pack.links[page])


def _outline(reader: PdfReader) -> list:
    def walk(items):
        out = []
        for item in items:
            if isinstance(item, list):
                out.append(walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
        return out

    return walk(reader.outline)


def _children(outline: list, title: str) -> list:
    """The entries nested under the entry titled `title`."""
    for i, entry in enumerate(outline):
        if isinstance(entry, tuple) and entry[0] == title:
            nxt = outline[i + 1] if i + 1 < len(outline) else None
            return nxt if isinstance(nxt, list) else []
    raise AssertionError(f"{title!r} not in the outline")


def test_the_outline_mirrors_the_sections_nested_by_level(pack: Pack) -> None:
    outline = _outline(pack.reader)
    top = [e[0] for e in outline if isinstance(e, tuple)]
    assert top == [
        "Cover",
        "Positions at a glance",
        "Contents",
        pack.lima.display_title,
        pack.report.display_title,
    ]
    assert [e[0] for e in _children(outline, "Positions at a glance")] == [
        "Points to make",
        "If raised",
        "Objectives",
    ]
    chapter = _children(outline, pack.report.display_title)
    sections = [e[0] for e in chapter if isinstance(e, tuple)]
    assert sections[0] == "The meeting in brief" and sections[-1] == "Full text"
    assert {"Processes", "Themes", "Conclusions"} <= set(sections)
    parts = _children(chapter, "Full text")
    assert [e[0] for e in parts if isinstance(e, tuple)] == [
        "Crimes against humanity",
        "Draft resolution: Crimes against humanity",
    ]
    headings = [e[0] for e in _children(parts, "Crimes against humanity")]
    assert headings[0] == "I. Introduction" and len(headings) == 3

    # Every entry opens the page where its title prints.
    def entries(items):
        for item in items:
            yield from entries(item) if isinstance(item, list) else [item]

    for title, page in entries(outline):
        if title == "Cover":
            assert page == 0
            continue
        words = re.sub(r"^Draft resolution: ", "", title)[:40]
        assert _flat(words) in pack.texts[page].replace("CHAPTER", ""), title


def test_where_mentioned_entries_and_citations_link_into_the_full_text(pack: Pack) -> None:
    lima = pack.lima
    start = _full_text_start(pack, lima)
    processes = _page_of(pack, "Where mentioned", 2)
    themes = _page_of(pack, "Themes", processes)
    into_text = [
        (rect, p) for i in range(processes, themes) for rect, p, _t in pack.links[i] if p >= start
    ]
    # One link per place each body's "where mentioned" names (footnotes included).
    mentions = sum(len(set(e.mentions)) for e in lima.processes + lima.organizations)
    assert len(into_text) >= mentions
    # A mention that is a footnote links to the footnote at the foot of its page.
    footnote = lima.footnote("a")
    page = _page_of(pack, footnote.text[:40], start)
    y = _y_of(pack, page, footnote.text)
    assert any(
        p == page and abs(t - y) < 14
        for i in range(processes, themes)
        for _r, p, t in pack.links[i]
    )
    # The positions table and the points to make link to the annotated place's page.
    place = lima.find("annex_1__para_10__point_a")
    target = _page_of(pack, place.text[:50], start)
    glance = _page_of(pack, "Positions at a glance", 1)
    assert sum(p == target for _r, p, _t in pack.links[glance]) >= 2

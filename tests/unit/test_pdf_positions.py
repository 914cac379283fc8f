"""Positions at a glance, read back from the PDF: the table first after the cover, its links
and page numbers pointing where the places print, the points to make, the defensive lines and
the objectives; citations linking to the full text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_records import lima_annotations, lima_like_record

from briefing.domain import Stance
from briefing.export.options import ExportOptions
from briefing.export.pdf import export_pdf
from briefing.export.pdf_story import shorten_at_word


def _flat(text: str) -> str:
    return " ".join(text.split())


def _items():
    record = lima_like_record()
    annotations = lima_annotations()
    annotations[0] = dataclasses.replace(
        annotations[0],
        line_to_take="We welcome the regional group's approach.",
        if_raised="The venue is for the Chair to decide.",
    )
    annotations[1] = dataclasses.replace(annotations[1], line_to_take="Ask to delete <IOM> & co.")
    return [(record, annotations)]


def _export(tmp_path: Path, items=None, **options) -> tuple[Path, PdfReader]:
    options.setdefault("deterministic", True)
    record = (items or _items())[0][0]
    options.setdefault("objectives", ((record.key, "Secure a follow-up.\nKeep para. 6."),))
    out = tmp_path / "note.pdf"
    export_pdf(items or _items(), ExportOptions(**options), out)
    return out, PdfReader(out)


def _links(page) -> list[tuple[tuple[float, ...], int]]:
    """(rectangle, target page index) of each internal link on a page."""
    reader_pages = page.pdf.pages
    out = []
    for ref in page.get("/Annots", []):
        annot = ref.get_object()
        if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
            continue
        target = annot["/Dest"][0].idnum
        index = next(i for i, p in enumerate(reader_pages) if p.indirect_reference.idnum == target)
        out.append((tuple(float(v) for v in annot["/Rect"]), index))
    return out


def test_the_table_comes_first_after_the_cover_and_links_to_each_place(tmp_path: Path) -> None:
    out, reader = _export(tmp_path)
    glance = _flat(reader.pages[1].extract_text())
    assert glance.startswith(reader.pages[1].extract_text().split()[0])
    assert "Positions at a glance" in glance
    assert "Contents" not in glance  # the contents come after it
    for column in ("Where", "Text", "Stance", "Priority", "Line to take", "Page"):
        assert column in glance
    assert "We welcome the regional group's approach." in glance
    assert "Ask to delete <IOM> & co." in glance  # escaped, printed as written
    record = _items()[0][0]
    # Every annotated place links to the page where the full text prints it, and the page
    # column says that page.
    links = _links(reader.pages[1])
    targets = {index for _rect, index in links}
    assert targets, "no link in the positions table"
    for eid in ("annex_1__para_10__point_a", "annex_1__para_6"):
        text = record.find(eid).text
        printed = [
            i
            for i in targets
            if _flat(text[:40]) in _flat(reader.pages[i].extract_text())
            and "Full text" in _flat("".join(p.extract_text() for p in reader.pages[: i + 1]))
        ]
        assert printed, f"no link goes to the page that prints {eid}"
        assert f" {printed[-1] + 1} " in f" {glance} "  # the page column names it
    # The page numbers are forms made at save: rows naming the same page share one form.
    forms = {
        name: ref.idnum
        for page in reader.pages[1:3]
        for name, ref in page["/Resources"].get("/XObject", {}).items()
        if "briefingToc_" in name
    }
    numbers = {idnum: reader.get_object(idnum).get_data().strip() for idnum in forms.values()}
    assert len(set(numbers.values())) == len(numbers), "two forms print the same number"
    assert len(numbers) < len(forms), "no two rows share a form"


def test_points_to_make_if_raised_and_objectives(tmp_path: Path) -> None:
    _out, reader = _export(tmp_path)
    glance = _flat(reader.pages[1].extract_text())
    points = glance.index("Points to make")
    raised = glance.index("If raised")
    objectives = glance.index("Objectives")
    assert points < raised < objectives
    assert "We welcome the regional group's approach." in glance[points:raised]
    assert "The venue is for the Chair to decide." in glance[raised:objectives]
    assert "Secure a follow-up." in glance[objectives:] and "Keep para. 6." in glance[objectives:]


def test_no_positions_and_no_objectives_leave_the_section_out(tmp_path: Path) -> None:
    _out, reader = _export(tmp_path, items=[(lima_like_record(), [])], objectives=())
    text = _flat("".join(page.extract_text() for page in reader.pages))
    assert "Positions at a glance" not in text


def test_a_filter_that_matches_nothing_says_so(tmp_path: Path) -> None:
    _out, reader = _export(tmp_path, stances=frozenset({Stance.NEUTRAL}))
    glance = _flat(reader.pages[1].extract_text())
    assert "Positions at a glance" in glance
    assert "No position matches the filters." in glance


def test_citations_in_the_conclusions_link_to_the_full_text(tmp_path: Path) -> None:
    _out, reader = _export(tmp_path)
    texts = [_flat(page.extract_text()) for page in reader.pages]
    full_text_from = next(i for i, t in enumerate(texts) if t.count("Full text") and i > 2)
    conclusions = next(i for i, t in enumerate(texts) if "Conclusions" in t and i > 2)
    links = [
        index for page in reader.pages[conclusions:full_text_from] for _r, index in _links(page)
    ]
    assert links and all(index >= full_text_from for index in links)


def test_without_the_full_text_nothing_links_nowhere(tmp_path: Path) -> None:
    sections = frozenset({"cover", "positions", "conclusions"})
    _out, reader = _export(tmp_path, sections=sections)
    assert all(not _links(page) for page in reader.pages)
    assert "Positions at a glance" in _flat(reader.pages[1].extract_text())


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short text", 40, "short text"),
        (
            "Encourages Member States to strengthen regional processes",
            30,
            "Encourages Member States to…",
        ),
        ("one, two, three four", 10, "one, two…"),
        ("Antidisestablishmentarianism rules", 8, "Antidisestablishmentarianism…"),
        ("spaces\n  and\tlines  folded", 100, "spaces and lines folded"),
    ],
)
def test_shorten_at_word_never_cuts_a_word(text: str, limit: int, expected: str) -> None:
    assert shorten_at_word(text, limit) == expected


def test_a_filtered_note_says_on_its_cover_what_it_holds(tmp_path: Path) -> None:
    _out, reader = _export(tmp_path, stances=frozenset({Stance.OPPOSE}))
    cover = _flat(reader.pages[0].extract_text())
    assert "Holds only the positions with stance Oppose." in cover
    assert len(reader.pages[0].extract_text()) and "Positions at a glance" not in cover


def test_the_filter_warning_names_the_filters() -> None:
    from briefing.export.options import filter_warning

    items = _items()
    assert filter_warning(items, ExportOptions()) == ""
    assert filter_warning(items, ExportOptions(stances=frozenset({Stance.OPPOSE}))) == ""
    warning = filter_warning(items, ExportOptions(stances=frozenset({Stance.NEUTRAL})))
    assert warning == "no position matches the filters (stance Neutral)"


def _right_edges(page) -> list[float]:
    """The x where each run of body text drawn on a page starts, plus its width estimate."""
    edges: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            edges.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    return edges


def test_the_notes_column_keeps_the_text_out_of_the_outer_margin(tmp_path: Path) -> None:
    from briefing.export import styles as st

    plain_dir, notes_dir = tmp_path / "plain", tmp_path / "notes"
    plain_dir.mkdir()
    notes_dir.mkdir()
    _plain, plain = _export(plain_dir, sections=frozenset({"full-text"}))
    _notes, notes = _export(notes_dir, sections=frozenset({"full-text"}), notes_column=True)
    assert len(notes.pages) > len(plain.pages)  # the same text on narrower lines
    width = float(notes.pages[0].mediabox.width)
    column = width - st.MARGIN_RIGHT - st.NOTES_COLUMN
    for page in notes.pages:
        starts = [x for x in _right_edges(page) if x > column + 6 * 2.835]
        # Nothing of the text starts in the column but its "Notes" label.
        assert len(starts) <= 1, starts
    assert "Notes" in notes.pages[0].extract_text()


def test_a_citation_keeps_its_number_with_its_label() -> None:
    from briefing.export.pdf_flowables import Para
    from briefing.export.pdf_story import build_story

    story = build_story(_items(), ExportOptions(deterministic=True))
    texts = [f.text for f in story if isinstance(f, Para) and hasattr(f, "text")]
    cited = [t for t in texts if "para." in t]
    assert cited
    assert all("para. " not in t for t in cited if "href" in t), cited[:3]
    assert any("para.\xa010\xa0(a)" in t for t in cited)

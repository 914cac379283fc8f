"""Typography and no padding in the PDF (issue 17), read back from the PDF: hyphenation in the
record's language, a running header and footer that fit any title and marking, a cover of one
page, "(Signed)", themes listing each place once, a note printed once, no empty section.

Each module-scoped export is laid out once and read by several tests.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from test_pdf_records import lima_annotations, lima_like_record

from briefing.domain import Paragraph as RecordParagraph
from briefing.domain import Part, PartKind, Record, Signatory, Stance
from briefing.export import fonts, hyphenation, running
from briefing.export import styles as st
from briefing.export.pdf import ExportOptions, export_pdf
from briefing.export.pdf_story import build_story

MARKING = (
    "Confidential: for the delegation and the capital's desk officers only; not to be "
    "circulated, copied or quoted outside the mission without the Ambassador's written consent"
    " and a record of who holds it."
)
LONG_TITLE = " ".join(
    ["Comprehensive review of the regional consultative processes on migration and mobility"] * 6
)
DELEGATION = " ".join(["Permanent Mission of the Plurinational State of Bolivia"] * 5)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("typography")


@pytest.fixture(scope="module")
def english(home: Path) -> PdfReader:
    """A Lima-like note with every section, annotations, a 200-character marking and a very
    long title and delegation."""
    assert len(MARKING) == 200
    out = home / "english.pdf"
    record = lima_like_record(symbol=None)  # the running header names it by its title
    record.title = LONG_TITLE
    export_pdf(
        [(record, lima_annotations())],
        ExportOptions(deterministic=True, marking=MARKING, title=LONG_TITLE, delegation=DELEGATION),
        out,
    )
    return PdfReader(out)


_FRENCH_PARAGRAPHS = [
    "Les participants ont souligné l'importance de la coopération internationale et "
    "régionale en matière de migration, notamment par l'intermédiaire des processus "
    "consultatifs régionaux, dont la contribution à la gouvernance mondiale des migrations "
    "est désormais largement reconnue par les États Membres et les organisations concernées.",
    "Ils ont également encouragé les gouvernements à renforcer les mécanismes existants "
    "d'échange d'informations, à promouvoir la participation des organisations régionales "
    "et à développer des partenariats durables avec la société civile, le secteur privé et "
    "les institutions universitaires spécialisées dans les questions migratoires.",
    "Enfin, la réunion a recommandé que les conclusions de ses travaux soient transmises au "
    "Dialogue de haut niveau sur les migrations internationales et le développement, afin "
    "que les recommandations formulées puissent être examinées de manière approfondie par "
    "l'Assemblée générale lors de sa prochaine session extraordinaire consacrée à ces "
    "questions fondamentales.",
]


def french_record() -> Record:
    """A letter in French: no process, theme, conclusion or key point; a signature."""
    paragraphs = [
        RecordParagraph(eid=f"letter__p_{i + 1}", number=None, text=text)
        for i, text in enumerate(_FRENCH_PARAGRAPHS * 3)
    ]
    return Record(
        title="Lettre datée du 26 juin 2013 adressée au Secrétaire général",
        symbol="A/68/999",
        date=dt.date(2013, 6, 26),
        language="fr",
        parts=[
            Part(
                eid="letter",
                kind=PartKind.LETTER,
                title="Lettre datée du 26 juin 2013",
                paragraphs=paragraphs,
                signatories=[Signatory(name="Jean Dupont", title="Ambassadeur")],
            )
        ],
        key="symbol:A/68/999",
    )


@pytest.fixture(scope="module")
def french(home: Path) -> PdfReader:
    out = home / "french.pdf"
    export_pdf([(french_record(), [])], ExportOptions(deterministic=True), out)
    return PdfReader(out)


# --- hyphenation -----------------------------------------------------------------------------


def _source_words(texts: list[str]) -> set[str]:
    return {w for text in texts for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)}


def _hyphenated_at_line_ends(reader: PdfReader, words: set[str]) -> list[str]:
    """Words of the source printed across a line end with a hyphen the source does not have."""
    found = []
    for page in reader.pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for line, following in zip(lines, lines[1:], strict=False):
            head = re.search(r"([^\W\d_]+)-$", line)
            tail = re.match(r"([^\W\d_]+)", following)
            if head and tail:
                word = head.group(1) + tail.group(1)
                if word in words and f"{head.group(1)}-{tail.group(1)}" not in words:
                    found.append(f"{head.group(1)}-/{tail.group(1)}")
    return found


def test_english_justified_text_is_hyphenated(english: PdfReader) -> None:
    record = lima_like_record()
    texts = [p.text for _part, p in record.paragraphs()]
    texts += [pt.text for _part, p in record.paragraphs() for pt in p.walk_points()]
    assert _hyphenated_at_line_ends(english, _source_words(texts))


def test_french_justified_text_is_hyphenated_in_french(french: PdfReader) -> None:
    found = _hyphenated_at_line_ends(french, _source_words(_FRENCH_PARAGRAPHS))
    assert found
    # French patterns, not English ones: each break is one pyphen's French dictionary allows.
    french_hyphenator = hyphenation.hyphenator("fr")
    for pair in found:
        head, tail = pair.split("-/")
        assert (head, tail) in set(french_hyphenator(head + tail)), pair


def test_languages_without_a_dictionary_are_left_whole() -> None:
    assert hyphenation.hyphenator("ar") is None
    assert hyphenation.hyphenator("zh") is None
    assert hyphenation.hyphenator("ru") is not None
    assert hyphenation.hyphenator("es") is not None
    # A compound breaks after its own hyphen only, never before it ("Inter" / "-State").
    assert list(hyphenation.hyphenator("en")("Inter-State")) == [("Inter-", "State")]


# --- running header and footer ---------------------------------------------------------------


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>'
)


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(yMin, xMin, xMax, text) of the words of a page, as poppler places them."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(float(y), float(x0), float(x1), t) for x0, y, x1, t in _WORD.findall(xml)]


def _line_parts(words) -> list[list[tuple[float, float, str]]]:
    """A line's words split where the widest gap between two of them falls."""
    words = sorted((x0, x1, t) for _y, x0, x1, t in words)
    gaps = [words[i + 1][0] - words[i][1] for i in range(len(words) - 1)]
    cut = gaps.index(max(gaps)) + 1
    return [words[:cut], words[cut:]]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_header_and_footer_fit_the_frame_for_a_long_marking_and_title(
    english: PdfReader, home: Path
) -> None:
    pdf = home / "english.pdf"
    sans = fonts.register_fonts()
    page_width = float(english.pages[1].mediabox.width)
    left, right = st.MARGIN_LEFT, page_width - st.MARGIN_RIGHT
    frame = right - left
    for page in (2, len(english.pages)):
        words = _words(pdf, page)
        top = min(y for y, *_ in words)
        header = [w for w in words if abs(w[0] - top) < 2]
        title, marking = _line_parts(header)
        title_text = " ".join(t for *_x, t in title)
        marking_text = " ".join(t for *_x, t in marking)
        # Both shortened at a word, with an ellipsis; the marking upper case, as printed.
        assert title_text.endswith("…") and marking_text.endswith("…")
        assert LONG_TITLE.startswith(title_text[:-1].rstrip(" ,;:"))
        assert MARKING.upper().startswith(marking_text[:-1].rstrip(" ,;:"))
        # Within the frame, neither over the other: measured as printed, and in the fonts.
        assert title[0][0] >= left - 1 and marking[-1][1] <= right + 1
        assert title[-1][1] < marking[0][0]
        widths = stringWidth(title_text, sans.sans, 8) + stringWidth(
            marking_text, sans.sans_bold, 8
        )
        assert widths + running.GAP <= frame + 0.01
        bottom = max(y for y, *_ in words)
        footer = [w for w in words if abs(w[0] - bottom) < 2]
        number, delegation = _line_parts(footer)
        assert " ".join(t for *_x, t in number).startswith(f"Page {page} of")
        assert " ".join(t for *_x, t in delegation).endswith("…")
        assert number[-1][1] < delegation[0][0] and delegation[-1][1] <= right + 1


def test_share_line_gives_each_text_room_and_never_cuts_a_word() -> None:
    def measure(text: str) -> float:
        return 5.0 * len(text)

    title, marking = running.share_line(LONG_TITLE, MARKING.upper(), 400, measure, measure)
    assert measure(title) + measure(marking) + running.GAP <= 400
    for text, whole in ((title, LONG_TITLE), (marking, MARKING.upper())):
        assert text.endswith("…")
        assert f" {text[:-1].split()[-1]} " in f" {whole} "  # a whole word before the ellipsis
    # A short marking stays whole; a title alone takes the line.
    assert running.share_line(LONG_TITLE, "SECRET", 400, measure, measure)[1] == "SECRET"
    assert measure(running.share_line(LONG_TITLE, "", 400, measure, measure)[0]) > 350
    # One word wider than the line is cut inside it: nothing prints past the frame.
    assert measure(running.fit_at_word("x" * 300, 100, measure)) <= 100


# --- the cover -------------------------------------------------------------------------------


def test_the_cover_is_one_page_and_page_two_holds_none_of_it(english: PdfReader) -> None:
    cover = _flat(english.pages[0].extract_text())
    assert "Date prepared" in cover and "BRIEFING NOTE" in cover
    second = _flat(english.pages[1].extract_text())
    assert "Date prepared" not in second and "BRIEFING NOTE" not in second


def test_a_packs_cover_of_many_records_and_long_texts_is_one_page(home: Path) -> None:
    items = [(lima_like_record(f"A/68/{300 + i}"), lima_annotations()) for i in range(30)]
    for record, _ in items:
        record.title = LONG_TITLE
    out = home / "cover.pdf"
    result = export_pdf(
        items,
        ExportOptions(
            sections=frozenset({"cover"}),
            deterministic=True,
            marking=MARKING,
            title=LONG_TITLE * 2,
            delegation=DELEGATION,
            tags=frozenset({"rcp", "iom", "architecture"}),
            stances=frozenset(Stance),
        ),
        out,
    )
    assert result.pages == 1
    text = _flat(PdfReader(out).pages[0].extract_text())
    assert "Date prepared" in text and "and 18 more records" in text


# --- what the full text keeps and what prints once ----------------------------------------------


def test_a_signature_keeps_its_signed(english: PdfReader, french: PdfReader) -> None:
    text = _flat("\n".join(page.extract_text() for page in english.pages))
    assert "(Signed) Enrique Román-Morey" in text
    # In the record's language.
    assert "(Signé) Jean Dupont" in _flat(french.pages[-1].extract_text())


def _section(reader: PdfReader, start: str, end: str) -> str:
    text = _flat("\n".join(page.extract_text() for page in reader.pages[3:]))
    return text.split(start, 1)[1].split(end, 1)[0]


def test_the_themes_section_lists_each_place_once_with_its_themes() -> None:
    record = lima_like_record()
    # Paragraph 6 concerns three themes, paragraph 1 two.
    record.themes[0].mentions.append("annex_1__para_6")
    record.themes.append(record.themes[1].__class__("Human rights", "record", ["annex_1__para_6"]))
    record.themes.append(record.themes[1].__class__("Governance", "record", ["annex_1__para_1"]))
    story = build_story([(record, [])], ExportOptions(sections=frozenset({"themes"})))
    texts = [getattr(f, "text", "") for f in story]
    tables = [f for f in story if f.__class__.__name__ == "Table"]
    assert len(tables) == 1
    rows = tables[0]._cellvalues[1:]

    def text(cell) -> str:  # a Para, or a string for one line of plain text (cell_text)
        return cell if isinstance(cell, str) else cell.text

    cited = [text(row[0]) for row in rows]
    assert len(cited) == len(set(cited)) == 2  # paragraphs 1 and 6, once each
    themes = {text(row[0]): text(row[1]) for row in rows}
    para6 = next(v for k, v in themes.items() if "6" in k)
    assert para6 == "Regional consultative processes, Labour mobility, Human rights"
    assert not any("Participants also acknowledged" in t for t in texts)  # only in the table


def test_themes_in_the_pdf_print_each_paragraph_once(english: PdfReader) -> None:
    themes = _section(english, "Themes", "Conclusions")
    assert themes.count("Annex, para. 6") == 1 and themes.count("Annex, para. 1") == 1
    # An index: the paragraph's text prints once, in the full text.
    assert "Participants also acknowledged" not in themes


def test_a_note_prints_once_in_full_and_the_full_text_refers_to_its_page(
    english: PdfReader,
) -> None:
    pages = [_flat(page.extract_text()) for page in english.pages]
    whole = " ".join(pages)
    for ann in lima_annotations():
        assert whole.count(ann.note) == 1, ann.note
    note = lima_annotations()[0].note
    page_of_note = next(i for i, text in enumerate(pages, 1) if note in text)
    full_text = whole.split("Full text", 2)[-1]
    assert f"Note: see p. {page_of_note} (Conclusions)" in full_text


def test_without_the_conclusions_the_full_text_prints_the_note(home: Path) -> None:
    out = home / "full-text-only.pdf"
    export_pdf(
        [(lima_like_record(), lima_annotations())],
        ExportOptions(sections=frozenset({"full-text"}), deterministic=True),
        out,
    )
    text = _flat("\n".join(page.extract_text() for page in PdfReader(out).pages))
    assert lima_annotations()[0].note in text and "Note: see" not in text


def test_a_position_box_gives_its_lines_once_where_the_note_prints(home: Path) -> None:
    ann = lima_annotations()[0]
    ann.line_to_take = "We welcome the regional architecture"
    ann.if_raised = "Our capital is still weighing the reference"
    out = home / "lines.pdf"
    export_pdf(
        [(lima_like_record(), [ann])],
        ExportOptions(sections=frozenset({"conclusions", "full-text"}), deterministic=True),
        out,
    )
    text = _flat("\n".join(page.extract_text() for page in PdfReader(out).pages))
    conclusions, full_text = text.split("Full text", 1)
    assert f"Line to take: {ann.line_to_take}" in conclusions
    assert f"If raised: {ann.if_raised}" in conclusions
    assert ann.line_to_take not in full_text and ann.if_raised not in full_text


def test_a_position_box_keeps_with_the_text_it_concerns() -> None:
    story = build_story(
        [(lima_like_record(), lima_annotations())],
        ExportOptions(sections=frozenset({"conclusions", "key-points", "full-text"})),
    )
    boxes = [
        i
        for i, f in enumerate(story)
        if getattr(f, "style", None) is not None and f.style.name.startswith("Position")
    ]
    assert len(boxes) >= 2 * len(lima_annotations()) - 1  # conclusions and full text
    for i in boxes:
        assert story[i - 1].getKeepWithNext(), story[i - 1].text[:60]
        assert story[i].getKeepWithNext()  # the stance line keeps with the note under it


# --- no padding ------------------------------------------------------------------------------


def test_sections_with_nothing_to_show_are_left_out_and_no_page_is_empty(
    french: PdfReader,
) -> None:
    text = _flat("\n".join(page.extract_text() for page in french.pages))
    assert "The meeting in brief" in text and "Full text" in text
    for heading in ("Processes", "Themes", "Conclusions", "Key points", "Positions at a glance"):
        assert heading not in text
    assert "names no" not in text and "holds no" not in text
    for number, page in enumerate(french.pages[1:], start=2):
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if "A/68/999" not in line and "Page " not in line]
        assert len(" ".join(body)) > 40, (number, lines)


# A paragraph whose split reportlab once got wrong with hyphenation: the first piece, its
# lines broken again, came out a line taller than the room it was cut for (a layout error).
_SPLIT_PARAGRAPH = (
    "Also underlines the importance of the unequivocal undertaking by the nuclear-weapon "
    "States, in the Final Document of the 2000 Review Conference of the Parties to the Treaty "
    "on the Non-Proliferation of Nuclear Weapons, to accomplish the total elimination of their "
    "nuclear arsenals leading to nuclear disarmament, to which all States parties are committed "
    "under article VI of the Treaty, and the reaffirmation by the States parties that the total "
    "elimination of nuclear weapons is the only absolute guarantee against the use or threat of "
    "use of nuclear weapons;"
)


@pytest.mark.parametrize("shrinkage", [0, 0.05])
def test_a_split_paragraphs_first_piece_fits_the_room_it_was_cut_for(shrinkage: float) -> None:
    from briefing.export.pdf_flowables import Para

    styles = hyphenation.styles_for(st.make_styles(), "en")
    style = st.ParagraphStyle("split", parent=styles.numbered, spaceShrinkage=shrinkage)
    width = st.PAPER["A4"][0] - st.MARGIN_LEFT - st.MARGIN_RIGHT - 12
    for room in range(20, 120, 2):
        para = Para(_SPLIT_PARAGRAPH + "<super>6</super>", style, bulletText="12.")
        para.wrap(width, room)
        pieces = para.split(width, room)
        if len(pieces) == 2:
            assert pieces[0].wrap(width, room)[1] <= room, room


def test_a_words_breaks_are_found_once_and_given_every_time() -> None:
    asked: list[str] = []

    def breaks(word):
        asked.append(word)
        yield word[:3], word[3:]
        yield word[:2], word[2:]

    cached = hyphenation._cached(breaks)
    for _ in range(3):
        assert list(cached("migration")) == [("mig", "ration"), ("mi", "gration")]
    assert list(cached("Lima")) == [("Lim", "a"), ("Li", "ma")]
    assert asked == ["migration", "Lima"]
    english = hyphenation.hyphenator("en")
    assert list(english("consultative")) == list(english("consultative"))
    assert list(english("consultative"))

"""The importer on the real documents: the default Lima record and every pdftotext sample."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.domain import Record
from briefing.importer import parse_text, read_document

REPO = Path(__file__).resolve().parents[2]
LIMA_PATH = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"
SAMPLES_DIR = REPO / "tests" / "fixtures" / "samples"  # copies of ../shared/records/samples
SAMPLES = sorted(SAMPLES_DIR.glob("*.txt"))

FURNITURE = [
    re.compile(r"\b\d{2}-\d{5}\b"),  # job number
    re.compile(r"\*\d{7,}\*"),  # barcode
    re.compile(r"Please recycle", re.IGNORECASE),
    re.compile(r"\f"),
]


def all_texts(record: Record) -> list[str]:
    texts = [record.title]
    for part in record.parts:
        texts += [part.title, *part.notes]
        texts += [s.name for s in part.signatories] + [s.title for s in part.signatories]
        for para in part.paragraphs:
            texts += [para.text, para.closing]
            for point in para.walk_points():
                texts += [point.text, point.closing]
    texts += [f.text for f in record.footnotes]
    return texts


def sample(name: str) -> Record:
    (path,) = [p for p in SAMPLES if p.name.startswith(f"{name}-")]
    return read_document(path)


# ------------------------------------------------------------------------------ Lima


@pytest.fixture(scope="module")
def lima() -> Record:
    return read_document(LIMA_PATH)


def test_lima_masthead(lima: Record) -> None:
    assert (lima.organ, lima.distribution, lima.date) == (
        "General Assembly",
        "General",
        dt.date(2013, 6, 28),
    )
    assert (lima.original_language, lima.session, lima.symbol) == (
        "English",
        "Sixty-eighth session",
        None,
    )
    assert [(a.item, a.title) for a in lima.agenda] == [
        ("21 (e)", "Globalization and interdependence: international migration and development")
    ]
    assert lima.title == (
        "Letter dated 26 June 2013 from the Permanent Representative of Peru to the United "
        "Nations addressed to the Secretary-General"
    )


def test_lima_parts_and_signature(lima: Record) -> None:
    letter, annex = lima.parts
    assert (letter.kind, annex.kind, annex.eid) == ("letter", "annex", "annex_1")
    assert len(letter.paragraphs) == 2
    (sig,) = letter.signatories
    assert sig.name == "Enrique Román-Morey"
    assert sig.title == "Ambassador\nPermanent Representative of Peru to the United Nations"
    assert annex.notes == [
        "Fourth Global Meeting of Chairs and Secretariats of Regional Consultative Processes on "
        "Migration",
        "Lima",
        "22 and 23 May 2013",
        "Chair's Summary",
    ]


def test_lima_annex_paragraphs_and_points(lima: Record) -> None:
    annex = lima.parts[1]
    numbered = [p for p in annex.paragraphs if p.number]
    assert [p.number for p in numbered] == [str(n) for n in range(1, 12)]
    assert [p.label for p in lima.find("annex_1__para_8").points] == list("abcdef")
    assert [p.label for p in lima.find("annex_1__para_10").points] == list("abcde")
    assert lima.find("annex_1__para_8").text.endswith("as follows:")
    closing = annex.paragraphs[-1]
    assert (closing.role, closing.text) == ("place_date", "Lima, 23 May 2013")


def test_lima_8c_reads_as_one_sentence_across_the_page_break(lima: Record) -> None:
    point = lima.find("annex_1__para_8__point_c")
    assert "the High-level Dialogue on International Migration and Development and the IOM" in (
        point.text
    )
    assert point.text.endswith("IOM International Dialogue on Migration;")
    assert point.text.count(";") == 1


def test_lima_footnotes(lima: Record) -> None:
    assert [(f.marker, f.eid) for f in lima.footnotes] == [
        ("*", "footnote_star"),
        ("a", "footnote_a"),
        ("b", "footnote_b"),
    ]
    assert lima.footnote("*").text == "A/68/50."
    assert lima.footnote("a").cited_in == ["annex_1__para_2"]
    assert lima.footnote("b").cited_in == ["annex_1__para_2"]
    assert lima.footnote("a").text.startswith("Abu Dhabi Dialogue; Bali Process")
    assert lima.footnote("b").text.endswith("the Organization of American States.")


def test_lima_emphasis_is_styling_not_markup(lima: Record) -> None:
    for text in all_texts(lima):
        assert "**" not in text and "^" not in text and "*" not in text, text
    assert "Román-Morey" in lima.signatories[0].name
    para4 = lima.find("annex_1__para_4")
    (italic,) = [s for s in para4.spans if s.style == "italic"]
    assert para4.text[italic.start : italic.end].startswith("Regional Inter-State Consultation")
    assert para4.text[italic.start : italic.end].endswith("Global Governance of Migration")


def test_lima_provenance(lima: Record) -> None:
    import hashlib

    text = LIMA_PATH.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert lima.source_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert lima.source_name == LIMA_PATH.name


def test_lima_eids_are_stable_and_unique(lima: Record) -> None:
    again = parse_text(LIMA_PATH.read_text(encoding="utf-8"))
    eids = [p.eid for _, p in lima.paragraphs()]
    eids += [pt.eid for _, p in lima.paragraphs() for pt in p.walk_points()]
    eids += [f.eid for f in lima.footnotes]
    assert len(eids) == len(set(eids))
    assert eids[: len(eids)] == [p.eid for _, p in again.paragraphs()] + [
        pt.eid for _, p in again.paragraphs() for pt in p.walk_points()
    ] + [f.eid for f in again.footnotes]


# --------------------------------------------------------------------------- samples


def test_samples_are_present() -> None:
    assert len(SAMPLES) >= 4


SHARED_SAMPLES = REPO.parent / "shared" / "records" / "samples"


@pytest.mark.skipif(not SHARED_SAMPLES.is_dir(), reason="no ../shared/records beside this clone")
def test_the_samples_are_the_shared_records_as_they_are() -> None:
    shared = {p.name: p.read_bytes() for p in SHARED_SAMPLES.glob("*.txt")}
    ours = {p.name: p.read_bytes() for p in SAMPLES}
    assert ours == shared


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_imports_clean(path: Path) -> None:
    record = read_document(path)
    pages = path.read_text(encoding="utf-8").count("\f") + 1
    page_numbers = {f"{n}/{pages}" for n in range(1, pages + 1)}
    assert record.organ in ("General Assembly", "Security Council")
    # The file is named after its symbol: "S/PV.7138" -> "s-pv-7138-...", "S/RES/2155 (2014)"
    # -> "s-res-2155-2014-...".
    slug = re.sub(r"[^a-z0-9]+", "-", record.symbol.lower()).strip("-") if record.symbol else ""
    assert slug and path.stem.startswith(slug)
    assert record.date is not None and record.title
    for text in all_texts(record):
        for pattern in FURNITURE:
            assert not pattern.search(text), (pattern.pattern, text)
        assert "\ue000" not in text and "\ue001" not in text
        assert not page_numbers & set(re.findall(r"\d+/\d+", text)), text
    # The running header (the symbol) never sits inside the text.
    for _, para in record.paragraphs():
        assert record.symbol not in para.text
    # Numbered paragraphs are numbered as printed: 1, 2, 3 ... within each run.
    for part in record.parts:
        numbers = [int(p.number) for p in part.paragraphs if p.number]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
    # Every footnote has text and is cited somewhere in the body.
    for footnote in record.footnotes:
        assert footnote.text
        assert footnote.cited_in, footnote.marker
        for eid in footnote.cited_in:
            assert record.find(eid) is not None


def test_a_res_67_219() -> None:
    r = sample("a-res-67-219")
    assert r.title == "International migration and development"
    assert (r.session, [a.item for a in r.agenda]) == ("Sixty-seventh session", ["22 (b)"])
    (body,) = r.parts
    assert body.notes[0] == "Resolution adopted by the General Assembly on 21 December 2012"
    assert [p.number for p in body.paragraphs if p.number] == [str(n) for n in range(1, 20)]
    formula = body.paragraphs[0]
    assert (formula.role, formula.eid, formula.text) == (
        "formula",
        "body__formula",
        "The General Assembly,",
    )
    preamble = [p for p in body.paragraphs if p.number is None and p.role == "paragraph"]
    # PP1 ... PP12: the formula is not a paragraph.
    assert [p.label for p in preamble] == [f"PP{n}" for n in range(1, 13)]
    assert [p.eid for p in preamble[:2]] == ["body__preamble__para_1", "body__preamble__para_2"]
    assert [p.text.split()[0] for p in preamble] == [
        "Recalling",
        "Recalling",
        "Recalling",
        "Recalling",
        "Reaffirming",
        "Recalling",
        "Recalling",
        "Recalling",
        "Acknowledging",
        "Acknowledging",
        "Recognizing",
        "Acknowledging",
    ]
    para3 = r.find("body__para_3")
    assert para3.text.startswith("Also decides that the organizational arrangements")
    assert [p.label for p in para3.points] == list("abcd")
    assert [p.label for p in para3.points[1].points] == ["i", "ii", "iii"]
    assert [p.label for p in para3.points[2].points] == ["i", "ii", "iii", "iv"]
    assert (
        para3.points[2].text == "The themes for each of the four round tables will be as follows:"
    )
    assert r.find("body__para_4").text.startswith("Further decides that the participants")
    # pdftotext joined "sixty-" and "eighth" without the hyphen; the importer restores it.
    assert "the general debate of the sixty-eighth session" in r.find("body__para_2").text
    assert r.find("body__para_7").text.startswith("Invites all relevant entities")
    assert "invitation to participate as observers" in r.find("body__para_7").text
    # Footnotes 1-13, marker 6 paired back with its text though printed at the end of the page.
    assert [f.marker for f in r.footnotes] == [str(n) for n in range(1, 14)]
    assert r.footnote("5").text == "Resolution 217 A (III)."
    assert r.footnote("6").text == "See resolution 2200 A (XXI), annex."
    assert r.footnote("1").text.endswith("chap. I, sect. B.")
    reaffirming = preamble[4]
    assert r.citation(reaffirming.eid, with_symbol=True) == "A/RES/67/219, PP5"
    assert r.citation("body__para_3__point_b__point_ii") == "OP3 (b) (ii)"
    assert r.footnote("6").cited_in == [reaffirming.eid]
    marks = [s.marker for s in reaffirming.spans if s.style == "footnote"]
    assert marks == ["5", "6", "6", "7", "8", "9"]
    assert r.footnote("13").cited_in == ["body__para_1"]
    assert "Outcome, its resolution" in preamble[1].text
    last = body.paragraphs[-1]
    assert (last.role, last.text) == ("place_date", "61st plenary meeting\n21 December 2012")


def test_a_77_416() -> None:
    r = sample("a-77-416")
    # A committee report is titled by its subject; "Report of the Sixth Committee" is below it.
    assert (r.kind, r.title, r.subtitle) == (
        "report",
        "Crimes against humanity",
        "Report of the Sixth Committee",
    )
    assert [(a.item, a.title) for a in r.agenda] == [("78", "Crimes against humanity")]
    assert [(p.eid, p.kind, p.title) for p in r.parts] == [
        ("body", "body", "Crimes against humanity"),
        ("draft_resolution_1", "draft_resolution", "Crimes against humanity"),
    ]
    body, draft = r.parts
    # The sections are headings of the body, whose paragraphs run 1..7 through them.
    assert [p.text for p in body.paragraphs if p.role == "heading"] == [
        "I. Introduction",
        "II. Consideration of draft resolution A/C.6/77/L.4",
        "III. Recommendation of the Sixth Committee",
    ]
    assert [p.number for p in body.paragraphs if p.number] == [str(n) for n in range(1, 8)]
    assert [p.number for p in draft.paragraphs if p.number] == [str(n) for n in range(1, 10)]
    assert (draft.paragraphs[0].role, draft.paragraphs[0].text) == (
        "formula",
        "The General Assembly,",
    )
    assert [p.label for p in draft.paragraphs if p.label.startswith("PP")] == [
        f"PP{n}" for n in range(1, 7)
    ]
    para4 = r.find("body__para_4")
    assert "the United Kingdom of Great Britain and Northern Ireland, the United Republic" in (
        para4.text
    )
    # Two footnotes 1: the report's and its draft resolution's, told apart by their part.
    assert [(f.marker, f.eid, f.part) for f in r.footnotes] == [
        ("1", "footnote_1", "body"),
        ("1", "draft_resolution_1__footnote_1", "draft_resolution_1"),
        ("2", "draft_resolution_1__footnote_2", "draft_resolution_1"),
        ("3", "draft_resolution_1__footnote_3", "draft_resolution_1"),
        ("4", "draft_resolution_1__footnote_4", "draft_resolution_1"),
    ]
    assert r.footnotes[0].cited_in == ["body__para_3"]
    assert r.footnotes[1].text.startswith("Official Records of the General Assembly")
    assert r.footnotes[2].text == "Ibid., para. 42."
    assert r.footnotes[4].text.endswith("A/C.6/77/SR.10 and A/C.6/77/SR.11.")
    # "paragraph 1 (a)" in the preamble is a reference, not a footnote mark.
    assert "Article 13, paragraph 1 (a), of the Charter" in " ".join(
        p.text for p in draft.paragraphs
    )


def test_a_res_68_4() -> None:
    r = sample("a-res-68-4")
    assert (
        r.title
        == "Declaration of the High-level Dialogue on International Migration and Development"
    )
    (body,) = r.parts
    assert [p.number for p in body.paragraphs if p.number] == [str(n) for n in range(1, 35)]
    headings = [p.text for p in body.paragraphs if p.role == "heading"]
    assert headings == [
        "Declaration of the High-level Dialogue on International Migration and Development"
    ]
    assert r.footnote("1").cited_in == ["body__para_15"]
    assert r.find("body__para_5").text.endswith("with full respect for human rights;")
    assert "on the occasion of the High-level Dialogue" in body.paragraphs[3].text
    assert r.find("body__para_6").text.startswith("Recognize the need to strengthen synergies")


def test_s_2013_113() -> None:
    r = sample("s-2013-113")
    assert r.organ == "Security Council" and r.session is None
    letter, annex = r.parts
    assert r.title == (
        "Letter dated 25 February 2013 from the Secretary-General addressed to the President of "
        "the Security Council"
    )
    assert len(letter.paragraphs) == 2
    assert [s.name for s in letter.signatories] == ["BAN Ki-moon"]
    assert (annex.title, annex.notes) == ("Annex", ["[Original: French]"])
    assert len(annex.paragraphs) == 8
    assert annex.paragraphs[0].text.startswith("I would first of all like")
    assert annex.paragraphs[6].text.startswith("Furthermore, we remain convinced")
    assert [s.name for s in annex.signatories] == ["Dioncounda Traoré"]
    assert [s.name for s in r.signatories] == ["BAN Ki-moon", "Dioncounda Traoré"]


def _structure(record: Record) -> list[tuple]:
    out: list[tuple] = [(record.symbol, record.title, record.date)]
    out += [(part.eid, part.title, tuple(part.notes)) for part in record.parts]
    for _, para in record.paragraphs():
        out.append((para.eid, para.text, tuple(para.spans)))
        out += [(pt.eid, pt.text) for pt in para.walk_points()]
    out += [(f.eid, f.text, tuple(f.cited_in)) for f in record.footnotes]
    out += [(s.name, s.title) for s in record.signatories]
    return out


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.replace("\f", ""),
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\n".join("  " + line + " " for line in t.split("\n")),
    ],
    ids=["form-feeds-lost", "crlf", "indented"],
)
def test_samples_survive_damage(path: Path, damage) -> None:
    text = path.read_text(encoding="utf-8")
    assert _structure(parse_text(damage(text))) == _structure(parse_text(text))


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: re.sub(r"\n\s*\n+", "\n", t),
        lambda t: t.replace("\n\n", "\n\n\n"),
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", " \n"),
        lambda t: "\ufeff" + t,
    ],
    ids=["blank-lines-lost", "blank-lines-doubled", "crlf", "trailing-spaces", "bom"],
)
def test_lima_survives_damage(lima: Record, damage) -> None:
    text = LIMA_PATH.read_text(encoding="utf-8")
    assert _structure(parse_text(damage(text))) == _structure(lima)

"""Property tests: whatever text or bytes come in, the importer gives a Record or a DocumentError.

Any other exception (IndexError, ValueError, RecursionError, UnicodeDecodeError, ...) is a bug: the
CLI would print a traceback and the app would show a crash instead of a one-line reason.
The strategies mix random text, weird Unicode and mutations of the real documents (the shapes an
imperfect pdftotext run or a hand edit produces), so the parser's paths are actually reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.domain import DocumentError, Record
from briefing.importer import parse_text, read_document

REPO = Path(__file__).resolve().parents[2]
LIMA_PATH = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"
SAMPLES = sorted((REPO / "tests" / "fixtures" / "samples").glob("*.txt"))
REAL_TEXTS = [LIMA_PATH.read_text(encoding="utf-8")] + [
    p.read_text(encoding="utf-8") for p in SAMPLES
]

# Characters that make text parsers stumble: line and paragraph separators Python's splitlines
# honours, form feeds, BOMs, zero-width and bidi controls, combining marks, surrogate-free astral
# characters, the markers the Lima text uses (** and ^a), and list/number shapes.
WEIRD = [
    "\x0c",
    "\r",
    "\r\n",
    "\x0b",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u0301",
    "\x00",
    "\t",
    "**",
    "^a",
    "^*",
    "(a)",
    "(iv)",
    "1.",
    "Annex",
    "A/RES/68/4",
    "*1325167*",
    "13-25167 (E) 140313",
    "2/4",
    "\U0001f600",
    "\U00010348",
    "ﬁ",
    "İ",
    "ß",
]

weird_text = st.lists(st.one_of(st.sampled_from(WEIRD), st.text(max_size=20)), max_size=60).map(
    "".join
)


@st.composite
def mutated_document(draw: st.DrawFn) -> str:
    """A real document with lines deleted, duplicated, shuffled, split by form feeds, cut short."""
    lines = draw(st.sampled_from(REAL_TEXTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "formfeed", "weird", "blank"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "formfeed":
            lines.insert(i, "\x0c")
        elif op == "weird":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from(WEIRD)) + lines[i][pos:]
        else:
            lines.insert(i, "\n" * draw(st.integers(1, 4)))
    text = "".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.integers(0, 4)) == 0:
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\u2028"])))
    return text


PROFILE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _parse_or_document_error(text: str) -> Record | None:
    try:
        record = parse_text(text, source_name="fuzz.txt")
    except DocumentError as exc:
        assert str(exc).strip(), "a DocumentError must carry a reason"
        assert "\n" not in str(exc), "the reason must be one line"
        return None
    assert isinstance(record, Record)
    return record


@PROFILE
@given(st.text(max_size=3000))
def test_any_text_gives_a_record_or_a_document_error(text: str) -> None:
    _parse_or_document_error(text)


@PROFILE
@given(weird_text)
def test_weird_unicode_gives_a_record_or_a_document_error(text: str) -> None:
    _parse_or_document_error(text)


@PROFILE
@given(mutated_document())
def test_mutated_real_documents_give_a_record_or_a_document_error(text: str) -> None:
    record = _parse_or_document_error(text)
    if record is not None:
        # Whatever came out must be usable: eids unique, so the store and annotations can key on
        # them.
        eids = [para.eid for _part, para in record.paragraphs()]
        eids += [pt.eid for _part, para in record.paragraphs() for pt in para.walk_points()]
        eids += [f.eid for f in record.footnotes]
        assert len(eids) == len(set(eids))


def test_the_unmutated_real_documents_parse() -> None:
    # The property above must be able to see records, not only errors.
    for text in REAL_TEXTS:
        assert isinstance(parse_text(text, source_name="real.txt"), Record)


@st.composite
def document_bytes(draw: st.DrawFn) -> bytes:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return draw(st.binary(max_size=4000))
    text = draw(st.one_of(mutated_document(), weird_text))
    if choice == 1:
        return text.encode("utf-8")
    if choice == 2:
        return text.encode("utf-16")  # with a BOM
    if choice == 3:
        return text.encode("latin-1", "replace")
    if choice == 4:
        data = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 8))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    data = text.encode(draw(st.sampled_from(["utf-8-sig", "utf-16-le", "utf-16-be", "utf-32"])))
    return data[: draw(st.integers(0, len(data)))]


@PROFILE
@given(data=document_bytes())
def test_any_bytes_through_read_document_give_a_record_or_a_document_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "document.txt"
    path.write_bytes(data)
    try:
        record = read_document(path)
    except DocumentError as exc:
        assert "\n" not in str(exc)
        assert "document.txt" in str(exc), "the error names the file"
        return
    assert isinstance(record, Record)


def test_read_document_of_the_real_files_in_each_encoding(tmp_path: Path) -> None:
    text = LIMA_PATH.read_text(encoding="utf-8")
    for encoding in ("utf-8", "utf-8-sig", "utf-16"):
        path = tmp_path / f"lima-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        record = read_document(path)
        assert isinstance(record, Record)
        assert len(record.paragraphs()) == len(parse_text(text).paragraphs())

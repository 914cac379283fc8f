"""Reading a file: every kind of bad input is a DocumentError with a one-line reason naming it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from briefing.domain import DocumentError
from briefing.importer import decode as decode_mod
from briefing.importer import default_record, read_document, read_document_with_warnings

REPO = Path(__file__).resolve().parents[2]
LIMA_PATH = REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"

MINIMAL = (
    "General Assembly\n\nDistr.: General\n3 May 2013\n\nOriginal: English\n\n"
    "Sixty-eighth session\n\nLetter dated 2 May 2013 from the Permanent Representative of "
    "Chile addressed to the Secretary-General\n\n"
    "I have the honour to refer to the meeting held in Santiago on 12 April 2013, whose "
    "conclusions are annexed to the present letter for the attention of the Assembly.\n\n"
    "(Signed) Ana Pérez\n"
)


def _refused(path: Path, fragment: str) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_document(path)
    error = info.value
    assert error.source == str(path)
    assert fragment in error.reason
    assert "\n" not in str(error)
    assert str(path) in str(error)
    return error


def test_missing_file_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path / "nothing-here.txt", "no such file")


def test_directory_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "directory")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\n\t \r\n\f  \n")
    _refused(path, "whitespace")


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _refused(path, "binary")


def test_mostly_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + b"General Assembly")
    _refused(path, "binary")


def test_invalid_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken16.txt"
    # A BOM, then a lone high surrogate: no valid UTF-16 text.
    path.write_bytes(codecs.BOM_UTF16_LE + "General".encode("utf-16-le") + b"\x00\xd8")
    _refused(path, "UTF-16")


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decode_mod, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text(MINIMAL * 20, encoding="utf-8")
    _refused(path, "too large")


def test_size_limit_is_five_megabytes() -> None:
    assert decode_mod.MAX_BYTES == 5 * 1024 * 1024


def test_readme_is_not_a_un_document(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(
        "# Briefing\n\nOffline meeting records.\n\n1. Install Python.\n2. Run the app.\n"
        "3. Import a document.\n",
        encoding="utf-8",
    )
    _refused(path, "not a UN document")


def test_csv_is_not_a_un_document(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("symbol,title,date\nA/68/1,Report,2013-01-01\n1.,2.,3.\n", encoding="utf-8")
    _refused(path, "not a UN document")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be", "crlf"],
)
def test_encodings_read_to_the_same_record(tmp_path: Path, encode) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(encode(MINIMAL))
    record, warnings = read_document_with_warnings(path)
    assert warnings == []
    assert record.organ == "General Assembly"
    assert record.signatories[0].name == "Ana Pérez"
    assert record.source_name == "letter.txt"
    # The hash is of the normalised text, so the encoding does not change the identity.
    assert (
        record.source_sha256
        == read_document_with_warnings(_write(tmp_path, MINIMAL))[0].source_sha256
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reference.txt"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_latin1_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(MINIMAL.encode("latin-1"))
    record, warnings = read_document_with_warnings(path)
    assert record.signatories[0].name == "Ana Pérez"
    assert len(warnings) == 1 and "Latin-1" in warnings[0]


def test_default_record_is_the_lima_record() -> None:
    record = default_record()
    assert record.title.startswith("Letter dated 26 June 2013")
    assert record.source_name == LIMA_PATH.name
    assert len(record.source_sha256) == 64

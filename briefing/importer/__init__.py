"""Text of a UN document -> a structured Record (no Qt, no I/O in the parser itself).

`parse_text` reads either form found in the records folder: the default record's paragraph form
(blank-line paragraphs, `**` emphasis, `^a` marks) and pdftotext output of official PDFs. It
builds the structure (masthead, parts, paragraphs, points, footnotes, signatures) and then hands
the record to `briefing.importer.analysis.analyse` for the semantic layer, when that is present.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.digest import sha256_hex
from briefing.domain.errors import DocumentError

if TYPE_CHECKING:
    from briefing.domain.model import Record

# The parser's modules load when a document is first read, not with the package: the app's
# start asks the importer's version (briefing.startup, is any record stale?) and nothing else,
# and importing the layout, structure and blocks rules cost it some 45 ms.

__all__ = [
    "IMPORTER_VERSION",
    "MAX_BYTES",
    "DocumentError",
    "default_record",
    "default_source",
    "derive",
    "parse_text",
    "read_document",
    "read_document_with_warnings",
    "read_source",
]

# The version of what this importer builds from a source. Raise it whenever a change to the
# parser or the analysis changes the records it builds: every library re-derives its records
# from their kept sources at its next open (briefing.startup), annotations re-anchored.
IMPORTER_VERSION = 4

TEXT = "text/plain"
PDF = "application/pdf"


def __getattr__(name: str) -> Any:
    # MAX_BYTES stays part of the package's interface without loading the decoder with it.
    if name == "MAX_BYTES":
        from briefing.importer.decode import MAX_BYTES

        return MAX_BYTES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_text(text: str, source_name: str = "") -> Record:
    """Structure the text of one UN document; DocumentError when it is not one."""
    from briefing.importer import blocks, columns, kinds, layout, proceedings, structure
    from briefing.importer.decode import normalise_newlines
    from briefing.importer.inline import (
        FN_CLOSE,
        FN_OPEN,
        LEADER,
        TABLE_CELL,
        TABLE_MARK,
        TABLE_ROW,
    )

    source = source_name or None
    text = normalise_newlines(text).lstrip("\ufeff")
    sha256 = sha256_hex(text)
    # The inline sentinels are ours: a text that carries them must not forge footnote marks.
    clean = text
    for sentinel in (FN_OPEN, FN_CLOSE, LEADER, TABLE_MARK, TABLE_CELL, TABLE_ROW):
        clean = clean.replace(sentinel, "")
    # Control characters a PDF's footer leaves (a backspace after a page number) are no text.
    clean = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", clean)
    if not clean.strip():
        raise DocumentError("the document is empty", source=source)
    if blocks.looks_like_paragraph_form(clean):
        units, footnotes = blocks.segment(clean)
        record = structure.build(units, footnotes, markup=True)
    else:
        # Grid tables kept whole, a two-column `pdftotext -layout` page read column by column.
        clean = columns.reflow(clean)
        kind = kinds.kind_from_symbol(layout.peek_symbol(clean))
        if kinds.is_meeting_record(kind):
            # A meeting record: statements open with a speaker's label, and nothing in a
            # verbatim record is a numbered paragraph or a lettered point (a summary record's
            # paragraphs are numbered).
            numbered = bool(kinds.kind_entry(kind).get("numbered"))
            units, footnotes = layout.segment(
                clean, starts_unit=proceedings.starts_unit, lists=numbered
            )
        else:
            units, footnotes = layout.segment(clean)
        record = structure.build(units, footnotes, markup=False)
    _check_is_un_document(record, source)
    record.source_name = source_name
    record.source_sha256 = sha256
    # Imported here, not at the top: the analysis (States, stems, names) costs a tenth of a
    # second to import, and the app's start needs the importer's version, not its analysis.
    from briefing.importer.analysis import analyse

    analyse(record)
    return record


def _check_is_un_document(record: Record, source: str | None) -> None:
    """A UN document carries a masthead (the organ's name or a document symbol at its head) or,
    when the masthead was cut off, opens with one of the UN's title formulas ("Letter dated",
    "Resolution adopted by", "Report of", "Note by") followed by paragraphs.

    Numbered paragraphs alone do not make one (a README has numbered lists), so a text with
    none of these is refused, whatever else it holds.
    """
    from briefing.importer import structure

    if record.organ or record.symbol:
        return
    has_text = any(para.text for _, para in record.paragraphs())
    if has_text and structure.TITLE_START.match(_first_title(record)):
        return
    raise DocumentError(
        "not a UN document (no masthead: neither an organ such as 'General Assembly' nor a "
        "document symbol nor a title such as 'Letter dated ...' at its head)",
        source=source,
    )


def _first_title(record: Record) -> str:
    if record.parts and record.parts[0].notes:
        return record.parts[0].notes[0]
    return record.title


def media_type(data: bytes) -> str:
    """What kind of source these bytes are: an official PDF, or text."""
    from briefing.importer import pdf

    return PDF if pdf.is_pdf(data) else TEXT


def read_source(path: Path) -> tuple[bytes, str]:
    """A file's bytes and their media type, refusing what cannot be a document's source."""
    from briefing.importer import decode, pdf

    path = Path(path)
    # An official PDF may be larger than any text; whatever is not a PDF keeps the text limit.
    data = decode.read_bytes(path, limit=max(pdf.MAX_PDF_BYTES, decode.MAX_BYTES))
    kind = media_type(data)
    if kind == TEXT and len(data) > decode.MAX_BYTES:
        data = decode.read_bytes(path)  # refused with the text limit
    return data, kind


def derive(
    data: bytes, source_name: str = "", *, source: str | None = None
) -> tuple[Record, list[str]]:
    """The record a source's bytes give, and warnings that say what was guessed (the encoding).

    The one way from a source to a record: import and re-derive both come here, so a record
    re-derived from its kept source is exactly what importing that file again would build.
    `source` names the file in messages (default: `source_name`).
    """
    from briefing.importer import pdf
    from briefing.importer.decode import decode_bytes

    label = source or source_name or None
    if pdf.is_pdf(data):
        return pdf.record_from_pdf(data, source_name, source=label), []
    text, warnings = decode_bytes(data, source=label)
    try:
        record = parse_text(text, source_name=source_name)
    except DocumentError as exc:
        raise DocumentError(exc.reason, source=label) from exc
    return record, warnings


def read_document_with_warnings(path: Path) -> tuple[Record, list[str]]:
    """Read, decode and parse a file; the warnings say what was guessed (e.g. the encoding)."""
    path = Path(path)
    data, _media_type = read_source(path)
    return derive(data, path.name, source=str(path))


def read_document(path: Path) -> Record:
    return read_document_with_warnings(path)[0]


def default_source() -> tuple[bytes, str, str]:
    """The embedded Lima record's bytes, media type and file name (shipped in resources/)."""
    from briefing import paths

    path = paths.default_record_path()
    data, kind = read_source(path)
    return data, kind, path.name


def default_record() -> Record:
    """The embedded Lima record shipped in resources/."""
    data, _kind, name = default_source()
    return derive(data, name)[0]

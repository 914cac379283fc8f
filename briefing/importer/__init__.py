"""Text of a UN document -> a structured Record (no Qt, no I/O in the parser itself).

`parse_text` reads either form found in the records folder: the default record's paragraph form
(blank-line paragraphs, `**` emphasis, `^a` marks) and pdftotext output of official PDFs. It
builds the structure (masthead, parts, paragraphs, points, footnotes, signatures) and then hands
the record to `briefing.importer.analysis.analyse` for the semantic layer, when that is present.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from briefing.domain.errors import DocumentError
from briefing.domain.model import Record
from briefing.importer import blocks, kinds, layout, proceedings, structure
from briefing.importer.decode import MAX_BYTES, decode_bytes, normalise_newlines, read_bytes
from briefing.importer.inline import FN_CLOSE, FN_OPEN, LEADER

__all__ = [
    "MAX_BYTES",
    "DocumentError",
    "default_record",
    "parse_text",
    "read_document",
    "read_document_with_warnings",
]


def parse_text(text: str, source_name: str = "") -> Record:
    """Structure the text of one UN document; DocumentError when it is not one."""
    source = source_name or None
    text = normalise_newlines(text).lstrip("\ufeff")
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # The inline sentinels are ours: a text that carries them must not forge footnote marks.
    clean = text.replace(FN_OPEN, "").replace(FN_CLOSE, "").replace(LEADER, "")
    # Control characters a PDF's footer leaves (a backspace after a page number) are no text.
    clean = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", clean)
    if not clean.strip():
        raise DocumentError("the document is empty", source=source)
    if blocks.looks_like_paragraph_form(clean):
        units, footnotes = blocks.segment(clean)
        record = structure.build(units, footnotes, markup=True)
    else:
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
    try:
        from briefing.importer.analysis import analyse
    except ModuleNotFoundError as exc:
        if exc.name != "briefing.importer.analysis":
            raise
    else:
        analyse(record)
    return record


def _check_is_un_document(record: Record, source: str | None) -> None:
    """A UN document carries a masthead (the organ's name or a document symbol at its head) or,
    when the masthead was cut off, opens with one of the UN's title formulas ("Letter dated",
    "Resolution adopted by", "Report of", "Note by") followed by paragraphs.

    Numbered paragraphs alone do not make one (a README has numbered lists), so a text with
    none of these is refused, whatever else it holds.
    """
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


def read_document_with_warnings(path: Path) -> tuple[Record, list[str]]:
    """Read, decode and parse a file; the warnings say what was guessed (e.g. the encoding)."""
    path = Path(path)
    data = read_bytes(path)
    text, warnings = decode_bytes(data, source=str(path))
    try:
        record = parse_text(text, source_name=path.name)
    except DocumentError as exc:
        raise DocumentError(exc.reason, source=str(path)) from exc
    return record, warnings


def read_document(path: Path) -> Record:
    return read_document_with_warnings(path)[0]


def default_record() -> Record:
    """The embedded Lima record shipped in resources/."""
    from briefing import paths

    return read_document(paths.default_record_path())

"""Bytes of a file -> text, refusing what is not text: missing, empty, binary, too large.

UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; anything else that is still
plausibly text is read as Latin-1 (Windows-1252 where its printable range fits) with a warning.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from briefing.domain.errors import DocumentError
from briefing.files import UnreadableFile, read_regular_file, readable_name

# A UN document's text is tens of kilobytes; a few megabytes is already far beyond any of them.
MAX_BYTES = 5 * 1024 * 1024

# Share of characters that may be control characters (other than tab, newline, CR, form feed)
# before the content counts as binary rather than text.
MAX_CONTROL_SHARE = 0.01

# The characters _check_text weighs: ASCII controls and everything beyond ASCII.
_SUSPECT = re.compile(r"[\x00-\x1f\x7f-\U0010ffff]")

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, or a DocumentError saying why there are none worth decoding.

    Only a regular file is read (a FIFO or a device such as /dev/zero is refused at once, never
    waited on or read without end), and never more than `limit` (MAX_BYTES unless the caller
    allows more: an official PDF may be larger than any text).
    """
    try:
        return read_regular_file(Path(path), MAX_BYTES if limit is None else limit)
    except UnreadableFile as exc:
        raise DocumentError(exc.reason, source=readable_name(path)) from None


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, list[str]]:
    """Decode a document's bytes; returns the text (newlines normalised) and warnings."""
    warnings: list[str] = []
    if not data:
        raise DocumentError("the file is empty", source=source)
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8) :], "utf-8", source)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", source)
    else:
        if b"\x00" in data:
            utf16 = _utf16_without_bom(data)
            if utf16 is None:
                raise DocumentError("binary content (NUL bytes), not text", source=source)
            warnings.append("UTF-16 without a byte-order mark: read as UTF-16")
            text = normalise_newlines(utf16)
            _check_text(text, source)
            return text, warnings
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _legacy(data, source)
            warnings.append("not valid UTF-8: decoded as Latin-1 (Windows-1252)")
    text = normalise_newlines(text).lstrip("\ufeff")
    _check_text(text, source)
    return text, warnings


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 saved without its byte-order mark, else None.

    Text in UTF-16 carries a zero in the high byte of every Latin character (spaces, digits,
    newlines in any script), so its NULs fall almost all on one side of each byte pair; binary
    data's fall anywhere. That side tells the byte order.
    """
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if even + odd < max(4, len(data) // 200):
        return None
    if odd >= 0.95 * (even + odd):
        encoding = "utf-16-le"
    elif even >= 0.95 * (even + odd):
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if "\x00" not in text else None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, encoding: str, source: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"not valid {encoding.upper()} text (bad byte at offset {exc.start})", source=source
        ) from exc


def _legacy(data: bytes, source: str | None) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined; Latin-1 maps them to C1 controls, which the
        # control-character check then weighs.
        return data.decode("latin-1")


def _check_text(text: str, source: str | None) -> None:
    if not text.strip():
        raise DocumentError("the file holds only whitespace", source=source)
    if "\x00" in text:
        raise DocumentError("binary content (NUL characters), not text", source=source)
    # Only ASCII's own control characters and the non-ASCII characters need a look (a document
    # is mostly ASCII: asking unicodedata about every character cost 8 ms a record).
    suspects = _SUSPECT.findall(text)
    controls = sum(
        1
        for ch in suspects
        if ch not in _ALLOWED_CONTROLS
        and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
        and ch not in "\ue000\ue001"
    )
    if controls > MAX_CONTROL_SHARE * len(text):
        raise DocumentError("binary content (mostly non-text characters), not text", source=source)

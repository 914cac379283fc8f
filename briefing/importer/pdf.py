"""Official PDF bytes -> the pdftotext-like text the layout parser reads, with each line's page.

The text layer is read with PDFium (pypdfium2: BSD/Apache, wheels for Linux, Windows and macOS;
see docs/pdf-import.md for why). PDFium gives runs of text with their boxes and font sizes;
this module uses what plain text cannot say:

- page furniture by position: the lines above the first wide vertical gap at the top of a
  page after the first and below the last one at the foot of any page (running header, page
  number, job number) are dropped when the same line, digits aside, stands there on another
  page or when they are figures without a word; barcodes (glyphs in the Private Use Area of a
  barcode font) are dropped anywhere;
- footnotes at the page foot: below a rule of underscores, or a run of small print at the foot
  that starts with a raised mark; each is written as pdftotext does, after a `____` rule, with
  its marker on a line of its own;
- superscript marks: a raised run of figures or stars in a smaller size is written glued to
  what it marks after `layout.RAISED_MARK` (U+2060), so a mark after a year ("1997" and a
  raised 2) is not taken for a number; raised letters (`8698th`) are just glued;
- two columns (verbatim records): where a band of a page has lines on both sides of a gutter
  that no line crosses, the left column is read before the right one;
- paragraphs: an indented line after a flush one, or a line set in another size than the one
  before it, opens a paragraph (written after `layout.PARAGRAPH_START`, U+2029), which line
  widths alone cannot tell; a table of contents (dot leaders to page numbers) is dropped.

Pages are separated by a form feed, as pdftotext does, and `PdfText.line_pages` gives the page
of every line so each paragraph, point and footnote of the record can know its page.

The limits keep a hostile file from blocking an import: a byte limit, a page limit and a
wall-clock limit. The text layer is read in a child process (multiprocessing: forked from a
clean fork server, or spawned; no state shared with a GUI's threads), which is killed when the
limit passes, so a page crafted to take forever inside PDFium, or inside this module's own
loops, is stopped all the same; the child also checks the limit between pages, to say where
it stopped. A child that dies (PDFium crashing on a damaged file) is a damaged PDF, not a
crash of the app. The limits are read in the parent and handed to the child.
"""

from __future__ import annotations

import bisect
import functools
import multiprocessing
import multiprocessing.context
import os
import re
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import field

from briefing.datatypes import dataclass
from briefing.domain.errors import DocumentError
from briefing.domain.model import Record
from briefing.importer import layout

# An official PDF with its fonts, emblem and barcode is a few hundred kilobytes for a short
# document and a few megabytes for a long report; 50 MB is far beyond any text document.
MAX_PDF_BYTES = 50 * 1024 * 1024
# The longest UN reports run to a few hundred pages.
MAX_PAGES = 1000
# Wall-clock budget for reading the text layer; a normal document takes well under a second.
# BRIEFING_PDF_TIME_LIMIT (seconds) overrides it, for a slow machine or a test.
TIME_LIMIT_SECONDS = 60.0
TIME_LIMIT_VARIABLE = "BRIEFING_PDF_TIME_LIMIT"
# How long the child process may take to start (an interpreter and PDFium loaded) before the
# limit's clock starts: generous, as a loaded machine starts processes slowly.
STARTUP_SECONDS = 60.0

# At most this far into the file may the "%PDF-" header stand (readers accept leading junk).
_HEADER_WINDOW = 1024
_RULE = re.compile(r"^_{5,}$")
_BAND = 4.0
# Dot leaders running to a page number (or a range of paragraphs and a page): a contents entry.
_LEADERS = re.compile(r"\.(?:\s*\.){4,}\s*\d[\s\d–-]*$")
_MARK = re.compile(r"^(?:\d{1,3}|\*{1,3}|[†‡])$")
_HAS_TEXT = re.compile(r"\w")


def is_pdf(data: bytes) -> bool:
    """True when the bytes carry a PDF header near their start."""
    return b"%PDF-" in data[:_HEADER_WINDOW]


@dataclass
class PdfText:
    """The extracted text and where each of its lines came from."""

    text: str
    pages: int
    # The 1-based page of each line of `text` (text.split("\n")); a form feed starts a line.
    line_pages: list[int] = field(default_factory=list)


@dataclass
class _Run:
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    text: str
    raised: bool = False


@dataclass
class _Line:
    runs: list[_Run]
    size: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0

    def settle(self) -> None:
        """Order the runs; the line's size is the one most of its text is set in."""
        self.runs.sort(key=lambda r: r.x0)
        body = [r for r in self.runs if not r.raised] or self.runs
        if len(body) == 1:
            self.size = body[0].size
        else:
            weights: dict[float, int] = {}
            for run in body:
                key = round(run.size, 1)
                weights[key] = weights.get(key, 0) + len(run.text)
            self.size = max(weights, key=weights.__getitem__)
        self.x0 = self.runs[0].x0
        self.x1 = max(r.x1 for r in self.runs)
        self.y0 = min(r.y0 for r in body)
        self.y1 = max(r.y1 for r in body)

    def starts_with_mark(self) -> bool:
        first = self.runs[0]
        return first.raised and bool(_MARK.match(first.text.strip()))

    def text(self, *, marks_apart: bool = False) -> str:
        """The line's text, one space between words; a raised mark is flagged for the layout
        parser, or (`marks_apart`, a footnote's own marker) set on a line of its own."""
        out = ""
        prev: _Run | None = None
        for run in self.runs:
            piece = run.text
            if run.raised and _MARK.match(piece.strip()):
                mark = piece.strip()
                if marks_apart and not out.strip():
                    out = mark + "\n"
                else:
                    # Glued to what it marks, flagged as a mark for the layout parser.
                    out = out.rstrip() + layout.RAISED_MARK + mark
                prev = run
                continue
            if prev is not None and out and not out[-1].isspace() and not piece[:1].isspace():
                gap = run.x0 - prev.x1
                if prev.raised and piece[:1].isalnum():
                    out += " "  # the word after a mark
                elif gap > 0.4 * max(run.size, 1.0) and not prev.raised:
                    out += " "
            out += piece
            prev = run
        return " ".join(out.split()) if "\n" not in out else _tidy_apart(out)


def _tidy_apart(text: str) -> str:
    head, _, tail = text.partition("\n")
    return head.strip() + "\n" + " ".join(tail.split())


# PDFium's markers and what carries no text: control characters (\r\n between lines) and the
# Private Use Area, where barcode fonts put their glyphs.
_NOT_TEXT = re.compile(r"[\x00-\x01\x03-\x1f\x7f-\x9f\ue000-\uf8ff]")
_LIGATURES = re.compile(r"[\ufb00-\ufb06]")


def _clean(text: str) -> str:
    """Run text as printed: \x02 and U+FFFE are PDFium's marks for a hyphen that ended a line
    (a soft hyphen, or a hyphen the font has no Unicode for)."""
    text = _NOT_TEXT.sub(" ", text.replace("\x02", "-").replace("\ufffe", "-"))
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def record_text_from_pdf(data: bytes, source: str | None) -> PdfText:
    """The PDF's text in the form `layout.segment` reads; DocumentError naming why not.

    `parse_text(result.text)` structures it and `assign_pages(record, result)` gives each
    place its page; `record_from_pdf` does all three."""
    if len(data) > MAX_PDF_BYTES:
        raise DocumentError(
            f"PDF too large ({len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_PDF_BYTES // (1024 * 1024)} MB)",
            source=source,
        )
    return _in_child(data, source, time_limit(), MAX_PAGES)


def time_limit() -> float:
    """The extraction's limit in seconds: BRIEFING_PDF_TIME_LIMIT when it is a number."""
    value = os.environ.get(TIME_LIMIT_VARIABLE, "")
    try:
        return float(value) if value.strip() else TIME_LIMIT_SECONDS
    except ValueError:
        return TIME_LIMIT_SECONDS


def _too_slow(limit: float, where: str, source: str | None) -> DocumentError:
    return DocumentError(
        f"reading the PDF took longer than {limit:g} s ({where}): the file is unusually "
        "complex or damaged",
        source=source,
    )


@functools.cache
def _reader_context() -> (
    multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext
):
    """Where reader processes come from. A fork server where the platform has one: a clean
    process (nothing of a GUI's threads), started once with PDFium loaded, that forks each
    reader in milliseconds, so the limit costs an import next to nothing. Elsewhere (Windows)
    a spawned interpreter each time."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["briefing.importer.pdf", "pypdfium2"])
        return context
    return multiprocessing.get_context("spawn")


def _in_child(data: bytes, source: str | None, limit: float, max_pages: int) -> PdfText:
    """`_extract` in a child process, killed once `limit` seconds have passed."""
    context = _reader_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_extract_in_child, args=(sender, data, source, limit, max_pages), daemon=True
    )
    child.start()
    sender.close()  # the child holds the other end: EOF here when it dies
    try:
        if not receiver.poll(STARTUP_SECONDS):
            raise DocumentError("the PDF reader did not start", source=source)
        receiver.recv()  # "started": the limit's clock starts now
        if not receiver.poll(max(limit, 0.0)):
            raise _too_slow(limit, "stopped inside a page", source)
        kind, *payload = receiver.recv()
    except EOFError:
        raise DocumentError(
            "damaged PDF (the PDF reader stopped while reading it)", source=source
        ) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=10)
    if kind == "text":
        return payload[0]
    if kind == "refused":
        raise DocumentError(payload[0], source=source)
    # A bug of ours in the child: the parent fails as it would have in-process, with the
    # child's traceback for the log.
    raise RuntimeError(f"reading the PDF failed in the reader process:\n{payload[0]}")


def _extract_in_child(  # noqa: ANN001 - a multiprocessing Connection
    sender, data: bytes, source: str | None, limit: float, max_pages: int
) -> None:
    """The child process: say it started, read the text layer, send it (or the reason)."""
    try:
        sender.send(("started",))
        try:
            result: tuple[object, ...] = ("text", _extract(data, source, limit, max_pages))
        except DocumentError as exc:
            result = ("refused", exc.reason)
        except Exception:  # noqa: BLE001 - reported to the parent, which raises it
            result = ("failed", traceback.format_exc())
        sender.send(result)
    finally:
        sender.close()


def _extract(data: bytes, source: str | None, limit: float, max_pages: int) -> PdfText:
    started = time.monotonic()
    pages = _read_pages(data, source, started, limit, max_pages)
    return _compose(pages)


def _open(data: bytes, source: str | None):  # noqa: ANN202 - pypdfium2's document type
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise DocumentError(
                "the PDF is encrypted (password-protected): save an unprotected copy first",
                source=source,
            ) from exc
        raise DocumentError(
            f"damaged PDF (PDFium cannot open it: {exc})".replace("\n", " "), source=source
        ) from exc


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    # The document's symbol from the running header, read before the page's columns.
    header: list[_Line] = field(default_factory=list)


def _read_pages(
    data: bytes, source: str | None, started: float, limit: float, max_pages: int
) -> list[_Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = _open(data, source)
    try:
        count = len(document)
        if count == 0:
            raise DocumentError("damaged PDF (no pages)", source=source)
        if count > max_pages:
            raise DocumentError(
                f"PDF too long ({count} pages; the limit is {max_pages})", source=source
            )
        pages: list[_Page] = []
        for index in range(count):
            _check_time(started, limit, source, index)
            try:
                page = document[index]
                width, height = page.get_size()
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise DocumentError(
                    f"damaged PDF (page {index + 1} cannot be read)", source=source
                ) from exc
            runs = _runs(
                textpage, pdfium_c, functools.partial(_check_time, started, limit, source, index)
            )
            textpage.close()
            page.close()
            pages.append(_Page(index + 1, width, height, _lines(runs, width)))
    finally:
        document.close()
    if not any(page.lines for page in pages):
        raise DocumentError(
            "the PDF has no text layer (an image-only scan?): it needs OCR before it can be "
            "imported",
            source=source,
        )
    return pages


def _check_time(started: float, limit: float, source: str | None, index: int) -> None:
    if time.monotonic() - started > limit:
        raise _too_slow(limit, f"stopped at page {index + 1}", source)


def _runs(textpage, pdfium_c, check_time: Callable[[], None]) -> list[_Run]:  # noqa: ANN001
    """The page's runs of text (PDFium's rectangles: one font and line each), in text order."""
    boxes = []
    for k in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(k)
        # The run's first character: its text starts there, and its font size is the run's.
        first = _first_char(textpage, pdfium_c, left, bottom, right, top)
        if first < 0 and not textpage.get_text_bounded(left, bottom, right, top).strip():
            # No glyph found: a run of spaces, which the run before it may take.
            continue
        boxes.append((left, bottom, right, top, first))
    check_time()
    # The rectangles follow the characters' order, so each run's text is the page's text from
    # its first character to the next run's: one call for the page instead of one per run.
    # Where that does not hold (overlaid text, characters beyond the BMP), ask per rectangle.
    page_text = textpage.get_text_range()
    starts = [box[4] for box in boxes]
    in_order = len(page_text) == textpage.count_chars() and all(
        0 <= a < b for a, b in zip(starts, starts[1:], strict=False)
    )
    runs: list[_Run] = []
    for k, (left, bottom, right, top, first) in enumerate(boxes):
        if in_order:
            end = starts[k + 1] if k + 1 < len(starts) else len(page_text)
            raw = page_text[first:end]
        else:
            # A glyph overhanging from the rectangle before (on the same line) would be read
            # twice: start this one where that one ends.
            if k and _same_line(boxes[k - 1], boxes[k]) and boxes[k - 1][2] > left:
                left = min(boxes[k - 1][2] + 0.1, right)
            raw = textpage.get_text_bounded(left, bottom, right, top)
        text = _clean(raw)
        if not text.strip():
            continue
        size = _font_size(textpage, pdfium_c, first) if first >= 0 else top - bottom
        runs.append(_Run(left, bottom, right, top, size, text))
    return runs


def _font_size(textpage, pdfium_c, index: int) -> float:  # noqa: ANN001
    """The size a character is printed at: the font size set, scaled by the text matrix
    (a document may set size 1 and scale it to 10 points)."""
    matrix = pdfium_c.FS_MATRIX()
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
    if pdfium_c.FPDFText_GetMatrix(textpage.raw, index, matrix):
        size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return float(size)


def _same_line(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _first_char(textpage, pdfium_c, left, bottom, right, top) -> int:  # noqa: ANN001
    """The index of the first character of a rectangle of text, or -1."""
    middle = (bottom + top) / 2
    for x in (left + 0.5, left + 3.0, (left + right) / 2):
        first = pdfium_c.FPDFText_GetCharIndexAtPos(textpage.raw, x, middle, 1.0, 1.0)
        if first >= 0:
            break
    else:
        return -1

    def inside(index: int) -> bool:
        x0, y0, x1, y1 = textpage.get_charbox(index)
        return x0 >= left - 0.25 and x1 <= right + 0.25 and y0 >= bottom - 0.5 and y1 <= top + 0.5

    # Back to the first glyph inside the rectangle; then on past a glyph of the run before
    # that overhangs this one's left edge.
    while first > 0 and inside(first - 1):
        first -= 1
    for _ in range(3):
        if textpage.get_charbox(first)[0] >= left - 0.25:
            break
        first += 1
    return first


def _lines(runs: list[_Run], width: float) -> list[_Line]:
    """Runs that share a baseline, left to right; a wide gap (a gutter) splits a line."""
    # Left to right, each run joins the line it continues: one that overlaps it vertically and
    # ends within a space of where it begins. Runs of one line sit a space apart at most; the
    # gutter between two columns is wider, so columns never share a line.
    lines: list[_Line] = []
    # Lines by the height of their first run's middle, in bands of _BAND points: a run looks
    # only at the lines near its own height.
    near: dict[int, list[_Line]] = {}
    for run in sorted(runs, key=lambda r: r.x0):
        height = max(run.y1 - run.y0, 0.5)
        middle = int((run.y0 + run.y1) / 2 / _BAND)
        home = None
        for band in range(middle - 3, middle + 4):
            for line in near.get(band, ()):
                if line.x1 < run.x0 - 3.0 * max(run.size, line.size, 4.0):
                    continue
                overlap = min(line.y1, run.y1) - max(line.y0, run.y0)
                if overlap >= 0.45 * min(height, max(line.y1 - line.y0, 0.5)):
                    home = line
                    break
            if home is not None:
                break
        if home is None:
            home = _Line([run], size=run.size, x0=run.x0, x1=run.x1, y0=run.y0, y1=run.y1)
            lines.append(home)
            near.setdefault(middle, []).append(home)
        else:
            home.runs.append(run)
            home.size = max(home.size, run.size)
            home.x1 = max(home.x1, run.x1)
            if not home.y0 <= (run.y0 + run.y1) / 2 <= home.y1:
                home.y0, home.y1 = min(home.y0, run.y0), max(home.y1, run.y1)
    for line in lines:
        line.settle()
    gutters = _gutter_columns(lines, width)
    out: list[_Line] = []
    for line in lines:
        out.extend(_split_at_gutters(line, gutters))
    for line in out:
        _mark_raised(line)
        line.settle()
    return out


def _gaps(line: _Line) -> list[tuple[float, float]]:
    """The spaces wider than half an em between the runs of a line."""
    out = []
    right = line.runs[0].x1
    for run in line.runs[1:]:
        if run.x0 - right > 0.5 * max(line.size, 4.0):
            out.append((right, run.x0))
        right = max(right, run.x1)
    return out


def _gutter_columns(lines: list[_Line], width: float) -> set[int]:
    """The x positions (whole points) that the wide spaces of many lines share: the gutter
    between two columns, where a wide justified space in one line is a coincidence."""
    coverage: Counter[int] = Counter()
    for line in lines:
        for left, right in _gaps(line):
            coverage.update(range(int(left) + 1, int(right)))
    least = max(3, len(lines) // 5)
    # Only in the middle of the page: the tab after a paragraph's number lines up too.
    middle = range(int(0.3 * width), int(0.7 * width))
    return {x for x, count in coverage.items() if count >= least and x in middle}


def _split_at_gutters(line: _Line, gutters: set[int]) -> list[_Line]:
    pieces: list[list[_Run]] = [[]]
    right = None
    for run in line.runs:
        if right is not None:
            gap = run.x0 - right
            # A tab stop: "President:" and its name, a number and its paragraph.
            wide = gap > 1.5 * max(line.size, 4.0)
            at_gutter = gap > 0.5 * max(line.size, 4.0) and any(
                x in gutters for x in range(int(right) + 1, int(run.x0))
            )
            if wide or at_gutter:
                pieces.append([])
        pieces[-1].append(run)
        right = run.x1 if right is None else max(right, run.x1)
    if len(pieces) == 1:
        return [line]
    out = []
    for piece in pieces:
        part = _Line(piece)
        part.settle()
        out.append(part)
    return out


def _mark_raised(line: _Line) -> None:
    """A run set smaller than the line and lifted off its baseline is a superscript."""
    sizes = [r.size for r in line.runs]
    if len(sizes) < 2:
        return
    base = max(sizes)
    baseline = min(r.y0 for r in line.runs if r.size >= 0.95 * base)
    for run in line.runs:
        run.raised = run.size < 0.8 * base and run.y0 > baseline + 0.15 * base


# ------------------------------------------------------------------------------------ layout


def _body_size(pages: list[_Page]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            weights[round(line.size, 1)] += sum(len(r.text) for r in line.runs)
    return weights.most_common(1)[0][0] if weights else 10.0


def _shape(line: _Line) -> str:
    """A line's text with figures generalised: "2/18" and "3/18" have one shape."""
    return re.sub(r"\d+", "#", " ".join(line.text().split()))


def _edges(page: _Page, body: float, band: float = 0.15) -> tuple[list[_Line], list[_Line]]:
    """The lines above the first wide gap at the top of a page and below the last at its foot,
    within the outer `band` of the page's height."""
    ordered = sorted(page.lines, key=lambda ln: -ln.y1)
    gap = 1.1 * body
    top: list[_Line] = []
    for i, line in enumerate(ordered):
        if line.y0 < (1 - band) * page.height:
            break
        top.append(line)
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        if following is None or line.y0 - following.y1 > gap:
            break
    else:
        top = []
    if top and ordered[len(top) - 1 :][1:] and (top[-1].y0 - ordered[len(top)].y1) <= gap:
        top = []
    bottom: list[_Line] = []
    for i, line in enumerate(reversed(ordered)):
        if line.y1 > band * page.height:
            break
        bottom.append(line)
        rest = ordered[: len(ordered) - i - 1]
        if not rest or rest[-1].y0 - line.y1 > gap:
            break
    if bottom:
        rest = ordered[: len(ordered) - len(bottom)]
        if rest and rest[-1].y0 - bottom[-1].y1 <= gap:
            bottom = []
    return top, bottom


def _is_furniture(line: _Line, seen: Counter[str]) -> bool:
    """An edge line that stands on other pages too (digits aside), or one of figures without
    a word in it: a job number, a barcode's digits, a page number."""
    text = line.text()
    return seen[_shape(line)] >= 2 or (
        bool(re.search(r"\d", text)) and not re.search(r"[^\W\d_]{2,}", text.replace("E", ""))
    )


def _drop_furniture(pages: list[_Page], body: float) -> None:
    """Drop the running header and footer of each page (and the first page's footer).

    What of a running header is not dropped (the document's symbol, which the layout parser
    knows for what it is; a short title on a page no other page repeats) is set apart as the
    page's header, read before its columns, as pdftotext gives it."""
    edges = {page.number: _edges(page, body) for page in pages}
    seen: Counter[str] = Counter()
    for page in pages[1:]:
        top, bottom = edges[page.number]
        for shape in {_shape(line) for line in top + bottom}:
            seen[shape] += 1
    for page in pages:
        top, bottom = edges[page.number]
        if page.number == 1:
            top = []
        furniture = {id(line) for line in bottom if _is_furniture(line, seen)}
        furniture |= {
            id(line)
            for line in top
            if _is_furniture(line, seen) and not layout.SYMBOL.match(line.text())
        }
        page.header = sorted(
            (line for line in top if id(line) not in furniture), key=lambda ln: (-ln.y1, ln.x0)
        )
        kept = furniture | {id(line) for line in page.header}
        page.lines = [line for line in page.lines if id(line) not in kept]


def _footnote_zone(lines: list[_Line], body: float) -> tuple[list[_Line], list[_Line], bool]:
    """The page's body lines, its footnote lines, and whether a printed rule heads them."""
    ordered = sorted(lines, key=lambda ln: -ln.y1)
    for i, line in enumerate(ordered):
        if _RULE.match(line.text()) and i > len(ordered) // 3:
            return ordered[:i], ordered[i + 1 :], True
    # No rule: a run of small print at the foot that opens with a raised mark.
    start = len(ordered)
    while start > 0 and ordered[start - 1].size < 0.9 * body:
        start -= 1
    for i in range(start, len(ordered)):
        if ordered[i].starts_with_mark():
            return ordered[:i], ordered[i:], False
    return ordered, [], False


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Top to bottom; where a band has lines on both sides of a gutter, column by column."""
    ordered = _rows(lines)
    gutter = _gutter(ordered, width)
    if gutter is None:
        return ordered
    out: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        if len(left) >= 3 and len(right) >= 3:
            out.extend(left)
            out.extend(right)
        else:
            out.extend(_rows(left + right))
        left.clear()
        right.clear()

    for line in ordered:
        if line.x1 <= gutter:
            left.append(line)
        elif line.x0 >= gutter:
            right.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


def _rows(lines: list[_Line]) -> list[_Line]:
    """Top to bottom, and left to right within a row: lines whose heights mostly overlap
    (a paragraph's number and its text's first line) share a row."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: -ln.y1):
        if rows:
            first = rows[-1][0]
            overlap = min(first.y1, line.y1) - max(first.y0, line.y0)
            if overlap >= 0.5 * min(first.y1 - first.y0, line.y1 - line.y0):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.x0)]


def _top_row_first(lines: list[_Line], width: float) -> list[_Line]:
    """The first page's top row (the symbol beside "United Nations") before the rest, as
    pdftotext gives it: the masthead parser looks for the symbol among the first lines."""
    if not lines:
        return lines
    top = max(lines, key=lambda ln: ln.y1)
    row = [ln for ln in lines if min(ln.y1, top.y1) - max(ln.y0, top.y0) > 0]
    rest = [ln for ln in lines if all(ln is not r for r in row)]
    return sorted(row, key=lambda ln: -ln.x0) + _reading_order(rest, width)


def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a gutter between two columns: crossed by few lines, with lines on each side."""
    lefts = sorted(ln.x1 for ln in lines)
    rights = sorted(ln.x0 for ln in lines)
    best: tuple[int, float] | None = None
    for step in range(35, 66):
        x = width * step / 100
        left = bisect.bisect_right(lefts, x)  # lines that end before x
        right = len(rights) - bisect.bisect_left(rights, x)  # lines that start after x
        crossing = len(lines) - left - right
        sides = left >= 5 and right >= 5 and crossing <= 0.25 * len(lines)
        if sides and (best is None or crossing < best[0]):
            best = (crossing, x)
    return best[1] if best else None


def _margins(lines: list[_Line], width: float) -> dict[int, float]:
    """Each line's left margin: the leftmost start shared by two lines or more in its column
    (either side of the page's gutter, if it has one)."""
    starts = Counter(round(ln.x0) for ln in lines)
    gutter = _gutter(lines, width)
    sides: dict[bool, float] = {}
    for line in lines:
        if starts[round(line.x0)] >= 2:
            right = gutter is not None and line.x0 >= gutter
            sides[right] = min(sides.get(right, line.x0), line.x0)
    return {
        id(line): sides.get(gutter is not None and line.x0 >= gutter, line.x0) for line in lines
    }


def _opens_paragraph(
    line: _Line, text: str, previous: tuple[_Line, str, float] | None, margin: float, body: float
) -> bool:
    """An indented line after a flush one begins a paragraph (or is a heading of its own), and
    so does a line set in another size than the line before it."""
    if previous is None or not (text[:1].isupper() or text[:1] in "“\"‘'("):
        return False
    before, _before_text, before_margin = previous
    if abs(line.size - before.size) > 0.15 * max(line.size, before.size):
        return True  # a heading set larger than the text after it, or the text after one
    indented = line.x0 - margin > 0.8 * body
    return indented and before.x0 - before_margin < 0.5 * body


def _contents_block(lines: list[_Line]) -> set[int]:
    """A table of contents: its lines with dot leaders to a page number, and whatever stands
    between the first and last of them (an entry's wrapped title, a group label such as
    "Annex"). The layout parser drops contents entries too; a label among them is not a part."""
    leaders = [i for i, line in enumerate(lines) if _LEADERS.search(line.text())]
    if len(leaders) < 2:
        return set()
    return {id(line) for line in lines[leaders[0] : leaders[-1] + 1]}


def _compose(pages: list[_Page]) -> PdfText:
    body = _body_size(pages)
    _drop_furniture(pages, body)
    out: list[str] = []
    previous: tuple[_Line, str, float] | None = None
    for page in pages:
        page_lines: list[str] = []
        main, notes, _ruled = _footnote_zone(page.lines, body)
        margins = _margins(main, page.width)
        if page is pages[0]:
            main = _top_row_first(main, page.width)
        else:
            main = page.header + _reading_order(main, page.width)
        toc = _contents_block(main)
        for line in main:
            text = line.text()
            if not (_HAS_TEXT.search(text) or _RULE.match(text)) or id(line) in toc:
                continue
            if line in page.header:
                page_lines.append(text)
                continue
            margin = margins.get(id(line), line.x0)
            if _opens_paragraph(line, text, previous, margin, body):
                text = layout.PARAGRAPH_START + text
            page_lines.append(text)
            previous = (line, text, margin)
        if notes:
            page_lines.append("_______________")
            for line in sorted(notes, key=lambda ln: -ln.y1):
                page_lines.extend(line.text(marks_apart=line.starts_with_mark()).split("\n"))
        if page is not pages[0]:
            page_lines = ["\f" + (page_lines[0] if page_lines else "")] + page_lines[1:]
        out.extend(page_lines)
    text = "\n".join(out)
    line_pages: list[int] = []
    page_number = 1
    for written in out:
        page_number += written.count("\f")
        line_pages.append(page_number)
    return PdfText(text=text, pages=len(pages), line_pages=line_pages)


# ------------------------------------------------------------------------------------ pages


_NOT_ALNUM = re.compile(r"[\W_]+")


def _normal(text: str) -> str:
    """Letters and figures only, case-folded: what survives joining, hyphens and marks."""
    return _NOT_ALNUM.sub("", text.casefold())


def assign_pages(record: Record, pdf_text: PdfText) -> None:
    """Give each paragraph, point and footnote the page where its text begins.

    Each place's opening letters are looked for in the document's letters, from where the
    place before it was found on; a place whose opening spans a footnote mark is found by a
    later stretch of its text."""
    stream_parts: list[str] = []
    page_starts: list[int] = []
    length = 0
    for page in pdf_text.text.split("\f"):
        page_starts.append(length)
        letters = _normal(page)
        stream_parts.append(letters)
        length += len(letters)
    stream = "".join(stream_parts)

    def page_at(pos: int) -> int:
        return bisect.bisect_right(page_starts, pos)

    def find(text: str, cursor: int) -> int | None:
        needle = _normal(text)
        if not needle:
            return None
        for start in range(0, max(1, len(needle) - 24), 12):
            piece = needle[start : start + 24]
            pos = stream.find(piece, cursor)
            if pos < 0:
                pos = stream.find(piece)
            if pos >= 0:
                return max(pos - start, 0)
        return None

    cursor = 0
    for _part, para in record.paragraphs():
        found = find(para.text or para.closing, cursor)
        if found is not None:
            para.page = page_at(found)
            cursor = found
        for point in para.walk_points():
            found = find(point.text or point.closing, cursor)
            if found is not None:
                point.page = page_at(found)
                cursor = found
    cursor = 0
    for note in record.footnotes:
        found = find(note.text, cursor)
        if found is not None:
            note.page = page_at(found)
            cursor = found


def record_from_pdf(data: bytes, source_name: str, source: str | None = None) -> Record:
    """Read, structure and page one official PDF; DocumentError naming the file and why."""
    from briefing.importer import parse_text

    source = source or source_name
    pdf_text = record_text_from_pdf(data, source)
    try:
        record = parse_text(pdf_text.text, source_name=source_name)
    except DocumentError as exc:
        raise DocumentError(exc.reason, source=source) from exc
    assign_pages(record, pdf_text)
    return record

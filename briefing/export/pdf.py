"""PDF briefing notes and packs: options, the document template, and the atomic export.

`build_story()` (in pdf_story) turns records and annotations into flowables; `export_pdf()` lays
them out with `BriefingDocTemplate` in memory and writes the file atomically (a temporary file in
the target folder, then `os.replace`), so a failed or cancelled export leaves no partial PDF.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import io
import re
import threading
from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from briefing import __version__, atomic
from briefing.datatypes import dataclass
from briefing.domain import Annotation, ExportError, Record
from briefing.export import fonts, pdf_text, running
from briefing.export import styles as st
from briefing.export.options import (  # noqa: F401  (re-exported)
    FIXED_DATE,
    PAPERS,
    SECTION_LABELS,
    SECTIONS,
    ExportOptions,
    parse_priority,
    parse_sections,
    parse_stance,
)
from briefing.export.pdf_flowables import (
    Heading,
    PageNumberForms,
    RunningHeader,
    toc_form_name,
)
from briefing.export.pdf_footnotes import FootnoteZone, handle_with_footnotes
from briefing.export.pdf_links import OutlineEntry
from briefing.export.pdf_story import build_story, document_title

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(ExportError):
    """The user cancelled the export; no file was written."""

    def __init__(self) -> None:
        super().__init__("export cancelled")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    # Characters no embedded face has a glyph for: they print blank (Hebrew, Indic scripts...).
    unprintable: frozenset[str] = frozenset()

    def unprintable_warning(self) -> str:
        """One sentence for the delegate, or "" when every character printed."""
        if not self.unprintable:
            return ""
        count = len(self.unprintable)
        scripts = ", ".join(fonts.script_names(set(self.unprintable)))
        return (
            f"{count} different character{'s' if count != 1 else ''} ({scripts}) "
            f"{'have' if count != 1 else 'has'} no font in the PDF and print as blanks"
        )


@dataclass(frozen=True)
class Rendered:
    """A briefing laid out in memory."""

    data: bytes
    pages: int
    unprintable: frozenset[str]


@dataclass
class DocInfo:
    """What the template prints around the story: header, marking, footer, metadata."""

    title: str
    author: str
    subject: str
    header: str
    marking: str = ""
    footer: str = ""
    sections: list[str] = field(default_factory=list)


# --- flowables the template reacts to -----------------------------------------------------------


_TOTAL_FORM = "briefingPageTotal"


class _Link(pdfdoc.LinkAnnotation):
    """An internal link with no border, written straight as the bytes reportlab's own would
    give ("<< /Border [ 0 0 0 ] /Contents () /Dest ... >>"): a pack has thousands (every
    citation, "where mentioned" place and footnote mark), and the generic dictionary path cost
    a tenth of an export."""

    def format(self, document) -> bytes:
        rect = fp_str(*self.Rect)  # the numbers joined by spaces, in one call
        dest = _xyz_destination(self.Destination, document) or pdfdoc.format(
            self.Destination, document
        )
        return (
            b"<<\n/Border [ 0 0 0 ] /Contents () /Dest "
            + dest
            + b" /Rect [ "
            + rect.encode("ascii")
            + b" ] /Subtype /Link /Type /Annot\n>>"
        )


def _xyz_destination(destination, document) -> bytes | None:
    """The bytes reportlab writes for a place on a page ("[ 12 0 R /XYZ 56.7 700.1 0 ]",
    what `bookmarkHorizontal` makes), without the generic array path: every link of a pack
    carries one. None for any other destination, or one not bound yet (reportlab's own path
    then says what is wrong)."""
    fmt = getattr(destination, "fmt", None)
    page = getattr(destination, "page", None)
    if type(fmt) is not pdfdoc.PDFDestinationXYZ or type(page) is not pdfdoc.PDFObjectReference:
        return None
    values = (fmt.left, fmt.top, fmt.zoom)
    if any(type(v) not in (int, float) for v in values):
        return None
    return b"[ " + page.format(document) + b" /XYZ " + fp_str(*values).encode("ascii") + b" ]"


# Characters reportlab's PDF text codec ("extpdfdoc") cannot encode; every other ASCII
# character it encodes as itself.
_PDFDOC_UNMAPPED = re.compile("[\x18-\x1f]")
_reportlab_pdfdoc_enc = pdfdoc.pdfdocEnc


def _pdfdoc_enc(text):
    """reportlab's `pdfdoc.pdfdocEnc`, ASCII without the codec: reportlab writes every number,
    name, reference and object header of the file through it, and the codec's lookup and
    Python-level call cost about 7,000 instructions however short the text (16,000 calls on
    a 10-record pack). The same bytes (tested on every ASCII character)."""
    if isinstance(text, str) and text.isascii() and _PDFDOC_UNMAPPED.search(text) is None:
        return text.encode("ascii")
    return _reportlab_pdfdoc_enc(text)


_saving_lock = threading.Lock()
_saves = 0
_settings_before: tuple = ()


@contextlib.contextmanager
def _save_settings():
    """reportlab's module settings while a canvas of ours writes its file:

    - Streams as compressed binary, not ASCII85 text. reportlab wraps each compressed stream
      in ASCII85 by default (`rl_config.useA85`, read as the streams are written, at save): a
      quarter more bytes, each of which then goes through reportlab's PDF text codec one
      character at a time, a twentieth of an export. Binary streams are the PDF format's own
      (every reader takes them), the compressed content is the same bytes, and the pages draw
      the same.
    - `_pdfdoc_enc` for reportlab's encoder of the file's text: the same bytes, cheaper.

    Only while saving, so that other reportlab documents are made as reportlab makes them;
    counted, like the cycle collector's pause, so that overlapping exports put the settings
    back only when the last one has saved.
    """
    global _saves, _settings_before
    with _saving_lock:
        if _saves == 0:
            _settings_before = (rl_config.useA85, pdfdoc.pdfdocEnc)
        _saves += 1
        rl_config.useA85 = 0
        pdfdoc.pdfdocEnc = _pdfdoc_enc
    try:
        yield
    finally:
        with _saving_lock:
            _saves -= 1
            if _saves == 0:
                rl_config.useA85, pdfdoc.pdfdocEnc = _settings_before


class _Canvas(Canvas):
    """A canvas that knows the page count when it saves: it then defines the form holding the
    total, which every footer's "Page X of" has referenced from the start (one pass, no
    renumbering)."""

    footer_font: str = "Helvetica"  # replaced by the template before any page is drawn
    footer_size: float = 8

    forms: PageNumberForms | None = None
    unprintable: frozenset[str] = frozenset()

    def linkRect(  # noqa: N802 - reportlab's name
        self,
        contents,
        destinationname,
        Rect=None,
        addtopage=1,
        name=None,
        relative=1,  # noqa: N803
        thickness=0,
        color=None,
        dashArray=None,
        **kw,
    ):
        if contents or thickness or color is not None or dashArray or kw:
            return super().linkRect(
                contents,
                destinationname,
                Rect,
                addtopage,
                name,
                relative,
                thickness,
                color,
                dashArray,
                **kw,
            )
        destination = self._bookmarkReference(destinationname)
        link = _Link(Rect=self._absRect(Rect, relative), Contents="", Destination=destination)
        return self._addAnnotation(link, name, addtopage)

    def save(self) -> None:
        total = self.getPageNumber() - (0 if self._code else 1)
        self.beginForm(_TOTAL_FORM, 0, -5, 100, 20)
        self.setFont(self.footer_font, self.footer_size)
        self.drawString(0, 0, str(max(total, 1)))
        self.endForm()
        if self.forms is not None:
            self._page_number_forms(self.forms)
        self.unprintable = frozenset(fonts.missing_characters(self._doc))
        with _save_settings():
            super().save()

    def _page_number_forms(self, forms: PageNumberForms) -> None:
        """Define the form of every page number a contents line or positions row printed.

        A pack has a thousand (a positions row and a contents line each), and most print the
        same number in the same face as another: one form is made per number and face, and
        every name printing it refers to that object (the page's resources name it), with one
        resource dictionary shared by them all. The pages look the same; a pack is a tenth
        of a second quicker to write."""
        doc = self._doc
        numbers = doc.idToObjectNumberAndVersion
        shared = pdfdoc.PDFResourceDictionary()
        shared.basicFonts()
        shared.allProcs()
        resources = None
        made: dict[tuple[str, float, str], str] = {}
        for key, (font, size) in forms.styles.items():
            text = str(forms.pages.get(key, ""))
            name = doc.getXObjectName(toc_form_name(key))
            first = made.get((font, size, text))
            if first is not None:
                numbers[name] = numbers[first]
                continue
            made[font, size, text] = name
            self.beginForm(toc_form_name(key), -100, -5, 5, 30)
            self.setFont(font, size)
            self.drawRightString(0, 0, text)
            self.endForm()
            if resources is None:
                resources = doc.Reference(shared)
            doc.idToObject[name].Resources = resources


# --- the template ------------------------------------------------------------------------------


class BriefingDocTemplate(BaseDocTemplate):
    """Cover and body page templates; running header and "Page X of Y" footer; outline; TOC."""

    def __init__(
        self,
        target,
        info: DocInfo,
        styles: st.Styles,
        *,
        paper: str = "A4",
        with_cover: bool = True,
        notes_column: bool = False,
        deterministic: bool = False,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        pagesize = st.PAPER[paper]
        self.notes_column = notes_column
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=st.MARGIN_LEFT,
            # The notes column is the right margin widened: the text frame gives way.
            rightMargin=st.MARGIN_RIGHT + (st.NOTES_COLUMN if notes_column else 0),
            topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=f"Briefing {__version__}",
            producer=f"Briefing {__version__}",
            invariant=1 if deterministic else None,
            initialFontName=styles.fonts.serif,
            initialFontSize=10,
            lang="en",
            displayDocTitle=1,
        )
        self.info = info
        self.styles = styles
        self.header_text = info.header
        self._progress = progress
        self._cancelled = cancelled
        self._work_done = 0
        self.work_total = 1
        self._seen_keys: set[str] = set()
        self.forms = PageNumberForms()
        # The footnotes of the page being laid out, at the foot of the body frame.
        self.footnotes = FootnoteZone(("body",))
        body = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", showBoundary=0
        )
        cover = Frame(
            self.leftMargin,
            self.bottomMargin + 10 * mm,
            self.width,
            self.height - 20 * mm,
            id="cover",
        )
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[cover], onPageEnd=self._draw_cover_page),
                PageTemplate(id="body", frames=[body], onPageEnd=self._draw_body_page),
            ]
        )
        # Without a cover the first page is a body page, running header and all; the story's
        # NextPageTemplate would only take effect from page 2.
        self._firstPageTemplateIndex = 0 if with_cover else 1

    # Running header and footer -----------------------------------------------------------------

    def _draw_cover_page(self, canv, doc) -> None:
        width, height = self.pagesize
        canv.saveState()
        canv.setStrokeColor(st.NAVY)
        canv.setLineWidth(3)
        canv.line(self.leftMargin, height - 18 * mm, width - self.rightMargin, height - 18 * mm)
        canv.setLineWidth(0.5)
        canv.setStrokeColor(st.RULE)
        canv.line(self.leftMargin, 18 * mm, width - self.rightMargin, 18 * mm)
        self._draw_footer(canv, 13 * mm)
        canv.restoreState()

    def _draw_body_page(self, canv, doc) -> None:
        width, height = self.pagesize
        fonts = self.styles.fonts
        top = height - st.HEADER_OFFSET
        canv.saveState()
        canv.setFont(fonts.sans, 8)
        canv.setFillColor(st.GREY)
        # The title and the marking share the frame's width, each cut at a word if need be.
        header, marking = _shared_line(
            self.header_text, fonts.sans, self.info.marking.upper(), fonts.sans_bold, 8, self.width
        )
        _draw_fitted(canv, self.leftMargin, top, header, fonts.sans, 8, None)
        if marking:
            canv.setFont(fonts.sans_bold, 8)
            canv.setFillColor(st.MARKING)
            _draw_fitted(
                canv, width - self.rightMargin, top, marking, fonts.sans_bold, 8, None, right=True
            )
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.4)
        canv.line(self.leftMargin, top - 2.5 * mm, width - self.rightMargin, top - 2.5 * mm)
        bottom = st.FOOTER_OFFSET
        if self.notes_column:
            # A hairline and a label: the column is for the reader's pen.
            x = width - self.rightMargin + 6 * mm
            canv.setLineWidth(0.3)
            canv.line(x, bottom + 8 * mm, x, top - 6 * mm)
            canv.setFont(fonts.sans, 7)
            canv.drawString(x + 2 * mm, top - 9 * mm, "Notes")
        canv.line(self.leftMargin, bottom + 4 * mm, width - self.rightMargin, bottom + 4 * mm)
        self._draw_footer(canv, bottom)
        self.footnotes.draw(canv)
        canv.restoreState()

    def _draw_footer(self, canv, y: float) -> None:
        """'Page X of Y' flush left (Y from the form the canvas defines once it knows the
        count); the delegation and title flush right."""
        font = self.styles.fonts.sans
        label = f"Page {self.page} of "
        canv.setFont(font, 8)
        canv.setFillColor(st.GREY)
        canv.drawString(self.leftMargin, y, label)
        canv.saveState()
        canv.translate(self.leftMargin + canv.stringWidth(label, font, 8), y)
        canv.doForm(_TOTAL_FORM)
        canv.restoreState()
        right = self.pagesize[0] - self.rightMargin
        # The delegation and title take what "Page X of Y" leaves, Y given room for 4 digits.
        page_width = canv.stringWidth(label + "0000", font, 8)
        room = self.width - page_width - running.GAP
        _draw_fitted(canv, right, y, self.info.footer, font, 8, max(room, 0), right=True)

    # Outline, TOC, progress, cancel -----------------------------------------------------------

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook
        self._seen_keys = set()
        self.forms.reset()
        self.footnotes.reset()
        self.canv.forms = self.forms
        self.header_text = self.info.header

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):  # noqa: N802 - reportlab's
        super().handle_frameBegin(resume, pageTopFlowables)
        self.footnotes.begin_frame(self.frame)

    def handle_flowable(self, flowables) -> None:
        handle_with_footnotes(
            self.footnotes, getattr(self, "frame", None), flowables, super().handle_flowable
        )

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab's hook
        if isinstance(flowable, RunningHeader):
            self.header_text = flowable.text
        elif (
            isinstance(flowable, (Heading, OutlineEntry))
            and flowable.key
            and flowable.key not in self._seen_keys
        ):
            self._seen_keys.add(flowable.key)
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(
                flowable.plain, flowable.key, level=flowable.outline_level, closed=False
            )
            self.forms.pages[flowable.key] = self.page
        self._work_done += 1
        if self._work_done % 8 == 0:
            self._tick()

    def _tick(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled()
        if self._progress is not None:
            self._progress(min(self._work_done, self.work_total - 1), self.work_total)


def _measure(font: str, size: float) -> Callable[[str], float]:
    """The printed width of a line in `font` at `size`, Arabic and CJK in their fallback
    faces as `_draw_fitted` draws them."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text: str) -> float:
        if not pdf_text.has_fallback(text):
            return stringWidth(text, font, size)
        return sum(advance for _piece, _face, advance in _fitted_runs(text, font, size, None))

    return measure


@functools.lru_cache(maxsize=64)
def _fit_line(text: str, font: str, size: float, width: float) -> str:
    """`text` shortened at a word with an ellipsis to fit `width` (cached: a footer repeats)."""
    return running.fit_at_word(text, width, _measure(font, size))


@functools.lru_cache(maxsize=64)
def _shared_line(
    left: str, left_font: str, right: str, right_font: str, size: float, width: float
) -> tuple[str, str]:
    """The running header's title and marking fitted to share one line (running.share_line)."""
    return running.share_line(
        left, right, width, _measure(left_font, size), _measure(right_font, size)
    )


def _draw_fitted(
    canv,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    width: float | None,
    *,
    right: bool = False,
) -> None:
    """Draw one line of plain text from x (ending at x when `right`) in the canvas's current
    font, `font` at `size`, shortened with an ellipsis to fit `width` (None: as it is). Arabic
    and CJK go in their fallback faces, Arabic shaped and in visual order (`pdf_text.drawn_runs`):
    a record title in Arabic prints in the running header and footer."""
    if width is not None:
        text = _fit_line(text, font, size, width)
    if not pdf_text.has_fallback(text):
        (canv.drawRightString if right else canv.drawString)(x, y, text)
        return
    runs = _fitted_runs(text, font, size, None)
    if right:
        x -= sum(advance for _piece, _face, advance in runs)
    for piece, face, advance in runs:
        canv.setFont(face, size)
        canv.drawString(x, y, piece)
        x += advance
    canv.setFont(font, size)


@functools.lru_cache(maxsize=64)
def _fitted_runs(
    text: str, font: str, size: float, width: float | None
) -> tuple[tuple[str, str, float], ...]:
    """(piece, face, width) as drawn left to right, cut at a word with an ellipsis to fit
    `width` (None: whole); cached, since a running header repeats its title on every page."""
    from reportlab.lib.fonts import ps2tt, tt2ps
    from reportlab.pdfbase.pdfmetrics import stringWidth

    try:
        _family, bold, italic = ps2tt(font)
    except ValueError:
        bold = italic = 0

    def runs_of(line: str) -> tuple[tuple[str, str, float], ...]:
        out = []
        for piece, family in pdf_text.drawn_runs(line):
            face = font if family is None else tt2ps(family, bold, italic)
            out.append((piece, face, stringWidth(piece, face, size)))
        return tuple(out)

    def width_of(runs) -> float:
        return sum(advance for _piece, _face, advance in runs)

    runs = runs_of(text)
    if width is None or width_of(runs) <= width:
        return runs
    # Cut at a word (in logical order), with an ellipsis after it: running.fit_at_word.
    return runs_of(running.fit_at_word(text, width, lambda line: width_of(runs_of(line))))


# --- export ------------------------------------------------------------------------------------


def _doc_info(records: list[Record], options: ExportOptions) -> DocInfo:
    title = document_title(records, options)
    if options.delegation:
        author = options.delegation
    elif options.deterministic:
        author = "Briefing"
    else:
        import getpass

        try:
            author = getpass.getuser()
        except Exception:  # no user name in this environment
            author = "Briefing"
    symbols = ", ".join(r.display_title for r in records)
    kind = "Briefing note" if len(records) == 1 else "Briefing pack"
    header = records[0].display_title if len(records) == 1 else title
    footer_bits = [title]
    if options.delegation:
        footer_bits.insert(0, options.delegation)
    return DocInfo(
        title=title,
        author=author,
        subject=f"{kind}: {symbols}",
        header=header,
        marking=options.marking.strip(),
        footer=" · ".join(footer_bits),
    )


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = True


@contextlib.contextmanager
def _cycle_collector_paused():
    """Pause Python's cycle collector while a PDF is laid out.

    Layout makes hundreds of thousands of short-lived objects (fragments, lines, flowables) and
    almost no reference cycles, so the collector runs again and again and finds next to nothing:
    each run of its oldest generation walks the whole heap, the app's library and windows
    included. That was a quarter to a third of an export's time, more the bigger the process.
    Reference counting still frees everything as it goes, and the collector, resumed, takes what
    cycles there were. Counted, so that overlapping exports (threads) resume it only when the
    last one ends, and only if it was running before the first began.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
        _collector_pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


def render_pdf(
    items: list[tuple[Record, list[Annotation]]],
    options: ExportOptions,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Rendered:
    """Lay the briefing out in memory."""
    if not items:
        raise ExportError("nothing to export: no record chosen")
    if options.paper not in st.PAPER:
        raise ExportError(f"unknown paper {options.paper!r}; choose A4 or Letter")
    if not options.sections:
        raise ExportError("no section chosen")
    styles = st.make_styles()
    records = [record for record, _ in items]
    buffer = io.BytesIO()
    doc = BriefingDocTemplate(
        buffer,
        _doc_info(records, options),
        styles,
        paper=options.paper,
        with_cover="cover" in options.sections,
        notes_column=options.notes_column,
        deterministic=options.deterministic,
        progress=progress,
        cancelled=cancelled,
    )
    with _cycle_collector_paused():
        story = build_story(items, options, styles, frame_width=doc.width - 12, forms=doc.forms)
        # One pass: page numbers (footer, contents) are forms filled in when the canvas saves.
        doc.work_total = len(story)
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        try:
            _Canvas.footer_font = styles.fonts.sans
            doc.build(story, canvasmaker=_Canvas)
        except ExportError:
            raise
        except Exception as exc:  # reportlab's errors carry no user-facing reason
            raise ExportError(f"the PDF could not be laid out: {exc}") from exc
    if progress is not None:
        progress(doc.work_total, doc.work_total)
    return Rendered(buffer.getvalue(), doc.page, doc.canv.unprintable)


def _write_error(out: Path, exc: OSError) -> ExportError:
    folder = out.parent
    if exc.errno == errno.ENOSPC:
        reason = f"cannot write {out}: the disk is full"
    elif exc.errno == errno.EDQUOT:
        reason = f"cannot write {out}: the disk quota is exhausted"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = f"cannot write {out}: no permission to write in {folder}"
    elif exc.errno == errno.ENOTDIR or (folder.exists() and not folder.is_dir()):
        reason = f"cannot write {out}: {folder} is not a folder"
    elif exc.errno == errno.ENOENT:
        reason = f"cannot write {out}: the folder {folder} does not exist"
    elif exc.errno == errno.EISDIR:
        reason = f"cannot write {out}: it is a folder"
    else:
        reason = f"cannot write {out}: {exc.strerror or exc}"
    return ExportError(reason)


def write_atomically(out: Path, data: bytes) -> None:
    """Write data to out through a temporary file in the same folder; no partial file ever."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"cannot write {out}: it is a folder")
    try:
        atomic.write_atomically(out, data)
    except OSError as exc:
        raise _write_error(out, exc) from exc


def export_pdf(
    items: list[tuple[Record, list[Annotation]]],
    options: ExportOptions,
    out: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Build the briefing note (one record) or pack (several) and write it atomically to `out`.

    Raises ExportError (ExportCancelled when `cancelled()` turned true); nothing is written then.
    """
    out = Path(out)
    if out.parent.exists() and not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: {out.parent} is not a folder")
    rendered = render_pdf(items, options, progress=progress, cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    write_atomically(out, rendered.data)
    return ExportResult(path=out, pages=rendered.pages, unprintable=rendered.unprintable)


__all__ = [
    "SECTIONS",
    "SECTION_LABELS",
    "BriefingDocTemplate",
    "ExportCancelled",
    "ExportOptions",
    "ExportResult",
    "Rendered",
    "build_story",
    "export_pdf",
    "parse_priority",
    "parse_sections",
    "parse_stance",
    "render_pdf",
]

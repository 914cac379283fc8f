"""Flowables the briefing template reacts to: headings that feed the outline and TOC, and the
invisible marker that changes the running header."""

from __future__ import annotations

from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable


class Heading(Paragraph):
    """A heading that becomes a bookmark, an outline entry and (optionally) a TOC entry."""

    def __init__(
        self,
        markup: str,
        style,
        *,
        plain: str,
        key: str,
        outline_level: int,
        toc_level: int | None = None,
    ) -> None:
        super().__init__(markup, style)
        self.plain = plain
        self.key = key
        self.outline_level = outline_level
        self.toc_level = toc_level


class RunningHeader(Flowable):
    """Invisible: from here on, the running header names this record."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return 0, 0

    def draw(self) -> None:
        pass


def toc_form_name(key: str) -> str:
    return f"briefingToc_{key}"


class PageNumberForms:
    """Page numbers known only once the layout is done, printed through form XObjects.

    A footer or contents line references a form by name while its page is drawn; the canvas
    defines every form when it saves, when each page number is known. So the whole document
    lays out in one pass: no second pass to renumber a table of contents or "Page X of Y".
    """

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}  # heading key -> page number
        self.styles: dict[str, tuple[str, float]] = {}  # heading key -> (font, size) in the TOC

    def reset(self) -> None:
        self.pages.clear()


class OnePassContents(Flowable):
    """A table of contents whose entries are known before layout (the story's headings) and
    whose page numbers are forms the canvas fills in at save time.

    Entries: (level, plain text, key). Each line links to its heading's bookmark.
    """

    _ZERO_WIDTH = "888"

    def __init__(self, entries, level_styles, table_style, forms: PageNumberForms) -> None:
        super().__init__()
        self.entries = list(entries)
        self.level_styles = level_styles
        self.table_style = table_style
        self.forms = forms
        self._table = None

    def _style(self, level: int):
        return self.level_styles[min(level, len(self.level_styles) - 1)]

    def _build(self, avail_width: float):
        from xml.sax.saxutils import escape

        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Spacer, Table

        styles = {}

        def entry_end(canvas, kind, label):
            key = label
            style = styles[key]
            info = canvas._curr_tx_info
            x, y = info["cur_x"], info["cur_y"]
            reserve = stringWidth(self._ZERO_WIDTH, style.fontName, style.fontSize)
            dot = " . "
            dot_width = stringWidth(dot, style.fontName, style.fontSize)
            dots = max(int((avail_width - reserve - 2 - x) / dot_width), 0)
            canvas.saveState()
            canvas.setFillColor(style.textColor)
            if dots:
                text = canvas.beginText(avail_width - reserve - 2 - dots * dot_width, y)
                text.setFont(style.fontName, style.fontSize)
                text.textOut(dot * dots)
                canvas.drawText(text)
            canvas.translate(avail_width, y)
            canvas.doForm(toc_form_name(key))
            canvas.restoreState()

        self.canv.setNamedCB("briefingTocEntryEnd", entry_end)
        rows = []
        if not self.entries:
            rows.append([Paragraph("No sections.", self._style(0))])
        for level, text, key in self.entries:
            style = self._style(level)
            styles[key] = style
            self.forms.styles[key] = (style.fontName, style.fontSize)
            markup = (
                f'<a href="#{key}">{escape(text)}</a>'
                f'<onDraw name="briefingTocEntryEnd" label="{key}"/>'
            )
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            # Leave room on the right for the dots and the number.
            para_style = style.clone(f"{style.name}-r", rightIndent=style.rightIndent + 36)
            rows.append([Paragraph(markup, para_style)])
        self._table = Table(rows, colWidths=(avail_width,), style=self.table_style)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self._build(availWidth)
        return self._table.wrapOn(self.canv, availWidth, availHeight)

    def split(self, availWidth, availHeight):  # noqa: N803
        self._build(availWidth)
        return self._table.splitOn(self.canv, availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N803
        self._table.drawOn(canvas, x, y, _sW)

"""Flowables the briefing template reacts to: headings that feed the outline and TOC, and the
invisible marker that changes the running header."""

from __future__ import annotations

import re
import weakref
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

_MARKUP = re.compile(r"[<>&]")

# One parsed fragment per style, cloned for every plain text in that style. Weak keys: the
# styles of one export go when the export does.
_PLAIN_FRAGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _plain_frags(text: str, style) -> tuple[str, list] | None:
    """The cleaned text and the fragments reportlab's parser would make of `text`, which holds
    no markup at all: one fragment in the style's font, colour and size. None where the style
    asks for more than the parser's plain path (a text transform)."""
    if getattr(style, "textTransform", None):
        return None
    template = _PLAIN_FRAGS.get(style)
    if template is None:
        _style, frags, _bullet = ParaParser().parse("x", style)
        template = _PLAIN_FRAGS[style] = frags[0]
    cleaned = cleanBlockQuotedText(text)
    return cleaned, [template.clone(text=cleaned)] if cleaned else []


class Para(Paragraph):
    """A Paragraph that costs less to lay out, drawing exactly the same.

    - Text with no markup (most of a record: `pdf_text.esc` left it as it was) skips
      reportlab's XML parser; its single fragment is what the parser would have made.
    - Lines are broken once per width. Platypus asks a paragraph its size more than once for the
      same width: a keep-with-next group measures its members before the frame places them, and
      a table measures its cells before it draws them. Breaking lines again gives the same lines,
      so the first answer is kept; only a new width breaks them anew.
    """

    def __init__(
        self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8"
    ):  # noqa: N803 - reportlab's names
        if frags is None and style is not None and isinstance(text, str):
            plain = None if _MARKUP.search(text) else _plain_frags(text, style)
            if plain is not None:
                text, frags = plain
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        # `split` drops blPara when it gives up on a page: then the lines must be broken again.
        if self.__dict__.get("_wrapped_width") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


class Heading(Para):
    """A heading that becomes a bookmark, an outline entry and (optionally) a TOC entry."""

    # Paragraph's own arguments first: `split` makes its pieces through them.
    def __init__(
        self,
        text,
        style=None,
        bulletText=None,  # noqa: N803 - reportlab's names
        frags=None,
        *,
        plain: str = "",
        key: str = "",
        outline_level: int = 0,
        toc_level: int | None = None,
    ) -> None:
        super().__init__(text, style, bulletText, frags)
        self.plain = plain
        self.key = key
        self.outline_level = outline_level
        self.toc_level = toc_level

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        # Only a heading taller than a page splits; the bookmark goes with its first piece, the
        # rest carry no key.
        pieces = super().split(availWidth, availHeight)
        if pieces and pieces[0] is not self:
            first = pieces[0]
            first.plain, first.key = self.plain, self.key
            first.outline_level, first.toc_level = self.outline_level, self.toc_level
        return pieces


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


# A contents level's style, narrowed on the right for the dots and the number: one per level.
_LINE_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class ContentsLine(Para):
    """One entry of the table of contents: a link to its heading, dot leaders, and the heading's
    page number as a form the canvas fills in at save time.

    The entries are known before layout (the story's headings), so the contents are plain
    lines in the story: they flow from page to page like any paragraph, at a paragraph's cost.
    """

    _CALLBACK = "briefingContentsLineEnd"
    _NUMBER_ROOM = 36  # right of the text: the dots and the page number
    _ZERO_WIDTH = "888"

    def __init__(self, text: str, key: str, style, forms: PageNumberForms) -> None:
        markup = (
            f'<a href="#{key}">{escape(text)}</a><onDraw name="{self._CALLBACK}" label="{key}"/>'
        )
        line_style = _LINE_STYLES.get(style)
        if line_style is None:
            line_style = _LINE_STYLES[style] = style.clone(
                f"{style.name}-line", rightIndent=style.rightIndent + self._NUMBER_ROOM
            )
        super().__init__(markup, line_style)
        self.key = key
        self.entry_style = style
        forms.styles[key] = (style.fontName, style.fontSize)

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return []  # an entry moves whole to the next page

    def draw(self) -> None:
        self.canv.setNamedCB(self._CALLBACK, self._leader)
        super().draw()

    def _leader(self, canvas, kind, label) -> None:
        """Called where the entry's text ends: dots to the right margin, then the number."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style = self.entry_style
        width = self.width
        info = canvas._curr_tx_info
        x, y = info["cur_x"], info["cur_y"]
        reserve = stringWidth(self._ZERO_WIDTH, style.fontName, style.fontSize)
        dot = " . "
        dot_width = stringWidth(dot, style.fontName, style.fontSize)
        dots = max(int((width - reserve - 2 - x) / dot_width), 0)
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        if dots:
            text = canvas.beginText(width - reserve - 2 - dots * dot_width, y)
            text.setFont(style.fontName, style.fontSize)
            text.textOut(dot * dots)
            canvas.drawText(text)
        canvas.translate(width, y)
        canvas.doForm(toc_form_name(label))
        canvas.restoreState()


def contents_lines(entries, level_styles, forms: PageNumberForms) -> list[Flowable]:
    """The table of contents for (level, plain text, heading key) entries, as flowables."""
    if not entries:
        return [Para("No sections.", level_styles[0])]
    return [
        ContentsLine(
            _shortened(text, CONTENTS_LINE_CHARS),
            key,
            level_styles[min(level, len(level_styles) - 1)],
            forms,
        )
        for level, text, key in entries
    ]


# A contents entry never splits across pages, so it is kept to a few lines; the heading itself
# prints whole where it stands.
CONTENTS_LINE_CHARS = 240


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"

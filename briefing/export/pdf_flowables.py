"""Flowables the briefing template reacts to: headings that feed the outline and TOC, and the
invisible marker that changes the running header."""

from __future__ import annotations

import re
import weakref

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.rl_accel import sameFrag as reportlab_same_frag
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as reportlab_paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import _wsc, cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from briefing.export.pdf_text import esc, has_fallback
from briefing.export.rtl import base_level, visual_indices

# reportlab's `sameFrag`, which line breaking asks of every word of a paragraph with markup
# (whether it prints like the word before, so that the two join into one piece of the line),
# looks each attribute up by name from C: every attribute a fragment lacks ("cbDefn",
# "lineBreak", "backColor", "nobr" nearly always) raises and formats an AttributeError first.
# That made it about 50,000 instructions a call, 6% of a pack. `same_frag` answers the same
# from the fragments' own dictionaries: reportlab's `ParaFrag` (an ABag) keeps its attributes
# there and has none of these names on its class (`_frags_keep_their_attributes`, checked
# before ours takes the place of reportlab's); any other kind of fragment goes to reportlab's.
# tests/unit/test_pdf_flowables.py compares the two on the fragments of random markup.
_SAME_FRAG_NAMES = (
    "fontName",
    "fontSize",
    "textColor",
    "rise",
    "us_lines",
    "link",
    "backColor",
    "nobr",
)
_ABSENT = object()


def same_frag(f, g) -> bool:
    """reportlab's `sameFrag(f, g)`: neither is a callback or a line break, and each of the
    attributes that print (font, size, colour, rise, lines, link, background, no-break) is
    absent from both or equal in both."""
    if type(f) is not ParaFrag or type(g) is not ParaFrag:
        return reportlab_same_frag(f, g)
    fd = f.__dict__
    gd = g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    for name in _SAME_FRAG_NAMES:
        a = fd.get(name, _ABSENT)
        b = gd.get(name, _ABSENT)
        if a is not b and (a is _ABSENT or b is _ABSENT or a != b):
            return False
    return True


def _frags_keep_their_attributes() -> bool:
    """Whether a ParaFrag's attributes are all in its own dictionary, as `same_frag` reads."""
    names = (*_SAME_FRAG_NAMES, "cbDefn", "lineBreak")
    return (
        ParaFrag.__getattribute__ is object.__getattribute__
        and not hasattr(ParaFrag, "__getattr__")
        and not any(hasattr(ParaFrag, name) for name in names)
    )


if reportlab_paragraph.sameFrag is reportlab_same_frag and _frags_keep_their_attributes():
    reportlab_paragraph.sameFrag = same_frag

_MARKUP = re.compile(r"[<>&]")
# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo... and the Hebrew
# and Arabic presentation forms shaped Arabic is set in) and the right-to-left marks: a
# paragraph holding none is drawn exactly as reportlab draws it.
_RTL = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc]")
# Stands, in a printed line's text, for a piece without text (a callback, an anchor, an image,
# a line break) so it keeps its place among the characters: a neutral, like a space.
_OBJECT = "\ufffc"

# Whitespace reportlab's cleaning of a paragraph's text (`cleanBlockQuotedText`) collapses or
# strips, but for the space: text holding none of it, no two spaces together and no space at
# either end comes out of the cleaning as it went in, nearly all of a record.
_UNCLEAN = re.compile(f"[{re.escape(_wsc.replace(' ', ''))}]|  |^ | $")


def _cleaned(text: str) -> str:
    """`cleanBlockQuotedText(text)`, without its splitting and joining for clean text."""
    return text if _UNCLEAN.search(text) is None else cleanBlockQuotedText(text)


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
    cleaned = _cleaned(text)
    return cleaned, [template.clone(text=cleaned)] if cleaned else []


# Text that is internal links and plain words only ('<a href="#key">para. 8</a>; <a ...'):
# the "where mentioned" lists, citations and footnote marks, a third of a pack's paragraphs
# with markup. No entity, no other tag: anything else goes through reportlab's parser.
_LINKS_ONLY = re.compile(r'(?:[^<>&]|<a href="#[^"<>&]*">[^<>&]+</a>)*')
_LINK = re.compile(r'<a href="(#[^"<>&]*)">([^<>&]+)</a>')
# Per style: the fragment reportlab's parser makes of a link, and of the text around it.
_LINK_FRAGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _linked_frags(text: str, style) -> tuple[str, list] | None:
    """The cleaned text and the fragments reportlab's parser would make of `text`, which
    holds internal links and plain text only; None for any other markup, or where the style
    asks for more than one fragment per piece (a text transform, underlined links)."""
    if getattr(style, "textTransform", None) or _LINKS_ONLY.fullmatch(text) is None:
        return None
    templates = _LINK_FRAGS.get(style)
    if templates is None:
        _style, frags, _bullet = ParaParser().parse('<a href="#k">x</a>y', style)
        if len(frags) != 2 or frags[0].us_lines or frags[1].us_lines:
            templates = ()
        else:
            templates = (frags[0], frags[1])
        _LINK_FRAGS[style] = templates
    if not templates:
        return None
    link, plain = templates
    cleaned = _cleaned(text)
    frags = []
    start = 0
    for number, match in enumerate(_LINK.finditer(cleaned)):
        if match.start() > start:
            frags.append(plain.clone(text=cleaned[start : match.start()], us_lines=[]))
        # reportlab numbers a paragraph's links from 0 and strips the target.
        frags.append(
            link.clone(text=match.group(2), link=[(number, match.group(1).strip())], us_lines=[])
        )
        start = match.end()
    if start < len(cleaned):
        frags.append(plain.clone(text=cleaned[start:], us_lines=[]))
    return cleaned, frags


class Para(Paragraph):
    """A Paragraph that costs less to lay out, and draws right-to-left text in visual order.

    - Text with no markup (most of a record: `pdf_text.esc` left it as it was) skips
      reportlab's XML parser; its single fragment is what the parser would have made.
    - Lines are broken once per width. Platypus asks a paragraph its size more than once for the
      same width: a keep-with-next group measures its members before the frame places them, and
      a table measures its cells before it draws them. Breaking lines again gives the same lines,
      so the first answer is kept; only a new width breaks them anew.
    - Text holding a right-to-left letter (`pdf_text` leaves Arabic in logical order) is broken
      into lines in logical order, as reportlab does; when the paragraph is drawn, each printed
      line is put in visual order (`rtl.visual_indices`: the pieces of each font regrouped in
      drawing order) and a line whose logical line (text between line breaks) starts right to
      left is set flush right in a left-aligned or justified style, justified lines staying
      justified. The same characters in the same faces: widths, and so the line breaks, the
      height and the splits, do not change. Centred and right-aligned styles keep their
      alignment; a bullet or paragraph number stays on the left. Text with no right-to-left
      letter pays one `isascii` test (or one regex search) and is drawn by reportlab as is.
    """

    #: The base direction of every line: None takes each logical line's from its first strong
    #: letter; 0 keeps them all left to right (a contents entry, which ends in dot leaders).
    base_direction: int | None = None
    #: A destination name: where the paragraph is drawn becomes a link target of that name
    #: and its page goes into the canvas's PageNumberForms (a "page" column's number).
    anchor: str = ""
    _bidi = False  # holds a right-to-left letter
    _first_base: int | None = None  # a split's second piece: its first line's direction

    def __init__(
        self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8"
    ):  # noqa: N803 - reportlab's names
        if frags is None and style is not None and isinstance(text, str):
            if _MARKUP.search(text) is None:
                plain = _plain_frags(text, style)
            elif "<a " in text:
                plain = _linked_frags(text, style)
            else:
                plain = None
            if plain is not None:
                text, frags = plain
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        if isinstance(text, str) and not text.isascii() and _RTL.search(text) is not None:
            self._bidi = True

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        # `split` drops blPara when it gives up on a page: then the lines must be broken again.
        if self.__dict__.get("_wrapped_width") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def draw(self) -> None:
        if self.anchor:
            _mark_anchor(self.canv, self.anchor, self.height)
        super().draw()

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        pieces = super().split(availWidth, availHeight)
        # reportlab breaks the lines of the first piece again; should they come out taller
        # than the room they were cut for, the frame cannot take it ("Splitting error"):
        # cut a line earlier. (The frame's own measure of the piece is then the cached one.)
        room = availHeight
        for _ in range(3):
            if len(pieces) != 2 or pieces[0].wrap(availWidth, availHeight)[1] <= availHeight:
                break
            room -= self.style.leading
            if room <= 0:
                return []
            pieces = super().split(availWidth, room)
        if self.anchor and pieces:
            # The place starts where its first piece is drawn; the rest are no target.
            pieces[0].anchor = self.anchor
            for piece in pieces[1:]:
                piece.anchor = ""
        if self._bidi and len(pieces) == 2:
            logical = self.blPara
            # The pieces are made from fragments (no text to look at): they inherit the flag,
            # and the second one the direction of the logical line it may start inside.
            bases = _line_bases(logical, self.base_direction, self._first_base)
            for piece in pieces:
                piece._bidi = True
            pieces[1]._first_base = bases[len(pieces[0].blPara.lines)]
        return pieces

    def drawPara(self, debug=0):  # noqa: N802 - reportlab's name
        if not self._bidi:
            super().drawPara(debug)
            return
        # reportlab draws self.blPara, each line at self._offsets[i] plus its alignment: for the
        # time of the drawing, both become the visual lines and their right-to-left offsets.
        logical = self.blPara
        bases = _line_bases(logical, self.base_direction, self._first_base)
        had_offsets = "_offsets" in self.__dict__
        given = self.__dict__.get("_offsets")
        self._offsets = self._bidi_offsets(logical, bases, given)
        self.blPara = _visual_lines(logical, bases)
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical
            if had_offsets:
                self._offsets = given
            else:
                del self._offsets

    def _bidi_offsets(self, blPara, bases: list[int], given: list | None) -> list[float]:
        """Each printed line's offset from the left indent: the one given (text flowing around
        an image) plus, for a right-to-left line reportlab would set flush left, its room."""
        lines = blPara.lines
        count = len(lines)
        offsets = list(given or [0])
        offsets += (count - len(offsets)) * [offsets[-1]]
        style = self.style
        if style.alignment not in (TA_LEFT, TA_JUSTIFY):
            return offsets
        # reportlab's own test for a justified line (paragraph.py, _justifyDrawParaLine[X]): the
        # last line, one ended by a line break and a line of one word are set flush left.
        no_justify_last = not getattr(self, "_JustifyLast", False)
        for i, line in enumerate(lines):
            if not bases[i]:
                continue
            if blPara.kind == 0:
                room, words = line
                line_break, word_count = False, len(words)
                spaces = word_count + sum(word.count("\xa0") for word in words) - 1
            else:
                room, line_break, word_count = line.extraSpace, line.lineBreak, line.wordCount
                spaces = (
                    word_count
                    + sum(
                        getattr(w, "text", "").count("\xa0")
                        for w in line.words
                        if not hasattr(w, "cbDefn")
                    )
                    - 1
                )
            if room <= 1e-8:
                continue  # full, or squeezed to fit: drawn across the whole width
            if style.alignment == TA_JUSTIFY:
                last = no_justify_last and i == count - 1
                if last and style.justifyLastLine and word_count > style.justifyLastLine:
                    last = False
                if not (last or line_break or spaces <= 0):
                    continue  # justified: spread across the whole width
            offsets[i] += room
        return offsets


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


def _line_text(line) -> str:
    """The characters of a kind 1 printed line, one `_OBJECT` per piece without text."""
    return "".join(
        _OBJECT if hasattr(w, "cbDefn") or not getattr(w, "text", "") else w.text
        for w in line.words
    )


def _line_bases(blPara, fixed: int | None, first: int | None) -> list[int]:
    """The base direction (0 or 1) of each printed line of `blPara`: that of its logical line
    (the text between line breaks), from the logical line's first strong letter, else the
    previous logical line's; `fixed` for all when given; `first` carried in from a split."""
    lines = blPara.lines
    if fixed is not None:
        return [fixed] * len(lines)
    previous = 0 if first is None else first
    if blPara.kind == 0:  # one fragment, so no line break: one logical line
        if first is not None:
            return [first] * len(lines)
        base = base_level(" ".join(" ".join(words) for _room, words in lines), previous) or 0
        return [base] * len(lines)
    bases: list[int] = []
    start = 0
    for end, line in enumerate(lines, 1):
        if end < len(lines) and not line.lineBreak:
            continue
        group = lines[start:end]
        if start == 0 and first is not None:
            base = first
        else:
            base = base_level("".join(_line_text(g) for g in group), previous) or 0
        bases += [base] * len(group)
        previous, start = base, end
    return bases


def _visual_lines(blPara, bases: list[int]):
    """A copy of `blPara` with each printed line in visual order; `blPara` is left as it was
    (a split rebuilds its pieces from the logical lines)."""
    if blPara.kind == 0:
        lines = []
        for (room, words), base in zip(blPara.lines, bases, strict=True):
            text = " ".join(words)
            if base or _RTL.search(text):
                order, mirrored = visual_indices(text, base)
                # Spaces are kept, one between two words: the same words, reordered.
                words = "".join(mirrored[k] for k in order).split(" ")
            lines.append((room, words))
        return blPara.clone(lines=lines)
    return blPara.clone(
        lines=[
            _visual_frag_line(line, base) for line, base in zip(blPara.lines, bases, strict=True)
        ]
    )


def _visual_frag_line(line, base: int):
    """A printed line of fragments (`FragLine`) in visual order: its characters reordered, then
    regrouped into runs, each a clone of the fragment its characters came from."""
    text = _line_text(line)
    if not base and _RTL.search(text) is None:
        return line
    owner: list[int] = []
    for j, word in enumerate(line.words):
        owner += [j] * (
            1 if hasattr(word, "cbDefn") or not getattr(word, "text", "") else len(word.text)
        )
    order, mirrored = visual_indices(text, base)
    words = []
    k = 0
    while k < len(order):
        j = owner[order[k]]
        start = k
        while k < len(order) and owner[order[k]] == j:
            k += 1
        word = line.words[j]
        if hasattr(word, "cbDefn") or not getattr(word, "text", ""):
            words.append(word.clone())
        else:
            # A clone even when whole: reportlab ends the line after the piece that `is` last.
            words.append(word.clone(text="".join(mirrored[order[m]] for m in range(start, k))))
    return line.clone(words=words)


def cell_text(text: str, style, room: float) -> str | Para:
    """A table cell of plain text (not markup) in `style`, `room` wide inside its padding: the
    text itself when a Para would print it as one line, else that Para.

    A Table draws a cell that is a string with one `drawString` in the cell's font, leading and
    colour, which the table's style sets to `style`'s (styles.table_style, facts_style), at
    the left padding and the font size below the top padding: where a Para's one line stands,
    in a row as tall (one leading). (reportlab will not cut a row across pages through a
    string's one line; with Paras only it could leave the row's bare padding on the next page,
    under the repeated header.) A Para costs a paragraph's making, its
    line breaking and its drawing (the canvas's state saved twice, a text object): most of a
    pack's cells are one short line ("—", a kind, a date, a column's name). Whatever a Para
    prints otherwise stays one: empty text, text reportlab's cleaning would change, text in a
    fallback face or right to left, text wider than the room, a style with indents or not
    set flush left.
    """
    if (
        text
        and style.alignment == TA_LEFT
        and not (style.leftIndent or style.firstLineIndent or getattr(style, "textTransform", None))
        and _UNCLEAN.search(text) is None
        and (text.isascii() or (_RTL.search(text) is None and not has_fallback(text)))
        and stringWidth(text, style.fontName, style.fontSize) <= room - 1e-6
    ):
        return text
    return Para(esc(text), style)


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


def _mark_anchor(canv, key: str, height: float) -> None:
    """Make the current spot the link target `key`, and note its page for page references."""
    canv.bookmarkHorizontal(key, 0, height)
    forms = getattr(canv, "forms", None)
    if forms is not None:
        forms.pages.setdefault(key, canv.getPageNumber())
        forms.anchored.add(key)


class PageRef(Flowable):
    """The page number of an anchor (known only when the canvas saves, so drawn as a form),
    flush right in its cell and a link to the anchor."""

    def __init__(self, key: str, style, forms: PageNumberForms) -> None:
        super().__init__()
        self.key = key
        self.style = style
        forms.styles[key] = (style.fontName, style.fontSize)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self.width = availWidth
        return availWidth, self.style.leading

    def draw(self) -> None:
        canv = self.canv
        baseline = self.style.leading - self.style.fontSize
        canv.saveState()
        # The number in the cell's ink, as the contents' numbers (the form has no colour of
        # its own: it takes the canvas's).
        canv.setFillColor(self.style.textColor)
        canv.translate(self.width, baseline)
        canv.doForm(toc_form_name(self.key))
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, self.width, self.style.leading), relative=1, thickness=0)


class PageNumberForms:
    """Page numbers known only once the layout is done, printed through form XObjects.

    A footer or contents line references a form by name while its page is drawn; the canvas
    defines every form when it saves, when each page number is known. So the whole document
    lays out in one pass: no second pass to renumber a table of contents or "Page X of Y".
    """

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}  # heading key -> page number
        self.styles: dict[str, tuple[str, float]] = {}  # heading key -> (font, size) in the TOC
        self.anchored: set[str] = set()  # anchors drawn: link targets that exist

    def reset(self) -> None:
        self.pages.clear()
        self.anchored.clear()


# A contents level's style, narrowed on the right for the dots and the number: one per level.
_LINE_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class ContentsLine(Para):
    """One entry of the table of contents: a link to its heading, dot leaders, and the heading's
    page number as a form the canvas fills in at save time.

    The entries are known before layout (the story's headings), so the contents are plain
    lines in the story: they flow from page to page like any paragraph, at a paragraph's cost.
    """

    # Dot leaders and the number on the right: an Arabic title reads right to left inside a
    # left-to-right line.
    base_direction = 0

    _CALLBACK = "briefingContentsLineEnd"
    _NUMBER_ROOM = 36  # right of the text: the dots and the page number
    _ZERO_WIDTH = "888"

    def __init__(self, text: str, key: str, style, forms: PageNumberForms) -> None:
        markup = f'<a href="#{key}">{esc(text)}</a><onDraw name="{self._CALLBACK}" label="{key}"/>'
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

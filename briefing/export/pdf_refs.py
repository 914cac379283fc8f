"""A line that names the page of something printed earlier in the same briefing: "Note: see
p. 8 (Conclusions)", a link to it.

Platypus lays a story out in order: by the time the line is measured, what it refers to has
been drawn and its page noted (`pdf_flowables._mark_anchor` into `PageNumberForms.pages`).
So the number is plain text, known when the line is broken, in the same font as the words
around it: no form, no second pass. Should the target not have been drawn yet, the line
says so without a number.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus.flowables import Flowable

from briefing.export.pdf_flowables import PageNumberForms, Para


class PageReference(Flowable):
    """A one-paragraph flowable whose markup is made, when it is measured, from the page of
    the anchor `key` (None when that page is not known yet)."""

    def __init__(
        self,
        key: str,
        markup: Callable[[int | None], str],
        style,
        forms: PageNumberForms,
    ) -> None:
        super().__init__()
        self.key = key
        self.markup = markup
        self.style = style
        self.forms = forms
        self._para: Para | None = None
        self._page: int | None = None

    def _paragraph(self) -> Para:
        page = self.forms.pages.get(self.key)
        if self._para is None or page != self._page:
            self._page = page
            self._para = Para(self.markup(page), self.style)
        return self._para

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self.width, self.height = self._paragraph().wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return []  # a line or two: it moves whole to the next page

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceAfter

    def draw(self) -> None:
        self._paragraph().drawOn(self.canv, 0, 0)

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

"""Footnotes at the foot of the page that cites them.

A paragraph of the full text that calls footnotes is a `FootnotedPara`: a `Para` that knows its
footnotes (`FootNote`: the link target and the flowables that print it). The document template
holds one `FootnoteZone` (`doc.footnotes`), reached through the canvas while the story lays out:

- Measuring (`wrap`), the paragraph asks the zone what its footnotes would add to the foot of
  this page (the ones not printed yet, a rule above the first); when the paragraph and its
  footnotes do not both fit, it says it is too tall, so the frame asks it to split.
- Splitting (`split`), it keeps as many lines as fit with the footnotes those lines call (a
  footnote goes with the line that holds its mark, found by the mark's link in the fragments).
- Drawn, it hands its footnotes to the zone, which raises the bottom of the page's frame by
  their height: the text that follows stops above them. At the end of the page the template
  has the zone draw them, from the bottom of the frame upwards, under a thin rule.

So a footnote prints on the page of its mark, and the text never runs into it: the frame
gives up exactly the height the footnotes take. A footnote too long for the room left, or a
paragraph whose footnotes could not fit on an empty page, continues at the foot of the next
page (at most `CONTINUED_SHARE` of it, so the text goes on too); `FootnoteFlush`, at the end of
a record's full text, gives the continuations of the last page pages of their own. Nothing is
cut. A footnote cited again later prints once, at its first mark; every mark links to it.

Footnotes are told apart by the record's eid (`footnote_1`, `draft_resolution_1__footnote_1`),
so a report's footnote 1 and its draft resolution's footnote 1 are two footnotes.
"""

from __future__ import annotations

from dataclasses import field

from reportlab.platypus.flowables import Flowable, PageBreak

from briefing.datatypes import dataclass
from briefing.domain import Footnote, Record
from briefing.domain.model import SpanStyle
from briefing.export import styles as st
from briefing.export.pdf_flowables import Para

# The most of a page the footnotes continued from the page before may take.
CONTINUED_SHARE = 0.5
# Space between the text and the rule, and between the rule and the first footnote.
RULE_ABOVE = 5.0
RULE_BELOW = 5.0
RULE_WIDTH = 0.3  # of the frame's width
_BIG = 1e9


@dataclass
class FootNote:
    """One footnote as the foot of a page prints it: its link target and its flowables (the
    footnote's text, and a delegate's position on it when one is printed)."""

    key: str
    flowables: list[Flowable] = field(default_factory=list)


def marks_of(record: Record, eid: str, spans) -> dict[str, Footnote]:
    """The footnotes the footnote marks of a place name, by marker: the footnote that says it
    is cited here, else the one of the same part (a part that numbers its footnotes afresh),
    else the first of that marker."""
    # In the order the marks stand: the foot of the page lists them so.
    markers = list(
        dict.fromkeys(s.marker for s in spans if s.style == SpanStyle.FOOTNOTE and s.marker)
    )
    if not markers:
        return {}
    part = eid.split("__")[0]
    out: dict[str, Footnote] = {}
    for marker in markers:
        same = [f for f in record.footnotes if f.marker == marker]
        chosen = (
            next((f for f in same if eid in f.cited_in), None)
            or next((f for f in same if f.part == part), None)
            or next(iter(same), None)
        )
        if chosen is not None:
            out[marker] = chosen
    return out


def _links(frags) -> set[str]:
    """The link targets ("#name" without the hash) the fragments carry."""
    out: set[str] = set()
    pieces = []
    for frag in frags or ():
        if isinstance(frag, list):  # a split's "word": [width, (fragment, text), ...]
            pieces += [item[0] for item in frag[1:] if isinstance(item, tuple) and item]
        else:
            pieces.append(frag)
    for frag in pieces:
        for link in getattr(frag, "link", None) or ():
            target = link[1] if isinstance(link, tuple) else link
            if isinstance(target, str) and target.startswith("#"):
                out.add(target[1:])
    return out


class FootnoteZone:
    """The footnotes of the page being laid out, and the room they take from its frame."""

    def __init__(self, frame_ids: tuple[str, ...] = ("body",)) -> None:
        self.frame_ids = frame_ids
        self.frame = None
        self.printed: set[str] = set()  # footnotes placed on some page (drawn or about to be)
        self.pending: list[Flowable] = []  # continued on the next page
        self._placed: list[tuple[Flowable, float, float]] = []  # (flowable, height, step)
        self._geometry: dict[int, tuple[float, float]] = {}
        self._reserved = 0.0
        self.flushed = False  # this page's top-of-page flush is in
        self.base = 0.0
        self.full_height = 0.0
        self.width = 0.0
        self.left = 0.0

    def reset(self) -> None:
        """Before a build: nothing printed, nothing pending."""
        self.printed.clear()
        self.pending.clear()
        self._placed.clear()
        self.frame = None

    # -- the frame ------------------------------------------------------------------------------

    def begin_frame(self, frame) -> None:
        """A new frame: its full height back, then the footnotes continued from the last page."""
        self._placed = []
        self._reserved = 0.0
        self.flushed = False
        if getattr(frame, "id", None) not in self.frame_ids:
            self.frame = None
            return
        saved = self._geometry.setdefault(id(frame), (frame._y1, frame._height))
        if (frame._y1, frame._height) != saved:
            frame.y1, frame.height = saved
        self.frame = frame
        self.base = frame._y1p
        self.full_height = frame._aH
        self.width = frame._aW
        self.left = frame._x1 + frame._leftPadding
        if self.pending:
            carried, self.pending = self.pending, []
            self._fill(carried, frame._aH * CONTINUED_SHARE, force=True)

    def fresh(self, frame, height: float) -> bool:
        """Whether a flowable offered `height` stands at the top of a page that continued
        footnotes have left at least half of: nothing else could go before it."""
        return bool(
            frame is not None
            and getattr(frame, "_atTop", 0)
            and height >= self.full_height * (1 - CONTINUED_SHARE) - 1
        )

    def _reserve(self) -> None:
        frame = self.frame
        y1, height = self._geometry[id(frame)]
        frame.y1, frame.height = y1 + self._reserved, height - self._reserved

    # -- measuring ------------------------------------------------------------------------------

    def _measure(self, flowable: Flowable) -> tuple[float, float]:
        """(drawn height, step down to the next footnote) at the zone's width."""
        known = getattr(flowable, "_zone_measure", None)
        if known is None or known[0] != self.width:
            _w, height = flowable.wrap(self.width, _BIG)
            known = flowable._zone_measure = (self.width, height, height + flowable.getSpaceAfter())
        return known[1], known[2]

    def _new(self, notes: list[FootNote]) -> list[FootNote]:
        return [n for n in notes if n.key not in self.printed]

    def cost(self, notes: list[FootNote]) -> float:
        """What these footnotes would take from the foot of the page; 0 when all are printed."""
        fresh = self._new(notes)
        if not fresh:
            return 0.0
        if self.frame is None or self.pending:
            return _BIG  # no foot here, or it is full: the paragraph goes to the next page
        total = sum(self._measure(f)[1] for note in fresh for f in note.flowables)
        return total + (0.0 if self._placed else RULE_ABOVE + RULE_BELOW)

    # -- placing --------------------------------------------------------------------------------

    def place(self, notes: list[FootNote], room: float) -> None:
        """Put the footnotes not yet printed at the foot of this page, as far as `room` (the
        height between the text just drawn and the footnotes already there) goes; the rest
        continues on the next page."""
        fresh = self._new(notes)
        if not fresh:
            return
        for note in fresh:
            self.printed.add(note.key)
        flowables = [f for note in fresh for f in note.flowables]
        if self.frame is None or self.pending:
            self.pending += flowables
            return
        self._fill(flowables, room)

    def _fill(self, flowables: list[Flowable], room: float, *, force: bool = False) -> None:
        """Place flowables while they fit in `room`, splitting the one that does not; what is
        left is pending. With `force` (an empty page), the first gets in even when it cannot
        split, so every page takes some and none is lost."""
        for i, flowable in enumerate(flowables):
            rule = 0.0 if self._placed else RULE_ABOVE + RULE_BELOW
            height, step = self._measure(flowable)
            if rule + height <= room + 1e-6:
                self._add(flowable, height, step + rule)
                room -= step + rule
                continue
            pieces = flowable.split(self.width, room - rule) if room - rule > 0 else []
            if len(pieces) >= 2:
                head = pieces[0]
                head._zone_measure = None
                h, s = self._measure(head)
                self._add(head, h, s + rule)
                self.pending += list(pieces[1:]) + flowables[i + 1 :]
            elif force and not self._placed and len(pieces) <= 1:
                # Nothing fits and nothing splits (a box smaller than a line): placed whole
                # rather than lost; the frame keeps the room it takes.
                self._add(flowable, height, step + rule)
                self.pending += flowables[i + 1 :]
            else:
                self.pending += flowables[i:]
            break
        self._reserve()

    def _add(self, flowable: Flowable, height: float, step: float) -> None:
        self._placed.append((flowable, height, step))
        self._reserved += step

    # -- drawing --------------------------------------------------------------------------------

    def draw(self, canv) -> None:
        """Draw this page's footnotes at the foot of the frame, under a thin rule."""
        if not self._placed:
            return
        total = self._reserved - RULE_ABOVE - RULE_BELOW
        y = self.base + total
        canv.saveState()
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.5)
        canv.line(self.left, y + RULE_BELOW, self.left + self.width * RULE_WIDTH, y + RULE_BELOW)
        canv.restoreState()
        for flowable, height, step in self._placed:
            first = flowable is self._placed[0][0]
            if first:
                step -= RULE_ABOVE + RULE_BELOW
            flowable.wrap(self.width, _BIG)  # a split tried and given up drops the lines
            flowable.drawOn(canv, self.left, y - height)
            y -= step
        self._placed = []


def _zone(flowable: Flowable) -> FootnoteZone | None:
    doc = getattr(getattr(flowable, "canv", None), "_doctemplate", None)
    return getattr(doc, "footnotes", None)


class FootnotedPara(Para):
    """A paragraph whose footnotes print at the foot of the page that holds their marks."""

    notes: list[FootNote] = []  # noqa: RUF012 - replaced per instance
    _overflow = False  # placed on an empty page with more footnotes than the page holds

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        width, height = super().wrap(availWidth, availHeight)
        zone = _zone(self)
        if zone is None or self._overflow:
            return width, height
        need = zone.cost(self.notes)
        if need and height + need > availHeight + 1e-6:
            return width, height + need  # too tall with its footnotes: the frame splits it
        return width, height

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        zone = _zone(self)
        if zone is None or not self.notes:
            return self._pieces(super().split(availWidth, availHeight))
        best = self._split_with_notes(zone, availWidth, availHeight)
        if best:
            return best
        if zone.fresh(getattr(self, "_frame", None), availHeight):
            # An empty page cannot hold the paragraph's first lines and their footnotes: as
            # much text as half the page, its footnotes after it, continued on the next page.
            pieces = Para.split(
                self, availWidth, max(availHeight * 0.5, availHeight - zone.cost(self.notes))
            )
            pieces = self._pieces(pieces) if pieces else [self]
            pieces[0]._overflow = True
            return pieces
        return []

    def _split_with_notes(self, zone: FootnoteZone, width: float, height: float) -> list:
        """The split that keeps the most lines on this page with the footnotes those lines
        call; [] when not even the first lines fit with theirs."""
        self.wrap(width, height)
        lines = self.blPara.lines
        leading = self.style.leading
        if self.blPara.kind != 1 or getattr(self.style, "autoLeading", "") in ("max", "min"):
            # Lines without fragments hold no mark; a varying leading: try with every note.
            budget = height - zone.cost(self.notes)
            return self._pieces(Para.split(self, width, budget)) if budget > 0 else []
        keys = {n.key for n in self.notes}
        seen: set[str] = set()
        chosen: list[FootNote] = []
        best = 0
        for count, line in enumerate(lines, 1):
            for key in _links(line.words) & keys - seen:
                seen.add(key)
                chosen += [n for n in self.notes if n.key == key]
            if count * leading + zone.cost(chosen) > height + 1e-6:
                break
            best = count
        if best == 0:
            return []
        if best == len(lines):
            return [self]
        pieces = Para.split(self, width, best * leading + 1e-3)
        if not pieces:
            return []
        pieces = self._pieces(pieces)
        head = pieces[0]
        if head is not self and head.height + zone.cost(head.notes) > height + 1e-6:
            return []
        return pieces

    def _pieces(self, pieces: list) -> list:
        """Each piece of a split with the footnotes whose marks it holds."""
        if len(pieces) < 2:
            return pieces
        remaining = list(self.notes)
        for piece in pieces:
            if not isinstance(piece, FootnotedPara):
                continue
            links = _links(piece.frags)
            piece.notes = [n for n in remaining if n.key in links]
            remaining = [n for n in remaining if n.key not in links]
        if remaining:  # a mark the fragments did not show: with the last piece
            last = pieces[-1]
            if isinstance(last, FootnotedPara):
                last.notes = last.notes + remaining
        return pieces

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's names
        super().drawOn(canvas, x, y, _sW)
        zone = getattr(getattr(canvas, "_doctemplate", None), "footnotes", None)
        if zone is not None and self.notes:
            room = y - zone.base - zone._reserved if zone.frame is not None else 0.0
            zone.place(self.notes, room)


class FootnoteFlush(Flowable):
    """Footnotes still continued take the room left on this page (the flush itself takes no
    height: the zone raises the frame's bottom). At the end of a record's full text (`final`)
    a flush that leaves some is followed by a page break and another, so they end before the
    next record begins; at the top of a page the template puts one before the story's next
    flowable when the page's share did not hold them (a page of footnotes)."""

    _ZEROSIZE = True

    def __init__(self, final: bool = True) -> None:
        super().__init__()
        self.final = final

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's names
        zone = getattr(getattr(canvas, "_doctemplate", None), "footnotes", None)
        if zone is None or not zone.pending or zone.frame is None:
            return
        room = y - zone.base - zone._reserved
        if room > 0:
            carried, zone.pending = zone.pending, []
            zone._fill(carried, room)

    def draw(self) -> None:
        pass


def handle_with_footnotes(zone: FootnoteZone, frame, flowables: list, handle) -> None:
    """The template's `handle_flowable` (`handle`), with the pages continued footnotes need.

    A page that begins with more continued footnotes than its share is a page of footnotes: a
    `FootnoteFlush` first gives them the rest of it. A flowable reportlab moved on once
    ("postponed") may move again while footnotes take pages: that is no flowable too large for
    a page. A final flush that leaves footnotes continued is followed by a page break and
    another flush.
    """
    if not flowables:
        return
    first = flowables[0]
    if (
        zone.pending
        and zone.frame is not None
        and zone.frame is frame
        and frame._atTop
        and not zone.flushed
        and not isinstance(first, FootnoteFlush)
    ):
        zone.flushed = True  # once a page: the flush takes no height, the frame stays at top
        first = FootnoteFlush(final=False)
        flowables.insert(0, first)
    if getattr(first, "_postponed", None) and (zone.pending or zone._reserved > 0):
        del first._postponed
    handle(flowables)
    if (
        isinstance(first, FootnoteFlush)
        and (first.final or not flowables)
        and zone.pending
        and not (flowables and flowables[0] is first)
    ):
        flowables[0:0] = [PageBreak(), FootnoteFlush()]

"""pdftotext output -> logical units of text and footnotes, without page furniture.

pdftotext (without -layout) gives a form feed at each page break, the running header and footer
of each page (symbol, short title, job number, barcode, page number, "Please recycle") among the
text, lines wrapped where the PDF wrapped them, and each page's footnotes after a `____` rule
with their markers on lines of their own, not always in order. This module removes the
furniture, takes the footnotes out of the flow, turns inline footnote references into mark
sentinels, and joins the wrapped lines back into units (a paragraph, a point, a heading line).

Where a wrapped line ends its paragraph is inferred from the width of the page's lines: a line
ends a paragraph when the first word of the next line would have fitted on it (so the PDF would
not have wrapped there) and it ends in punctuation, or when it is far shorter than a full line
(a heading); never when the next line starts in lower case.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import field

from briefing.datatypes import dataclass
from briefing.importer import languages
from briefing.importer.inline import LEADER, TABLE_MARK, footnote_mark, strip_marks
from briefing.importer.kinds import alternatives, formula_pattern

# "13-24352 (E) 260213 270213"; Geneva and Vienna prefix theirs: "GE.13-14567 (E)", "V.13-80012".
JOB_NUMBER = re.compile(r"^(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})*$")
# A two-column page's footer gives the job number and the page number as one line:
# "14-266143/12" (job 14-26614, page 3/12), "12-384253" (job 12-38425, page 3).
JOB_AND_PAGE = re.compile(r"^(?:[A-Z]{1,2}\.)?\d{2}-\d{5}\d{1,3}(?:/\d{1,3})?$")
DATE_STAMP = re.compile(r"^\d{6}(?:\s+\d{6})*$")
# The meeting's date printed between the columns of a meeting record: "15/03/2014".
NUMERIC_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
# A masthead line with a dot leader and nothing after it: "Argentina . . . . . ." (the members
# of a meeting, or its President). Kept, without the dots, as a unit of its own ending in LEADER.
LEADER_LINE = re.compile(r"^(\S.*?)\s*\.(?:(?:\s*\.){3,}|(?:\s+\.)+)\s*$")

BARCODE = re.compile(r"^\*\d{6,}\*$")
PAGE_OF = re.compile(r"^(?:\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-)$")
BARE_NUMBER = re.compile(r"^\d{1,3}$")
RECYCLE = re.compile(r"^\W{0,3}\s*Please recycle\s*\W{0,3}$", re.IGNORECASE)
RULE = re.compile(r"^_{5,}$")
# A table of contents: "Introduction . . . . . . . 3", and its "Contents" / "Page" heads.
TOC_ENTRY = re.compile(r"\.(?:\s*\.){4,}\s*\d+\s*$|^(?:Contents|Page)$")
SYMBOL = re.compile(
    r"^[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){1,6}(?: \(\d{4}\))?"
    r"(?:\s*[–—-]\s*[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){1,6})?"
    r"(?:\s*\*+)?$"
)

MARKER_ALONE = re.compile(r"^(\d{1,3}|[a-z]|\*{1,3}|[†‡])$")
STAR_DEF = re.compile(r"^(\*{1,3}|[†‡])\s+(\S.*)$")
NUMBER_DEF = re.compile(r"^(\d{1,3})\s+([A-Z“\"‘'(].*)$")

NUM_ALONE = re.compile(r"^(\d{1,3})\.$")
# "12. The Assembly ..."; Arabic documents print "12 - ..." (a dash after the number).
NUM_INLINE = re.compile(r"^(\d{1,3})(?:\.|\s+-(?=\s+\D))\s+(\S.*)$")
# A point's label; in a statement printed in quotation marks each point opens one: "“(a) The".
LABEL = re.compile(r"^[“\"]?\(([a-z]{1,2}|[ivxlc]{1,6})\)(?:\s+(\S.*))?$")
SECTION_HEAD = re.compile(r"^[IVXLC]{1,6}\.\s+[A-Z]")
# A subsection's letter printed on a line of its own above its heading: "A." / "Political ...".
LETTER_ALONE = re.compile(r"^(?:[A-Z]|[IVXLC]{1,6})\.$")
# "Annex", "Annex II", "Annex to the letter dated ...", "Anexo de la carta ...", "Enclosure".
ANNEX_LINE = re.compile(
    rf"^(?:{alternatives(languages.annex_words())})(?:\s+(?:[IVXLC]{{1,5}}|\d{{1,2}}|[A-Z]))?"
    rf"(?:\s+(?:{alternatives(languages.annex_links())})\s.*)?$"
)
SIGNED_LINE = re.compile(rf"^(?:{alternatives(languages.signed_lines())})")
# Lines that always begin a unit: signatures, bracketed notes ("[Original: French]", "[on the
# report of ...]"), a resolution's numbered title, the "61st plenary meeting" closing line.
ALWAYS_STARTS = re.compile(
    rf"^(?:{alternatives(languages.signed_lines())}|\[|(?:[A-Z]{{1,3}}-\d+|\d+)/\d+\.\s|"
    r"\d+(?:st|nd|rd|th) plenary meeting$|Resolution adopted by\b)"
)
# How a resolution's preambular paragraph begins: a participle or an adjective of attitude.
PREAMBLE_OPENER = re.compile(
    r"^(?:[A-Z][a-z]+(?<!jing)ing|Deeply|Gravely|Seriously|Concerned|Convinced|Aware|Mindful|"
    r"Conscious|Determined|Alarmed|Desirous|Guided|Cognizant|Encouraged|Pleased|Appreciative)\b"
)

# Full-width (Chinese) and Arabic stops, commas and colons end a sentence as ". , ;" do.
SENTENCE_END = re.compile(r"[.;:,!?。；：，！？،؛؟](?:[”’\"')\]）」』]*)$")

# Words after which a number is a reference to something (paragraph 1, on 3 May), not a mark.
_NOT_BEFORE_MARK = frozenset(
    [
        "on",
        "from",
        "to",
        "and",
        "or",
        "of",
        "by",
        "at",
        "in",
        "as",
        "para",
        "paras",
        "paragraph",
        "paragraphs",
        "rule",
        "rules",
        "article",
        "articles",
        "art",
        "item",
        "items",
        "sub-item",
        "chapter",
        "chapters",
        "chap",
        "no",
        "nos",
        "vol",
        "vols",
        "resolution",
        "resolutions",
        "decision",
        "decisions",
        "section",
        "sections",
        "sect",
        "annex",
        "annexes",
        "page",
        "pages",
        "p",
        "pp",
        "table",
        "tables",
        "figure",
        "fig",
        "goal",
        "goals",
        "target",
        "targets",
        "principle",
        "principles",
        "protocol",
        "phase",
        "round",
        "level",
        "line",
        "column",
        "option",
        "recommendation",
        "recommendations",
        "part",
        "step",
        "stage",
        "category",
        "year",
        "years",
        "day",
        "days",
        "meeting",
        "session",
        "than",
        "about",
        "some",
        "over",
        "under",
        "least",
        "most",
        "within",
        "between",
        "only",
        "all",
        "the",
        "a",
        "an",
        "with",
        "for",
        "per",
        "every",
        "each",
        "group",
        "groups",
        "class",
        "tier",
        "appendix",
        "schedule",
        "box",
        "chart",
        "list",
        "number",
        "numbers",
        "report",
        "reports",
        "volume",
        "volumes",
        "session,",
        "plenary",
        "amendment",
        "amendments",
    ]
)
# Every language's month names (a number before one is a date, not a footnote mark).
_MONTHS = frozenset(languages.month_numbers())


@dataclass
class FootnoteDef:
    key: str  # unique in the record: the marker, or "marker~n" for a second series
    marker: str
    lines: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    lines: list[str] = field(default_factory=list)
    number: str | None = None
    label: str | None = None

    def text(self) -> str:
        body = join_lines(self.lines)
        if self.label is not None:
            body = f"({self.label}) {body}".rstrip()
        if self.number is not None:
            body = f"{self.number}. {body}".rstrip()
        return body


# Han ideographs, kana and the full-width punctuation set among them.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines with a space; a line-final hyphen between letters joins without one
    and is kept (pdftotext has already removed soft hyphens, so what is left is printed)."""
    # Pieces joined once at the end, and only the end of the text so far looked at: a
    # paragraph of thousands of lines once took minutes (the whole text searched per line).
    pieces: list[str] = []
    tail = ""  # the last two characters of the text so far
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not pieces or re.fullmatch(r"[A-Za-z]-", tail) and line[:1].isalpha():
            pieces.append(line)
        elif _CJK.match(tail[-1]) and _CJK.match(line[0]):
            # Chinese and Japanese set no space between words: a wrapped line joins as is.
            pieces.append(line)
        else:
            pieces.append(" " + line)
        tail = (tail + line)[-2:]
    return "".join(pieces)


# A line that opens with U+2029 PARAGRAPH SEPARATOR begins a paragraph: a front end that knows
# (the PDF reader sees the first line's indent) says so; pdftotext never writes it. Inside, it
# rides as a private-use sentinel, since str.strip() would take U+2029 for a space.
PARAGRAPH_START = "\u2029"
_STARTS = "\ue002"
_PARAGRAPH_START_LINE = re.compile(r"(^|\n)[ \t]*\u2029", re.MULTILINE)


# A footnote mark a front end knows for one (the PDF reader sees it raised) is written after
# U+2060 WORD JOINER: "1997\u20602" is mark 2 after a year, which no guess from plain text
# could tell from a number. A figure so written with no footnote of that marker on its page
# stays a figure.
RAISED_MARK = "\u2060"
_RAISED = re.compile(RAISED_MARK + r"(\d{1,3}|\*{1,3}|[†‡])")


def segment(
    text: str,
    starts_unit: Callable[[list[str], int], bool] | None = None,
    *,
    lists: bool = True,
) -> tuple[list[str], list[FootnoteDef]]:
    """Units of text (with footnote sentinels) and the footnotes, in reading order.

    `starts_unit(lines, i)` may say that line i begins a unit of its own (a speaker's label in
    a meeting record), whatever the widths of the lines say. Without `lists` (a meeting
    record, whose statements are not numbered), a line "129." or "(b)" is text like any other.
    """
    text = _PARAGRAPH_START_LINE.sub(lambda m: m.group(1) + _STARTS, text)
    if "\f" not in text:
        text = _virtual_page_breaks(text)
    pages = [page.split("\n") for page in text.split("\f")]
    pages = [[line.strip() for line in page] for page in pages]
    pages = [_without_contents(page) for page in pages]
    pages = [[_leader(line) for line in page if not _is_furniture(line)] for page in pages]
    symbol = _symbol(pages[0]) if pages else None
    if symbol:
        # Past the first page the symbol is a running head wherever it stands: a two-column
        # page prints it between the columns.
        bare = symbol.replace(" ", "")
        pages = pages[:1] + [
            [x for x in page if x.rstrip("* ").replace(" ", "") != bare] for page in pages[1:]
        ]

    headers = _running_headers(pages)
    first_page_text = " ".join(" ".join(pages[0]).split()) if pages else ""

    flow: list[str] = []
    footnotes: list[FootnoteDef] = []
    used_markers: Counter[str] = Counter()
    for index, page in enumerate(pages):
        body, zone = _split_footnote_zone(page)
        if index > 0:
            body = _strip_page_header(body, headers, symbol, first_page_text)
        body = _strip_page_number(body)
        if index > 0:
            # A page's own number standing alone between the columns of a two-column page
            # (never in the footnotes, whose markers stand alone too).
            body = [x for x in body if x != str(index + 1)]
        # A running header can land among the notes when the page break was lost.
        zone = [
            line
            for line in zone
            if line not in headers
            and not (symbol and SYMBOL.match(line) and line.rstrip("* ") in symbol)
        ]
        page_notes = _parse_footnote_zone(zone, footnotes)
        keys: dict[str, str] = {}
        for note in page_notes:
            used_markers[note.marker] += 1
            count = used_markers[note.marker]
            note.key = note.marker if count == 1 else f"{note.marker}~{count}"
            keys[note.marker] = note.key
            footnotes.append(note)
        flow.extend(_mark_references([line for line in body if line], keys))
    restore = _hyphen_restorer(flow + [line for note in footnotes for line in note.lines])
    flow = restore(flow)
    for note in footnotes:
        note.lines = restore(note.lines)
    units = _units(flow, starts_unit, lists=lists)
    return units, footnotes


def peek_symbol(text: str) -> str | None:
    """The document symbol at the head of a pdftotext text, before any segmenting."""
    head = text.split("\f", 1)[0].split("\n")[:40]
    return _symbol([line.strip() for line in head])


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    "one|two|three|four|five|six|seven|eight|nine"
)
_NUMBER_WORD = re.compile(rf"\b({_TENS})({_UNITS})\b", re.IGNORECASE)


def _hyphen_restorer(all_lines: list[str]) -> Callable[[list[str]], list[str]]:
    """Put back the hyphens pdftotext took out of words it joined across a line end.

    Only where it is safe: the document itself spells the same word with a hyphen elsewhere
    ("High-level" ... "Highlevel") and never without one, or it is a compound number word
    ("sixtyeighth" -> "sixty-eighth").
    """
    text = "\n".join(all_lines)
    hyphenated: dict[str, int] = {}
    for m in re.finditer(r"\b([A-Za-z]+)-([A-Za-z]+)\b", text):
        hyphenated.setdefault((m.group(1) + m.group(2)).lower(), len(m.group(1)))
    joined_counts: Counter[str] = Counter(w.lower() for w in re.findall(r"\b[A-Za-z]{5,}\b", text))

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        cut = hyphenated.get(word.lower())
        if cut is not None and joined_counts[word.lower()] == 1:
            return f"{word[:cut]}-{word[cut:]}"
        return _NUMBER_WORD.sub(lambda n: f"{n.group(1)}-{n.group(2)}", word)

    def restore(lines: list[str]) -> list[str]:
        return [re.sub(r"\b[A-Za-z]{5,}\b", fix, line) for line in lines]

    return restore


def _virtual_page_breaks(text: str) -> str:
    """Text that lost its form feeds: a page starts where the symbol is printed again, or,
    when the job number closes every page (a two-column meeting record prints the symbol
    between its columns), after each job number."""
    lines = text.split("\n")
    footers = [k for k, x in enumerate(lines) if JOB_AND_PAGE.match(x.strip())]
    if len(footers) >= 2:
        ends = {k for k, x in enumerate(lines) if JOB_NUMBER.match(x.strip())} | set(footers)
        # The first page closes with its barcode, which may follow the job number and a
        # notice; the job numbers before it are not page ends.
        barcode = next((k for k, x in enumerate(lines) if BARCODE.match(x.strip())), None)
        if barcode is not None:
            ends = {k for k in ends if k > barcode} | {barcode}
        return "\n".join(x + ("\f" if k in ends else "") for k, x in enumerate(lines))
    symbol = _symbol([x.strip() for x in lines])
    if not symbol:
        return text
    seen = False
    previous_was_symbol = False
    out = []
    for line in lines:
        stripped = line.strip().rstrip("* ")
        if not stripped:
            out.append(line)
            continue
        is_symbol = bool(SYMBOL.match(stripped)) and stripped in symbol
        if is_symbol and seen and not previous_was_symbol:
            line = "\f" + line
        seen = seen or is_symbol
        previous_was_symbol = is_symbol
        out.append(line)
    return "\n".join(out)


CONTENTS_HEAD = re.compile(r"^(?:Contents|Table of contents)$", re.IGNORECASE)
# What a table of contents is made of besides its entries: paragraph ranges ("5–110"), page
# numbers, the column heads, and the labels set on lines of their own ("A.", "II.").
TOC_PIECE = re.compile(
    r"^(?:\d{1,4}(?:\s*[–-]\s*\d{1,4})?|Paragraphs|Page|(?:[A-Z]|[IVXLC]{1,6})\.)$"
)


def _without_contents(page: list[str]) -> list[str]:
    """A page's table of contents, from its head to its last entry (a dot leader, a page
    number or a paragraph range on a line of its own), is no text of the document."""
    start = next((k for k, line in enumerate(page) if CONTENTS_HEAD.match(line)), None)
    if start is None:
        return page
    end = start
    for k in range(start + 1, len(page)):
        line = page[k]
        if LEADER_LINE.match(line) or TOC_ENTRY.search(line) or TOC_PIECE.match(line):
            end = k
    return page[:start] + page[end + 1 :]


def _leader(line: str) -> str:
    m = LEADER_LINE.match(line)
    return f"{m.group(1)}{LEADER}" if m else line


# A barcode or emblem set in a symbol font comes out as private-use glyphs only.
GLYPHS_ONLY = re.compile(r"^[\ue000-\uf8ff\s]+$")


def _is_furniture(line: str) -> bool:
    return bool(
        GLYPHS_ONLY.match(line)
        or JOB_NUMBER.match(line)
        or JOB_AND_PAGE.match(line)
        or NUMERIC_DATE.match(line)
        or DATE_STAMP.match(line)
        or BARCODE.match(line)
        or PAGE_OF.match(line)
        or RECYCLE.match(line)
        or TOC_ENTRY.search(line)
    )


def _symbol(lines: list[str]) -> str | None:
    for line in [x for x in lines if x][:12]:
        if SYMBOL.match(line):
            return line.rstrip("* ")
    return None


def _zones(lines: list[str]) -> list[str]:
    nonblank = [x for x in lines if x]
    return nonblank[:3] + nonblank[-3:]


def _running_headers(pages: list[list[str]]) -> set[str]:
    """Lines that stand at the top or bottom of two or more pages after the first."""
    seen: Counter[str] = Counter()
    for page in pages[1:]:
        body, _zone = _split_footnote_zone(page)
        for line in set(_zones(body)):
            if (
                len(line) <= 150
                and not NUM_ALONE.match(line)
                and not LABEL.match(line)
                and not LETTER_ALONE.match(line)
            ):
                seen[line] += 1
    return {line for line, count in seen.items() if count >= 2}


def _strip_page_header(
    lines: list[str], headers: set[str], symbol: str | None, first_page_text: str
) -> list[str]:
    nonblank = [i for i, x in enumerate(lines) if x]
    zone = set(nonblank[:3] + nonblank[-3:])
    out = []
    kept_top: list[int] = []
    # An annex's heading at the top of its page goes on over lines that may repeat the first
    # page's title ("Annex to the identical letters dated ... from the" / "Permanent
    # Representative of ..."): those are the heading, not a running head.
    in_heading = False
    for i, line in enumerate(lines):
        if ANNEX_LINE.match(line) or (in_heading and not SENTENCE_END.search(line)):
            in_heading = i in nonblank[:4] and not SENTENCE_END.search(line)
            if in_heading and line not in headers:
                out.append(line)
                continue
        if i in zone and (
            line in headers
            or (symbol and SYMBOL.match(line) and line.rstrip("* ") in symbol)
            or (
                i in nonblank[:3]
                # A running title stands above the text: only header lines come before it.
                and not any(j < i for j in kept_top)
                and len(line) >= 12
                and not SENTENCE_END.search(line)
                and not NUM_INLINE.match(line)
                # A heading at the top of a page may also stand in a table of contents on the
                # first page: numbered and lettered headings, annexes and the like stay.
                and not re.match(r"^(?:[IVXLC]{1,6}|[A-Z]|\d{1,2})\.\s", line)
                and not ANNEX_LINE.match(line)
                and not ALWAYS_STARTS.match(line)
                and " ".join(line.split()) in first_page_text
                and _is_title_like(line)
            )
        ):
            continue
        if i in nonblank[:3]:
            kept_top.append(i)
        out.append(line)
    return out


def _is_title_like(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'-]*", line)
    return bool(words) and words[0][0].isupper()


def _strip_page_number(lines: list[str]) -> list[str]:
    nonblank = [i for i, x in enumerate(lines) if x]
    zone = set(nonblank[:2] + nonblank[-2:])
    return [line for i, line in enumerate(lines) if not (i in zone and BARE_NUMBER.match(line))]


def _split_footnote_zone(lines: list[str]) -> tuple[list[str], list[str]]:
    for i, line in enumerate(lines):
        if RULE.match(line):
            return lines[:i], lines[i + 1 :]
    # No rule: an asterisk note at the foot of the page (the masthead's "* A/68/50.").
    nonblank = [i for i, x in enumerate(lines) if x]
    for i in nonblank[-4:]:
        if STAR_DEF.match(lines[i]):
            return lines[:i], lines[i:]
    return lines, []


def _marker_order(marker: str) -> tuple[int, int]:
    if marker.isdigit():
        return (1, int(marker))
    if marker.isalpha():
        return (2, ord(marker[0]))
    return (0, len(marker))


def _parse_footnote_zone(zone: list[str], earlier: list[FootnoteDef]) -> list[FootnoteDef]:
    """The footnotes of one page; markers pdftotext set apart from their text are paired back."""
    entries: list[tuple[str, str]] = []
    for line in (x for x in zone if x):
        if MARKER_ALONE.match(line):
            entries.append(("m", line))
        elif (
            (m := STAR_DEF.match(line))
            or (m := NUMBER_DEF.match(line))
            and m.group(2).split()[0].lower() not in _MONTHS
        ):
            entries.append(("m", m.group(1)))
            entries.append(("t", m.group(2)))
        else:
            entries.append(("t", line))
    # Anchored markers are followed by their text; the others float and are placed by order.
    groups: list[tuple[str | None, list[str]]] = []
    floating: list[str] = []
    current: tuple[str | None, list[str]] | None = None
    for i, (kind, value) in enumerate(entries):
        if kind == "m":
            followed_by_text = i + 1 < len(entries) and entries[i + 1][0] == "t"
            if followed_by_text:
                current = (value, [])
                groups.append(current)
            else:
                floating.append(value)
        else:
            if current is None:
                current = (None, [])
                groups.append(current)
            current[1].append(value)
    extra: dict[int, list[str]] = {i: [] for i in range(len(groups))}
    anchored = [(i, g[0]) for i, g in enumerate(groups) if g[0] is not None]
    for marker in sorted(floating, key=_marker_order):
        target = None
        for i, anchor in anchored:
            if _marker_order(anchor) < _marker_order(marker):
                target = i
        if target is None:
            target = (
                0 if groups and groups[0][0] is None else (anchored[0][0] if anchored else None)
            )
        if target is not None:
            extra[target].append(marker)
    notes: list[FootnoteDef] = []
    for i, (head, lines) in enumerate(groups):
        markers = ([head] if head is not None else []) + extra[i]
        if not markers:
            # Text with no marker at the top of the zone: a footnote continued from the page
            # before.
            if earlier:
                earlier[-1].lines.extend(lines)
            elif notes:
                notes[-1].lines.extend(lines)
            continue
        pieces = _split_pieces(lines, len(markers))
        for mk, piece in zip(markers, pieces, strict=False):
            notes.append(FootnoteDef(key=mk, marker=mk, lines=piece))
    notes.sort(key=lambda n: _marker_order(n.marker))
    return notes


def _split_pieces(lines: list[str], count: int) -> list[list[str]]:
    """Split a run of footnote lines into `count` footnotes at the likeliest boundaries."""
    if count <= 1 or len(lines) <= 1:
        return [lines]
    if len(lines) <= count:
        return [[line] for line in lines]
    candidates = []
    for i in range(len(lines) - 1):
        ends = bool(re.search(r"[.)\]]$", strip_marks(lines[i])))
        starts = bool(re.match(r"[A-Z“\"‘'(\d]", lines[i + 1]))
        candidates.append((0 if ends and starts else 1, len(lines[i]), i))
    cuts = sorted(i for _, _, i in sorted(candidates)[: count - 1])
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(lines[start : cut + 1])
        start = cut + 1
    pieces.append(lines[start:])
    return pieces


def _mark_references(lines: list[str], keys: dict[str, str]) -> list[str]:
    """Replace inline footnote references (a bare number after a word, `list*`) by sentinels."""
    if not keys:
        return [_RAISED.sub(lambda m: m.group(1), line) for line in lines]
    numeric = sorted((m for m in keys if m.isdigit()), key=int)
    uncited = list(numeric)
    cited: set[str] = set()

    def raised(m: re.Match[str]) -> str:
        marker = m.group(1)
        if marker not in keys:
            return marker
        cited.add(marker)
        if marker in uncited:
            uncited.remove(marker)
        return footnote_mark(keys[marker])

    out = []
    for line in lines:
        if line.startswith(TABLE_MARK):
            # A grid table's cells are figures and names, never a reference to a footnote.
            out.append(line)
            continue
        line = _RAISED.sub(raised, line)
        if any(not m.isdigit() for m in keys):
            for marker in (m for m in keys if not m.isdigit()):
                if marker.startswith("*") or marker in "†‡":
                    pattern = re.compile(rf"(?<=[\w.,;:)\]”’]){re.escape(marker)}(?=\s|$)")
                elif marker.isalpha() and len(marker) == 1:
                    # A letter mark: glued to punctuation ("processes,a"), or standing alone
                    # after a word when it cannot be a word itself (not "a", not "i").
                    alone = "" if marker in "aAiI" else rf"|(?<=[a-z]) {marker}(?=[\s,.;:]|$)"
                    pattern = re.compile(rf"(?<=[,.;:”’]){marker}(?=\s|$){alone}")
                else:
                    continue
                # A marker or key never holds a backslash: the sentinel is a plain replacement.
                line = pattern.sub(footnote_mark(keys[marker]), line)
        pieces: list[str] = []
        last = 0
        for m in re.finditer(
            r"(?<![\d/.\-\w])(\d{1,3})(?![\d/\-\w])|(?<=[,.;:)”’\"])(\d{1,3})(?![\d/\-\w.])", line
        ):
            num = m.group(1) or m.group(2)
            if num not in keys:
                continue
            start = m.start()
            if start == 0:
                continue
            glued = not line[start - 1].isspace()
            after = line[m.end() :]
            if after[:1] not in ("", " ", ",", ";", ":", ".", ")"):
                continue
            if after[:1] == "." and after[1:2] not in ("", " "):
                continue
            next_word = after.strip().split(" ")[0].strip(",;:.()").lower() if after.strip() else ""
            if next_word in _MONTHS or next_word in ("-", "–", "per", "percent", "%"):
                continue
            before = line[:start]
            if glued:
                word = before.split(" ")[-1]
                core = word.rstrip(',.;:)”’"')
                if len(core) < 3 or "/" in core or core[-1:].isdigit():
                    continue
                ok = True
            else:
                if not before.endswith(" ") or len(before) < 2:
                    continue
                prev_char = before[-2]
                after_year = bool(re.search(r"(?<![\d/.\-])\d{4} $", before))
                if prev_char.isdigit() and not (after_year and uncited and num == uncited[0]):
                    # "paragraphs 1 2" is rare; "of 1972 1" (a treaty's year, then its
                    # footnote) is common: only the next footnote due may follow a year.
                    continue
                word = before[:-1].split(" ")[-1]
                core = word.strip(',.;:()”’"“‘').lower()
                punct = prev_char in ',.;:)”’"'
                if not core or (not punct and (core in _NOT_BEFORE_MARK or core in _MONTHS)):
                    continue
                ok = (
                    (uncited and num == uncited[0])
                    or (punct and num in cited)
                    or (punct and num in uncited)
                )
            if not ok:
                continue
            cut = start - (0 if glued else 1)
            pieces.append(line[last:cut])
            pieces.append(footnote_mark(keys[num]))
            last = m.end()
            cited.add(num)
            if num in uncited:
                uncited.remove(num)
        pieces.append(line[last:])
        out.append("".join(pieces))
    return out


def _starts_lower(line: str) -> bool:
    stripped = line.lstrip("“\"‘'(")
    return bool(stripped) and stripped[0].islower()


def _display_len(text: str) -> int:
    """A line's width in columns: a Han character or kana is set twice as wide as a letter."""
    return len(text) + len(_CJK.findall(text))


def _width(lines: list[str]) -> int:
    lengths = sorted(_display_len(strip_marks(x)) for x in lines if _display_len(x) >= 40)
    if len(lengths) < 5:
        return 80
    return lengths[int(0.9 * (len(lengths) - 1))]


def ends_paragraph(
    prev: str, nxt: str, width: int, *, first_line: bool, after: str | None = None
) -> bool:
    """Whether a wrapped `prev` line ends its paragraph, given the line after it.

    The PDF wrapped `prev` only if the next word did not fit on it; so if that word would have
    fitted with room to spare, the paragraph ended there. A first line is indented and so looks
    shorter than it is: it needs more room to spare, and more again without end punctuation.
    """
    plain = strip_marks(prev).rstrip()
    if not plain:
        return True
    if _starts_lower(nxt):
        return False
    punct = bool(SENTENCE_END.search(plain))
    # A comma inside closing quotation marks ends a preambular paragraph too: "... Report,”".
    bare = plain.rstrip("”’\"')")
    if punct and bare.endswith((",", ";")) and PREAMBLE_OPENER.match(strip_marks(nxt)):
        return True
    if bare.endswith(",") and _opens_operative(strip_marks(nxt)):
        # The last preambular paragraph's comma, then the operative part: "Decides to ...".
        return True
    words = strip_marks(nxt).split(" ")
    # Chinese breaks a line between any two characters: its first "word" is one character.
    first_word = nxt.lstrip()[:1] if _CJK.match(nxt.lstrip()[:1] or " ") else words[0]
    next_plain = strip_marks(nxt).rstrip()
    if (
        punct
        and after is not None
        and _display_len(next_plain) < 0.6 * width
        and not SENTENCE_END.search(next_plain)
        and not _starts_lower(after)
    ):
        # The next line stands alone, short and unpunctuated between two others: a heading
        # (the title of an embedded draft resolution), not the end of this paragraph.
        return True
    if len(words) > 1 and (
        words[1].rstrip(",.;:").lower() in _MONTHS or first_word in ("No.", "para.", "Mr.", "Ms.")
    ):
        # "19 December", "No. 5": printed with a no-break space, so wrapped as one word.
        first_word = f"{words[0]} {words[1]}"
    slack = width - _display_len(plain)
    if punct:
        # After a full stop the PDF wraps only what does not fit; after a comma, lists of
        # names run on with ragged lines, so ask for more room.
        comma = plain.rstrip("”’\"')]").endswith(",")
        margin = 0.15 * width if first_line else (0.06 * width if comma else 1)
    else:
        if _display_len(plain) < 0.6 * width:
            return True
        margin = (0.25 if first_line else 0.15) * width
    return slack >= _display_len(first_word) + 1 + margin


def _opens_operative(line: str) -> bool:
    from briefing.importer.kinds import document_kinds

    verbs = document_kinds().get("operative_openers", [])
    return any(line.startswith(f"{verb} ") for verb in verbs)


def _heading_goes_on(lines: list[str]) -> bool:
    """An annex's heading that stops on a word no heading ends with ("... 2016 from the"), or
    that names a letter not yet said to be addressed to anyone ("Annex to the letter dated
    ... from the Permanent" / "Representative of ... addressed to ...")."""
    from briefing.importer.kinds import continuation_words, kind_entry, kind_from_lines

    heading = " ".join(strip_marks(x).strip() for x in lines)
    words = heading.split()
    if not words or SENTENCE_END.search(heading):
        return False
    if words[-1].lower() in continuation_words():
        return True
    m = re.match(r"^\S+\s+(?:to|of)\s+(?:the\s+)?(.*)$", heading)
    required = kind_entry(kind_from_lines([m.group(1)])).get("title_until", []) if m else []
    return bool(required) and not any(w in heading for w in required)


def _opens_quote(line: str) -> bool:
    return strip_marks(line).startswith(("“", '"'))


def _quoted_paragraphs(lines: list[str]) -> bool:
    """Whether the text is a statement printed in quotation marks, each of its paragraphs (and
    points) opening with one: many lines after a full stop open a quotation."""
    opening = sum(
        1
        for prev, line in zip(lines, lines[1:], strict=False)
        if _opens_quote(line) and re.search(r"[.:]$", strip_marks(prev).rstrip())
    )
    return opening >= 8


def _is_heading_unit(unit: _Unit) -> bool:
    first = strip_marks(unit.lines[0])
    last = strip_marks(unit.lines[-1]).rstrip()
    return bool(
        SIGNED_LINE.match(first)
        or ANNEX_LINE.match(first)
        or (first.startswith("[") and last.endswith("]"))
    )


def _units(
    lines: list[str],
    starts_unit: Callable[[list[str], int], bool] | None = None,
    *,
    lists: bool = True,
) -> list[str]:
    starts = {i for i, line in enumerate(lines) if line.startswith(_STARTS)}
    lines = [line.removeprefix(_STARTS) for line in lines]
    width = _width([x for x in lines if LEADER not in x])
    quoted = _quoted_paragraphs(lines)
    units: list[_Unit] = []
    cur: _Unit | None = None
    last_number = 0

    def new(**kwargs: object) -> _Unit:
        unit = _Unit(**kwargs)  # type: ignore[arg-type]
        units.append(unit)
        return unit

    i = 0
    while i < len(lines):
        line = lines[i]
        plain = strip_marks(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if lists and (m := NUM_ALONE.match(plain)):
            number = m.group(1)
            if nxt and _starts_lower(nxt) and cur is not None and cur.lines:
                # Displaced: the number belongs to the paragraph begun on the line before it.
                if len(cur.lines) == 1 and cur.number is None and cur.label is None:
                    cur.number = number
                elif len(cur.lines) > 1:
                    moved = cur.lines.pop()
                    cur = new(number=number, lines=[moved])
                else:
                    cur = new(number=number)
            else:
                cur = new(number=number)
            last_number = int(number)
            i += 1
            continue
        if (
            lists
            and (m := NUM_INLINE.match(plain))
            and (
                int(m.group(1)) in (last_number + 1, 1)
                or cur is None
                or not cur.lines
                or SENTENCE_END.search(strip_marks(cur.lines[-1]))
            )
            and not SECTION_HEAD.match(plain)
        ):
            after = re.match(r"\s*\d{1,3}(?:\.|\s+-)", line)
            cur = new(number=m.group(1), lines=[line[after.end() if after else 0 :].strip()])
            last_number = int(m.group(1))
            i += 1
            continue
        in_list = bool(
            cur is not None
            and cur.lines
            and re.search(r"(?:[:;]|\band|\bor)$", strip_marks(cur.lines[-1]).rstrip())
        )
        if (
            lists
            and (m := LABEL.match(plain))
            and (
                in_list
                or (m.group(2) and not _starts_lower(m.group(2)))
                or (not m.group(2) and not _starts_lower(nxt))
            )
        ):
            rest = line[line.index(")") + 1 :].strip()
            cur = new(label=m.group(1), lines=[rest] if rest else [])
            i += 1
            continue
        if (
            SECTION_HEAD.match(plain)
            or ALWAYS_STARTS.match(plain)
            or ANNEX_LINE.match(plain)
            or LEADER in line
            or (cur is not None and cur.lines and LEADER in cur.lines[-1])
            # A grid table is a unit of its own (briefing/importer/columns.py).
            or line.startswith(TABLE_MARK)
            or (cur is not None and cur.lines and cur.lines[-1].startswith(TABLE_MARK))
            # A resolution's formula stands on a line of its own: "The General Assembly,".
            or formula_pattern().match(plain.strip())
            or (starts_unit is not None and starts_unit(lines, i))
        ):
            cur = new(lines=[line])
            i += 1
            continue
        if cur is None or not cur.lines:
            if cur is None:
                cur = new()
            cur.lines.append(line)
        elif i in starts:
            # The PDF reader saw this line's indent: a paragraph begins here.
            cur = new(lines=[line])
        elif quoted and _opens_quote(line) and SENTENCE_END.search(strip_marks(cur.lines[-1])):
            # A statement printed in quotation marks opens each paragraph with one.
            cur = new(lines=[line])
        elif (
            quoted
            and (_opens_quote(cur.lines[0]) or cur.label is not None)
            and not _opens_quote(line)
        ):
            # ... so a line without one goes on with the quoted paragraph, however short the
            # line before it.
            cur.lines.append(line)
        elif _is_heading_unit(cur) and _heading_goes_on(cur.lines):
            cur.lines.append(line)
        elif ends_paragraph(
            cur.lines[-1], line, width, first_line=len(cur.lines) == 1, after=nxt or None
        ) or (_is_heading_unit(cur) and not _starts_lower(line)):
            cur = new(lines=[line])
        else:
            cur.lines.append(line)
        i += 1
    return [u.text() for u in units if u.lines or u.number or u.label]

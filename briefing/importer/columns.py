"""Text laid out in columns -> the reading order the rest of the text path expects.

Two things a plain text can hold that a stream of lines cannot say:

- **Grid tables** (a matrix of commitments, a list of office-holders): columns set apart by
  runs of spaces, as `pdftotext -layout` or a typed text prints them, or drawn with pipes and
  box-drawing characters. Each becomes one line, `TABLE_MARK` then the table's cells between
  sentinels (`encode_table`), which the segmenter keeps whole and the structure parser turns
  into a `Paragraph(role="table")`. A row wrapped over two lines is one row: a line whose first
  cell is empty goes on with the row above it.
- **`pdftotext -layout` pages** of a two-column verbatim record, both columns side by side on
  each line: the gutter is a column of spaces at a stable position over the page's lines; the
  page is rewritten as its full-width head, its left column, its right column and its foot, the
  order pdftotext's default mode gives and the rest of the importer reads. Masthead blocks set
  side by side ("United Nations      S/PV.8698") are read column by column the same way.

Nothing here names a document: the rules are about positions of characters only.
"""

from __future__ import annotations

import re
from collections import Counter

from briefing.datatypes import dataclass
from briefing.domain.model import Table
from briefing.importer import kinds, languages
from briefing.importer.inline import TABLE_CELL as _CELL
from briefing.importer.inline import TABLE_MARK
from briefing.importer.inline import TABLE_ROW as _ROW
from briefing.importer.layout import PARAGRAPH_START, SYMBOL

# Two or more spaces between two printed characters: where one cell ends and the next begins.
_GAP = re.compile(r"\S {2,}\S")
_VERTICAL = "|│┃║"
# A rule of a grid: a border or a separator between rows, drawn with dashes or box corners.
_RULE = re.compile(r"^[\s+\-=_─━═┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╞╡╪|│┃║:]+$")
_RULE_STROKES = re.compile(r"[-=_─━═]{3,}")
_DOT_LEADER = re.compile(r"\.(?:\s*\.){3,}")
_SPACES = re.compile(r" {2,}")
# A heading's or paragraph's label set apart from its text: "II.", "A.", "12.", "(b)".
_LABEL = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z]|\d{1,3})\.$|^\((?:[a-z]{1,2}|[ivxlc]{1,6})\)$")


def encode_table(table: Table) -> str:
    """One line carrying a table through the segmenter: header count, title, rows."""
    rows = _ROW.join(_CELL.join(cell for cell in row) for row in table.rows)
    return f"{TABLE_MARK}{table.header_rows}{_ROW}{table.title}{_ROW}{rows}"


def decode_table(line: str) -> Table | None:
    """The table `encode_table` wrote, or None when the line is not one."""
    if not line.startswith(TABLE_MARK):
        return None
    head, title, *rows = line[len(TABLE_MARK) :].split(_ROW)
    return Table(
        rows=[row.split(_CELL) for row in rows],
        header_rows=int(head) if head.isdigit() else 0,
        title=title,
    )


def is_table_line(line: str) -> bool:
    return line.lstrip().startswith(TABLE_MARK)


def reflow(text: str) -> str:
    """The text with two-column pages read in order and grid tables encoded as one line each."""
    if not any(ch in text for ch in " |│┃║"):
        return text
    pages = text.split("\f")
    layout = _is_layout_text(text)
    out = []
    for page in pages:
        lines = [line.expandtabs(8).rstrip() for line in page.split("\n")]
        if layout and (reordered := _two_columns(lines)) is not None:
            out.append("\n".join(reordered))
            continue
        out.append("\n".join(_grids(lines, layout=layout, first_page=not out)))
    return "\f".join(out)


# ------------------------------------------------------------------ two-column pages


def _is_layout_text(text: str) -> bool:
    """Whether the text keeps the page's positions (`pdftotext -layout`): many lines hold a
    wide gap between printed characters, which a text wrapped as prose never does."""
    lines = [x for x in text.split("\n") if x.strip()]
    if len(lines) < 10:
        return False
    gapped = sum(1 for x in lines if re.search(r"\S {3,}\S", x.strip()))
    return gapped >= 0.2 * len(lines)


def _occupied(line: str, c: int) -> bool:
    return c < len(line) and line[c] != " "


def _gutter(lines: list[str]) -> int | None:
    """The column of a page's gutter: blank on almost every line, with text left of it on
    most lines and right of it on most (a column's short line leaves the other side alone)."""
    body = [x for x in lines if x.strip()]
    if len(body) < 10:
        return None
    width = max(len(x) for x in body)
    best: tuple[int, int, int] | None = None
    for c in range(int(width * 0.3), int(width * 0.7) + 1):
        occupied = sum(1 for x in body if _occupied(x, c))
        if occupied > 0.1 * len(body):
            continue
        sides = min(
            sum(1 for x in body if x[:c].strip() and not _occupied(x, c)),
            sum(1 for x in body if x[c:].strip() and not _occupied(x, c)),
        )
        if sides < 0.4 * len(body):
            continue
        # The cleanest column wins; between equally clean ones, the one with most on each side.
        key = (-occupied, sides, c)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return None
    column = best[2]
    left = [x[:column].strip() for x in body if x[:column].strip()]
    right = [x[column:].strip() for x in body if x[column:].strip()]
    # Columns of prose, not a table of short cells: most lines of each side are long.
    if _median(len(x) for x in left) < 25 or _median(len(x) for x in right) < 25:
        return None
    return column


def _median(values: object) -> float:
    ordered = sorted(values)  # type: ignore[call-overload]
    return float(ordered[len(ordered) // 2]) if ordered else 0.0


def _split_at(line: str, column: int) -> tuple[str, str] | None:
    """The line's left and right halves at the gutter; None when a word crosses it, or a
    space between two words of one phrase does (a running head set across the page)."""
    if _occupied(line, column):
        return None
    if _occupied(line, column - 1) and _occupied(line, column + 1):
        return None
    return line[:column], line[column:]


def _two_columns(lines: list[str]) -> list[str] | None:
    column = _gutter(lines)
    if column is None:
        return None
    halves = [_split_at(x, column) if x.strip() else None for x in lines]
    split = [k for k, h in enumerate(halves) if h is not None]
    first, last = split[0], split[-1]
    # What crosses the gutter above the columns and below them is the page's head and foot.
    head = [piece for x in lines[:first] for piece in _pieces(x)]
    foot = [piece for x in lines[last + 1 :] for piece in _pieces(x)]
    left: list[str] = []
    right: list[str] = []
    for x, h in zip(lines[first : last + 1], halves[first : last + 1], strict=True):
        if h is None:
            # A heading set across both columns: it stands in the left one, in its place.
            if x.strip():
                left.append(_collapse(x))
            continue
        if h[0].strip():
            left.append(h[0])
        if h[1].strip():
            right.append(h[1])
    return head + _column_lines(left) + _column_lines(right) + foot


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _column_lines(lines: list[str]) -> list[str]:
    """A column's lines, each that opens a paragraph marked so (layout.PARAGRAPH_START), as the
    PDF reader marks them: a first line indented from the column's edge, the next line back
    at it (a block indented as a whole, an agenda item's, opens nothing)."""
    if not lines:
        return []
    margin = Counter(_indent(x) for x in lines).most_common(1)[0][0]
    out = []
    for k, line in enumerate(lines):
        after = lines[k + 1] if k + 1 < len(lines) else None
        opens = 2 <= _indent(line) - margin <= 8 and (
            after is None or _indent(after) != _indent(line)
        )
        out.append((PARAGRAPH_START if opens else "") + _collapse(line))
    return out


def _collapse(text: str) -> str:
    """A column's line without the spaces justification spread between its words."""
    return _SPACES.sub(" ", text.strip())


def _pieces(line: str) -> list[str]:
    """A full-width line's pieces (a running head's symbol, title and date), one a line."""
    if not line.strip():
        return [""]
    return [p for p in re.split(r" {3,}", line.strip()) if p]


# ------------------------------------------------------------------ grid tables


def _is_rule(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and bool(_RULE.match(stripped)) and bool(_RULE_STROKES.search(stripped))


def _is_pipe_row(line: str) -> bool:
    return sum(line.count(v) for v in _VERTICAL) >= 2 and not _is_rule(line)


def _is_gapped(line: str) -> bool:
    return bool(_GAP.search(line.strip())) and not _DOT_LEADER.search(line)


def _is_side_by_side(line: str) -> bool:
    """Pieces set apart by a wide gap, leader lines with their values among them."""
    return bool(re.search(r"\S {3,}\S", line.strip()))


def _is_masthead_cell(cell: str) -> bool:
    return bool(SYMBOL.match(cell) or languages.organ(cell))


def _names_masthead(line: str) -> bool:
    """A line of a first page's head setting the organ or the symbol beside something else
    ("United Nations        A/79/437/Add.4"): the masthead of a single-column layout text."""
    return any(_is_masthead_cell(piece) for piece in re.split(r" {3,}", line.strip()))


def _grids(lines: list[str], *, layout: bool, first_page: bool = False) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = _pipe_grid(lines, i) or _space_grid(lines, i)
        if found is None:
            line = lines[i]
            if _is_side_by_side(line) and (
                (first_page and _names_masthead(line)) or (layout and _DOT_LEADER.search(line))
            ):
                # A masthead or a leader line set side by side: read column by column.
                block, end = _side_by_side(lines, i)
                out.extend(block)
                i = end
                continue
            out.append(_collapse(line) if layout else line)
            i += 1
            continue
        table, end = found
        title_at = len(out) - 1
        while title_at >= 0 and not out[title_at].strip():
            title_at -= 1
        if title_at >= 0 and _is_caption(out[title_at]):
            table.title = out[title_at].strip()
            del out[title_at:]
        out.extend(["", encode_table(table), ""])
        i = end
    return out


def _is_caption(line: str) -> bool:
    """A table's caption on the line above it: "Table 2", "Matrix of commitments" (the words
    are data, resources/document_kinds.json)."""
    words = kinds.document_kinds().get("table_captions", [])
    stripped = line.strip()
    return len(stripped) <= 120 and any(
        stripped == w or stripped.startswith(w + " ") for w in words
    )


def _pipe_grid(lines: list[str], i: int) -> tuple[Table, int] | None:
    """A grid drawn with pipes or box-drawing characters from lines[i]."""
    j = i
    while j < len(lines) and (_is_pipe_row(lines[j]) or _is_rule(lines[j])):
        j += 1
    block = lines[i:j]
    if sum(1 for x in block if _is_pipe_row(x)) < 2:
        return None
    groups: list[list[list[str]]] = [[]]
    rule_kinds: list[str] = []
    for line in block:
        if _is_rule(line):
            if groups[-1]:
                groups.append([])
                rule_kinds.append("=" if re.search("[=═━]", line) else "-")
            continue
        cells = re.split(f"[{_VERTICAL}]", line.strip())
        if cells and not cells[0].strip():
            cells = cells[1:]
        if cells and not cells[-1].strip():
            cells = cells[:-1]
        groups[-1].append([c.strip() for c in cells])
    groups = [g for g in groups if g]
    separated_rows = all(len(g) == 1 for g in groups)
    rows: list[list[str]] = []
    header_rows = 0
    if len(groups) > 1 and not separated_rows:
        # Rules around each row: the lines between two rules are one row, wrapped. Unless
        # only the head is ruled off, which leaves the body a line a row.
        if len(groups) == 2 and len(groups[1]) > 1:
            rows = [_join(groups[0])] + _by_first_cell(groups[1])
        else:
            rows = [_join(g) for g in groups]
        header_rows = 1
    else:
        rows = _by_first_cell([r for g in groups for r in g])
        # Every row ruled off: a head only when its rule differs ("═" under it, "─" below).
        if separated_rows and len(rule_kinds) > 1 and rule_kinds[0] != rule_kinds[1]:
            header_rows = 1
    return _square(rows, header_rows), j


def _join(lines: list[list[str]]) -> list[str]:
    """Cells wrapped over several lines of one row, joined column by column."""
    width = max(len(x) for x in lines)
    return [" ".join(line[k] for line in lines if k < len(line) and line[k]) for k in range(width)]


def _by_first_cell(lines: list[list[str]]) -> list[list[str]]:
    """Lines to rows: a line whose first cell is empty, or opens in lower case (a wrapped
    cell's next words), goes on with the row above it."""
    rows: list[list[list[str]]] = []
    for cells in lines:
        if rows and (not cells or not cells[0] or cells[0][:1].islower()):
            rows[-1].append(cells)
        else:
            rows.append([cells])
    return [_join(r) for r in rows]


def _square(rows: list[list[str]], header_rows: int) -> Table:
    width = max(len(r) for r in rows)
    return Table(rows=[r + [""] * (width - len(r)) for r in rows], header_rows=header_rows)


@dataclass
class _Block:
    lines: list[str]
    end: int


def _gapped_block(lines: list[str], i: int) -> _Block | None:
    """Lines from i that hold gaps, with the unbroken lines and single blank lines between
    them (a row's wrapped cell, the air between rows)."""
    if not _is_gapped(lines[i]):
        return None
    last = i
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if _is_gapped(line) or _is_rule(line):
            last = j
        elif not line.strip():
            if j + 1 >= len(lines) or not lines[j + 1].strip():
                break
        elif _DOT_LEADER.search(line) or len(line.strip()) > 60 or j - last > 2:
            break
        j += 1
    # A wrapped line right after the last gapped one belongs to its row.
    while (
        last + 1 < len(lines)
        and lines[last + 1].strip()
        and not _is_gapped(lines[last + 1])
        and not _DOT_LEADER.search(lines[last + 1])
        and len(lines[last + 1].strip()) <= 60
        and len(lines[last + 1]) - len(lines[last + 1].lstrip()) > 0
    ):
        last += 1
    return _Block(lines[i : last + 1], last + 1)


def _column_starts(block: list[str]) -> list[int] | None:
    """Where each column begins: after every run of two or more positions blank on all lines."""
    text = [x for x in block if x.strip() and not _is_rule(x)]
    start = min(len(x) - len(x.lstrip()) for x in text)
    end = max(len(x) for x in text)
    blank = [all(not _occupied(x, c) for x in text) for c in range(end)]
    starts = [start]
    c = start
    while c < end:
        if blank[c]:
            run = c
            while c < end and blank[c]:
                c += 1
            if c - run >= 2 and c < end:
                starts.append(c)
        else:
            c += 1
    return starts if len(starts) >= 2 else None


def _cells(line: str, starts: list[int]) -> list[str]:
    bounds = [*starts[1:], max(len(line), starts[-1]) + 1]
    return [_collapse(line[a:b]) for a, b in zip(starts, bounds, strict=True)]


def _space_grid(lines: list[str], i: int) -> tuple[Table, int] | None:
    """A table whose columns stand apart by runs of spaces, from lines[i]."""
    block = _gapped_block(lines, i)
    if block is None:
        return None
    text = [x for x in block.lines if x.strip() and not _is_rule(x)]
    if sum(1 for x in text if _is_gapped(x)) < 3:
        return None
    starts = _column_starts(block.lines)
    if starts is None:
        return None
    body_lines = [_cells(x, starts) for x in text]
    # Every column holds text on at least two lines: a gap that one line alone opens is a
    # justified line's, not a column.
    if any(sum(1 for cells in body_lines if cells[k]) < 2 for k in range(len(starts))):
        return None
    if all(_LABEL.match(cells[0]) for cells in body_lines if cells[0]):
        # "I.   Summary", "5.   In his statement": labels set apart from their text.
        return None
    if any(_is_masthead_cell(cell) for cells in body_lines for cell in cells):
        # A masthead set side by side ("United Nations      A/68/151") is no table.
        return None
    rule_at = next((k for k, x in enumerate(block.lines) if _is_rule(x)), None)
    header_rows = 0
    if rule_at is not None:
        above = [x for x in block.lines[:rule_at] if x.strip()]
        head = _by_first_cell([_cells(x, starts) for x in above]) if above else []
        below = [x for x in block.lines[rule_at + 1 :] if x.strip() and not _is_rule(x)]
        rows = head + _grouped_rows(below, starts)
        header_rows = len(head)
    else:
        rows = _grouped_rows(block.lines, starts)
        if len(rows) >= 3 and _looks_like_head(rows[0]):
            header_rows = 1
    if len(rows) < 2:
        return None
    return _square(rows, header_rows), block.end


def _grouped_rows(lines: list[str], starts: list[int]) -> list[list[str]]:
    """Rows of a space-set table: when blank lines stand between rows, the lines between two
    blanks are one row; otherwise a line with an empty first cell goes on with the row above."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if groups[-1]:
                groups.append([])
        elif not _is_rule(line):
            groups[-1].append(line)
    groups = [g for g in groups if g]
    cells = [[_cells(x, starts) for x in g] for g in groups]
    if len(groups) > 1 and all(g[0][0] for g in cells):
        return [_join(g) for g in cells]
    return _by_first_cell([c for g in cells for c in g])


def _looks_like_head(row: list[str]) -> bool:
    """A first row of column heads: every cell filled, short, no sentence."""
    return all(cell and len(cell.split()) <= 5 and not cell.endswith((".", ";")) for cell in row)


def _side_by_side(lines: list[str], i: int) -> tuple[list[str], int]:
    """A block set side by side that is no table (a masthead, leader lines with their
    values): its columns one after the other, as pdftotext's default mode reads them."""
    j = i
    while j < len(lines) and lines[j].strip():
        # A line of one piece under the block goes with the column it stands in, unless it
        # stands at the left edge: then the block has ended.
        if (
            not _is_side_by_side(lines[j])
            and not _DOT_LEADER.search(lines[j])
            and _indent(lines[j]) == 0
        ):
            break
        j += 1
    block = lines[i:j]
    pieces = [[(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", x)] for x in block]
    starts = sorted({start for row in pieces for start, _ in row})
    # Pieces that start within a few characters of each other stand in one column.
    columns: list[int] = []
    for s in starts:
        if not columns or s - columns[-1] > 3:
            columns.append(s)
    out: list[str] = []
    for k, col in enumerate(columns):
        nxt = columns[k + 1] if k + 1 < len(columns) else 10**6
        for row in pieces:
            out.extend(_collapse(text) for start, text in row if col <= start < nxt)
        out.append("")
    return out, j

"""The delegate's positions as a CSV file, for a spreadsheet or a colleague without Briefing.

One row an annotation: record, citation, the text of the place, stance, priority, tags, raise,
note, author, modified. UTF-8 with a byte-order mark, because that is how the common spreadsheet
programs recognise UTF-8 (a name such as Côte d'Ivoire would show garbled without it). A cell
that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a carriage
return) gets a leading apostrophe: a note or a document's text is data, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from briefing import atomic
from briefing.domain import Annotation, ExportError
from briefing.domain.times import format_time

HEADER = (
    "record",
    "citation",
    "text of the place",
    "stance",
    "priority",
    "tags",
    "raise",
    "note",
    "author",
    "modified",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def positions_csv(rows: Iterable[tuple[str, str, Annotation]]) -> bytes:
    """The CSV of (record label, citation, annotation) rows, header first."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180's line ends
    writer.writerow(HEADER)
    for record_label, citation, a in rows:
        writer.writerow(
            [
                _cell(record_label),
                _cell(citation),
                _cell(a.quote),
                a.stance.label if a.stance else "",
                a.priority.label,
                _cell(", ".join(a.tags)),
                "yes" if a.raise_at_meeting else "",
                _cell(a.note),
                _cell(a.author),
                format_time(a.updated),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def write_positions_csv(rows: Iterable[tuple[str, str, Annotation]], out: Path) -> Path:
    """Write atomically (briefing.atomic); ExportError with the reason when it cannot."""
    out = Path(out)
    data = positions_csv(rows)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomically(out, data)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out

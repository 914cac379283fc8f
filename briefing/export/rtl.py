"""Right-to-left text in visual order for reportlab, which lays out characters left to right.

`visual_order(line)` applies the parts of the Unicode Bidirectional Algorithm (UAX #9) that a
line of a note or a record needs: the paragraph direction from the first strong letter (P2-P3),
weak and neutral types (W1-W7, N1-N2), implicit levels (I1-I2), reversal (L2) and mirrored
brackets (L4). Explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are
not honoured: they are treated as neutral marks.

The algorithm orders a line once it is broken (L1-L4 work on printed lines): `pdf_flowables.Para`
breaks a paragraph in logical order and puts each printed line in visual order through
`visual_indices`, which keeps track of which character goes where so each piece keeps its font.
Levels are resolved per printed line, with the direction of its whole logical line as the base:
weak and neutral characters at the very start or end of a printed line are resolved without the
words on the neighbouring line (they take the base direction where the rules would look there).
`visual_order` orders one line of text that is drawn as it stands (the running header).
"""

from __future__ import annotations

import unicodedata

# Mirrored pairs (L4) common in notes and records; unicodedata says whether a character is
# mirrored but not what its mirror is.
_MIRROR = dict(
    zip(
        "()<>[]{}«»‹›⁅⁆⁽⁾₍₎≤≥≪≫⟨⟩〈〉《》「」『』【】〔〕",
        ")(><][}{»«›‹⁆⁅⁾⁽₎₍≥≤≫≪⟩⟨〉〈》《」「』『】【〕〔",
        strict=True,
    )
)
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "BN"))
_EXPLICIT = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))


def _types(line: str) -> list[str]:
    out = []
    for char in line:
        kind = unicodedata.bidirectional(char) or "L"
        out.append("ON" if kind in _EXPLICIT else kind)
    return out


def base_level(line: str, default: int | None = 0) -> int | None:
    """0 (left to right) or 1 (right to left): the direction of the first strong letter;
    `default` when there is none."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return 0
        if kind in ("R", "AL"):
            return 1
    return default


def levels(line: str, base: int | None = None) -> list[int]:
    """The resolved embedding level of each character of `line` (one paragraph, no newline)."""
    if base is None:
        base = base_level(line) or 0
    types = _types(line)
    sos = "R" if base else "L"
    n = len(types)
    # W1: a non-spacing mark takes the type of the character before it.
    for i in range(n):
        if types[i] == "NSM":
            types[i] = types[i - 1] if i else sos
    # W2, W3: numbers after Arabic letters are Arabic numbers; Arabic letters are R.
    strong = sos
    for i in range(n):
        kind = types[i]
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            types[i] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    # W4: one separator between two numbers of a kind joins them.
    for i in range(1, n - 1):
        before, kind, after = types[i - 1], types[i], types[i + 1]
        if kind == "ES" and before == after == "EN":
            types[i] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    # W5: terminators (%, currency signs) next to European numbers are numbers.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6, W7: remaining separators are neutral; European numbers after L text are L.
    strong = sos
    for i in range(n):
        kind = types[i]
        if kind in ("ES", "ET", "CS"):
            types[i] = "ON"
        elif kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            types[i] = "L"
    # N1, N2: neutrals between text of one direction take it, others the paragraph's.
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = sos if i == 0 else ("R" if types[i - 1] in ("R", "EN", "AN") else "L")
            after = sos if j == n else ("R" if types[j] in ("R", "EN", "AN") else "L")
            types[i:j] = [before if before == after else sos] * (j - i)
            i = j
        else:
            i += 1
    # I1, I2: implicit levels.
    if base == 0:
        return [1 if k == "R" else 2 if k in ("EN", "AN") else 0 for k in types]
    return [2 if k in ("L", "EN", "AN") else 1 for k in types]


def visual_indices(line: str, base: int | None = None) -> tuple[list[int], str]:
    """The drawing order of `line` (logical order, no newline) with base direction `base` (0 or
    1; None: from its first strong letter): the index in `line` of each character drawn, left to
    right, and `line` itself, still in logical order, with the brackets that sit in right-to-left
    text mirrored."""
    if not line:
        return [], line
    resolved = levels(line, base)
    mirrored = "".join(
        _MIRROR.get(char, char) if level % 2 else char
        for char, level in zip(line, resolved, strict=True)
    )
    order = list(range(len(line)))
    # L2: from the highest level down to the lowest odd one (always 1 here: levels are 0 to 2),
    # reverse every run at that level or higher.
    for level in range(max(resolved), 0, -1):
        i = 0
        while i < len(order):
            if resolved[order[i]] >= level:
                j = i
                while j < len(order) and resolved[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order, mirrored


def visual_order(line: str, base: int | None = None) -> str:
    """`line` (logical order, one paragraph, no newline) in the order it is drawn, left to right,
    with brackets inside right-to-left text mirrored."""
    order, mirrored = visual_indices(line, base)
    return "".join(mirrored[i] for i in order)

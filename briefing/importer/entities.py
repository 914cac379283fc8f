"""Entities a record names: processes, regional bodies and organizations, and the resolutions cited.

Two sources, both general:

- *cued lists*: a footnote cited right after a phrase such as "regional consultative processes"
  or "regional bodies" (the vocabulary's `list_cues`) is read as a list of that kind, split on the
  document's own separators (";" when the list uses it, else ","; a final "and" dropped);
- *names in running text*: a run of capitalised words around a head word (Process, Dialogue,
  Forum, Organization, Union, ...), extended to the right over "of", "on", "for", "and the", ...,
  with a parenthesised acronym after it taken as its short name.

Each entity is listed once: names that differ only in hyphens, "the" or "and", a short name that
equals another's, and a short reference that begins exactly one longer name ("Bali Process" for
"Bali Process on People Smuggling, ...") are merged. Mentions are then found by matching every
form seen of each entity against every place, longest match first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.domain import Entity, Resolution
from briefing.importer.lexicon import Place, sentences, vocabulary
from briefing.vocab import is_process_kind

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+’'\-]*[A-Za-z0-9+]|[A-Za-z0-9]")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9+&.\-]*[A-Z0-9]")
_PAREN = re.compile(r"\(([^()]*)\)")


@dataclass
class _Candidate:
    name: str
    # None: a name built like ours whose kind its text does not give ("the Kappa Process" in a
    # sentence that is not about migration). It only counts as a form of another entity's name.
    kind: str | None
    short_name: str | None = None
    surfaces: set[str] = field(default_factory=set)
    listed: bool = False  # came from a cued list: its kind is the text's own word
    order: tuple[int, int] = (0, 0)


def _is_acronym(text: str) -> bool:
    return (
        " " not in text
        and bool(_ACRONYM.fullmatch(text))
        and sum(c.isupper() for c in text) >= 2
        and sum(c.islower() for c in text) <= sum(c.isupper() for c in text) // 2
    )


@lru_cache(maxsize=4096)
def _norm_words(name: str) -> tuple[str, ...]:
    words = re.sub(r"[‐-]", "", name.lower())
    words = re.sub(r"[^a-z0-9+]+", " ", words)
    return tuple(w for w in words.split() if w not in ("the", "and"))


def _norm(name: str) -> str:
    return " ".join(_norm_words(name))


def _is_cap(token: str) -> bool:
    return token[0].isupper() or (token[0].isdigit() and "+" in token)


# --- kinds ---------------------------------------------------------------------------------


def _has_word(name: str, words: list[str]) -> bool:
    tokens = set(re.findall(r"[A-Za-z][A-Za-z\-]*", name))
    parts = {p for t in tokens for p in t.split("-")}
    return any(w in tokens or w in parts for w in words)


def _kind_for_name(name: str, head: str, sentence: str = "") -> str | None:
    """The kind a name's own words give it; None when it is not one of ours.

    A process or forum that is neither global nor interregional by its name is taken for a
    regional consultative process only where migration is the subject (its name or its sentence
    says so): a "Peace Process" is not one.
    """
    vocab = vocabulary()
    if head in vocab["process_heads"]:
        if _has_word(name, vocab["interregional_words"]):
            return "interregional_forum"
        if _has_word(name, vocab["global_words"]):
            return "global_process"
        context = f"{name} {sentence}".lower()
        if not any(word in context for word in vocab["process_context_words"]):
            return None
        if head == "Forum":
            return "interregional_forum"
        return "regional_consultative_process"
    regional = _has_word(name, vocab["region_words"])
    if head in vocab["organization_heads"]:
        return "regional_body" if regional else "organization"
    if head in vocab["regional_only_heads"] and regional:
        return "regional_body"
    return None


_ADJECTIVE = re.compile(r"(?:ic|al|ive)$")


def _not_a_name(name: str) -> bool:
    """Phrases built like names that name no body: "Programme of Action", "Working Group"."""
    return any(re.search(p, name) for p in vocabulary()["not_entities"])


def _head_of(name: str) -> str | None:
    vocab = vocabulary()
    heads = set(vocab["process_heads"]) | set(vocab["organization_heads"])
    heads |= set(vocab["regional_only_heads"])
    for token in _TOKEN.findall(name):
        if token in heads:
            return token
    return None


# --- names in running text -----------------------------------------------------------------


def scan_names(
    text: str, cue: str | None = None
) -> list[tuple[int, int, str, str | None, str | None]]:
    """(start, end, name, short_name, kind) of each entity-like name in text (one sentence).

    kind is None for a name built like one of ours whose kind the text does not give.

    `cue` is the kind the surrounding footnote was cited for ("regional consultative
    processes,^a"): a process named in its other sentences is of that kind.
    """
    vocab = vocabulary()
    heads = set(vocab["process_heads"]) | set(vocab["organization_heads"])
    heads |= set(vocab["regional_only_heads"])
    stops = heads | set(vocab["boundary_words"])
    connectors = set(vocab["name_connectors"])
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]

    def joined(a: int, b: int) -> bool:
        """Tokens a and b (adjacent) are separated by white space only."""
        gap = text[tokens[a][1] : tokens[b][0]]
        return gap != "" and gap.isspace() and gap.count("\n") <= 1

    out: list[tuple[int, int, str, str | None, str | None]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][2]
        if word not in heads:
            i += 1
            continue
        left = i
        while left > 0 and joined(left - 1, left):
            before = tokens[left - 1][2]
            if _is_cap(before) and before not in stops:
                left -= 1
            elif (
                before == "and"
                and left > 1
                and joined(left - 2, left - 1)
                and _is_cap(tokens[left - 2][2])
                and _ADJECTIVE.search(tokens[left - 2][2])
            ):
                left -= 2  # "Economic and Social Commission for Western Asia"
            else:
                break
        while left < i and tokens[left][2] in ("The", "A", "An"):
            left += 1
        right = i
        while right + 1 < len(tokens) and joined(right, right + 1):
            nxt = tokens[right + 1][2]
            if _is_cap(nxt):
                if nxt in stops:
                    break
                right += 1
                continue
            if nxt not in connectors:
                break
            # A run of connectors, then capitalised words: take it whole or not at all.
            k = right + 1
            used_and = False
            while k < len(tokens) and tokens[k][2] in connectors and joined(k - 1, k):
                used_and = used_and or tokens[k][2] == "and"
                k += 1
            run_end = k
            while (
                run_end < len(tokens)
                and joined(run_end - 1, run_end)
                and _is_cap(tokens[run_end][2])
            ):
                run_end += 1
            run = [t[2] for t in tokens[k:run_end]]
            if not run or any(w in stops for w in run) or (used_and and len(run) > 2):
                break
            if used_and and left == i and right == i:
                break  # "the Group and Member States": a bare head word joined to another name
            right = run_end - 1
        if right == left:
            i += 1
            continue
        start, end = tokens[left][0], tokens[right][1]
        name = text[start:end]
        short = None
        after = re.match(r"\s*\(([^()]+)\)", text[end:])
        if after and _is_acronym(after.group(1)):
            short = after.group(1)
        kind = _kind_for_name(name, word, text)
        if (
            cue is not None
            and is_process_kind(cue)
            and word in vocab["process_heads"]
            and kind != "global_process"
        ):
            kind = cue
        full = _expansion_before(text, start, end)
        if full is not None and kind is not None:
            # "Regional Conference on Migration (Puebla Process)": the name in brackets is the
            # short one of the name before it.
            short, name, start = re.sub(r"\s+", " ", name), full[0], full[1]
        if not _not_a_name(name):
            out.append((start, end, re.sub(r"\s+", " ", name), short, kind))
        i = right + 1
    return out


_BEFORE_PAREN = re.compile(
    r"(?:[A-Z][\w’'\-]*)(?:\s+(?:[A-Z][\w’'\-]*|of|on|for|and|the|in))*\s*\($"
)


def _expansion_before(text: str, start: int, end: int) -> tuple[str, int] | None:
    """(name, its start) of a capitalised name just before "(", if text[start:end] fills them."""
    if not text.startswith(")", end):
        return None
    low = max(0, start - 200)
    m = _BEFORE_PAREN.search(text, low, start)
    if m is None:
        return None
    vocab = vocabulary()
    heads = set(vocab["process_heads"]) | set(vocab["organization_heads"])
    connectors = set(vocab["name_connectors"]) | {"The", "A", "An"}
    words = [(w.start() + m.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
    words = [(at, w) for at, w in words if w != "("]
    # Walk back from the bracket; another name's head word ends the expansion.
    first = len(words)
    while first > 0 and words[first - 1][1] not in heads:
        first -= 1
    while first < len(words) and words[first][1] in connectors:
        first += 1
    if len(words) - first < 2:
        return None
    name_start = words[first][0]
    name = text[name_start : words[-1][0] + len(words[-1][1])].rstrip("( ")
    return name, name_start


# --- cued lists in footnotes ---------------------------------------------------------------


def _cue_kind(footnote: Place, places: list[Place]) -> str | None:
    """The kind of the list a footnote holds, from the words its mark follows.

    "regional consultative processes,^a", "regional consultative processes on migration
    (RCPs)^a", "regional bodies^b": the cue may carry a short "on ..." tail and an acronym.
    """
    for place in places:
        for offset, marker in place.marks:
            if marker != footnote.footnote:
                continue
            before = re.sub(r"\s+", " ", place.text[max(0, offset - 160) : offset].lower())
            before = re.sub(r"\s*\([^()]*\)$", "", before.rstrip(" ,;:"))
            for pattern, kind in _cue_patterns():
                if pattern.search(before):
                    return kind
    return None


@lru_cache(maxsize=1)
def _cue_patterns() -> list[tuple[re.Pattern[str], str]]:
    cues = sorted(vocabulary()["list_cues"], key=lambda c: -len(c["phrase"]))
    return [
        (
            re.compile(
                rf"\b{re.escape(c['phrase'])}(?:\s+(?:on|for|in|of)\s+[\w-]+(?:\s+[\w-]+){{0,2}})?$"
            ),
            c["kind"],
        )
        for c in cues
    ]


def _name_like(item: str) -> bool:
    bare = _PAREN.sub("", item).strip()
    bare = re.sub(r"^the\s+", "", bare)
    if not bare or not (bare[0].isupper() or bare[0].isdigit()):
        return False
    connectors = set(vocabulary()["name_connectors"])
    for word in re.findall(r"[^\s,]+", bare):
        if not (word[0].isupper() or word[0].isdigit() or word in connectors or "-" in word):
            return False
    return bool(re.search(r"[A-Za-z]{2}", bare))


def split_list(sentence: str) -> list[str] | None:
    """The items of a list sentence on its own separators, or None when it is not a list."""
    text = sentence.strip().rstrip(".").strip()
    # "The processes were: A; B; C": the list is what follows the colon.
    text = text.rpartition(":")[2].strip() if ":" in text else text
    separator = ";" if ";" in text else ","
    items = [re.sub(r"\s+", " ", i).strip() for i in _split_outside_parens(text, separator)]
    items = [re.sub(r"^and\s+", "", i) for i in items if i]
    if separator == "," and items and re.search(r"\sand\s", items[-1]):
        last = items[-1]
        left, _, right = last.rpartition(" and ")
        if _head_of(right) or not (_head_of(left) or _head_of(right)):
            items[-1:] = [left.strip(), right.strip()]
    items = [re.sub(r"^the\s+", "", i).strip() for i in items]
    if len(items) < 2 or not all(_name_like(i) for i in items):
        return None
    return items


def _split_outside_parens(text: str, separator: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == separator and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_item(item: str) -> tuple[str, str | None]:
    """(name, short_name) of a list item such as "X (ABC)", "A (B)-C (D)" or "X (long name)"."""
    groups = list(_PAREN.finditer(item))
    if not groups:
        return item, None
    contents = [g.group(1).strip() for g in groups]
    tail = item[groups[-1].end() :].strip()
    if all(_is_acronym(c) for c in contents) and not tail:
        name = re.sub(r"\s+", " ", _PAREN.sub("", item)).strip()
        name = re.sub(r"\s+([-‐])", r"\1", name)
        short = contents[0]
        for prev, group, content in zip(groups, groups[1:], contents[1:], strict=False):
            between = item[prev.end() : group.start()]
            sep = re.match(r"[\s\-‐/]*", between)
            short += (sep.group().strip() if sep else "") + content
        return name, short
    if len(groups) == 1 and not tail:
        outside = item[: groups[0].start()].strip()
        inside = contents[0]
        if _is_acronym(inside):
            return outside, inside
        longer, shorter = (inside, outside) if len(inside) > len(outside) else (outside, inside)
        return longer, shorter
    return item, None


# --- merge and mentions --------------------------------------------------------------------


def _merge(candidates: list[_Candidate]) -> list[_Candidate]:
    merged: list[_Candidate] = []
    by_key: dict[str, _Candidate] = {}
    by_short: dict[str, _Candidate] = {}
    for cand in candidates:
        keys = {_norm(s) for s in cand.surfaces | {cand.name}}
        target = next((by_key[k] for k in keys if k in by_key), None)
        if target is None and cand.short_name:
            target = by_short.get(cand.short_name)
        if target is None:
            target = by_short.get(cand.name)
        if target is None:
            merged.append(cand)
            target = cand
        else:
            target.surfaces |= cand.surfaces | {cand.name}
            if target.kind is None and cand.kind is not None:
                target.name, target.kind = cand.name, cand.kind
            if cand.listed and not target.listed:
                target.name, target.kind, target.listed = cand.name, cand.kind, True
            elif cand.listed == target.listed and _norm(cand.name) == _norm(target.name):
                # The same name spelt twice ("Migration Development" beside "Migration and
                # Development"): keep the fuller spelling.
                target.name = max(target.name, cand.name, key=len)
            target.short_name = target.short_name or cand.short_name
            target.order = min(target.order, cand.order)
        for key in keys:
            by_key.setdefault(key, target)
        if target.short_name:
            by_short.setdefault(target.short_name, target)
    # A short reference that begins exactly one longer name is that entity ("Bali Process").
    connectors = set(vocabulary()["name_connectors"])
    out: list[_Candidate] = []
    for cand in sorted(merged, key=lambda c: len(_norm_words(c.name))):
        words = _norm_words(cand.name)
        longer = [
            o
            for o in merged
            if o is not cand
            and o.kind is not None
            and len(_norm_words(o.name)) > len(words)
            and _norm_words(o.name)[: len(words)] == words
            and _norm_words(o.name)[len(words)] in connectors
        ]
        if len(longer) == 1:
            target = longer[0]
            target.surfaces |= cand.surfaces | {cand.name}
            target.short_name = target.short_name or cand.short_name
            target.order = min(target.order, cand.order)
        elif not longer and cand.kind is not None:
            out.append(cand)
        # Several longer names begin with it: a generic reference, not an entity of its own.
    return sorted(out, key=lambda c: c.order)


def _alias_body(alias: str) -> str:
    """A pattern for one form of a name: any white space between words, hyphens optional."""
    if _is_acronym(alias):
        return re.escape(alias)
    return r"\s+".join(re.escape(w).replace(r"\-", "[-‐]?") for w in alias.split())


def _status_spans(text: str) -> list[tuple[int, int, str]]:
    statuses: dict[str, str] = vocabulary()["statuses"]
    out = []
    lowered = text.lower()
    for start, end in sentences(text):
        for phrase, status in statuses.items():
            if phrase in lowered[start:end]:
                out.append((start, end, status))
    return out


def _mentions(
    candidates: list[_Candidate], places: list[Place]
) -> tuple[dict[int, list[str]], dict[int, str], re.Pattern[str] | None]:
    """Mentions and status of each candidate, and one pattern matching every form of every name.

    The alternatives are ordered longest first, so at any place the longest name wins
    ("IOM International Dialogue on Migration" is not also a mention of IOM).
    """
    alternatives: list[tuple[str, int]] = []
    for index, cand in enumerate(candidates):
        aliases = cand.surfaces | {cand.name} | ({cand.short_name} if cand.short_name else set())
        alternatives.extend((alias, index) for alias in aliases)
    alternatives.sort(key=lambda a: (-len(a[0]), a[0]))
    mentions: dict[int, list[str]] = {i: [] for i in range(len(candidates))}
    status: dict[int, str] = {}
    if not alternatives:
        return mentions, status, None
    owner = {f"e{n}": index for n, (_alias, index) in enumerate(alternatives)}
    # The look-ahead for a capital or digit lets the engine skip most positions cheaply.
    combined = re.compile(
        r"(?<![A-Za-z0-9])(?=[A-Z0-9])(?:"
        + "|".join(f"(?P<e{n}>{_alias_body(alias)})" for n, (alias, _i) in enumerate(alternatives))
        + r")(?![A-Za-z0-9])"
    )
    for place in places:
        status_spans: list[tuple[int, int, str]] | None = None
        for m in combined.finditer(place.text):
            index = owner[m.lastgroup or ""]
            if place.eid not in mentions[index]:
                mentions[index].append(place.eid)
            if status_spans is None:
                status_spans = _status_spans(place.text)
            for s, e, st in status_spans:
                if s <= m.start() and m.end() <= e:
                    status.setdefault(index, st)
    return mentions, status, combined


def find_entities(
    places: list[Place],
) -> tuple[list[Entity], list[Entity], re.Pattern[str] | None]:
    """(processes, organizations, names) the places name, each once, in first-mention order.

    `names` matches every form of every entity's name (None when there is none): themes blank
    the names before they match words.
    """
    candidates: list[_Candidate] = []
    region_words = vocabulary()["region_words"]
    for p_index, place in enumerate(places):
        kind = _cue_kind(place, places) if place.footnote is not None else None
        scan_ranges: list[tuple[int, int]] = []
        for start, end in sentences(place.text):
            items = split_list(place.text[start:end]) if kind is not None else None
            if items is None:
                scan_ranges.append((start, end))
                continue
            for number, item in enumerate(items):
                name, short = parse_item(item)
                surfaces = {item, name} | ({short} if short else set())
                item_kind = kind
                if kind == "organization" and _has_word(name, region_words):
                    item_kind = "regional_body"  # "organizations^c: African Union, ..."
                candidates.append(
                    _Candidate(name, item_kind, short, surfaces, True, (p_index, start + number))
                )
        for r_start, r_end in scan_ranges:
            chunk = place.text[r_start:r_end]
            for start, _end, name, short, found_kind in scan_names(chunk, kind):
                candidates.append(
                    _Candidate(name, found_kind, short, {name}, False, (p_index, r_start + start))
                )
    merged = _merge(candidates)
    mentions, status, names = _mentions(merged, places)
    processes, organizations = [], []
    order = {place.eid: i for i, place in reversed(list(enumerate(places)))}
    for index, cand in enumerate(merged):
        if cand.kind is None:  # pragma: no cover - _merge keeps none of these
            continue
        eids = sorted(mentions[index], key=lambda e: order.get(e, 0))
        entity = Entity(cand.name, cand.kind, cand.short_name, status.get(index), eids)
        if is_process_kind(cand.kind):
            processes.append(entity)
        else:
            organizations.append(entity)
    return processes, organizations, names


# --- resolutions ---------------------------------------------------------------------------

_RES_KEY = re.compile(r"\b[Rr]esolutions?\s+")
_SYMBOL = re.compile(
    r"\d{1,4}/\d{1,4}(?:\s[A-Z](?![A-Za-z0-9/]))?"
    r"|\d{1,4}(?:\s[A-Z])?\s\((?:\d{4}|[IVXLCDM]+)\)"
)
_DATE = re.compile(r"\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}")
_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def find_resolutions(places: list[Place]) -> list[Resolution]:
    """Resolutions cited after "resolution(s)": "65/170 and 67/219", "2085 (2012)", "217 A (III)".

    Each once, in order of first citation, with the places that cite it.
    """
    found: dict[str, Resolution] = {}
    for place in places:
        text = place.text
        for key in _RES_KEY.finditer(text):
            pos = key.end()
            while True:
                sym = _SYMBOL.match(text, pos)
                if not sym:
                    break
                symbol = re.sub(r"\s+", " ", sym.group())
                res = found.setdefault(symbol, Resolution(symbol))
                if place.eid not in res.mentions:
                    res.mentions.append(place.eid)
                pos = sym.end()
                date = _DATE.match(text, pos)
                if date:
                    pos = date.end()
                sep = _SEP.match(text, pos)
                if not sep or not _SYMBOL.match(text, sep.end()):
                    break
                pos = sep.end()
    return list(found.values())

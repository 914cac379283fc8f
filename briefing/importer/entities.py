"""Entities a record names: bodies, processes, conferences, agreements, and the resolutions cited.

Three sources, all general:

- *cued lists*: a footnote cited right after a phrase such as "regional consultative processes"
  or "regional bodies" (the vocabulary's `list_cues`) is read as a list of that kind, split on the
  document's own separators (";" when the list uses it, else ","; a final "and" dropped);
- *names in running text* (`names.py`): capitalised names built on a head word of
  resources/entity_kinds.json, their kind from that head, with a bracketed abbreviation or
  other name after them taken as their short name;
- *abbreviations never spelt out* in running text ("the SPLA").

Each entity is listed once: names that differ only in hyphens, "the" or "and", a short name that
equals another's, and a short reference that begins exactly one longer name ("Bali Process" for
"Bali Process on People Smuggling, ...") are merged. Mentions are then found by matching every
form seen of each entity against every place, longest match first, and the names inside a match
after "of the" ("General Assembly" in "President of the General Assembly").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import field
from functools import lru_cache

from briefing import vocab
from briefing.datatypes import dataclass
from briefing.domain import Entity, Resolution
from briefing.importer import names as naming
from briefing.importer.lexicon import Place, sentences, vocabulary
from briefing.importer.names import is_acronym as _is_acronym
from briefing.vocab import is_process_kind

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


@lru_cache(maxsize=4096)
def _norm_words(name: str) -> tuple[str, ...]:
    words = re.sub(r"[‐\-’']", "", name.lower())
    words = re.sub(r"[^\w+]+", " ", words)
    skip = naming.unkeyed_words()
    return tuple(w for w in words.split() if w not in skip)


def _norm(name: str) -> str:
    return " ".join(_norm_words(name))


# --- names in running text -----------------------------------------------------------------


def scan_names(
    text: str, cue: str | None = None, language: str | None = None
) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, name, short_name, kind) of each name in text (one sentence).

    `cue` is the kind the surrounding footnote was cited for ("regional consultative
    processes,^a"): a name of a kind that cue takes (resources/entity_kinds.json `takes_kinds`),
    named in the footnote's other sentences, is of the cue's kind.

    "Name (Other Name)": a name in brackets right after another is that one's other name
    ("Regional Conference on Migration (Puebla Process)").
    """
    found = naming.scan(text, language)
    taken = naming.kinds_taken_by(cue) if cue is not None else frozenset()
    out: list[tuple[int, int, str, str | None, str]] = []
    inside: set[int] = set()
    for index, f in enumerate(found):
        if index in inside:
            continue
        short, end = f.short_name, f.end
        bracket = re.match(r"\s*\((?:the\s+)?", text[f.end : f.end + 8])
        if short is None and bracket:
            other = next(
                (
                    (i, g)
                    for i, g in enumerate(found)
                    if g.start == f.end + bracket.end() and text.startswith(")", g.end)
                ),
                None,
            )
            if other is not None:
                inside.add(other[0])
                short = other[1].name
        kind = cue if cue is not None and f.kind in taken else f.kind
        out.append((f.start, end, f.name, short, kind))
    return out


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
    connectors = naming.continuing_words()
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
        if naming.head_of(right) or not (naming.head_of(left) or naming.head_of(right)):
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
    position: dict[int, int] = {}  # id(entity) -> its place in `merged`
    by_key: dict[str, _Candidate] = {}
    by_short: dict[str, _Candidate] = {}
    for cand in candidates:
        keys = {_norm(s) for s in cand.surfaces | {cand.name}}
        # When its forms match two entities, the first listed takes it: a set's order changes
        # with the hash seed, and a re-derive runs in worker processes with seeds of their own.
        target = min(
            (by_key[k] for k in keys if k in by_key), key=lambda c: position[id(c)], default=None
        )
        if target is None and cand.short_name:
            target = by_short.get(cand.short_name)
        if target is None:
            target = by_short.get(cand.name)
        if target is None:
            position[id(cand)] = len(merged)
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
    connectors = naming.continuing_words()
    out: list[_Candidate] = []
    words_of = {id(c): _norm_words(c.name) for c in merged}
    by_first: dict[str, list[_Candidate]] = {}
    for other in merged:
        if words_of[id(other)]:
            by_first.setdefault(words_of[id(other)][0], []).append(other)
    for cand in sorted(merged, key=lambda c: len(words_of[id(c)])):
        words = words_of[id(cand)]
        longer = [
            o
            for o in (by_first.get(words[0], []) if words else [])
            if o is not cand
            and o.kind is not None
            and len(words_of[id(o)]) > len(words)
            and words_of[id(o)][: len(words)] == words
            and words_of[id(o)][len(words)] in connectors
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


_RUN = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")


def _run_keys(text: str, pos: int, endpos: int | None = None) -> list[str]:
    """The keys a name starting at `pos` may be filed under: the word there, its hyphens
    dropped, and each of its parts up to a hyphen ("Peace-building": "Peace",
    "Peacebuilding"; "UN-Habitat": "UN", "UNHabitat")."""
    run = _RUN.match(text, pos, len(text) if endpos is None else endpos)
    if run is None:
        return []
    pieces = re.split(r"[-‐]", run.group())
    return ["".join(pieces[: k + 1]) for k in range(len(pieces))]


class NameMatcher:
    """Every form of every entity's name, found as one alternation of them all, longest
    first, would find them; but such an alternation tries every form at every capital, so a
    record naming thousands of bodies costs millions of steps. Each form is filed instead under
    its first word (as states.py files the States'), and at each place a name may start only
    the forms filed under the word there are tried, in the alternation's order.

    `finditer` and `sub` read like a compiled pattern's; `match(text, pos, endpos)` tries the
    forms at one position. `tries` counts the forms tried, for tests of its cost."""

    def __init__(self, alternatives: list[str], lead: str) -> None:
        self.alternatives = alternatives
        self._starts = re.compile(rf"(?<![A-Za-z0-9]){lead}")
        self._patterns: list[re.Pattern[str] | None] = [None] * len(alternatives)
        self._number: dict[int, int] = {}  # id of a compiled form -> its first alternative
        self._by_key: dict[str, list[int]] = {}
        for n, alias in enumerate(alternatives):
            keys = _run_keys(alias, 0)
            self._by_key.setdefault("".join(keys[-1:]), []).append(n)
        self.tries = 0

    def _pattern(self, n: int) -> re.Pattern[str]:
        pattern = self._patterns[n]
        if pattern is None:
            pattern = re.compile(rf"{_alias_body(self.alternatives[n])}(?![A-Za-z0-9])")
            self._patterns[n] = pattern
            self._number.setdefault(id(pattern), n)
        return pattern

    def match(self, text: str, pos: int, endpos: int | None = None) -> re.Match[str] | None:
        """The first form, in the alternation's order, that matches at pos (None if none)."""
        end = len(text) if endpos is None else endpos
        if pos >= end or not self._starts.match(text, pos, end):
            return None
        keys = _run_keys(text, pos, end)
        found = [n for key in keys for n in self._by_key.get(key, ())]
        if len(keys) > 1:
            found.sort()
        for n in found:
            self.tries += 1
            m = self._pattern(n).match(text, pos, end)
            if m is not None:
                return m
        return None

    def owner(self, m: re.Match[str]) -> int:
        """The number of the alternative a match is of."""
        return self._number[id(m.re)]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        at = 0
        for start in self._starts.finditer(text):
            if start.start() < at:
                continue
            m = self.match(text, start.start())
            if m is not None:
                at = m.end()
                yield m

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        pieces, at = [], 0
        for m in self.finditer(text):
            pieces.append(text[at : m.start()])
            pieces.append(repl(m))
            at = m.end()
        pieces.append(text[at:])
        return "".join(pieces)


def _mentions(
    candidates: list[_Candidate], places: list[Place]
) -> tuple[dict[int, list[str]], dict[int, str], NameMatcher | None]:
    """Mentions and status of each candidate, and one matcher of every form of every name.

    The forms are tried longest first, so at any place the longest name wins ("IOM
    International Dialogue on Migration" is not also a mention of IOM).
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
    # Names start with a capital or a digit, save a few written in small letters ("draft
    # articles on ..."): their first letters may start one too.
    firsts = sorted({a[0] for a, _i in alternatives if not (a[0].isupper() or a[0].isdigit())})
    lead = "[A-Z0-9" + "".join(re.escape(c) for c in firsts) + "]"
    matcher = NameMatcher([alias for alias, _i in alternatives], lead)
    owner_of = [index for _alias, index in alternatives]

    def owner(m: re.Match[str]) -> int:
        return owner_of[matcher.owner(m)]

    def inner(text: str, m: re.Match[str]) -> list[re.Match[str]]:
        """A match and the names inside it after "of the", "to the" ... (as `names` reads them:
        "President of the General Assembly" mentions the General Assembly too)."""
        found = [m]
        for at in _nested().finditer(text, m.start(), m.end()):
            nested = matcher.match(text, at.end(), m.end())
            if nested is not None:
                found.extend(inner(text, nested))
        return found

    for place in places:
        status_spans: list[tuple[int, int, str]] | None = None
        for outer in matcher.finditer(place.text):
            for m in inner(place.text, outer):
                index = owner(m)
                if place.eid not in mentions[index]:
                    mentions[index].append(place.eid)
                if status_spans is None:
                    status_spans = _status_spans(place.text)
                for s, e, st in status_spans:
                    if s <= m.start() and m.end() <= e:
                        status.setdefault(index, st)
    return mentions, status, matcher


@lru_cache(maxsize=1)
def _nested() -> re.Pattern[str]:
    """Where a name inside a name may start: after a binding word and an article ("of the",
    "de la") or a binding word that holds one ("del", "du"), as `names` reads them."""
    r = naming.rules()

    def alternatives(words: frozenset[str]) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    pattern = rf"(?<!\w)(?:(?:{alternatives(r.binding)})\s+(?:{alternatives(r.articles)})"
    if r.contractions:
        pattern += rf"|(?:{alternatives(r.contractions)})"
    return re.compile(pattern + r")\s+")


_BARE_ACRONYM = re.compile(r"(?<![\w/.\-])(?=[A-Z]{3})[A-Z]{2,8}(?:/[A-Z]{1,3})?(?![\w/\-]|\.\w)")
_ROMAN = re.compile(r"[IVXLCDM]+")
_SMALL_WORD = re.compile(r"\b[a-z]{2,}\b")


@lru_cache(maxsize=1)
def _acronym_lists() -> tuple[dict[str, str], frozenset[str]]:
    """(known acronym -> the body's name, acronyms never of a body): entity_kinds.json."""
    data = vocab.load("entity_kinds.json").get("acronyms", {})
    return dict(data.get("known", {})), frozenset(data.get("not_bodies", ()))


_DEFINED = re.compile(
    r"((?:[^\W\d_][\w’'\-‐]*[\s,]+){1,10}?)\(\s*([A-Z][A-Za-z0-9&+\-/]{1,9})\s*\)"
)
_DEFINER_WORD = re.compile(r"[^\W\d_][\w’'\-‐]*")


def _defined_as_things(places: list[Place]) -> set[str]:
    """Abbreviations the text defines as those of words written small ("gross domestic product
    (GDP)", "disarmament, demobilization and reintegration (DDR)"): the shortest run of words
    before the bracket whose letters spell it holds no capitalised word, so it names a thing,
    not a body."""
    out: set[str] = set()
    connectors = naming.continuing_words()
    for place in places:
        if "(" not in place.text:
            continue
        for m in _DEFINED.finditer(place.text):
            short = m.group(2)
            words = _DEFINER_WORD.findall(m.group(1))
            for start in range(len(words) - 1, -1, -1):
                if naming.spells(short, " ".join(words[start:])):
                    tail = words[start:]
                    if all(w[0].islower() or w in connectors for w in tail):
                        out.add(short)
                    break
    return out


def _bare_acronyms(places: list[Place], merged: list[_Candidate], order: int) -> list[_Candidate]:
    """Abbreviations the text uses without ever spelling out ("the SPLA"): named bodies.

    Only in running text (a lower-case word on each side, so not a heading in capitals), never
    a roman numeral, a symbol's part ("S/RES/2155") or any known name's short form; never one
    of a thing rather than a body (entity_kinds.json `acronyms`, or defined in the text as the
    abbreviation of words written small: "gross domestic product (GDP)"). A well-known one
    (`acronyms.known`: "ICJ") is its body's: a form of that entity when the record names it,
    else an entity of the body's name and kind.
    """
    known = {c.short_name for c in merged if c.short_name}
    known |= {w for c in merged for s in c.surfaces | {c.name} for w in s.split()}
    kind = naming.rules().abbreviated_kind
    out: dict[str, _Candidate] = {}
    if kind is None:
        return []
    bodies, things = _acronym_lists()
    things = things | _defined_as_things(places)
    by_name = {_norm(c.name): c for c in merged}
    for p_index, place in enumerate(places):
        for m in _BARE_ACRONYM.finditer(place.text):
            word = m.group()
            if word in known or word in out or word in things or _ROMAN.fullmatch(word):
                continue
            if any(word in short for short in known if short and len(short) > len(word)):
                continue  # "UNIP" of a broken "UNIPSIL", "FARC" of "FARC-EP"
            before = place.text[max(0, m.start() - 12) : m.start()]
            after = place.text[m.end() : m.end() + 12]
            if not (_SMALL_WORD.search(before) and (_SMALL_WORD.search(after) or not after)):
                continue
            at = (order + p_index, m.start())
            body = bodies.get(word)
            if body is not None and (named := by_name.get(_norm(body))) is not None:
                named.surfaces.add(word)  # "the ICJ" beside "the International Court of Justice"
                named.short_name = named.short_name or word
                known.add(word)
                continue
            body_kind = naming.kind_of(body) if body else None
            if body is not None and body_kind is not None:
                out[word] = _Candidate(body, body_kind, word, {word}, False, at)
            else:
                out[word] = _Candidate(word, kind, None, {word}, False, at)
    return list(out.values())


def find_entities(
    places: list[Place], language: str | None = None
) -> tuple[list[Entity], list[Entity], NameMatcher | None]:
    """(processes, organizations, names) the places name, each once, in first-mention order.

    `names` matches every form of every entity's name (None when there is none): themes blank
    the names before they match words.
    """
    candidates: list[_Candidate] = []
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
                # "organizations^c: African Union, ...": a scope word still tells.
                item_kind = naming.scoped_kind(kind, name)
                candidates.append(
                    _Candidate(name, item_kind, short, surfaces, True, (p_index, start + number))
                )
        for r_start, r_end in scan_ranges:
            chunk = place.text[r_start:r_end]
            for start, _end, name, short, found_kind in scan_names(chunk, kind, language):
                candidates.append(
                    _Candidate(name, found_kind, short, {name}, False, (p_index, r_start + start))
                )
    merged = _merge(candidates)
    merged.extend(_bare_acronyms(places, merged, len(places)))
    mentions, status, names = _mentions(merged, places)
    processes, organizations = [], []
    order = {place.eid: i for i, place in reversed(list(enumerate(places)))}
    for index, cand in enumerate(merged):
        if cand.kind is None:  # pragma: no cover - _merge keeps none of these
            continue
        eids = sorted(mentions[index], key=lambda e: order.get(e, 0))
        if not eids:
            continue  # pragma: no cover - every name is found where it was read
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

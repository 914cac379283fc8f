"""Names of bodies, processes, conferences, agreements and frameworks in running text.

A name is a stretch of capitalised words, joined by the words names are built with ("of",
"on", "for", "in", "to", "and the" ...), that contains a *head word* of resources/
entity_kinds.json ("Committee", "Mission", "Convention", "Process" ...). Its kind is its head's:
the last head of its first stretch, before any "of"/"on"/"for" (the English noun phrase's own
head: "Office" in "Office of the United Nations High Commissioner for Refugees", "Mission" in
"United Nations Organization Stabilization Mission in the ..."). A name without a head word
counts only when the text itself gives it an abbreviation whose letters it spells ("All
Peoples Congress (APC)").

A stretch holding two names is cut where "and" or a comma joins two parts that each carry a
head ("the Conference on Disarmament and the Disarmament Commission"); a part without one
belongs to its neighbour ("Economic and Social Council", "Commission on Population and
Development"). A name inside another after "of the", "to the" ... is a name of its own too
("General Assembly" in "President of the General Assembly").

Nothing here knows a subject: a "Peace Process" is a process as a "Bali Process" is. Every
pattern is bounded and every walk is over tokens, so a long capitalised run stays linear.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from briefing import vocab
from briefing.datatypes import dataclass
from briefing.importer.lexicon import vocabulary

# A word: letters of any script, digits, and the marks inside a name ("Peoples’", "5+5",
# "Non-Proliferation", "Côte d’Ivoire").
TOKEN = re.compile(r"[^\W_][\w+’'\-‐]*[\w+]|[^\W_]")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9+&.\-/]*[A-Z0-9]")
_MAX_RUN = 40  # tokens: longer capitalised runs are headings or lists, cut into windows


@dataclass(frozen=True)
class Found:
    """One name in a sentence: offsets into it, the name, its abbreviation and its kind."""

    start: int
    end: int
    name: str
    short_name: str | None
    kind: str


@dataclass(frozen=True)
class _Rules:
    # Head phrases as word tuples -> kind; longest first when matched.
    heads: dict[tuple[str, ...], str]
    head_lengths: tuple[int, ...]
    last_words: frozenset[str]  # the last word of every head: a cheap first test
    names: dict[str, str]  # normalised whole name -> kind
    scopes: dict[str, list[tuple[frozenset[str], str]]]  # kind -> (words, kind it becomes)
    needs_complement: frozenset[str]
    connectors: frozenset[str]
    binding: frozenset[str]  # connectors that may join a name to a name ("of", "to" ...)
    stop_words: frozenset[str]
    abbreviated_kind: str | None
    articles: frozenset[str] = frozenset()  # "the", "el", "la" ...: after a binding word
    and_words: frozenset[str] = frozenset()  # "and", "y", "et", "и": join two names
    contractions: frozenset[str] = frozenset()  # binding words holding an article: "del", "du"
    trailing: frozenset[str] = frozenset()  # words a name in small letters does not end on


def is_acronym(text: str) -> bool:
    """ "UNMISS", "CoH", "FARC-EP", "E3+3": capitals and digits, few small letters, one word."""
    return (
        " " not in text
        and bool(_ACRONYM.fullmatch(text))
        and sum(c.isupper() for c in text) >= 2
        and sum(c.islower() for c in text) <= sum(c.isupper() for c in text) // 2
    )


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(phrase))


@lru_cache(maxsize=1)
def unkeyed_words() -> frozenset[str]:
    """The words a name's key leaves out: every language's articles and words for "and"."""
    out: set[str] = set()
    for words in vocab.load("entity_kinds.json")["name_words"].values():
        out.update(w.lower() for w in words.get("articles", ()) + words.get("and", ()))
    return frozenset(out)


@lru_cache(maxsize=8192)
def norm_name(name: str) -> str:
    """A name's key: case, hyphens, apostrophes, articles and "and" do not count."""
    words = re.sub(r"[‐\-’']", "", name.lower())
    words = re.sub(r"[^\w+]+", " ", words)
    skip = unkeyed_words()
    return " ".join(w for w in words.split() if w not in skip)


def _all_languages(key: str) -> frozenset[str]:
    return frozenset(
        w
        for words in vocab.load("entity_kinds.json")["name_words"].values()
        for w in words.get(key, ())
    )


@lru_cache(maxsize=1)
def continuing_words() -> frozenset[str]:
    """The connectors a longer name goes on with after a shorter reference to it, in every
    language ("of", "on", "de", "sobre" ...: entity_kinds.json `continuing`)."""
    return _all_languages("continuing")


@lru_cache(maxsize=16)
def rules_for(language: str | None) -> _Rules:
    """The rules for a record in `language`: a name is built with the words of every language
    the data lists (a Spanish letter cites "Security Council" too), and begins on none of the
    capitalised stop words of English or of the record's language ("El", "La")."""
    words = vocab.load("entity_kinds.json")["name_words"]
    stop = set(words["en"]["stop_words"]) | set(
        words.get(language or "en", {}).get("stop_words", ())
    )
    return replace(rules(), stop_words=frozenset(stop))


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = vocab.load("entity_kinds.json")
    lists = vocabulary()
    heads: dict[tuple[str, ...], str] = {}
    names: dict[str, str] = {}
    scopes: dict[str, list[tuple[frozenset[str], str]]] = {}
    complement: set[str] = set()
    fallback = None
    for kind in data["kinds"]:
        for head in kind.get("heads", ()):
            heads.setdefault(_words(head), kind["id"])
        for name in kind.get("names", ()):
            names[norm_name(name)] = kind["id"]
        scopes[kind["id"]] = [
            (frozenset(lists[s["words"]]), s["kind"]) for s in kind.get("scopes", ())
        ]
        complement |= set(kind.get("needs_complement", ()))
        if kind.get("for_abbreviated_names"):
            fallback = kind["id"]
    return _Rules(
        heads=heads,
        head_lengths=tuple(sorted({len(h) for h in heads}, reverse=True)),
        last_words=frozenset(h[-1] for h in heads),
        names=names,
        scopes=scopes,
        needs_complement=frozenset(complement),
        connectors=_all_languages("connectors"),
        binding=_all_languages("binding_connectors"),
        stop_words=frozenset(data["name_words"]["en"]["stop_words"]),
        abbreviated_kind=fallback,
        articles=_all_languages("articles"),
        and_words=_all_languages("and"),
        contractions=_all_languages("contractions"),
        trailing=_all_languages("connectors") | _all_languages("not_ending_names"),
    )


@lru_cache(maxsize=64)
def kinds_taken_by(cue: str) -> frozenset[str]:
    """The kinds whose names, in a footnote cued for `cue`, are of the cue's kind."""
    for kind in vocab.load("entity_kinds.json")["kinds"]:
        if kind["id"] == cue:
            return frozenset(kind.get("takes_kinds", ()))
    return frozenset()


def scoped_kind(kind: str, name: str) -> str:
    """The kind a scope word of the name turns `kind` into ("African Union": a regional body)."""
    words = list(_words(name))
    for scope_words, scoped in rules().scopes.get(kind, ()):
        if _has_word(words, scope_words):
            return scoped
    return kind


def head_of(name: str) -> str | None:
    """The kind of the head word a name carries, if any ("Union" in "North Union")."""
    head = _head(list(_words(name)), rules())
    return head.kind if head else None


def _is_cap(word: str) -> bool:
    return word[0].isupper() or (word[0].isdigit() and ("+" in word or len(word) == 4))


def _has_word(name_words: list[str], words: frozenset[str]) -> bool:
    return any(w in words or any(p in words for p in re.split(r"[-‐]", w)) for w in name_words)


@dataclass(frozen=True)
class _Head:
    start: int
    length: int
    kind: str
    in_first_stretch: bool

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def rank(self) -> tuple[int, int]:
        """The head that ends last wins, then the longer ("Working Group" over "Group")."""
        return self.end, self.length


def _head(words: list[str], r: _Rules) -> _Head | None:
    return _head_of_words(tuple(words))


@lru_cache(maxsize=8192)
def _head_of_words(words: tuple[str, ...]) -> _Head | None:
    """A name's head: the head phrase that begins last in its first stretch.

    The first stretch ends at the first connector ("of", "on", "for" ...); a head phrase may run
    over it ("Plan of Action", "Conference of the Parties"). When no head begins there, the last
    head of the whole name ("Cessation of Hostilities Agreement").
    """
    r = rules()
    first = next((i for i, w in enumerate(words) if w in r.binding), len(words))
    best: _Head | None = None
    for end in range(len(words), 0, -1):
        if words[end - 1] not in r.last_words:
            continue
        for length in r.head_lengths:
            start = end - length
            kind = r.heads.get(tuple(words[start:end])) if start >= 0 else None
            if kind is None:
                continue
            found = _Head(start, length, kind, start < first)
            if best is None or (
                found.in_first_stretch
                and (
                    not best.in_first_stretch or (found.end, found.length) > (best.end, best.length)
                )
            ):
                best = found
    return best


def kind_of(name: str) -> str | None:
    """The kind a name's own words give it, or None when no head word names one."""
    r = rules()
    whole = r.names.get(norm_name(name))
    if whole is not None:
        return whole
    words = list(_words(name))
    head = _head(words, r)
    return _kind(words, head, r) if head else None


def _kind(words: list[str], head: _Head, r: _Rules) -> str | None:
    if words[head.end - 1] in r.needs_complement and (
        head.end >= len(words) or words[head.end] not in r.binding
    ):
        return None  # "President Smith" is a person; "President of the ..." an office
    for scope_words, scoped in r.scopes.get(head.kind, ()):
        if _has_word(words, scope_words):
            return scoped
    return head.kind


# --- runs of capitalised words -------------------------------------------------------------

Tokens = list[tuple[int, int, str]]


def _gap(text: str, tokens: Tokens, a: int) -> str:
    return text[tokens[a][1] : tokens[a + 1][0]]


def _joined(text: str, tokens: Tokens, a: int) -> bool:
    """Tokens a and a + 1 stand apart by white space only (one line break at most)."""
    gap = _gap(text, tokens, a)
    if gap in (" ", "\n"):
        return True
    if gap in ("’ ", "' ") and tokens[a][2].endswith("s"):
        return True  # "Regional Directors’ Team"
    return gap.isspace() and gap.count("\n") <= 1 and len(gap) < 4


def _comma(text: str, tokens: Tokens, a: int) -> bool:
    gap = _gap(text, tokens, a)
    return gap.strip() == "," and gap.count("\n") <= 1


def _runs(text: str, tokens: Tokens, r: _Rules) -> list[tuple[int, int]]:
    """[first, last] token indexes of each run of capitalised words and connectors."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not _is_cap(tokens[i][2]) or tokens[i][2] in r.stop_words:
            i += 1
            continue
        j = i
        while j + 1 < n and j - i < _MAX_RUN:
            nxt = tokens[j + 1][2]
            if nxt in r.stop_words:
                break  # "... Member Mr": a title or an article starts no part of a name
            if (
                _GERUND.search(nxt)
                and j + 2 < n
                and tokens[j + 2][2] in r.binding
                and tokens[j][2] not in r.connectors
            ):
                break  # "... the Congo Financing of the ...": an agenda item's next title
            if _joined(text, tokens, j) and _is_cap(nxt) and not nxt[0].isdigit():
                j += 1
                continue
            # Connectors, then a capitalised word: "of the", "for", ", Social and".
            k = j
            if _comma(text, tokens, j):
                # "on Economic, Social and Cultural Rights": commas only inside an "on ...",
                # in a list that "and" closes.
                if not any(t[2] in r.binding for t in tokens[i : j + 1]):
                    break
                if not _list_closes(text, tokens, j + 1, r):
                    break
            elif _joined(text, tokens, j) and nxt in r.connectors:
                k = j + 1
                while (
                    k + 1 < n
                    and tokens[k + 1][2] in r.connectors
                    and _joined(text, tokens, k)
                    and k - j < 3
                ):
                    k += 1
                if not _joined(text, tokens, k):
                    break
            else:
                break
            after = tokens[k + 1][2] if k + 1 < n else ""
            if after and _is_cap(after) and not after[0].isdigit() and after not in r.stop_words:
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j + 1
    return runs


def _list_closes(text: str, tokens: Tokens, k: int, r: _Rules) -> bool:
    """From token k on, capitalised items split by commas, then "and" and one more item."""
    for at in range(k, min(len(tokens) - 1, k + 16)):
        word = tokens[at][2]
        if word in r.and_words:
            return _is_cap(tokens[at + 1][2])
        if not (_is_cap(word) or word in r.connectors):
            return False
        if not (_joined(text, tokens, at) or _comma(text, tokens, at)):
            return False
    return False


def _has_head(words: list[str], r: _Rules) -> bool:
    return _head(words, r) is not None or norm_name(" ".join(words)) in r.names


# An adjective ("Economic", "Social", "Legislative") waits for the head it qualifies.
_ADJECTIVE = re.compile(r"(?:ic|al|ive)$")


def _in_complement(words: list[str], r: _Rules) -> bool:
    """Whether a name ends after its head, on an "of ..." ("Commission on Population")."""
    head = _head(words, r)
    return head is not None and any(w in r.binding for w in words[head.end :])


def _split(text: str, tokens: Tokens, first: int, last: int, r: _Rules) -> list[tuple[int, int]]:
    """A run cut into names at each "and" or comma between two parts that carry a head."""
    parts: list[tuple[int, int]] = []
    start = k = first
    while k < last:
        if _comma(text, tokens, k):
            parts.append((start, k))
            start = k + 1 + (tokens[k + 1][2] in r.and_words)
        elif tokens[k + 1][2] in r.and_words and k + 2 <= last:
            parts.append((start, k))
            start = k + 2
            k += 1
        elif (
            "\n" in _gap(text, tokens, k)
            and tokens[k][2] not in r.connectors
            and tokens[k + 1][2] not in r.connectors
        ):
            # A line break between two words of a run: two lines of a heading or a table
            # ("... in the Congo / Financing of the ...") unless one part has no head.
            parts.append((start, k))
            start = k + 1
        k += 1
    parts.append((start, last))

    def words(part: tuple[int, int]) -> list[str]:
        return [t[2] for t in tokens[part[0] : part[1] + 1]]

    def _stands_apart(part: tuple[int, int]) -> bool:
        """A part that is a name of its own though it has no head: an acronym, a name the text
        abbreviates ("and the Fuerzas Armadas ... (FARC-EP)"), a long one after "the"."""
        first_word = tokens[part[0]][2]
        if is_acronym(first_word):
            return True
        short = _short_after(text, tokens[part[1]][1])
        if short and spells(short, " ".join(words(part))):
            return True
        return first_word in r.articles and part[1] - part[0] > 2

    merged: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # a part with no head, waiting for the next
    for part in parts:
        if pending is not None and tokens[part[0]][2] not in r.articles:
            part = (pending[0], part[1])  # "Economic and Social Council"
        pending = None
        if _has_head(words(part), r):
            merged.append(part)
        elif (
            merged
            and _in_complement(words(merged[-1]), r)
            and not _ADJECTIVE.search(tokens[part[1]][2])
            and not _stands_apart(part)
        ):
            # A part without a head belongs to the name before it ("... on Economic, Social
            # and Cultural Rights", "Commission for Latin America and the Caribbean") ...
            merged[-1] = (merged[-1][0], part[1])
        elif not is_acronym(tokens[part[1]][2]):
            # ... unless it starts a name: "Economic and Social Council", "the Economic and ...".
            pending = part
    if pending is not None:
        if merged and _in_complement(words(merged[-1]), r) and not _stands_apart(pending):
            merged[-1] = (merged[-1][0], pending[1])  # "... of Bacteriological": nothing follows
        else:
            merged.append(pending)  # a name with no head: it counts if the text abbreviates it
    return merged


def _short_after(text: str, end: int) -> str | None:
    after = re.match(r"\s*\(([^()]{1,20})\)", text[end : end + 24])
    if after and is_acronym(after.group(1).strip()):
        return after.group(1).strip()
    return None


def spells(short: str, name: str) -> bool:
    """Whether an abbreviation's letters can be read off the name, its first at a word's start.

    Schwartz and Hearst's test (2003): each letter of the short form, right to left, is found
    in the long form, the first one at the start of a word.
    """
    if "-" in short and not spells_letters(short, name):
        # "FARC-EP": the part before the hyphen names the body ("Fuerzas Armadas
        # Revolucionarias de Colombia — Ejercito del Pueblo" across a dash).
        short = short.split("-")[0]
    return spells_letters(short, name)


def spells_letters(short: str, name: str) -> bool:
    letters = [c.lower() for c in short if c.isalnum()]
    long = name.lower()
    pos = len(long) - 1
    for index in range(len(letters) - 1, -1, -1):
        c = letters[index]
        while pos >= 0 and (long[pos] != c or (index == 0 and pos > 0 and long[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return False
        pos -= 1
    return True


@lru_cache(maxsize=1)
def _region() -> re.Pattern[str]:
    """A cheap superset of the runs `_runs` reads: capitalised words, gaps and connectors.

    Only these stretches are cut into tokens, so a sentence without a capitalised run costs one
    regex scan. Bounded repeats: linear on any input.
    """
    connectors = "|".join(sorted(map(re.escape, rules().connectors), key=len, reverse=True))
    cap = r"\b[A-Z0-9À-ÖØ-ÞА-ЯЁ][\w’'\-‐+]*"
    gap = r"(?:,?\s{1,3}|’\s)"
    return re.compile(rf"{cap}(?:{gap}(?:(?:{connectors}){gap}){{0,3}}{cap}){{0,{_MAX_RUN}}}")


def _alone_in_stretch(words: list[str], head: _Head, r: _Rules) -> bool:
    """Whether only connectors stand between the head and the binding word before it."""
    k = head.start
    while k > 0 and words[k - 1] in r.connectors and words[k - 1] not in r.binding:
        k -= 1
    return k == 0 or words[k - 1] in r.binding


def _long_form(words: list[str], short: str) -> int | None:
    """Where the shortest tail of the words that spells the abbreviation starts, if one does."""
    for start in range(len(words) - 1, -1, -1):
        if words[start][0].isupper() and spells(short, " ".join(words[start:])):
            return start
    return None


_GERUND = re.compile(r"^[A-Z][a-z]+ing$")
_BRACKET_AFTER = re.compile(r"\s{0,3}\(")


@lru_cache(maxsize=1)
def _lowercase_names() -> re.Pattern[str] | None:
    """Heads written in small letters ("draft articles"), named by what follows: "on ..."."""
    r = rules()
    heads = [" ".join(h) for h in r.heads if h[0][0].islower()]
    if not heads:
        return None
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in heads)
    binding = "|".join(sorted(map(re.escape, r.binding), key=len, reverse=True))
    word = r"[a-z][\w\-]*"
    return re.compile(rf"\b(?:{alternatives})\s+(?:{binding})\s+{word}(?:\s+{word}){{0,11}}")


@lru_cache(maxsize=1)
def _small_letter_names() -> re.Pattern[str] | None:
    """Whole names of the data written with a word in small letters, as French and Russian
    write them ("Conseil de sécurité", "Secrétaire général", "Генеральный секретарь"): no run
    of capitalised words holds them, so they are found as written."""
    names = [
        name
        for kind in vocab.load("entity_kinds.json")["kinds"]
        for name in kind.get("names", ())
        if any(w[0].islower() and w not in rules().connectors for w in _words(name)[1:])
    ]
    if not names:
        return None
    ordered = sorted(set(names), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
    return re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])")


def scan(text: str, language: str | None = None) -> list[Found]:
    """Every name in one sentence, with its abbreviation and kind, in order of its start.

    `language` is the record's (ISO 639-1): its capitalised stop words begin no name."""
    r = rules_for(language)
    out: list[Found] = []
    lowercase = _lowercase_names()
    if lowercase is not None and lowercase.search(text):
        trailing = "|".join(sorted(map(re.escape, r.trailing), key=len, reverse=True))
        for m in lowercase.finditer(text):
            name = re.sub(r"\s+", " ", m.group())
            name = re.sub(rf"(?:\s+(?:{trailing}))+$", "", name)
            kind = kind_of(name)
            if kind is not None:
                out.append(Found(m.start(), m.start() + len(name), name, None, kind))
    small = _small_letter_names()
    if small is not None:
        for m in small.finditer(text):
            name = re.sub(r"\s+", " ", m.group())
            kind = r.names.get(norm_name(name))
            if kind is not None:
                out.append(Found(m.start(), m.end(), name, _short_after(text, m.end()), kind))
    opening = TOKEN.search(text)
    for region in _region().finditer(text):
        chunk = region.group()
        if " " not in chunk and "\n" not in chunk and norm_name(chunk) not in r.names:
            continue  # one word names nothing unless it is a name by itself ("Secretariat")
        words = TOKEN.findall(chunk)
        # A region that holds no head word can only be a name the text abbreviates after it.
        if (
            r.last_words.isdisjoint(words)
            and not _BRACKET_AFTER.match(text, region.end())
            and not any(norm_name(w) in r.names for w in words)
        ):
            continue
        tokens: Tokens = [
            (m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, *region.span())
        ]
        out.extend(_scan_tokens(text, tokens, r, opening.start() if opening else -1))
    out.sort(key=lambda f: (f.start, -f.end))
    return out


@lru_cache(maxsize=1)
def _opening_verbs() -> frozenset[str]:
    """The one-word verbs, adverbs and preambular openers a resolution's paragraph opens with,
    in every language of resources/outcomes.json ("requests", "urges", "also", "recalling"):
    never the first word of a name."""
    data = vocab.load("outcomes.json")
    words: set[str] = set()
    for family in data.get("families", []):
        for forms in family.get("verbs", {}).values():
            for verb in forms:
                words.update(f.casefold() for f in verb.get("forms", []) if " " not in f)
    for adverbs in data.get("adverbs", {}).values():
        words.update(a.casefold() for a in adverbs if " " not in a)
    for openers in data.get("preambular_openers", {}).values():
        words.update(o.casefold() for o in openers if " " not in o)
    return frozenset(words)


def _scan_tokens(text: str, tokens: Tokens, r: _Rules, opening: int) -> list[Found]:
    out: list[Found] = []
    seen: set[tuple[int, int]] = set()

    def emit(first: int, last: int, outermost: bool = True) -> None:
        while first <= last and (
            tokens[first][2] in r.connectors or tokens[first][2] in r.stop_words
        ):
            first += 1
        while last >= first and tokens[last][2] in r.connectors:
            last -= 1
        if first > last or (first, last) in seen:
            return
        seen.add((first, last))
        words = [t[2] for t in tokens[first : last + 1]]
        if (
            tokens[first][0] == opening
            and len(words) > 1
            # Only the vocabulary's verbs: an ending ("-ed", "-es") also drops "United", "States".
            and words[0].casefold() in _opening_verbs()
        ):
            return emit(
                first + 1, last, outermost
            )  # a sentence's opening verb: "Recalling General ..."
        head = _head(words, r)
        if (
            head is not None
            and not head.in_first_stretch
            and (head.end < len(words) or _alone_in_stretch(words, head, r))
        ):
            # "Final Document of the Tenth Special Session ...", "Members of the Committee": the
            # head stands in a later stretch, which is the name ("Status of Forces Agreement",
            # ending on a head with words of its own before it, is one name).
            k = head.start
            while k > 0 and words[k - 1] not in r.binding:
                k -= 1
            return emit(first + k, last, outermost)
        start, end = tokens[first][0], tokens[last][1]
        name = re.sub(r"\s+", " ", text[start:end])
        # An abbreviation after the name is the outermost name's, not a name's inside it.
        short = _short_after(text, end) if outermost else None
        kind = r.names.get(norm_name(name))
        if kind is None and head is not None and len(words) > 1:
            if head.length == len(words) == 1:
                kind = None
            elif head.start == 0 and head.end == len(words) and len(words) == head.length:
                kind = None  # a head phrase alone ("Working Group") refers; it does not name
            else:
                kind = _kind(words, head, r)
        if kind is None and short and outermost and r.abbreviated_kind:
            at = _long_form(words, short)
            if at is not None and len(words) - at > 1:
                if at > 0:
                    return emit(first + at, last, outermost)
                kind = r.abbreviated_kind
        if kind is not None:
            out.append(Found(start, end, name, short, kind))
        for k in range(first + 1, last - 1):
            # A name inside the name: "General Assembly" in "President of the General Assembly"
            # (after "of the", "to the" ...; "Status of Forces Agreement" holds none).
            if tokens[k][2] in r.binding and tokens[k + 1][2] in r.articles:
                emit(k + 2, last, False)
            elif tokens[k][2] in r.contractions:
                emit(k + 1, last, False)  # "Presidencia del Consejo de Seguridad"

    for first, last in _runs(text, tokens, r):
        for a, b in _split(text, tokens, first, last, r):
            emit(a, b)
    return out

"""Full-text search over every record, every match ranked: `elements` and two FTS5 indexes.

`elements` is derived from each record's places (one row a paragraph, point or footnote, in
reading order, its lead-in and closing as one text, plus one `record` row holding the
masthead: symbol, title, organ, session), written by `index_record` whenever a record is stored
or re-derived. Only the store writes it.

Ranking is FTS5's bm25 over every matching place, never a recency cut. bm25 costs FTS5 about
2 µs a matching row, so a word in 16,000 places took 30-60 ms; a word the whole library uses
is answered instead from an **impact side index** (research and figures: BENCHMARKS.md):

- `search_impact` holds, for each place, one token `<term>_<tf>_<length>` per distinct FTS5
  token of the place (tf: its count there; length: the place's tokens), indexed by the FTS5
  table `search_impact_fts` (detail=none) and listed by the `search_impact_vocab` view.
- bm25 of a place for terms t1..tk is sum idf(t) * tf*(k1+1) / (tf + k1*(1-b+b*length/avgdl)):
  it depends on the place only through (tf..., length). The vocabulary lists every
  (tf, length) group of a term with its size without reading a place; the groups are scored
  with FTS5's own N and average length (its `averages` record) and only the best groups'
  places are fetched. The scores equal FTS5's `rank` (a test compares them on every sample).
- One plain word, or several (implicit AND), over the whole library take this path; phrases
  (a symbol such as "A/RES/67/219"), prefixes, OR/NOT and searches within one record go to
  FTS5 `ORDER BY rank` over every match (within a record, a rowid range keeps it small).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from briefing.datatypes import dataclass
from briefing.domain import QueryError, Record

K1 = 1.2
B = 0.75
TOKENIZE = "unicode61 remove_diacritics 2"

# The index as migration 0004 builds it (frozen with that migration). External content: the
# FTS5 tables hold only the indexes; triggers keep them in step on every insert and delete (a
# record's deletion cascades to its elements, their impact rows and so both indexes).
# remove_diacritics 2: "Roman" finds "Román", "developpement" finds "développement".
SCHEMA_0004 = f"""
CREATE TABLE elements (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    eid TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX elements_record_eid ON elements (record_id, eid);
CREATE VIRTUAL TABLE elements_fts USING fts5 (
    text,
    content = 'elements',
    content_rowid = 'id',
    tokenize = '{TOKENIZE}'
);
CREATE TRIGGER elements_fts_insert AFTER INSERT ON elements BEGIN
    INSERT INTO elements_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER elements_fts_delete AFTER DELETE ON elements BEGIN
    INSERT INTO elements_fts (elements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TABLE search_impact (
    element_id INTEGER PRIMARY KEY REFERENCES elements (id) ON DELETE CASCADE,
    tokens TEXT NOT NULL
);
CREATE VIRTUAL TABLE search_impact_fts USING fts5 (
    tokens,
    content = 'search_impact',
    content_rowid = 'element_id',
    detail = none,
    columnsize = 0,
    tokenize = "ascii tokenchars '_'"
);
CREATE VIRTUAL TABLE search_impact_vocab USING fts5vocab (search_impact_fts, 'row');
CREATE TRIGGER search_impact_insert AFTER INSERT ON search_impact BEGIN
    INSERT INTO search_impact_fts (rowid, tokens) VALUES (new.element_id, new.tokens);
END;
CREATE TRIGGER search_impact_delete AFTER DELETE ON search_impact BEGIN
    INSERT INTO search_impact_fts (search_impact_fts, rowid, tokens)
    VALUES ('delete', old.element_id, old.tokens);
END
"""

# The kind of the one row per record that holds its masthead, so a symbol typed as a query
# ("A/RES/67/219", "S/PV.7138") finds the record; its eid is "" (the record itself).
RECORD_ROW = "record"

# Snippet highlight markers: private-use characters, stripped and turned into offsets.
_HL_START = "\ue000"
_HL_END = "\ue001"


def _masthead_text(record: Record) -> str:
    lines = [
        record.symbol or "",
        record.title,
        record.subtitle,
        record.organ or "",
        record.session or "",
    ]
    return "\n".join(line for line in lines if line)


def place_search_text(place: Any) -> str:
    """What a place is found by: its text and, for a list, the closing text after it."""
    closing = getattr(place, "closing", "")
    return f"{place.text}\n{closing}" if closing else place.text


def index_masthead(conn: sqlite3.Connection, record_id: int, record: Record) -> None:
    """Rewrite a record's masthead row (after the delegate corrected its symbol or title, so
    the corrected symbol finds the record), keeping the row's id in the record's range."""
    row = conn.execute(
        "SELECT id FROM elements WHERE record_id = ? AND kind = ?", (record_id, RECORD_ROW)
    ).fetchone()
    if row is None:
        return
    element_id = int(row[0])
    text = _masthead_text(record)
    conn.execute("DELETE FROM search_impact WHERE element_id = ?", (element_id,))
    conn.execute("DELETE FROM elements WHERE id = ?", (element_id,))
    conn.execute(
        "INSERT INTO elements (id, record_id, position, kind, eid, text) "
        "VALUES (?, ?, 0, ?, '', ?)",
        (element_id, record_id, RECORD_ROW, text),
    )
    _index_impacts(conn, [(element_id, text)])


def index_record(conn: sqlite3.Connection, record_id: int, record: Record) -> None:
    """(Re)write a record's rows of both search indexes, inside the caller's transaction.

    Consecutive ids from the top: a record's elements form one id range, which scoped search
    relies on.
    """
    # The impact rows first (the cascade would take them too, but only with foreign keys on).
    conn.execute(
        "DELETE FROM search_impact WHERE element_id IN "
        "(SELECT id FROM elements WHERE record_id = ?)",
        (record_id,),
    )
    conn.execute("DELETE FROM elements WHERE record_id = ?", (record_id,))
    first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM elements").fetchone()[0])
    rows: list[tuple[Any, ...]] = [(first, record_id, 0, RECORD_ROW, "", _masthead_text(record))]
    for position, place in enumerate(record.places(), start=1):
        kind = type(place).__name__.lower()  # paragraph, point, footnote
        rows.append(
            (first + position, record_id, position, kind, place.eid, place_search_text(place))
        )
    conn.executemany(
        "INSERT INTO elements (id, record_id, position, kind, eid, text) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    _index_impacts(conn, [(row[0], row[5]) for row in rows])


@dataclass(frozen=True)
class SearchHit:
    record_id: int
    record_title: str  # the record's symbol, or its title when it has none
    eid: str  # "" for a hit on the record's masthead (its symbol or title)
    kind: str  # "paragraph", "point", "footnote" or "record"
    snippet: str  # plain text, no markers
    highlights: list[tuple[int, int]]  # (start, end) offsets of matched terms in snippet
    rank: float  # bm25: lower is better


class SearchHits(list[SearchHit]):
    """The best hits, best first, and `total`: how many places match in all."""

    def __init__(self, hits=(), *, total: int = 0) -> None:
        super().__init__(hits)
        self.total = total


def search(
    conn: sqlite3.Connection, query: str, record_id: int | None = None, limit: int = 50
) -> tuple[list[tuple[Any, ...]], int]:
    """Top `limit` places best (bm25, lower is better) first, every match ranked, and the
    number of matching places. Each row: (record_id, eid, kind, snippet with highlight
    markers, rank). Raises QueryError on a malformed query."""
    match = fts_query(query)
    if match is None:
        return [], 0
    try:
        if record_id is None:
            terms = _plain_terms(conn, match)
            if terms is not None and len(terms) == 1:
                return _search_term(conn, match, terms[0], limit)
            if terms is not None:
                found = _search_terms_and(conn, match, terms, limit)
                if found is not None:
                    return found
        return _search_fts(conn, match, record_id, limit)
    except sqlite3.OperationalError as exc:
        detail = str(exc).removeprefix("fts5: ")
        raise QueryError(
            f"cannot search for {query.strip()!r}: {detail} "
            "(AND, OR and NOT need words on both sides; brackets must pair)"
        ) from exc


def mastheads_first(
    conn: sqlite3.Connection, query: str, rows: list[tuple[Any, ...]], record_id: int | None
) -> list[tuple[Any, ...]]:
    """A query that is a record's symbol ("A/RES/67/219", "s/pv.7138") finds that record first:
    its masthead row leads the hits, however many places cite the symbol."""
    symbol = " ".join(query.split())
    if "/" not in symbol:
        return rows
    sql = "SELECT e.id FROM records r JOIN elements e ON e.record_id = r.id AND e.kind = ? "
    sql += "WHERE (r.symbol = ? COLLATE NOCASE OR r.id IN (SELECT record_id FROM "
    sql += "record_overrides WHERE field = 'symbol' AND value = ? COLLATE NOCASE))"
    params: list[Any] = [RECORD_ROW, symbol, symbol]
    if record_id is not None:
        sql += " AND r.id = ?"
        params.append(record_id)
    ids = [row[0] for row in conn.execute(sql, params)]
    if not ids:
        return rows
    match = fts_query(symbol)
    found = conn.execute(
        "SELECT e.record_id, e.eid, e.kind, "
        f"snippet(elements_fts, 0, '{_HL_START}', '{_HL_END}', '…', 24), f.rank "
        "FROM elements_fts f JOIN elements e ON e.id = f.rowid "
        f"WHERE elements_fts MATCH ? AND f.rowid IN ({','.join('?' * len(ids))})",
        [match, *ids],
    ).fetchall()
    leading = {(row[0], row[2]) for row in found}
    return found + [row for row in rows if (row[0], row[2]) not in leading]


def hits_from_rows(rows: list[tuple[Any, ...]], total: int, titles: dict[int, str]) -> SearchHits:
    hits = SearchHits(total=total)
    for rid, eid, kind, snippet, rank in rows:
        text, highlights = _strip_highlights(snippet)
        hits.append(SearchHit(rid, titles.get(rid, ""), eid, kind, text, highlights, rank))
    return hits


_QUERY_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+|"')
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def any_phrase_query(names: Iterable[str]) -> str:
    """A user query that finds any of these names as a phrase: '"Bali Process" OR "BP"'.

    What Find in All Records types into the search field, so the delegate sees (and can edit)
    what was searched. Quotes inside a name are dropped: a phrase cannot hold them.
    """
    phrases: list[str] = []
    for name in names:
        words = " ".join(name.replace('"', " ").split())
        if any(c.isalnum() for c in words) and f'"{words}"' not in phrases:
            phrases.append(f'"{words}"')
    return " OR ".join(phrases)


def fts_query(query: str) -> str | None:
    """A user's query as an FTS5 MATCH expression, or None when it holds no words (as today)."""
    tokens = _QUERY_TOKEN.findall(query)
    # Brackets group only beside an operator: "S/RES/2155 (2014)" is a symbol, not a group.
    advanced = any(t in _OPERATORS for t in tokens)
    out: list[str] = []
    for token in tokens:
        if token in ("(", ")") or token in _OPERATORS:
            out.append(token)
        elif token.startswith('"'):
            inner = token.strip('"')
            if any(c.isalnum() for c in inner):
                out.append(f'"{inner}"')
        else:
            prefix = token.endswith("*")
            word = token.strip("*")
            if any(c.isalnum() for c in word):
                out.append(f'"{word}"' + ("*" if prefix else ""))
    if not advanced:
        out = [t for t in out if t not in ("(", ")") and t not in _OPERATORS]
    if not any(t.startswith('"') for t in out):
        if advanced and out:
            raise QueryError(f"cannot search for {query.strip()!r}: it holds no words")
        return None
    if advanced:
        _check_operators(query, out)
    return " ".join(out)


def _check_operators(query: str, tokens: list[str]) -> None:
    """Refuse a misplaced operator or an unpaired bracket before FTS5 sees the query (the fast
    path never hands a query to FTS5, which would have refused it)."""
    depth = 0
    previous = None  # None: the start, or right after "(" or an operator
    for token in tokens:
        if token in _OPERATORS:
            if previous is None:
                break
            previous = None
        elif token == "(":
            depth += 1
            previous = None
        elif token == ")":
            depth -= 1
            if depth < 0 or previous is None:
                break
            previous = token
        else:
            previous = token
    else:
        if depth == 0 and previous is not None:
            return
    raise QueryError(
        f"cannot search for {query.strip()!r}: "
        "AND, OR and NOT need words on both sides; brackets must pair"
    )


# A temp FTS5 table with the same tokenizer: import tokenizes a record's places through it, so
# the postings hold exactly FTS5's tokens; a non-ASCII query word is tokenized through it too.
_TEMP = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok USING fts5 (
    text, content = '', tokenize = '{TOKENIZE}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok_instance
    USING fts5vocab (temp, search_tok, 'instance');
"""


_TOKENIZER = threading.local()


def _tokenizer() -> sqlite3.Connection:
    """An in-memory connection of its own for the temp tokenizing table, one per thread, in
    autocommit mode. On the library's connection, tokenizing a non-ASCII search word began a
    transaction that nothing committed: every later write became a savepoint inside it, lost
    when the library closed, and the connection held the write lock against the others."""
    conn = getattr(_TOKENIZER, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        for statement in _TEMP.split(";"):
            if statement.strip():
                conn.execute(statement)
        _TOKENIZER.conn = conn
    return conn


def _candidate_separators() -> list[int]:
    """Non-ASCII characters Unicode calls punctuation, spaces, symbols, controls or format
    characters (none in unicode61's token classes L*, N*, Co, by today's Unicode)."""
    return [
        cp
        for cp in range(0x80, 0x3000)  # Latin-1, General Punctuation, arrows, ... (enough)
        if unicodedata.category(chr(cp))[0] in "PZS"
        or unicodedata.category(chr(cp)) in ("Cc", "Cf")
    ]


_SEPARATORS: dict[int, str] | None = None


def _separators() -> dict[int, str]:
    """The candidates that this SQLite's unicode61 really splits on, mapped to a space.

    Asked of SQLite itself, once a process: its Unicode tables may be older than Python's, and
    a character assigned since (U+2066 LEFT-TO-RIGHT ISOLATE, U+20BD ROUBLE SIGN) is a token
    character to it. Guessing from Python's tables put such a text's tokens wrong."""
    global _SEPARATORS
    if _SEPARATORS is None:
        conn = _tokenizer()
        candidates = _candidate_separators()
        conn.executemany(
            "INSERT INTO temp.search_tok (rowid, text) VALUES (?, ?)",
            ((cp, f"a{chr(cp)}b") for cp in candidates),
        )
        tokens: Counter[int] = Counter(
            doc for (doc,) in conn.execute("SELECT doc FROM temp.search_tok_instance")
        )
        conn.execute("INSERT INTO temp.search_tok (search_tok) VALUES ('delete-all')")
        _SEPARATORS = {cp: " " for cp in candidates if tokens[cp] == 2}
    return _SEPARATORS


_ASCII_TOKEN = re.compile(r"[a-z0-9]+")


def _tokenize(rows: Iterable[tuple[int, str]]):
    """{rowid: {token: tf}} for rows of (rowid, text), exactly as FTS5's unicode61 tokenizes.

    A text whose letters and digits are all ASCII is tokenized here (unicode61 on ASCII is
    lower-casing and splitting on everything but [a-z0-9]); any other text goes through a temp
    FTS5 table with the same tokenizer and its fts5vocab 'instance' table."""
    out: dict[int, dict[str, int]] = {}
    slow = []
    separators = _separators()
    for rowid, text in rows:
        plain = text.translate(separators)
        if plain.isascii():
            out[rowid] = Counter(_ASCII_TOKEN.findall(plain.lower()))
        else:
            slow.append((rowid, text))
    if slow:
        conn = _tokenizer()
        conn.executemany("INSERT INTO temp.search_tok (rowid, text) VALUES (?, ?)", slow)
        for term, doc in conn.execute("SELECT term, doc FROM temp.search_tok_instance"):
            counts = out.setdefault(doc, {})
            counts[term] = counts.get(term, 0) + 1
        conn.execute("INSERT INTO temp.search_tok (search_tok) VALUES ('delete-all')")
    return out


def _index_impacts(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    """Write the impact tokens of these (element id, text) rows; the FTS trigger does the rest."""
    docs = _tokenize(rows)
    conn.executemany(
        "INSERT INTO search_impact (element_id, tokens) VALUES (?, ?)",
        (
            (doc, " ".join(f"{term}_{tf}_{length}" for term, tf in terms.items()))
            for doc, terms in docs.items()
            for length in (sum(terms.values()),)
        ),
    )


_PHRASE = re.compile(r'"([^"]*)"')


def _word_token(conn, word):
    """The one FTS5 token a word makes, else None (several tokens make a phrase)."""
    if _ASCII_WORD.fullmatch(word):
        return word.lower()  # unicode61 on ASCII: lower case, split on non-alphanumerics
    if word.isascii():
        return None
    terms = _tokenize([(1, word)]).get(1, {})
    if len(terms) == 1 and next(iter(terms.values())) == 1:
        return next(iter(terms))
    return None


def _plain_terms(conn, match):
    """The tokens of a query made only of one-token words all required ("a" "b", or with
    AND between them), else None: phrases, prefixes, OR, NOT and brackets go to FTS5."""
    parts = [p for p in match.split(" ") if p != "AND"]
    terms = []
    for part in parts:
        m = _PHRASE.fullmatch(part)
        if m is None:
            return None
        token = _word_token(conn, m.group(1))
        if token is None:
            return None
        terms.append(token)
    return terms or None


def _varint(blob: bytes, i: int) -> tuple[int, int]:
    """SQLite's 1-9 byte big-endian varint, as FTS5 writes its 'averages' record."""
    value = 0
    for n in range(8):
        byte = blob[i + n]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, i + n + 1
    return (value << 8) | blob[i + 8], i + 9


def _row_count_and_tokens(conn: sqlite3.Connection) -> tuple[int, int]:
    """(rows, tokens) as bm25 sees them: FTS5's 'averages' record (id 1 in %_data)."""
    row = conn.execute("SELECT block FROM elements_fts_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return 0, 0
    n_rows, i = _varint(row[0], 0)
    n_tokens, _ = _varint(row[0], i)
    return n_rows, n_tokens


def _idf(n_rows: int, n_hit: int) -> float:
    idf = math.log((n_rows - n_hit + 0.5) / (n_hit + 0.5))
    return idf if idf > 0 else 1e-6


def _snippets(conn, match, ids):
    """{id: (record_id, eid, kind, snippet)} for the kept rows, via FTS5 snippet() (one
    statement: FTS5 seeks each rowid of the IN list and makes a snippet for those only)."""
    if not ids:
        return {}
    sql = (
        "SELECT e.id, e.record_id, e.eid, e.kind, f.snippet FROM ("
        "SELECT rowid AS id, "
        f"snippet(elements_fts, 0, '{_HL_START}', '{_HL_END}', '…', 24) AS snippet "
        f"FROM elements_fts WHERE elements_fts MATCH ? AND rowid IN ({','.join('?' * len(ids))})"
        ") AS f JOIN elements e ON e.id = f.id"
    )
    return {row[0]: row[1:] for row in conn.execute(sql, (match, *ids))}


def _groups(conn, term):
    """[(tf, length, places)] for every (tf, length) group of the places holding `term`, straight
    off the impact index's vocabulary ('_' sorts before letters and digits, '`' right after)."""
    cut = len(term) + 1
    out = []
    for token, n in conn.execute(
        "SELECT term, doc FROM search_impact_vocab WHERE term >= ? AND term < ?",
        (term + "_", term + "`"),
    ):
        tf, _, length = token[cut:].partition("_")
        out.append((int(tf), int(length), n))
    return out


def _scorer(conn):
    n_rows, n_tokens = _row_count_and_tokens(conn)
    k1b = K1 * (1 - B)
    k1bd = K1 * B / (n_tokens / n_rows)

    def impact(tf, length):
        return tf * (K1 + 1) / (tf + k1b + k1bd * length)

    return n_rows, impact


def _group_rows(conn, term, tf, length, limit=-1):
    return [
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM search_impact_fts WHERE search_impact_fts MATCH ? LIMIT ?",
            (f'"{term}_{tf}_{length}"', limit),
        )
    ]


def _hits(conn, match, scored, limit, terms=()):
    """Snippets for the best `limit` of [(rank, element_id)], in order."""
    scored.sort()
    scored = scored[:limit]
    ids = [i for _, i in scored]
    snips = _token_snippets(conn, ids, terms) if terms else {}
    rest = [i for i in ids if i not in snips]
    if rest:
        snips.update(_snippets(conn, match, rest))
    return [(*snips[i][:2], snips[i][2], snips[i][3], rank) for rank, i in scored if i in snips]


SNIPPET_TOKENS = 24  # as FTS5's snippet() is asked for (_snippets)
_TOKEN_SPAN = re.compile(r"[A-Za-z0-9]+")


def _token_snippets(
    conn: sqlite3.Connection, ids: list[int], terms: Iterable[str]
) -> dict[int, tuple[Any, ...]]:
    """Snippets made here for the places whose tokens are plain ASCII words once this SQLite's
    separators are spaces (most places): the same tokens as FTS5's, found with a regex.

    FTS5's snippet() costs 0.1-0.4 ms a row (it re-reads the term's positions for each), the
    most of a fully ranked search; a place with other characters is left to it."""
    wanted = set(terms)
    separators = _separators()
    marks = ",".join("?" * len(ids))
    out: dict[int, tuple[Any, ...]] = {}
    for element_id, record_id, eid, kind, text in conn.execute(
        f"SELECT id, record_id, eid, kind, text FROM elements WHERE id IN ({marks})", ids
    ):
        plain = text.translate(separators)  # one character for one: offsets hold
        if not plain.isascii():
            continue
        spans = [(m.start(), m.end()) for m in _TOKEN_SPAN.finditer(plain)]
        hits = [n for n, (a, b) in enumerate(spans) if plain[a:b].lower() in wanted]
        if not hits:
            continue
        first = max(0, min(hits[0] - 4, len(spans) - SNIPPET_TOKENS))
        last = min(len(spans), first + SNIPPET_TOKENS)
        pieces = ["…"] if first > 0 else []
        cursor = spans[first][0]
        for n in range(first, last):
            a, b = spans[n]
            if n in hits:
                pieces.append(text[cursor:a] + _HL_START + text[a:b] + _HL_END)
                cursor = b
        pieces.append(text[cursor : spans[last - 1][1]])
        if last < len(spans):
            pieces.append("…")
        out[element_id] = (record_id, eid, kind, "".join(pieces))
    return out


def _search_term(conn, match, term, limit):
    """One token over the whole library: bm25 orders its places by (tf, length) alone."""
    groups = _groups(conn, term)
    total = sum(g[2] for g in groups)
    if not total:
        return [], 0
    n_rows, impact = _scorer(conn)
    idf = _idf(n_rows, total)
    need = limit
    scored: list[tuple[float, int]] = []
    for rank, tf, length, n in sorted((-idf * impact(tf, ln), tf, ln, n) for tf, ln, n in groups):
        take = min(n, need)
        scored += [(rank, i) for i in _group_rows(conn, term, tf, length, take)]
        need -= take
        if not need:
            break
    return _hits(conn, match, scored, limit, (term,)), total


MAX_COMBINATIONS = 400  # (tf..., length) combinations tried before FTS5 ranks the query itself


def _search_terms_and(conn, match, terms, limit):
    """Several tokens, all required (plain words), whole library: exact bm25 top `limit`,
    else None to let FTS5 rank it.

    A place holding every term has one length L and, for each term, one group (tf, L): its
    bm25 is a function of that combination alone. So: list every combination of the terms'
    groups that share a length (a few hundred), score each, and walk them best first, asking
    the impact index for the places in all of the combination's groups at once (an FTS5 AND
    of a few short doclists) until `limit` places are found."""
    unique = list(dict.fromkeys(terms))
    by_length: dict[str, dict[int, list[int]]] = {}
    df = {}
    for t in unique:
        groups = _groups(conn, t)
        if not groups:
            return [], 0
        df[t] = sum(g[2] for g in groups)
        lengths: dict[int, list[int]] = {}
        for tf, ln, _n in groups:
            lengths.setdefault(ln, []).append(tf)
        by_length[t] = lengths
    total = conn.execute(
        "SELECT count(*) FROM elements_fts WHERE elements_fts MATCH ?", (match,)
    ).fetchone()[0]
    if not total:
        return [], 0
    n_rows, impact = _scorer(conn)
    weight = {t: _idf(n_rows, df[t]) * terms.count(t) for t in unique}
    shared = set.intersection(*(set(by_length[t]) for t in unique))
    combos = []
    for ln in shared:
        partial = [(0.0, ())]
        for t in unique:
            partial = [
                (score + weight[t] * impact(tf, ln), tfs + (tf,))
                for score, tfs in partial
                for tf in by_length[t][ln]
            ]
        combos += [(-score, tfs, ln) for score, tfs in partial]
    combos.sort()
    need = min(limit, total)
    scored: list[tuple[float, int]] = []
    for tried, (rank, tfs, ln) in enumerate(combos):
        if tried >= MAX_COMBINATIONS:
            return None
        expr = " AND ".join(f'"{t}_{tf}_{ln}"' for t, tf in zip(unique, tfs, strict=True))
        rows = conn.execute(
            "SELECT rowid FROM search_impact_fts WHERE search_impact_fts MATCH ? LIMIT ?",
            (expr, need - len(scored)),
        ).fetchall()
        scored += [(rank, r[0]) for r in rows]
        if len(scored) >= need:
            break
    return _hits(conn, match, scored, limit, unique), total


def _search_fts(conn, match, record_id, limit):
    where = "elements_fts MATCH ?"
    params: list = [match]
    outer = ""
    if record_id is not None:
        lo, hi = conn.execute(
            "SELECT min(id), max(id) FROM elements WHERE record_id = ?", (record_id,)
        ).fetchone()
        if lo is None:
            return [], 0
        where += " AND rowid BETWEEN ? AND ?"
        params += [lo, hi]
        outer = " WHERE e.record_id = ?"
    total = conn.execute(f"SELECT count(*) FROM elements_fts WHERE {where}", params).fetchone()[0]
    if not total:
        return [], 0
    sql = (
        "SELECT e.record_id, e.eid, e.kind, f.snippet, f.rank FROM ("
        "SELECT rowid AS id, "
        f"snippet(elements_fts, 0, '{_HL_START}', '{_HL_END}', '…', 24) AS snippet, "
        f"rank FROM elements_fts WHERE {where} ORDER BY rank LIMIT ?"
        f") AS f JOIN elements e ON e.id = f.id{outer} ORDER BY f.rank, e.id"
    )
    params.append(limit)
    if record_id is not None:
        params.append(record_id)
    return conn.execute(sql, params).fetchall(), total


_HIGHLIGHT_MARK = re.compile(f"([{_HL_START}{_HL_END}])")


def _strip_highlights(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet without its highlight markers, and the (start, end) of each highlight.

    Split on the markers rather than walked character by character: 50 snippets a search cost
    3.6 ms walked, a tenth of that split."""
    text: list[str] = []
    highlights: list[tuple[int, int]] = []
    start: int | None = None
    length = 0
    for piece in _HIGHLIGHT_MARK.split(snippet):
        if piece == _HL_START:
            start = length
        elif piece == _HL_END:
            if start is not None and length > start:
                highlights.append((start, length))
            start = None
        elif piece:
            text.append(piece)
            length += len(piece)
    return "".join(text), highlights

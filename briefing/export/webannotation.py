"""Annotations as W3C Web Annotation Data Model JSON-LD: out for sharing, back in to merge.

The file is one `AnnotationCollection` whose first (and only) `AnnotationPage` holds the
annotations. Each targets its record (a URN built from `Record.key`) with a `TextQuoteSelector`
(the quote, with prefix and suffix from the neighbouring places) and an `EidSelector` (our own,
the place's eid). The note is a `TextualBody` (text/plain); tags are `TextualBody`s with purpose
`tagging`; stance, priority, the "raise at the meeting" flag, the line to take, the "if raised"
line and detachment are extension properties defined by our context. Each record's objectives
ride on the collection (`objectives`, one entry per record key). docs/annotations-format.md
describes it with an example.

`from_jsonld` checks the whole file before anything is returned, so a malformed or foreign file
is refused (AnnotationFormatError, one clear reason) and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from briefing import __version__, atomic
from briefing.domain import (
    Annotation,
    AnnotationFormatError,
    ExportError,
    Objectives,
    Priority,
    Record,
    Stance,
)
from briefing.domain.anchoring import place_texts
from briefing.domain.annotations import annotation_problem, objectives_problem
from briefing.domain.times import format_time, parse_time
from briefing.files import UnreadableFile, read_regular_file, readable_name

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFING_NS = "https://briefing.example.org/ns/annotations#"
# Our extension terms, given with the file so any JSON-LD processor can expand them.
BRIEFING_CONTEXT: dict[str, Any] = {
    "briefing": BRIEFING_NS,
    "EidSelector": "briefing:EidSelector",
    "stance": {"@id": "briefing:stance", "@type": "@vocab"},
    "priority": {"@id": "briefing:priority", "@type": "@vocab"},
    "raiseAtMeeting": "briefing:raiseAtMeeting",
    "lineToTake": "briefing:lineToTake",
    "ifRaised": "briefing:ifRaised",
    "objectives": {"@id": "briefing:objectives", "@container": "@set"},
    "RecordObjectives": "briefing:RecordObjectives",
    "detached": "briefing:detached",
    "recordKey": "briefing:recordKey",
    "recordTitle": "briefing:recordTitle",
    "support": "briefing:support",
    "support_with_amendments": "briefing:support_with_amendments",
    "neutral": "briefing:neutral",
    "concern": "briefing:concern",
    "oppose": "briefing:oppose",
    "seek_instructions": "briefing:seek_instructions",
    "high": "briefing:high",
    "normal": "briefing:normal",
    "low": "briefing:low",
}
RECORD_URN_PREFIX = "urn:briefing:record:"
CONTEXT_CHARS = 32  # of prefix and suffix in a TextQuoteSelector
MAX_FILE_BYTES = 50 * 1024 * 1024

_UUID_URN = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")


def record_urn(key: str) -> str:
    """`symbol:A/RES/67/219` -> `urn:briefing:record:symbol:A%2FRES%2F67%2F219`."""
    return RECORD_URN_PREFIX + urllib.parse.quote(key, safe=":")


def key_from_urn(urn: str) -> str:
    if not urn.startswith(RECORD_URN_PREFIX):
        raise AnnotationFormatError(f"target source {urn!r} is not a Briefing record URN")
    key = urllib.parse.unquote(urn.removeprefix(RECORD_URN_PREFIX))
    if not key:
        raise AnnotationFormatError(f"target source {urn!r} names no record")
    return key


# --- out ------------------------------------------------------------------------------------


def to_jsonld(
    annotations: Iterable[Annotation],
    records: Iterable[Record] | Mapping[str, Record] = (),
    *,
    label: str = "Briefing annotations",
    collection_id: str | None = None,
    objectives: Iterable[Objectives] = (),
) -> dict[str, Any]:
    """An AnnotationCollection of `annotations`; `records` (by key) give prefixes and suffixes;
    `objectives` (each record's) ride on the collection."""
    by_key: dict[str, Record] = (
        dict(records) if isinstance(records, Mapping) else {r.key: r for r in records}
    )
    neighbours: dict[str, dict[str, tuple[str, str]]] = {}
    items = []
    for annotation in annotations:
        record = by_key.get(annotation.record_key)
        if record is not None and annotation.record_key not in neighbours:
            neighbours[annotation.record_key] = _neighbours(record)
        context = neighbours.get(annotation.record_key, {})
        prefix, suffix = (
            ("", "") if annotation.detached else context.get(annotation.target_eid, ("", ""))
        )
        items.append(_annotation_json(annotation, record, prefix, suffix))
    collection_urn = collection_id or f"urn:uuid:{uuid.uuid4()}"
    out: dict[str, Any] = {
        "@context": [W3C_CONTEXT, BRIEFING_CONTEXT],
        "id": collection_urn,
        "type": "AnnotationCollection",
        "label": label,
        "generator": {"type": "Software", "name": f"Briefing {__version__}"},
        "generated": format_time(dt.datetime.now(dt.UTC)),
        "total": len(items),
    }
    objective_items = [
        {
            "type": "RecordObjectives",
            "source": record_urn(item.record_key),
            "recordKey": item.record_key,
            "value": item.text,
            "creator": {"type": "Person", "name": item.author},
            "modified": format_time(item.updated),
        }
        for item in objectives
        if item.text.strip()
    ]
    if objective_items:
        out["objectives"] = objective_items
    out["first"] = {
        "id": f"{collection_urn}#page1",
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": items,
    }
    return out


def _neighbours(record: Record) -> dict[str, tuple[str, str]]:
    places = place_texts(record)
    out: dict[str, tuple[str, str]] = {}
    for i, (eid, _text) in enumerate(places):
        before = places[i - 1][1] if i > 0 else ""
        after = places[i + 1][1] if i + 1 < len(places) else ""
        out[eid] = (before[-CONTEXT_CHARS:], after[:CONTEXT_CHARS])
    return out


def _annotation_json(
    annotation: Annotation, record: Record | None, prefix: str, suffix: str
) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = []
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": annotation.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    bodies.extend(
        {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags
    )
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": annotation.quote}
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    target: dict[str, Any] = {
        "source": record_urn(annotation.record_key),
        "recordKey": annotation.record_key,
        "selector": [quote, {"type": "EidSelector", "value": annotation.target_eid}],
    }
    if record is not None:
        target["recordTitle"] = record.display_title
    out: dict[str, Any] = {
        "id": f"urn:uuid:{annotation.uid}",
        "type": "Annotation",
        "motivation": "commenting" if annotation.note else ("tagging" if bodies else "assessing"),
        "created": format_time(annotation.created),
        "modified": format_time(annotation.updated),
        "creator": {"type": "Person", "name": annotation.author},
    }
    if bodies:
        out["body"] = bodies
    out["target"] = target
    if annotation.stance is not None:
        out["stance"] = annotation.stance.value
    out["priority"] = Priority(annotation.priority).value
    out["raiseAtMeeting"] = bool(annotation.raise_at_meeting)
    if annotation.line_to_take:
        out["lineToTake"] = annotation.line_to_take
    if annotation.if_raised:
        out["ifRaised"] = annotation.if_raised
    if annotation.detached:
        out["detached"] = True
    return out


def write_jsonld(data: dict[str, Any], out: Path) -> Path:
    """Write atomically (briefing.atomic): a temporary file beside `out`, then a rename."""
    out = Path(out)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomically(out, text.encode("utf-8"))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


# --- in -------------------------------------------------------------------------------------


def read_jsonld(path: Path) -> list[Annotation]:
    """Read and check a shared annotation file; AnnotationFormatError naming the file."""
    return read_exchange(path)[0]


def read_exchange(path: Path) -> tuple[list[Annotation], list[Objectives]]:
    """A shared file's annotations and objectives, all checked before either is returned;
    AnnotationFormatError naming the file."""
    path = Path(path)
    name = readable_name(path.name)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise AnnotationFormatError(
            f"{readable_name(path)}: cannot read it: {exc.reason}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationFormatError(f"{name}: not a text file (not UTF-8)") from exc
    try:
        data = load_json(text)
    except ValueError as exc:
        raise AnnotationFormatError(f"{name}: not JSON ({exc})") from exc
    try:
        return from_jsonld(data), objectives_from_jsonld(data)
    except AnnotationFormatError as exc:
        raise AnnotationFormatError(f"{name}: {exc}") from exc


def objectives_from_jsonld(data: Any) -> list[Objectives]:
    """The records' objectives a collection carries (none for a file without them)."""
    if not isinstance(data, dict) or "objectives" not in data:
        return []
    out: list[Objectives] = []
    seen: set[str] = set()
    for index, item in enumerate(_as_list(data["objectives"]), start=1):
        where = f"objectives {index}"
        if not isinstance(item, dict):
            raise AnnotationFormatError(f"{where}: not a JSON object")
        try:
            key = key_from_urn(_need(item, "source"))
            if item.get("recordKey", key) != key:
                raise AnnotationFormatError("recordKey and source disagree")
            if key in seen:
                raise AnnotationFormatError(f"record {key!r} twice")
            seen.add(key)
            text = _need(item, "value")
            creator = item.get("creator")
            author = creator.get("name", "") if isinstance(creator, dict) else creator or ""
            if not isinstance(author, str):
                raise AnnotationFormatError("'creator' has no name")
            objectives = Objectives(
                record_key=key, text=text, author=author.strip(), updated=_time(item, "modified")
            )
        except AnnotationFormatError as exc:
            raise AnnotationFormatError(f"{where}: {exc}") from exc
        problem = objectives_problem(objectives)
        if problem is not None:
            raise AnnotationFormatError(f"{where}: {problem}")
        out.append(objectives)
    return out


def load_json(text: str) -> Any:
    """json.loads, but a document nested deeper than Python's recursion limit (a collection
    of thousands of pages linked by `next` nests one level per page) is parsed by a loop.

    Raises:
        ValueError: not JSON; the message gives the line and column.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        return _loads_iteratively(text)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_JSON_WORDS = {"true": True, "false": False, "null": None}


def _loads_iteratively(text: str) -> Any:
    """A JSON parser with its own stack instead of the interpreter's: any depth, same result."""
    from json.decoder import scanstring  # type: ignore[attr-defined]  # public, not in stubs

    def fail(message: str, at: int) -> ValueError:
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        return ValueError(f"line {line}, column {column}: {message}")

    def space(at: int) -> int:
        return _JSON_SPACE.match(text, at).end()  # type: ignore[union-attr]

    def key(at: int) -> tuple[str, int]:
        if text[at : at + 1] != '"':
            raise fail("Expecting property name enclosed in double quotes", at)
        name, at = scanstring(text, at + 1)
        at = space(at)
        if text[at : at + 1] != ":":
            raise fail("Expecting ':' delimiter", at)
        return name, space(at + 1)

    containers: list[Any] = []
    keys: list[str | None] = []
    at = space(0)
    try:
        while True:
            # A value starts at `at`.
            char = text[at : at + 1]
            if char == "{":
                at = space(at + 1)
                if text[at : at + 1] != "}":
                    name, at = key(at)
                    containers.append({})
                    keys.append(name)
                    continue
                value: Any = {}
                at += 1
            elif char == "[":
                at = space(at + 1)
                if text[at : at + 1] != "]":
                    containers.append([])
                    keys.append(None)
                    continue
                value = []
                at += 1
            elif char == '"':
                value, at = scanstring(text, at + 1)
            elif match := _JSON_NUMBER.match(text, at):
                number = match.group()
                value = float(number) if match.group(1) or match.group(2) else int(number)
                at = match.end()
            else:
                for word, word_value in _JSON_WORDS.items():
                    if text.startswith(word, at):
                        value, at = word_value, at + len(word)
                        break
                else:
                    raise fail("Expecting value", at)
            # A value ended: put it in its container, then close containers or go on.
            while True:
                if not containers:
                    at = space(at)
                    if at != len(text):
                        raise fail("Extra data", at)
                    return value
                top = containers[-1]
                if isinstance(top, list):
                    top.append(value)
                else:
                    top[keys[-1]] = value
                at = space(at)
                char = text[at : at + 1]
                if char == ",":
                    at = space(at + 1)
                    if isinstance(top, dict):
                        keys[-1], at = key(at)
                    break
                if char == ("]" if isinstance(top, list) else "}"):
                    value = containers.pop()
                    keys.pop()
                    at += 1
                    continue
                raise fail("Expecting ',' delimiter", at)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def from_jsonld(data: Any) -> list[Annotation]:
    """The annotations of a W3C AnnotationCollection (or a single Annotation) in our mapping."""
    if not isinstance(data, dict):
        raise AnnotationFormatError("not a JSON-LD object")
    contexts = data.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    if W3C_CONTEXT not in contexts:
        raise AnnotationFormatError(
            f"not a W3C Web Annotation file (@context does not include {W3C_CONTEXT})"
        )
    kind = data.get("type")
    if kind == "Annotation":
        raw_items: list[Any] = [data]
    elif kind == "AnnotationCollection":
        raw_items = _collection_items(data)
    else:
        raise AnnotationFormatError(
            f"type is {kind!r}, expected 'AnnotationCollection' or 'Annotation'"
        )
    out: list[Annotation] = []
    seen: set[str] = set()
    for index, item in enumerate(raw_items, start=1):
        try:
            annotation = _annotation_from(item)
        except AnnotationFormatError as exc:
            raise AnnotationFormatError(f"annotation {index}: {exc}") from exc
        if annotation.uid in seen:
            raise AnnotationFormatError(f"annotation {index}: id urn:uuid:{annotation.uid} twice")
        seen.add(annotation.uid)
        out.append(annotation)
    return out


def _collection_items(data: dict[str, Any]) -> list[Any]:
    items: list[Any] = []
    page = data.get("first")
    if page is None:
        if data.get("total", 0) == 0:
            return []
        raise AnnotationFormatError("the collection has no 'first' page")
    pages = 0
    while page is not None:
        pages += 1
        if pages > 10_000:
            raise AnnotationFormatError("too many pages")
        if not isinstance(page, dict) or page.get("type") != "AnnotationPage":
            raise AnnotationFormatError("'first' is not an embedded AnnotationPage")
        page_items = page.get("items")
        if not isinstance(page_items, list):
            raise AnnotationFormatError("an AnnotationPage has no 'items' list")
        items.extend(page_items)
        page = page.get("next") if isinstance(page.get("next"), dict) else None
    total = data.get("total")
    if total is not None and total != len(items):
        raise AnnotationFormatError(f"'total' says {total} but the file holds {len(items)}")
    return items


def _need(obj: dict[str, Any], name: str, kind: type | tuple[type, ...] = str) -> Any:
    if name not in obj:
        raise AnnotationFormatError(f"missing '{name}'")
    value = obj[name]
    if not isinstance(value, kind):
        raise AnnotationFormatError(f"'{name}' has the wrong type")
    return value


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _annotation_from(item: Any) -> Annotation:
    if not isinstance(item, dict):
        raise AnnotationFormatError("not a JSON object")
    if item.get("type") != "Annotation":
        raise AnnotationFormatError(f"type is {item.get('type')!r}, expected 'Annotation'")
    match = _UUID_URN.match(_need(item, "id"))
    if not match:
        raise AnnotationFormatError(f"id {item['id']!r} is not a urn:uuid")
    try:
        uid = str(uuid.UUID(match.group(1)))
    except ValueError as exc:
        raise AnnotationFormatError(f"id {item['id']!r} is not a valid UUID") from exc

    target = _need(item, "target", dict)
    key = target.get("recordKey")
    source_key = key_from_urn(_need(target, "source"))
    if key is not None and key != source_key:
        raise AnnotationFormatError("target recordKey and source disagree")
    eid: str | None = None
    quote: str | None = None
    for selector in _as_list(_need(target, "selector", (dict, list))):
        if not isinstance(selector, dict):
            raise AnnotationFormatError("a selector is not an object")
        if selector.get("type") == "EidSelector":
            eid = _need(selector, "value")
        elif selector.get("type") == "TextQuoteSelector":
            quote = _need(selector, "exact")
    if not eid:
        raise AnnotationFormatError("the target has no EidSelector with a value")
    if quote is None:
        raise AnnotationFormatError("the target has no TextQuoteSelector")

    note_parts: list[str] = []
    tags: list[str] = []
    for body in _as_list(item.get("body", [])):
        if not isinstance(body, dict):
            raise AnnotationFormatError("a body is not an object")
        if body.get("type") != "TextualBody":
            continue  # a body of another kind (a link, an image): not ours to show
        value = _need(body, "value")
        purposes = _as_list(body.get("purpose", "commenting"))
        if "tagging" in purposes:
            tags.append(value)
        else:
            if body.get("format", "text/plain") != "text/plain":
                raise AnnotationFormatError(f"a note in {body['format']!r}; only text/plain")
            note_parts.append(value)

    creator = item.get("creator")
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    if isinstance(creator, dict):
        author = creator.get("name") or creator.get("nickname") or ""
    elif isinstance(creator, str):
        author = creator
    else:
        author = ""
    if not isinstance(author, str) or not author.strip():
        raise AnnotationFormatError("missing 'creator' name")

    created = _time(item, "created")
    modified = _time(item, "modified") if "modified" in item else created

    stance: Stance | None = None
    if item.get("stance") is not None:
        try:
            stance = Stance(_need(item, "stance").removeprefix("briefing:"))
        except ValueError as exc:
            raise AnnotationFormatError(f"unknown stance {item['stance']!r}") from exc
    try:
        priority = Priority(str(item.get("priority", "normal")).removeprefix("briefing:"))
    except ValueError as exc:
        raise AnnotationFormatError(f"unknown priority {item['priority']!r}") from exc
    raise_flag = item.get("raiseAtMeeting", False)
    if not isinstance(raise_flag, bool):
        raise AnnotationFormatError("'raiseAtMeeting' is not true or false")
    detached = item.get("detached", False)
    if not isinstance(detached, bool):
        raise AnnotationFormatError("'detached' is not true or false")
    lines = {}
    for term in ("lineToTake", "ifRaised"):
        value = item.get(term, "")
        if not isinstance(value, str):
            raise AnnotationFormatError(f"'{term}' is not text")
        lines[term] = value

    annotation = Annotation(
        uid=uid,
        record_key=source_key,
        target_eid=eid,
        quote=quote,
        author=author.strip(),
        created=created,
        updated=modified,
        note="\n\n".join(note_parts),
        stance=stance,
        priority=priority,
        tags=tags,
        raise_at_meeting=raise_flag,
        line_to_take=lines["lineToTake"],
        if_raised=lines["ifRaised"],
        detached=detached,
    )
    problem = annotation_problem(annotation)
    if problem is not None:
        raise AnnotationFormatError(problem)
    return annotation


def _time(item: dict[str, Any], name: str) -> dt.datetime:
    text = _need(item, name)
    try:
        return parse_time(text)
    except ValueError as exc:
        raise AnnotationFormatError(f"'{name}': {exc}") from exc

"""The derived record as one JSON document: a generic codec over the domain's dataclasses.

The store keeps each record's analysis as the JSON this module writes (see docs/architecture.md):
one column, re-derived from the record's source whenever the importer improves. The codec walks
the dataclasses' own type hints, so a field the importer gains (a speaker list, a page number)
is stored and read back without a change here or a migration:

- a field left at its default is not written, and a field missing from the JSON takes its
  default (a record derived by an older importer reads with the newer model);
- keys the model does not know are ignored; private fields (`_index`) are never written;
- enums are written by value, dates as ISO 8601 text, dataclasses as objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from functools import cache
from typing import Any

from briefing.domain import Record

_MISSING = dataclasses.MISSING


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """(name, type, default or a factory's value marker) of each stored field of a dataclass."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.name.startswith("_") or not f.init:
            continue
        out.append((f.name, hints[f.name], f))
    return tuple(out)


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not _MISSING:
        return bool(value == f.default)
    if f.default_factory is not _MISSING:
        return bool(value == f.default_factory())
    return False


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        # StrEnum values are str: written as their value.
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):  # a datetime too: isoformat keeps its time and zone
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name, _hint, f in _fields(type(value)):
            item = getattr(value, name)
            if not _is_default(f, item):
                out[name] = _encode(item)
        return out
    raise TypeError(f"cannot store a {type(value).__name__} in a derived record")


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _decode(options[0], value)
        for option in options:  # an enum member first (StrEnum | str), then the first that fits
            if isinstance(option, type) and issubclass(option, enum.Enum):
                try:
                    return option(value)
                except ValueError:
                    continue
        for option in options:
            if isinstance(option, type) and isinstance(value, option):
                return value
        return value
    if origin is list:
        (item_hint, *_rest) = typing.get_args(hint) or (Any,)
        return [_decode(item_hint, v) for v in value]
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args or [Any] * len(value), value, strict=True))
    if origin is dict:
        _key, item_hint = typing.get_args(hint) or (str, Any)
        return {k: _decode(item_hint, v) for k, v in value.items()}
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _build(hint, value)
        if issubclass(hint, enum.Enum):
            return hint(value)
        if hint is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if hint is dt.date:
            return dt.date.fromisoformat(value)
    return value


def _build(cls: type, data: dict[str, Any]) -> Any:
    kwargs = {name: _decode(hint, data[name]) for name, hint, _f in _fields(cls) if name in data}
    return cls(**kwargs)


def record_to_json(record: Record) -> str:
    """The record's content as compact JSON (id and key are the store's, not the content's)."""
    data = _encode(record)
    data.pop("id", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def record_from_json(text: str) -> Record:
    """The inverse of record_to_json; ValueError when the text is not a stored record."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("a derived record is a JSON object")
    record: Record = _build(Record, data)
    return record

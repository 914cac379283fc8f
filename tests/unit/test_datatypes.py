"""briefing.datatypes.dataclass behaves as dataclasses.dataclass, without compiling repr/eq/hash."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
from pathlib import Path

import pytest

import briefing
from briefing import datatypes


def _pair(body: dict, **options):
    """The same class body under the standard decorator and under ours."""
    annotations = body.get("__annotations__", {})
    made = []
    for decorate in (dataclasses.dataclass, datatypes.dataclass):
        namespace = dict(body, __annotations__=dict(annotations), __module__=__name__)
        made.append(decorate(type("Point", (), namespace), **options))
    return made


PLAIN = {"__annotations__": {"x": "int", "y": "str"}, "y": "a"}
HIDDEN = {
    "__annotations__": {"x": "int", "secret": "str", "note": "str"},
    "secret": dataclasses.field(default="s", repr=False),
    "note": dataclasses.field(default="n", compare=False),
}


@pytest.mark.parametrize("frozen", [False, True])
@pytest.mark.parametrize(
    "body", [PLAIN, HIDDEN, {"__annotations__": {}}], ids=["plain", "hidden", "empty"]
)
def test_repr_eq_and_hash_as_the_standard_decorator(body, frozen):
    standard, ours = _pair(body, frozen=frozen)
    assert ours.__repr__ is datatypes.shared_repr
    assert ours.__eq__ is datatypes.shared_eq
    names = [f.name for f in dataclasses.fields(standard)]
    values = dict(zip(names, (1, "b", "c"), strict=False))
    other = dict(values, **({names[-1]: "other"} if names else {}))
    a, b = standard(**values), ours(**values)
    assert repr(a) == repr(b)
    assert (standard(**values) == standard(**other)) == (ours(**values) == ours(**other))
    assert (standard(**values) == standard(**values)) is (ours(**values) == ours(**values)) is True
    # Another class with the same fields is not equal, as with the standard decorator.
    assert (ours(**values) == standard(**values)) is False
    assert ours(**values).__eq__(object()) is NotImplemented
    if frozen:
        assert hash(a) == hash(b)
        with pytest.raises(dataclasses.FrozenInstanceError):
            b.x = 2
    else:
        assert standard.__hash__ is None and ours.__hash__ is None
        with pytest.raises(TypeError):
            hash(b)


def test_fields_left_out_of_repr_and_comparison():
    _standard, ours = _pair(HIDDEN)
    point = ours(x=1, secret="pin", note="first")
    assert repr(point) == "Point(x=1, note='first')"
    assert point == ours(x=1, secret="pin", note="second")
    assert point != ours(x=1, secret="other", note="first")


def test_hash_follows_the_fields_marked_for_it():
    body = {
        "__annotations__": {"x": "int", "label": "str"},
        "label": dataclasses.field(default="", hash=False),
    }
    standard, ours = _pair(body, frozen=True)
    assert hash(ours(1, "a")) == hash(ours(1, "b")) == hash(standard(1, "a")) == hash((1,))


def test_a_written_hash_or_eq_is_kept():
    def own_hash(self):
        return 7

    def own_eq(self, other):
        return True

    _s, ours = _pair({"__annotations__": {"x": "int"}, "__hash__": own_hash})
    assert hash(ours(1)) == 7
    _s, ours = _pair({"__annotations__": {"x": "int"}, "__eq__": own_eq})
    assert ours(1) == ours(2) and ours.__hash__ is None


def test_a_recursive_repr_stops_as_the_standard_one_does():
    body = {"__annotations__": {"items": "list"}}
    standard, ours = _pair(body)
    a, b = standard([]), ours([])
    a.items.append(a)
    b.items.append(b)
    assert repr(a) == repr(b) == "Point(items=[...])"


def test_a_plain_subclass_reads_the_fields_it_inherits():
    _s, ours = _pair(PLAIN)
    child = type("Child", (ours,), {})
    assert repr(child(1)) == "Child(x=1, y='a')"
    assert child(1) == child(1) and child(1) != ours(1)


def test_order_and_unsafe_hash_go_to_the_standard_decorator():
    _s, ours = _pair(PLAIN, order=True)
    assert ours(1) < ours(2)
    assert ours.__eq__ is not datatypes.shared_eq


def test_every_dataclass_of_ours_shares_its_methods():
    """The start's saving holds only if our classes use this decorator: a module that goes back
    to `from dataclasses import dataclass` compiles its methods again."""
    compiled = []
    for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if info.name.startswith("briefing.ui") or info.name == "briefing.app":
            continue  # the window's modules load Qt: checked below from their source
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and dataclasses.is_dataclass(value)
                and value.__repr__ is not datatypes.shared_repr
            ):
                compiled.append(f"{module.__name__}.{value.__qualname__}")
    assert compiled == []
    standard = []
    for path in Path(briefing.__file__).parent.rglob("*.py"):
        if path.name == "datatypes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            by_name = isinstance(node, ast.ImportFrom) and node.module == "dataclasses"
            if by_name and any(alias.name == "dataclass" for alias in node.names):
                standard.append(path.name)
            if isinstance(node, ast.Attribute) and node.attr == "dataclass":
                standard.append(path.name)
    assert standard == []

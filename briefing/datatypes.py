"""`dataclass`, with `__repr__`, `__eq__` and `__hash__` shared rather than compiled per class.

Python 3.11's dataclasses write every generated method out as source text and compile it.
Before the window's first frame that is 165 compilations for our 40 classes: 45 ms of a start
that issue 18 holds to 2.5 times a bare window. `__init__` (and a frozen class's guards) stay
generated: they run once per instance, and compiled code is what makes them fast. The repr,
equality and hash read each class's fields once, here, and behave as the generated ones do:

- `repr`: `Class(a=1, b='x')` with the class's `__qualname__`, fields with `repr=False` left out,
  and `...` for an instance met again inside itself;
- `==`: instances of the very same class compared field by field (the `compare=True` fields, as
  one tuple against another), anything else `NotImplemented`;
- `hash`: a mutable class unhashable, a frozen one hashed as the tuple of its hashed fields, an
  explicit `__hash__` in the class body kept.

A class that asks for `order` or `unsafe_hash` is handed to the standard decorator whole.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class _Shape:
    """The fields one class's repr, equality and hash read, taken from its dataclass fields."""

    __slots__ = ("compared", "hashed", "shown")

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.compared = _tuple_getter([f.name for f in fields if f.compare])
        self.hashed = _tuple_getter(
            [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
        )
        self.shown = tuple(f.name for f in fields if f.repr)


def _tuple_getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an instance's values of `names` as a tuple (attrgetter gives a bare
    value for one name)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


_shapes: dict[type, _Shape] = {}


def _shape(cls: type) -> _Shape:
    shape = _shapes.get(cls)
    if shape is None:  # a plain subclass of one of ours: the fields it inherits
        shape = _shapes[cls] = _Shape(cls)
    return shape


@reprlib.recursive_repr()
def shared_repr(self: Any) -> str:
    cls = self.__class__
    values = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shape(cls).shown)
    return f"{cls.__qualname__}({values})"


def shared_eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        compared = _shape(self.__class__).compared
        return compared(self) == compared(other)
    return NotImplemented


def shared_hash(self: Any) -> int:
    return hash(_shape(self.__class__).hashed(self))


def _explicit_hash(cls: type) -> bool:
    """The standard decorator's test: a `__hash__` written in the class body (Python's own
    `__hash__ = None`, set beside a written `__eq__`, does not count)."""
    own = cls.__dict__.get("__hash__", dataclasses.MISSING)
    return not (own is dataclasses.MISSING or (own is None and "__eq__" in cls.__dict__))


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(
    cls: type[T] | None = None,
    /,
    *,
    repr: bool = True,  # noqa: A002 (the standard decorator's own names)
    eq: bool = True,
    frozen: bool = False,
    **options: Any,
) -> Any:
    """`dataclasses.dataclass` with the same options and meaning (see the module's doc)."""

    def wrap(cls: type[T]) -> type[T]:
        if options.get("order") or options.get("unsafe_hash"):
            return dataclasses.dataclass(cls, repr=repr, eq=eq, frozen=frozen, **options)
        explicit_hash = _explicit_hash(cls)
        own = dict(cls.__dict__)
        made = dataclasses.dataclass(cls, repr=False, eq=False, frozen=frozen, **options)
        _shapes[made] = _Shape(made)
        if repr and "__repr__" not in own:
            made.__repr__ = shared_repr  # type: ignore[assignment]
        if eq:
            if "__eq__" not in own:
                made.__eq__ = shared_eq  # type: ignore[assignment]
            if not explicit_hash:
                made.__hash__ = shared_hash if frozen else None  # type: ignore[assignment]
        return made

    return wrap if cls is None else wrap(cls)

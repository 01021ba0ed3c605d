"""GraphQL objects that show an upstream record through its attributes of the same names.

A type that shows an upstream record declares each of its fields once, with
its description, under the model's own attribute name; ``view`` makes an
object of the type that answers those fields from the record, so no per-type
copier repeats the field list. Only what differs (a renamed field, a value
shown as a graph type) is given by name.

Nothing is copied: the object is an instance of a subclass of the type (so
Strawberry and graphql-core take it for the type, interfaces and unions
included) whose fields read the record's attribute of the same name when
asked for. A page of records answers a query that selects a few fields
without copying the rest, and a record's parts read on first use
(``upstreams.billing.decode.later``) stay unread unless a field reads them.
A field shown as another type than the record's is ``computed`` from the view
when first read, so it costs nothing either when no query selects it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")

RECORD = "_record"
"""Where a view keeps its record, among its own attributes."""

Made = tuple[tuple[str, Callable[[], Any]], ...]
"""A type's fields whose default is made per object: (name, factory)."""

_SHOWING: dict[tuple[Any, ...], tuple[type[Any], Made]] = {}
"""Per type and names given: its showing subclass and made defaults, built on first use."""

_COMPUTED: dict[type[Any], dict[str, Callable[[Any], Any]]] = {}
"""Each type's computed fields: name -> how a view computes it."""


def view(cls: type[T], record: object, **given: Any) -> T:
    """A ``cls`` whose fields are ``given``, their defaults, or else ``record``'s attributes.

    A field that is none of these is an ``AttributeError`` at the first view
    of its type from such a record, not when a query first selects it.
    """
    key = (cls, type(record), *given)
    found = _SHOWING.get(key)
    if found is None:
        showing = _showing(cls, frozenset(given))
        _check(showing, record)
        found = _SHOWING[key] = (showing, _made(cls, given))
    showing, made = found
    shown: T = object.__new__(showing)
    own = shown.__dict__
    for name, factory in made:
        own[name] = factory()
    own.update(given)
    own[RECORD] = record
    return shown


def computed(cls: type[T], name: str) -> Callable[[Callable[[T], Any]], Callable[[T], Any]]:
    """Declare how ``cls``'s views compute the field ``name``, when it is first read.

    For a field shown otherwise than the record holds it: the decorated
    function gets the view (``record_of`` gives its record) and its answer is
    kept on the view. Declared before the type's first view.
    """

    def declare(read: Callable[[T], Any]) -> Callable[[T], Any]:
        if any(key[0] is cls for key in _SHOWING):
            raise RuntimeError(f"{cls.__name__} was shown before its field {name} was declared")
        _COMPUTED.setdefault(cls, {})[name] = read
        return read

    return declare


def record_of(shown: object) -> Any:
    """The record a view shows."""
    return shown.__dict__[RECORD]


class Computed:
    """A computed field: worked out on first read, then kept as the object's own attribute.

    A class attribute of a view's class, or of any class whose objects keep
    their attributes in ``__dict__`` (a connection's lazy cursors).
    """

    __slots__ = ("name", "read")

    def __init__(self, name: str, read: Callable[[Any], Any]) -> None:
        self.name = name
        self.read = read

    def __get__(self, shown: Any, owner: type[Any] | None = None) -> Any:
        if shown is None:
            return self
        value = shown.__dict__[self.name] = self.read(shown)
        return value


def _showing(cls: type[T], given: frozenset[str]) -> type[T]:
    """The subclass of ``cls`` whose views read each field not ``given`` off their record.

    A field without a default is a read-only property over the record's
    attribute (``attrgetter``, so reading one runs no Python code); a field
    with a default keeps it, as a constructed object would.
    """
    computed = _COMPUTED.get(cls, {})
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
    }
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in given or not _read_off_record(field):
            continue
        read = computed.get(field.name)
        if read is not None:
            namespace[field.name] = Computed(field.name, read)
        else:
            namespace[field.name] = property(attrgetter(f"{RECORD}.{field.name}"))
    return type(cls.__name__, (cls,), namespace)


def _check(showing: type[Any], record: object) -> None:
    """Every field ``showing`` reads off a record is an attribute of ``record``'s kind.

    Asked of the record's class where it declares its fields, so a record
    whose parts are read on first use is not made to read them here.
    """
    kind = type(record)
    known = (
        {field.name for field in dataclasses.fields(kind)}
        if dataclasses.is_dataclass(kind)
        else set(dir(record))
    )
    for name, value in vars(showing).items():
        if isinstance(value, property) and name not in known:
            raise AttributeError(f"{kind.__name__} has no {name} for {showing.__name__}")


def _read_off_record(field: dataclasses.Field[Any]) -> bool:
    return (
        field.init
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    )


def _made(cls: type[Any], given: dict[str, Any]) -> Made:
    return tuple(
        (field.name, field.default_factory)
        for field in dataclasses.fields(cls)
        if field.default_factory is not dataclasses.MISSING and field.name not in given
    )

"""Relay ``node``/``nodes`` through the per-request loaders, the same way for every type.

A Node type declares how it is read by id in one line::

    resolve_nodes = nodes_by_id(ledger_account_loader, lambda _key, record: ...)

and Relay's ``node``/``nodes``, the federation ``_entities`` and any root
field that reads by id all go through that one loader, so a record asked for
twice in a request is read once.

``nodes`` is answered here rather than by Strawberry's Relay field, which
parses every id before reading any: one malformed id failed the whole list.
Here each id is read on its own, so a bad one is an error at its index
(``["nodes", 3]``) and null there; the others still go through
the same loaders, so a record asked for twice is read once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from aiodataloader import DataLoader
from strawberry import relay

from resolvers.errors import bad_input
from resolvers.record_numbers import parse_record_number
from upstreams.errors import NotFound

if TYPE_CHECKING:
    from resolvers.context import Upstreams

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
N = TypeVar("N")

NOT_OURS = "Not a global id of this graph"


def numeric_key(node_id: str) -> int:
    """The upstream id inside a global id; ``bad_input`` when no record can have it."""
    number = parse_record_number(node_id)
    if number is None:
        raise bad_input(NOT_OURS)
    return number


def own_key(global_id: relay.GlobalID, type_name: str) -> int | None:
    """The record number inside a global id of ``type_name``; ``None`` for any other id."""
    if global_id.type_name != type_name:
        return None
    return parse_record_number(global_id.node_id)


def node_id_in(value: str, type_name: str) -> str | None:
    """The node id inside ``value`` when it is a global id of ``type_name``; else None."""
    try:
        parsed = relay.GlobalID.from_id(value)
    except (relay.GlobalIDValueError, ValueError):
        return None
    return parsed.node_id if parsed.type_name == type_name else None


def number_in(value: str, type_name: str) -> int | None:
    """The record number inside ``value`` when it is a global id of ``type_name``; else None.

    For inputs that point at a record: the caller turns ``None`` into a user
    error at the input's own path.
    """
    node_id = node_id_in(value, type_name)
    return None if node_id is None else parse_record_number(node_id)


def global_id(type_name: str, node_id: object) -> strawberry.ID:
    """The global id of the ``type_name`` record whose node id is ``node_id``."""
    return strawberry.ID(relay.to_base64(type_name, str(node_id)))


async def node_list(
    info: strawberry.Info,
    ids: Annotated[list[strawberry.ID], strawberry.argument(description="The global ids.")],
) -> list[relay.Node | None]:
    """Relay ``nodes``: each id's record in order; null where one is missing.

    An element that fails (an id not of this graph, its upstream down) is
    given as its exception, which graphql-core reports at that element's path.
    """
    answers: list[Any] = await asyncio.gather(
        *(_node(info, node_id) for node_id in ids), return_exceptions=True
    )
    for answer in answers:
        if isinstance(answer, BaseException) and not isinstance(answer, Exception):
            raise answer  # a cancellation is the request's, not one element's
    return answers


async def _node(info: strawberry.Info, node_id: str) -> relay.Node | None:
    try:
        global_id = relay.GlobalID.from_id(node_id)
        node_type = global_id.resolve_type(info)
    except relay.GlobalIDValueError:
        raise bad_input(NOT_OURS) from None
    # Each Node type narrows Relay's loosely typed resolve_nodes to a coroutine.
    reader: Any = node_type
    found: list[relay.Node | None] = await reader.resolve_nodes(
        info=info, node_ids=[global_id.node_id], required=False
    )
    return found[0]


async def load_nodes(loader: Any, keys: Iterable[Any], *, required: bool) -> list[Any]:
    """Records for ``keys`` in one loader batch; a missing one is ``None`` unless required.

    Any other failure (the upstream down) raises, so the field it feeds is
    null with that error's code rather than wrongly saying "does not exist".
    """
    outcomes = await asyncio.gather(*(loader.load(key) for key in keys), return_exceptions=True)
    records: list[Any] = []
    for outcome in outcomes:
        if isinstance(outcome, NotFound) and not required:
            records.append(None)
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            records.append(outcome)
    return records


def nodes_by_id(
    loader: Callable[[Upstreams], DataLoader[K, R]],
    build: Callable[[K, R], N],
    *,
    key: Callable[[str], K] = numeric_key,  # type: ignore[assignment]
) -> Any:
    """A Node type's ``resolve_nodes``: each node id's ``key`` read through ``loader``.

    ``key`` turns the id inside a global id into the loader's key (an int by
    default; ``bad_input`` when it cannot be one); ``build(key, record)`` makes
    the node. A record that does not exist is null unless the caller requires
    it. Typed ``Any``: Relay's own ``resolve_nodes`` is a set of overloads no
    single classmethod matches.
    """

    async def resolve_nodes(
        cls: type[Any],
        *,
        info: strawberry.Info,
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[N | None]:
        keys = [key(node_id) for node_id in node_ids]
        found = await load_nodes(info.context.loader(loader), keys, required=required)
        return [
            None if record is None else build(one, record)
            for one, record in zip(keys, found, strict=True)
        ]

    return classmethod(resolve_nodes)

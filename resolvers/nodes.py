"""Relay ``node``/``nodes`` through the per-request loaders, the same way for every type."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, TypeVar

from resolvers.errors import bad_input
from upstreams.errors import NotFound

M = TypeVar("M")


def numeric_key(node_id: str) -> int:
    """The upstream id inside a global id; ``bad_input`` when it cannot be one of ours."""
    try:
        return int(node_id)
    except ValueError:
        raise bad_input("Not a global id of this graph") from None


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

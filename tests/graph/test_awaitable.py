"""The per-type awaitable test agrees with graphql-core's on every kind of value."""

from __future__ import annotations

import asyncio
import types
from collections.abc import Generator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from graphql.pyutils import is_awaitable as graphql_cores

from gateway.protocol.awaitable import is_awaitable


@dataclass
class Record:
    name: str


class Awaitable:
    def __await__(self) -> Generator[None, None, int]:
        yield
        return 1


def plain_generator() -> Generator[int, None, None]:
    yield 1


@types.coroutine
def old_style() -> Generator[Any, None, None]:
    yield


async def coroutine() -> int:
    return 1


def test_agrees_with_graphql_core() -> None:
    loop = asyncio.new_event_loop()
    try:
        future = loop.create_future()
        modern, legacy, plain = coroutine(), old_style(), plain_generator()
        closers = [modern.close, legacy.close]
        values: list[Any] = [
            None, 1, "text", Decimal("1.5"), [1], {"a": 1}, Record("a"), Record,
            Awaitable(), future, modern, legacy, plain,
        ]  # fmt: skip
        for _ in range(2):  # the second pass answers from what the first remembered
            for value in values:
                assert is_awaitable(value) == graphql_cores(value), repr(value)
        assert is_awaitable(modern) and is_awaitable(future) and is_awaitable(Awaitable())
        assert is_awaitable(legacy) and not is_awaitable(plain) and not is_awaitable(Record("a"))
        for close in closers:
            close()
    finally:
        loop.close()

"""The multipart writer over HTTP: each part readable at once, and a failure that still ends well.

The writer is served on its own route. A part is complete to a reader when
the delimiter after it arrives, so the writer sends that delimiter with the
part: the first payload is read while the next one does not exist yet. With
later payloads that raise partway, the client reads every part sent, then a
last part with an ``INTERNAL`` error and none of the failure's text, and the
closing boundary; the request's context is released all the same.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from gateway.protocol.multipart import MultipartAnswer
from tests.incremental.multipart import incremental
from upstreams.sandboxing import serve_in_thread

SECRET = "http://10.0.0.7/internal?password=hunter2"
# How long the second payload waits for the client to have read the first, at most:
# only a writer that keeps the first part from its reader waits this long.
SAFETY_SECONDS = 5.0


@contextmanager
def answered_by(
    answer: Callable[[Request], Awaitable[MultipartAnswer]],
) -> Iterator[Iterator[dict[str, Any]]]:
    """The payloads a client reads from ``answer`` served on its own route, as they arrive."""
    server = serve_in_thread(Starlette(routes=[Route("/graphql", answer, methods=["POST"])]))
    try:
        with httpx.Client(timeout=10) as http:
            url = f"{server.base_url}/graphql"
            with incremental(http, url, "{ a }") as (_, payloads):
                yield payloads
    finally:
        server.stop()


def test_the_first_part_is_read_before_the_second_exists() -> None:
    first_read = threading.Event()
    waited_out: list[bool] = []

    async def later() -> AsyncGenerator[dict[str, Any], None]:
        for _ in range(int(SAFETY_SECONDS / 0.005)):
            if first_read.is_set():
                break
            await asyncio.sleep(0.005)
        waited_out.append(not first_read.is_set())
        yield {"incremental": [{"data": {"b": 2}, "path": []}], "hasNext": False}

    async def answer(_: Request) -> MultipartAnswer:
        first = {"data": {"a": 1}, "hasNext": True}
        return MultipartAnswer(first, later(), deadline=None, done=lambda: None)

    with answered_by(answer) as payloads:
        first = next(payloads)
        first_read.set()
        rest = list(payloads)
    assert waited_out == [False], "the first part reached the client only with the second"
    assert first == {"data": {"a": 1}, "hasNext": True}
    assert rest == [{"incremental": [{"data": {"b": 2}, "path": []}], "hasNext": False}]


def test_a_failure_after_the_first_part_ends_the_answer_with_an_internal_error() -> None:
    released: list[bool] = []

    async def later() -> AsyncGenerator[dict[str, Any], None]:
        yield {"incremental": [{"data": {"b": 2}, "path": []}], "hasNext": True}
        raise RuntimeError(SECRET)

    async def answer(_: Request) -> MultipartAnswer:
        first = {"data": {"a": 1}, "hasNext": True}
        return MultipartAnswer(first, later(), deadline=None, done=lambda: released.append(True))

    with answered_by(answer) as payloads:
        parts = list(payloads)
    assert parts[:2] == [
        {"data": {"a": 1}, "hasNext": True},
        {"incremental": [{"data": {"b": 2}, "path": []}], "hasNext": True},
    ]
    last = parts[-1]
    assert last["hasNext"] is False
    assert [error["extensions"]["code"] for error in last["errors"]] == ["INTERNAL"]
    assert SECRET not in str(parts)
    assert released == [True]

"""``/graphql``: the steps of a GraphQL-over-HTTP request, in order.

A browser asking for a page gets GraphiQL; everything else is negotiated,
read, and executed. A batch (a JSON list) shares one context, so its
operations share the request's dataloaders and batch their upstream reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from gateway.protocol.execution import Executor, Outcome
from gateway.protocol.media import accepts_html, negotiate
from gateway.protocol.params import RequestError, read_params
from gateway.protocol.responses import refuse, respond, respond_batch

ContextFactory = Callable[[Request], Any]
PageHandler = Callable[[Request], Awaitable[Response]]


class GraphQLEndpoint:
    """An ASGI app answering GraphQL over HTTP."""

    def __init__(
        self,
        executor: Executor,
        context_factory: ContextFactory,
        *,
        max_batch: int = 10,
        page: PageHandler | None = None,
    ) -> None:
        self.executor = executor
        self.context_factory = context_factory
        self.max_batch = max_batch
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        if (
            self.page is not None
            and request.method == "GET"
            and "query" not in request.query_params
            and accepts_html(accept)
        ):
            return await self.page(request)
        media_type = negotiate(accept)
        if media_type is None:
            return refuse(
                RequestError(
                    406,
                    "NOT_ACCEPTABLE",
                    "Accept application/graphql-response+json or application/json",
                ),
                None,
            )
        try:
            params = await read_params(request, max_batch=self.max_batch)
        except RequestError as error:
            return refuse(error, media_type)
        context = self.context_factory(request)
        via_get = request.method == "GET"
        if isinstance(params, list):
            outcomes = list(
                await asyncio.gather(
                    *(self.executor.run(one, context, via_get=via_get) for one in params)
                )
            )
            _note_operations(request, outcomes)
            return respond_batch(outcomes, media_type)
        outcome = await self.executor.run(params, context, via_get=via_get)
        _note_operations(request, [outcome])
        return respond(outcome, media_type)


def _note_operations(request: Request, outcomes: list[Outcome]) -> None:
    """Leave what ran in ``request.state.operations`` for logging and metrics middleware."""
    request.state.operations = [
        (outcome.operation_name, outcome.operation_type) for outcome in outcomes
    ]

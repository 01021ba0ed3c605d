"""``/graphql``: the steps of a GraphQL-over-HTTP request, in order.

A browser asking for a page gets GraphiQL; everything else is negotiated,
guarded (who is calling: may refuse with 401, else gives the per-request
gates such as authorisation), read, resolved (persisted queries: a hash
becomes its document) and executed within the request's deadline, which
every upstream call made for it respects (``upstreams.deadline``). Each
stage lives in its own module; this one only orders them. A batch (a JSON
list) shares one context, so its operations share the request's dataloaders
and batch their upstream reads. The HTTP server's ``ClientWatch`` (when there
is one) is the last gate: it marks an operation that may write, which is then
never cancelled when its client leaves.

A single query from a client that reads answers in parts, whose ``@defer``
or ``@stream`` left work for later, is answered ``multipart/mixed``
(``multipart``): the request, its limits, gates, deadline, log line and
metrics stay one, and its context is released after the last part.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from gateway.protocol.client_watch import SCOPE_KEY
from gateway.protocol.execution import Executor, Gate, Outcome
from gateway.protocol.media import JSON, accepts_html, accepts_incremental, negotiate
from gateway.protocol.multipart import MultipartAnswer
from gateway.protocol.params import GraphQLParams, RequestError, read_params
from gateway.protocol.request import GraphQLRequest
from gateway.protocol.responses import refuse, respond, respond_batch
from resolvers.errors import INTERNAL_MESSAGE
from upstreams.deadline import current_deadline, request_deadline

LOG = logging.getLogger("gateway.graphql")


class RequestContext(Protocol):
    """What resolvers get as ``info.context``; released once the request is answered."""

    def release(self) -> None: ...


ContextFactory = Callable[[Request], RequestContext]
PageHandler = Callable[[Request], Awaitable[Response]]
# Raises ``RequestError`` to refuse the request; else the gates its operations pass.
Guard = Callable[[Request], Sequence[Gate]]
# Turns a persisted-query reference into a document, or answers instead.
Resolver = Callable[[GraphQLParams], Awaitable[GraphQLParams | Outcome]]


class GraphQLEndpoint:
    """An ASGI app answering GraphQL over HTTP."""

    def __init__(
        self,
        executor: Executor,
        context_factory: ContextFactory,
        *,
        max_batch: int = 10,
        page: PageHandler | None = None,
        guard: Guard | None = None,
        resolve: Resolver | None = None,
        request_timeout: float | None = None,
    ) -> None:
        self.executor = executor
        self.context_factory = context_factory
        self.max_batch = max_batch
        self.page = page
        self.guard = guard
        self.resolve = resolve
        self.request_timeout = request_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = GraphQLRequest(scope, receive)
        try:
            response = await self.handle(request)
        except ClientDisconnect:
            return  # the body never arrived whole, and nobody is left to answer
        except Exception as failure:
            # Something the steps do not foresee (a document store down): a
            # GraphQL-shaped 500 with a code, and a log line naming only the
            # kind of failure, since its message may hold an internal address.
            LOG.error("request failed unexpectedly error=%s", type(failure).__name__)
            response = refuse(
                RequestError(500, "INTERNAL", INTERNAL_MESSAGE),
                negotiate(request.headers.get("accept")) or JSON,
            )
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
        incremental = accepts_incremental(accept)
        if media_type is None and incremental:
            media_type = JSON  # for the answers that come whole
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
            gates = self.guard(request) if self.guard is not None else ()
            watch = request.scope.get(SCOPE_KEY)
            if watch is not None:  # last: an operation that may write is never cancelled
                gates = (*gates, watch.admit)
            params = await read_params(request, max_batch=self.max_batch)
        except RequestError as error:
            return refuse(error, media_type)
        context = self.context_factory(request)
        response: Response | None = None
        try:
            response = await self._execute(request, params, context, gates, media_type, incremental)
            return response
        finally:
            # An answer in parts is still working: it releases the context when done.
            if not isinstance(response, MultipartAnswer):
                context.release()

    async def _execute(
        self,
        request: Request,
        params: GraphQLParams | list[GraphQLParams],
        context: RequestContext,
        gates: Sequence[Gate],
        media_type: str,
        incremental: bool,
    ) -> Response:
        via_get = request.method == "GET"

        async def run(one: GraphQLParams, *, in_parts: bool = False) -> Outcome:
            if self.resolve is not None:
                resolved = await self.resolve(one)
                if isinstance(resolved, Outcome):
                    return resolved
                one = resolved
            return await self.executor.run(
                one, context, via_get=via_get, gates=gates, incremental=in_parts
            )

        within = (
            request_deadline(self.request_timeout)
            if self.request_timeout is not None
            else contextlib.nullcontext()
        )
        with within:
            if isinstance(params, list):
                outcomes = list(await asyncio.gather(*(run(one) for one in params)))
                _note_operations(request, outcomes)
                return respond_batch(outcomes, media_type)
            outcome = await run(params, in_parts=incremental)
            ends = current_deadline()
        _note_operations(request, [outcome])
        if outcome.rest is not None:
            return MultipartAnswer(outcome.body, outcome.rest, deadline=ends, done=context.release)
        return respond(outcome, media_type)


def _note_operations(request: Request, outcomes: list[Outcome]) -> None:
    """Leave what ran in ``request.state.operations`` for logging and metrics middleware."""
    request.state.operations = [
        (outcome.operation_name, outcome.operation_type) for outcome in outcomes
    ]

"""aiohttp as the engine under ``httpx.AsyncClient``: same API, far less CPU per call.

httpx's own engine (httpcore, anyio, h11) costs several times aiohttp's CPU per
upstream call, and a GraphQL answer can make dozens of calls. The adapters keep
speaking httpx; only the bytes move through aiohttp.

The one thing this module must get exactly right is *whether the request may
have reached the upstream* when a call fails, because ``upstreams.http`` frees
a write's idempotency key only when it certainly did not. Only a failure to get
a connection at all (refused, DNS, connect or pool timeout) is "not sent";
everything after a connection was had is "maybe sent". aiohttp's own silent
resend of PUT/DELETE on a dropped keep-alive connection is turned off: a call
that changes state goes once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import SimpleNamespace

import aiohttp
import httpx
from yarl import URL

_DROPPED_HEADERS = frozenset({b"transfer-encoding"})


class _Phase:
    """What one request got as far as; tells a pool wait apart from a slow connect."""

    __slots__ = ("queued",)

    def __init__(self) -> None:
        self.queued = False


async def _on_queued_start(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: object
) -> None:
    context.trace_request_ctx.queued = True


async def _on_queued_end(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: object
) -> None:
    context.trace_request_ctx.queued = False


def _trace_config() -> aiohttp.TraceConfig:
    config = aiohttp.TraceConfig()
    config.on_connection_queued_start.append(_on_queued_start)
    config.on_connection_queued_end.append(_on_queued_end)
    config.freeze()
    return config


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An ``httpx`` transport that sends through one lazily made ``aiohttp.ClientSession``.

    The session is made on the first request, inside the running loop (aiohttp
    binds it to that loop), and closed by ``aclose``. It keeps no cookies, reads
    no proxy settings from the environment, follows no redirects and leaves
    ``Content-Encoding`` to httpx, so a response looks as httpx's engine gives it.
    """

    def __init__(self, limits: httpx.Limits) -> None:
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}

    def _open(self) -> aiohttp.ClientSession:
        keepalive = self._limits.keepalive_expiry
        connector = aiohttp.TCPConnector(
            limit=self._limits.max_connections or 0,
            limit_per_host=0,
            # True: aiohttp's one verifying default context, built once per
            # process and shared; a context of our own would load the CA store again.
            ssl=True,
            force_close=keepalive == 0,
            keepalive_timeout=None if keepalive == 0 else keepalive,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            auto_decompress=False,
            # httpx already set every header it means to send; aiohttp adds none.
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            trace_configs=[_trace_config()],
            timeout=aiohttp.ClientTimeout(),
        )
        # aiohttp resends an "idempotent" request (PUT, DELETE) once when a pooled
        # connection drops under it; no public switch turns that off. Upstreams
        # change state with PUT and DELETE, and only upstreams.http decides retries.
        session._retry_connection = False
        self._session = session
        return session

    def _timeout(self, request: httpx.Request) -> aiohttp.ClientTimeout:
        """httpx's per-request timeouts in aiohttp's terms, one object per distinct value."""
        given: dict[str, float | None] = request.extensions.get("timeout", {})
        connect, read, pool = given.get("connect"), given.get("read"), given.get("pool")
        key = (connect, read, pool)
        timeout = self._timeouts.get(key)
        if timeout is None:
            # aiohttp's ``connect`` covers waiting for the pool *and* connecting;
            # ``sock_connect`` bounds the connect alone. aiohttp has no write
            # timeout: it reads while it writes, so ``sock_read`` bounds a stalled
            # write too (reported as a read timeout, i.e. "maybe sent").
            both = None if connect is None or pool is None else connect + pool
            timeout = aiohttp.ClientTimeout(
                total=None, connect=both, sock_connect=connect, sock_read=read
            )
            self._timeouts[key] = timeout
        return timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session or self._open()
        body = await request.aread()
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower() not in _DROPPED_HEADERS
        ]
        phase = _Phase()
        try:
            async with session.request(
                request.method,
                URL(str(request.url), encoded=True),
                headers=headers,
                data=body or None,
                allow_redirects=False,
                timeout=self._timeout(request),
                trace_request_ctx=phase,
            ) as answer:
                content = await answer.read()
                return httpx.Response(
                    answer.status,
                    headers=answer.raw_headers,
                    stream=httpx.ByteStream(content),
                    extensions={
                        "http_version": b"HTTP/1.1",
                        "reason_phrase": (answer.reason or "").encode("latin-1"),
                    },
                )
        except Exception as exc:
            raise _mapped(exc, phase, request) from None

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()


def _mapped(exc: Exception, phase: _Phase, request: httpx.Request) -> Exception:
    """The httpx exception that says as much, and no more, about whether the request went out.

    Messages are fixed text: aiohttp's own carry the host and sometimes the URL.
    """
    error: Callable[..., Exception]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        error = httpx.PoolTimeout if phase.queued else httpx.ConnectTimeout
        return error("no connection within the timeout", request=request)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError("the connection could not be made", request=request)
    if isinstance(exc, aiohttp.ServerTimeoutError | asyncio.TimeoutError):
        return httpx.ReadTimeout("no answer within the read timeout", request=request)
    if isinstance(exc, aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError("the answer's body was cut off", request=request)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError("the connection ended without an answer", request=request)
    if isinstance(exc, aiohttp.ClientError | OSError):
        return httpx.ReadError("the connection failed after the request", request=request)
    # Anything unforeseen: say "maybe sent". A wrong "maybe" costs one read; a
    # wrong "not sent" can charge twice.
    return httpx.ReadError(f"the call failed ({type(exc).__name__})", request=request)

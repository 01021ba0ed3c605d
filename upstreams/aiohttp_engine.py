"""aiohttp as the engine: a call's bytes go out without httpx's client in the way.

httpx's client models (URL parsing and merging, header models, cookie
extraction) cost more CPU per upstream call than aiohttp's whole exchange,
and a GraphQL answer can make dozens of calls. So calls are shaped once by
``upstreams.outgoing`` and sent through aiohttp; the answer comes back as the
``upstreams.answer.Answer`` the adapters read.

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

import aiohttp
import httpx
from yarl import URL

from fastpath.aiohttp_once import send_once
from upstreams.answer import Answer, AnswerTooLarge, decoded
from upstreams.client_settings import ClientSettings
from upstreams.outgoing import Call, Shaper


class AiohttpEngine:
    """Sends through one lazily made ``aiohttp.ClientSession`` per upstream.

    The session is made on the first call, inside the running loop (aiohttp
    binds it to that loop), and closed by ``aclose``. It keeps no cookies, reads
    no proxy settings from the environment, follows no redirects and undoes a
    ``Content-Encoding`` itself (``upstreams.answer.decoded``), as httpx's own
    client would.
    """

    def __init__(self, settings: ClientSettings) -> None:
        self.settings = settings
        self.shaper = Shaper(settings.base_url)
        self._session: aiohttp.ClientSession | None = None
        # aiohttp's ``connect`` covers waiting for the pool *and* connecting;
        # ``sock_connect`` bounds the connect alone. aiohttp has no write
        # timeout: it reads while it writes, so ``sock_read`` bounds a stalled
        # write too (reported as a read timeout, i.e. "maybe sent").
        self.timeout = aiohttp.ClientTimeout(
            total=None,
            connect=settings.connect_timeout + settings.pool_timeout,
            sock_connect=settings.connect_timeout,
            sock_read=settings.read_timeout,
        )

    def _open(self) -> aiohttp.ClientSession:
        keepalive = self.settings.keepalive_expiry
        connector = aiohttp.TCPConnector(
            limit=self.settings.max_connections or 0,
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
            # The shaper set every header we mean to send; aiohttp adds none.
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            timeout=self.timeout,
        )
        send_once(session)
        self._session = session
        return session

    async def send(self, call: Call) -> Answer:
        """Send ``call`` once; never retries, never follows redirects, keeps no cookies.

        Answers with the ``Answer`` the adapters read, and fails with
        httpx's exceptions: ``ConnectError`` or ``ConnectTimeout`` only when the
        request certainly never left; any other ``httpx.RequestError`` means it
        may have arrived (``AnswerTooLarge`` among them: it did arrive).
        """
        session = self._session or self._open()
        outgoing = self.shaper.shape(call)
        limit = self.settings.max_answer_bytes
        try:
            async with session.request(
                outgoing.method,
                URL(outgoing.url, encoded=True),
                headers=outgoing.headers,
                data=outgoing.body,
                allow_redirects=False,
            ) as answer:
                content = await _body(answer, limit)
                status, headers = answer.status, answer.headers
        except AnswerTooLarge:
            raise
        except Exception as exc:
            raise _mapped(exc) from None
        return Answer(status, headers, decoded(content, headers.get("Content-Encoding"), limit))

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
            # The connections' transports close on the loop's next turn; let
            # them, or a loop stopping right after leaves their sockets open.
            await asyncio.sleep(0)


async def _body(answer: aiohttp.ClientResponse, limit: int) -> bytes:
    """The answer's body as sent, or ``AnswerTooLarge`` once it passes ``limit`` bytes.

    A declared length over the limit is refused before a byte of the body is
    read; one within it is read whole, as aiohttp reads no more than it
    declares. A body of no declared length (chunked, or up to the close) is
    read as it comes and refused at the chunk that passes the limit. A refused
    answer's connection is closed, not pooled: the rest of its body is unread.
    """
    declared = answer.content_length
    if declared is not None:
        if declared > limit:
            answer.close()
            raise AnswerTooLarge
        return await answer.read()
    chunks: list[bytes] = []
    size = 0
    async for chunk in answer.content.iter_any():
        size += len(chunk)
        if size > limit:
            answer.close()
            raise AnswerTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _mapped(exc: Exception) -> Exception:
    """The httpx exception that says as much, and no more, about whether the request went out.

    Messages are fixed text: aiohttp's own carry the host and sometimes the URL.
    """
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        # Waiting for a pooled connection or for the connect itself: either way
        # no connection was had, so nothing was sent.
        return httpx.ConnectTimeout("no connection within the timeout")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError("the connection could not be made")
    if isinstance(exc, aiohttp.ServerTimeoutError | asyncio.TimeoutError):
        return httpx.ReadTimeout("no answer within the read timeout")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError("the answer's body was cut off")
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError("the connection ended without an answer")
    if isinstance(exc, aiohttp.ClientError | OSError):
        return httpx.ReadError("the connection failed after the request")
    # Anything unforeseen: say "maybe sent". A wrong "maybe" costs one read; a
    # wrong "not sent" can charge twice.
    return httpx.ReadError(f"the call failed ({type(exc).__name__})")

"""httpx's own client as the engine: the reference shaping, and where tests plug a transport in.

It costs several times the aiohttp engine's CPU per call (httpcore, anyio,
h11 and the client's URL and header models), so it is the default only when
a transport is given (``tests/upstreams/billing`` records calls through one).
"""

from __future__ import annotations

from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from upstreams.client_settings import ClientSettings
from upstreams.engine import Call


class HttpxEngine:
    """Sends through one pooled ``httpx.AsyncClient``."""

    def __init__(
        self, settings: ClientSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.client = httpx.AsyncClient(
            base_url=settings.base_url,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.write_timeout,
                pool=settings.pool_timeout,
            ),
            limits=httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_keepalive_connections,
                keepalive_expiry=settings.keepalive_expiry,
            ),
            transport=transport,
            # No upstream uses cookies; a kept one would ride along on every
            # later call, whoever made it.
            cookies=_refuse_cookies(),
        )

    async def send(self, call: Call) -> httpx.Response:
        return await self.client.request(
            call.method,
            call.url,
            params=call.params,
            data=call.data,
            json=call.json,
            content=call.content,
            headers=call.headers,
        )

    async def aclose(self) -> None:
        await self.client.aclose()


def _refuse_cookies() -> CookieJar:
    """A jar whose policy accepts no cookie from any domain."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))

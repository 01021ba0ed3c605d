"""What every adapter is besides its API: an async context manager over one pool."""

from __future__ import annotations

from types import TracebackType
from typing import Self, TypedDict, Unpack

from upstreams.allowances import ALONE, Allowances
from upstreams.cache import ReadCache
from upstreams.client_settings import ClientSettings
from upstreams.http import UpstreamHTTP
from upstreams.observe import UNWATCHED, CallWatch


class Wiring(TypedDict, total=False):
    """What the gateway builds every adapter with, each with its default in ``Adapter``:
    the read cache, who watches its calls, and what its upstream account may be sent."""

    cache: ReadCache | None
    watch: CallWatch
    allowances: Allowances


class Adapter:
    """Base of the four adapters; ``async with`` closes the connection pool on exit.

    Its constructor builds what every adapter has: the transport to its
    upstream, watched and paced as the gateway says, and the read cache. A
    subclass adds its API's auth and one method per documented operation.
    """

    def __init__(
        self, upstream: str, client: ClientSettings, *, account: str = "", **wiring: Unpack[Wiring]
    ) -> None:
        """``account`` tells this upstream account apart from others at the same base URL."""
        watch = wiring.get("watch", UNWATCHED)
        self.cache = wiring.get("cache")
        self.http = UpstreamHTTP(
            upstream,
            client,
            observers=watch.observers,
            tracer=watch.tracer,
            allowances=wiring.get("allowances", ALONE),
            account=account,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool; sessions and tokens are left to expire upstream."""
        await self.http.aclose()

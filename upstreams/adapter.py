"""What every adapter is besides its API: an async context manager over one pool."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from upstreams.http import UpstreamHTTP


class Adapter:
    """Base of the four adapters; ``async with`` closes the connection pool on exit.

    A subclass sets ``self.http`` in its constructor and adds one method per
    documented operation of its upstream.
    """

    http: UpstreamHTTP

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

"""What an engine is: the part that moves one call's bytes and hands back the answer.

``UpstreamHTTP`` owns everything around a call (budget, retries, breaker,
slots, observers); an engine owns only the exchange. Two exist: aiohttp (the
default, least CPU per call) and httpx's own client (what tests plug a
recording transport into). Both answer with an ``httpx.Response``, the type
the adapters read, and both report failures as httpx's exceptions, so
``UpstreamHTTP`` maps failures the same way whichever engine ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx


@dataclass(frozen=True, slots=True)
class Call:
    """One call as an adapter asks for it, before it is shaped into bytes.

    ``url`` is a path under the upstream's base URL (or an absolute URL);
    at most one of ``data`` (a form), ``json`` and ``content`` is given.
    """

    method: str
    url: str
    endpoint: str
    params: Mapping[str, Any] | None = None
    data: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | str | None = None
    headers: Mapping[str, str] | None = None


class Engine(Protocol):
    """Sends one call once; never retries, never follows redirects, keeps no cookies.

    Raises ``httpx.ConnectError``, ``ConnectTimeout`` or ``PoolTimeout`` only
    when the request certainly never left; any other ``httpx.RequestError``
    means it may have arrived.
    """

    async def send(self, call: Call) -> httpx.Response: ...

    async def aclose(self) -> None: ...

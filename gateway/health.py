"""``/health`` (the process answers) and ``/ready`` (every configured upstream is reachable).

Readiness probes each upstream with a TCP connect to its base URL's host and
port, bounded by ``timeout``: it proves the network path without spending a
call, a session or a rate-limit token on any API. A success counts for
``interval`` seconds, so a load balancer polling often costs few connects.
The 503 names the upstreams that are not ready, never their URLs.

An upstream whose daily cap is spent is named (``"daily budget spent"``) but
leaves the answer 200: the cap is shared by every replica, so no other
replica could serve its calls, and a load balancer that took every replica
out would stop the other upstreams' fields too, for the rest of the day.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from upstreams.daily_cap import DailyCap


async def health(request: Request) -> Response:
    """Alive: the event loop answers. Nothing else is checked, so a restart is never
    triggered by an upstream's outage. ``pid`` tells workers apart."""
    return JSONResponse({"status": "ok", "pid": os.getpid()})


class Readiness:
    """Probes ``base_urls`` (upstream name to base URL) on request, remembering successes;
    asks ``daily_caps`` (upstream name to its cap) whether the day's calls are spent."""

    def __init__(
        self,
        base_urls: Mapping[str, str],
        *,
        timeout: float,
        interval: float,
        daily_caps: Mapping[str, DailyCap] | None = None,
    ) -> None:
        self.targets = {name: _host_port(url) for name, url in base_urls.items()}
        self.timeout = timeout
        self.interval = interval
        self.daily_caps = dict(daily_caps or {})
        self._ok_at: dict[str, float] = {}

    async def check(self) -> dict[str, bool]:
        """Whether each upstream answered a probe recently or does now."""
        names = list(self.targets)
        results = await asyncio.gather(*(self._ready(name) for name in names))
        return dict(zip(names, results, strict=True))

    async def spent(self) -> set[str]:
        """The upstreams whose calls of the day are all spent."""
        names = list(self.daily_caps)
        results = await asyncio.gather(*(self.daily_caps[name].spent() for name in names))
        return {name for name, spent in zip(names, results, strict=True) if spent}

    async def endpoint(self, request: Request) -> Response:
        upstreams, spent = await asyncio.gather(self.check(), self.spent())
        states = {
            name: "unreachable" if not ok else "daily budget spent" if name in spent else "ok"
            for name, ok in upstreams.items()
        }
        not_ready = sorted(name for name, state in states.items() if state == "unreachable")
        body = {"status": "ready" if not not_ready else "not ready", "upstreams": states}
        return JSONResponse(body, status_code=503 if not_ready else 200)

    async def _ready(self, name: str) -> bool:
        ok_at = self._ok_at.get(name)
        if ok_at is not None and time.monotonic() - ok_at < self.interval:
            return True
        host, port = self.targets[name]
        try:
            async with asyncio.timeout(self.timeout):
                _, writer = await asyncio.open_connection(host, port)
        except (OSError, TimeoutError):
            self._ok_at.pop(name, None)
            return False
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        self._ok_at[name] = time.monotonic()
        return True


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "localhost", port

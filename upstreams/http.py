"""The HTTP transport under every adapter: one pooled client per upstream.

It owns what is the same for all four APIs: the pooled ``httpx.AsyncClient``,
timeouts, pacing, and turning transport failures and generic statuses (429,
5xx) into the shared errors. It never retries: whether a call may be repeated
is the adapter's decision, and a call that changes state never is.

Errors are raised ``from None``: an httpx exception carries the request URL,
which may hold a credential (InvoiceXpress's ``api_key``, Saasu's
``WsAccessKey``), and a chained cause would print it with any traceback.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import httpx

from upstreams.errors import (
    BadUpstreamResponse,
    RateLimited,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)
from upstreams.observe import CallObserver, CallRecord, CallTracer
from upstreams.pacing import Pacer

_ID_SEGMENT = re.compile(r"/\d+(?=/|$)")


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Connection settings of one upstream, read from configuration."""

    base_url: str
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    pool_timeout: float = 3.0
    max_connections: int = 100
    max_keepalive_connections: int = 20
    keepalive_expiry: float = 30.0
    rate_per_second: float | None = None
    burst: int = 1


class UpstreamHTTP:
    """Sends requests to one upstream and maps transport failures to shared errors."""

    def __init__(
        self,
        upstream: str,
        settings: ClientSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        observers: Iterable[CallObserver] = (),
        tracer: CallTracer | None = None,
    ) -> None:
        self.upstream = upstream
        self.observers = list(observers)
        self.tracer = tracer
        self.settings = settings
        self.pacer = Pacer(settings.rate_per_second, settings.burst)
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
        )

    async def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        endpoint: str | None = None,
    ) -> httpx.Response:
        """Send once, after pacing; raise a shared error for transport failures, 429 and 5xx.

        ``endpoint`` names the call for observers (prepaid's action); by default
        the path with its numeric ids collapsed, so labels stay few.
        """
        name = endpoint or _ID_SEGMENT.sub("/{id}", url.split("?", 1)[0])
        await self.pacer.wait()
        span = self.tracer.span(self.upstream, name, method) if self.tracer else nullcontext({})
        started = time.perf_counter()
        status: int | None = None
        error_code: str | None = None
        try:
            with span as propagate:
                sent = {**(headers or {}), **propagate}
                response = await self._request(method, url, params, data, json, content, sent)
                status = response.status_code
                self.raise_for_generic_status(response)
                return response
        except UpstreamError as error:
            error_code = error.code
            raise
        finally:
            record = CallRecord(
                self.upstream, name, method, status, time.perf_counter() - started, error_code
            )
            for observer in self.observers:
                observer.on_call(record)

    async def _request(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        json: Any,
        content: bytes | str | None,
        headers: Mapping[str, str],
    ) -> httpx.Response:
        try:
            return await self.client.request(
                method,
                url,
                params=params,
                data=data,
                json=json,
                content=content,
                headers=headers or None,
            )
        except (httpx.ConnectTimeout, httpx.PoolTimeout):
            raise UpstreamTimeout(
                self.upstream, f"{self.upstream} could not be reached in time", request_sent=False
            ) from None
        except httpx.TimeoutException:
            raise UpstreamTimeout(
                self.upstream, f"{self.upstream} did not answer in time", request_sent=True
            ) from None
        except httpx.ConnectError:
            raise Unavailable(
                self.upstream, f"{self.upstream} could not be reached", request_sent=False
            ) from None
        except httpx.DecodingError:
            raise BadUpstreamResponse(
                self.upstream, f"{self.upstream} sent a body that could not be decoded"
            ) from None
        except httpx.RequestError:
            raise Unavailable(
                self.upstream, f"{self.upstream} closed the connection before answering"
            ) from None

    def raise_for_generic_status(self, response: httpx.Response) -> None:
        """Map the statuses that mean the same on every upstream: 429 and 5xx."""
        if response.status_code == 429:
            raise RateLimited(
                self.upstream,
                f"{self.upstream} is rate limiting requests",
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if response.status_code >= 500:
            raise Unavailable(
                self.upstream, f"{self.upstream} failed with HTTP {response.status_code}"
            )

    async def aclose(self) -> None:
        await self.client.aclose()


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds; ``None`` when absent or a date."""
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None

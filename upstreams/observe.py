"""Hooks that let the layers above watch upstream calls without this layer knowing them.

Metrics and tracing live in the gateway, which upstreams must never import:
``UpstreamHTTP`` reports each attempt (sent or refused) to plain observer
objects and asks an optional tracer for a span and the headers to propagate.
Neither hook may change the call.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(slots=True)  # not frozen: made per call (bench/report.py, MEASURED_APART)
class CallRecord:
    """One attempt at one call.

    ``status`` is ``None`` when no HTTP answer came (timeout, refused, circuit
    open); ``error_code`` is the shared error's code, ``None`` on success;
    ``attempt`` counts from 1 and grows with each retry of a read.
    """

    upstream: str
    endpoint: str
    method: str
    status: int | None
    seconds: float
    error_code: str | None
    attempt: int


class CallObserver(Protocol):
    def on_call(self, record: CallRecord) -> None:
        """Take note of one attempt; must be quick and must not raise."""
        ...


class CallTracer(Protocol):
    """Wraps one attempt in a span; the context manager yields headers to send upstream."""

    def span(
        self, upstream: str, endpoint: str, method: str
    ) -> AbstractContextManager[dict[str, str]]: ...


@dataclass(frozen=True, slots=True)
class CallWatch:
    """Who hears of every call an adapter makes, given when it is built: metrics, tracing."""

    observers: tuple[CallObserver, ...] = ()
    tracer: CallTracer | None = None


UNWATCHED = CallWatch()
"""No observer and no tracer: an adapter built for a test or a script."""


class CacheObserver(Protocol):
    """Told whether a cacheable read was answered from the cache."""

    def on_cache(self, upstream: str, endpoint: str, hit: bool) -> None: ...

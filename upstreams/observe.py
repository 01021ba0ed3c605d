"""Hooks that let the layers above watch upstream calls without this layer knowing them.

Metrics and tracing live in the gateway, which upstreams must never import;
so ``UpstreamHTTP`` reports each call to plain observer objects and asks an
optional tracer for headers to propagate. Neither hook may change the call.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One finished send: ``status`` is ``None`` when no answer came, ``error_code`` names why."""

    upstream: str
    endpoint: str
    method: str
    status: int | None
    seconds: float
    error_code: str | None
    attempt: int = 1


class CallObserver(Protocol):
    """Told about every call after it ends; must be quick and must not raise."""

    def on_call(self, record: CallRecord) -> None: ...


class CallTracer(Protocol):
    """Wraps a call in a span; the context manager yields headers to send upstream."""

    def span(
        self, upstream: str, endpoint: str, method: str
    ) -> AbstractContextManager[dict[str, str]]: ...


class CacheObserver(Protocol):
    """Told whether a cacheable read was answered from the cache."""

    def on_cache(self, upstream: str, endpoint: str, hit: bool) -> None: ...

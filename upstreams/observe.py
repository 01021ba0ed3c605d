"""A tiny hook for metrics and tracing: one record per attempt sent (or refused).

``UpstreamHTTP`` calls every observer after each attempt, so a metrics or
tracing module can count calls, latencies and failures per upstream and
endpoint without the transport knowing which exporter is in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
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

"""When a read may be tried again, and after how long.

Only reads are ever retried: a call that changes state is sent once, since
after a timeout or a 5xx it may have happened. A read is retried after a
timeout, a refused or dropped connection, a 5xx, or a 429 (never after the
gateway's own budget refused it: its room comes no sooner); a 429 waits what
its Retry-After says, the rest wait an exponential backoff with jitter (half
fixed, half random) so many callers do not return in step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from upstreams.errors import RateLimited, UpstreamError, upstream_failed


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``retries`` more attempts after the first, ``backoff`` doubling up to ``backoff_max``."""

    retries: int = 2
    backoff: float = 0.1
    backoff_max: float = 2.0
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, error: UpstreamError, attempt: int) -> float | None:
        """Seconds to wait before attempt ``attempt + 1`` of a read, or ``None``: give up."""
        if attempt > self.retries or not upstream_failed(error):
            return None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return error.retry_after
        return self.backoff_for(attempt)

    def backoff_for(self, attempt: int) -> float:
        ceiling = min(self.backoff_max, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

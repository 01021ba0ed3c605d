"""Whether a budget shared in Redis is asked now, or its process keeps to its share alone.

A process that cannot reach Redis keeps to its share of the budget (the
pacer's rate, the day's count) and asks Redis again only after
``retry_seconds``, so an outage costs each call at most one timeout every
few seconds, not one each. Each change is said once in the log: when Redis
is lost, and when it answers again.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("upstreams.budgets")


class SharedOrAlone:
    """The state of ``upstream``'s shared ``what`` (``rate``, ``daily count``) in one process.

    ``share`` says what the process keeps to alone (``0.25 calls a second``).
    """

    def __init__(self, upstream: str, what: str, share: str, retry_seconds: float) -> None:
        self.upstream = upstream
        self.what = what
        self.share = share
        self.retry_seconds = retry_seconds
        self._alone_until: float | None = None

    def shared(self) -> bool:
        """Whether to ask Redis now: it answered last time, or it is time to try again."""
        return self._alone_until is None or time.monotonic() >= self._alone_until

    def failed(self, error: BaseException) -> None:
        """Redis did not answer: keep to the share for a while; said once per outage."""
        if self._alone_until is None:
            log.warning(
                "%s's shared %s could not be reached in Redis (%s): this process keeps to "
                "its share alone, %s",
                self.upstream,
                self.what,
                type(error).__name__,
                self.share,
                extra={"fields": {"upstream": self.upstream, "error": type(error).__name__}},
            )
        self._alone_until = time.monotonic() + self.retry_seconds

    def answered(self) -> None:
        """Redis answered: shared again, said once if it had been lost."""
        if self._alone_until is not None:
            self._alone_until = None
            log.warning(
                "%s's shared %s answers again in Redis: every process shares it",
                self.upstream,
                self.what,
                extra={"fields": {"upstream": self.upstream}},
            )

"""Upstream trouble in the log, at warning or worse: how an operator learns of an outage.

A call that fails for want of the upstream (no answer in time, a server
error, a refused or dropped connection, a fault it reports, a 429) writes a
warning when it gives up, after its retries; the upstream's circuit writes an
error when it opens and a warning when it closes again. A call refused by an
open circuit writes nothing: the opening said it; nor does one the gateway's
own budget refused (``upstreams.daily_cap`` says when the day's is spent).

Each line's text names the upstream and the kind of failure only, never the
record or the status, so one outage is one line over and over; the gateway's
repeat filter (``gateway.log_repeats``) then writes it once per window with
the count of those held back. The endpoint and the status travel as fields
(written in JSON lines).
"""

from __future__ import annotations

import logging

from upstreams.breaker import BreakerState
from upstreams.errors import Unavailable, UpstreamError, upstream_failed

log = logging.getLogger("upstreams.outage")


def call_failed(upstream: str, endpoint: str, error: UpstreamError) -> None:
    """A call gave up on ``error``: a warning when it says the upstream is in trouble."""
    if not upstream_failed(error):
        return
    fields: dict[str, object] = {"upstream": upstream, "endpoint": endpoint, "code": error.code}
    text = error.message
    if isinstance(error, Unavailable) and error.status is not None:
        fields["status"] = error.status
        text = f"{upstream} answered with a server error (HTTP 5xx)"
    log.warning("upstream call failed: %s", text, extra={"fields": fields})


def circuit_changed(
    upstream: str, before: BreakerState, after: BreakerState, reset_seconds: float
) -> None:
    """The upstream's own circuit opened (error) or closed (warning)."""
    fields = {"upstream": upstream, "circuit": after.value}
    if after is BreakerState.OPEN and before is BreakerState.CLOSED:
        log.error(
            "upstream %s keeps failing: its circuit opened, calls fail at once for %g s",
            upstream,
            reset_seconds,
            extra={"fields": fields},
        )
    elif after is BreakerState.CLOSED:
        log.warning(
            "upstream %s answers again: its circuit closed", upstream, extra={"fields": fields}
        )

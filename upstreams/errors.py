"""The one error hierarchy every upstream adapter raises.

Resolvers map these to GraphQL error codes without knowing which upstream
failed or how its wire format said so. Messages are written for a client:
they never carry a URL, a credential, a session id or a stack trace, so an
adapter must build them from the upstream's *user-facing* text only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, as the upstream reported it.

    ``field`` is the upstream's own parameter or property name (``Amount``,
    ``postal_code``, ``billDay``), or ``None`` when the upstream named none.
    ``code`` is the upstream's code where it gives one (``TooBig``), else ``None``.
    ``item`` is which item of a many-item write it concerns, where the upstream
    says (billing's PATCH), and ``message`` then no longer says it.
    """

    field: str | None
    message: str
    code: str | None = None
    item: int | None = None


class UpstreamError(Exception):
    """Base of every adapter error; ``code`` is the GraphQL ``extensions.code``."""

    code = "INTERNAL"

    def __init__(self, upstream: str, message: str) -> None:
        super().__init__(message)
        self.upstream = upstream
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.upstream!r}, {self.message!r})"


class NotFound(UpstreamError):
    """The record asked for does not exist upstream."""

    code = "NOT_FOUND"


class InvalidInput(UpstreamError):
    """The upstream refused the input; ``problems`` lists each reason it gave."""

    code = "BAD_USER_INPUT"

    def __init__(self, upstream: str, message: str, problems: list[Problem]) -> None:
        super().__init__(upstream, message)
        self.problems = problems


class Conflict(UpstreamError):
    """A write lost a race: the record changed since it was read (Saasu's LastUpdatedId)."""

    code = "CONFLICT"


class Unauthenticated(UpstreamError):
    """The upstream refused our credentials, even after renewing the session or token."""

    code = "UNAUTHENTICATED"


class Forbidden(UpstreamError):
    """Our credentials are valid but may not touch this record or action."""

    code = "FORBIDDEN"


class RateLimited(UpstreamError):
    """The upstream asked us to slow down; ``retry_after`` is in seconds when it said."""

    code = "RATE_LIMITED"

    def __init__(self, upstream: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(upstream, message)
        self.retry_after = retry_after


class OverBudget(RateLimited):
    """Not sent: the gateway's own budget for the upstream (its rate, its daily cap) has no
    room within the call's time; ``retry_after`` says when it would."""


class UpstreamTimeout(UpstreamError):
    """No answer in time.

    ``request_sent`` is true when the request may have reached the upstream:
    for a call that changes state its outcome is then unknown, and it must be
    settled by reading, never by sending it again.
    """

    code = "UPSTREAM_TIMEOUT"

    def __init__(self, upstream: str, message: str, *, request_sent: bool) -> None:
        super().__init__(upstream, message)
        self.request_sent = request_sent


class Unavailable(UpstreamError):
    """The upstream could not be reached or answered with a server error (5xx).

    ``request_sent`` is false only when the connection was never made, so the
    upstream certainly did not act; after a 5xx or a dropped connection it may have.
    ``status`` is the 5xx status when there was one.
    """

    code = "UPSTREAM_UNAVAILABLE"

    def __init__(
        self, upstream: str, message: str, *, request_sent: bool = True, status: int | None = None
    ) -> None:
        super().__init__(upstream, message)
        self.request_sent = request_sent
        self.status = status


class BadUpstreamResponse(UpstreamError):
    """The upstream answered, but not in its documented shape (cut-off body, schema violation)."""

    code = "BAD_UPSTREAM_RESPONSE"


class CircuitOpen(Unavailable):
    """Not sent: the upstream (``for_record``: this record of it) keeps failing; fail fast."""

    def __init__(self, upstream: str, *, for_record: bool = False) -> None:
        message = (
            f"{upstream} keeps failing for this record; its circuit is open, so calls for it "
            "are not sent for now"
            if for_record
            else f"{upstream} is failing; its circuit is open, so calls are not sent for now"
        )
        super().__init__(upstream, message, request_sent=False)
        self.for_record = for_record


def upstream_failed(error: UpstreamError) -> bool:
    """Whether ``error`` says the upstream itself is in trouble: no answer in time, a server
    error, a refused or dropped connection, or a 429. A call the gateway refused unsent (an
    open circuit, its own budget) says nothing new about the upstream, nor does an answer
    about the call's input, record or rights. Such a failure is what a read retries and
    what the outage log reports.
    """
    return isinstance(error, UpstreamTimeout | Unavailable | RateLimited) and not isinstance(
        error, CircuitOpen | OverBudget
    )

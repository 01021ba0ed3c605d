"""Map an envelope that did not complete to the shared error hierarchy.

The API answers every refusal with HTTP 200, so this is where an invalid
request or a refused action becomes the error a resolver understands.
Messages come from the API's own user-facing text, with any secret the
adapter holds (session id, username, password) blotted out in case the API
echoes one.

``Declined`` (a top-up whose card is missing, expired or declined) becomes
``InvalidInput`` with one problem on no field and code ``Declined``: the
request was well-formed, but the caller must change something (the card on
file) before the same top-up can succeed, and no money moved. No other
shared error fits: it is not a lost race (``Conflict``), nor a missing right
(``Forbidden``), nor an upstream failure (``Unavailable``).
"""

from __future__ import annotations

from collections.abc import Iterable

from upstreams.errors import (
    BadUpstreamResponse,
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
    Unauthenticated,
    Unavailable,
    UpstreamError,
)
from upstreams.prepaid.decode.envelope import UPSTREAM, Envelope


class SessionEnded(Unavailable):
    """A call refused because its own session had ended: the API did nothing with it."""

    def __init__(self, upstream: str, message: str) -> None:
        super().__init__(upstream, message, request_sent=False)


# Which refusal wins when the API lists several: the one that says most about
# whether trying again could help.
PRECEDENCE = ("Authentication", "Authorization", "NotFound", "Declined")


def refusal(envelope: Envelope, secrets: Iterable[str] = ()) -> UpstreamError | None:
    """The error for an envelope whose action did not complete; ``None`` if it did."""
    if envelope.completed:
        return None
    hidden = [secret for secret in secrets if secret]
    if not envelope.valid:
        return _invalid(envelope, hidden)
    codes = {error.code: error for error in envelope.action_errors}
    for code in PRECEDENCE:
        if code in codes:
            return _refused(code, scrub(codes[code].message, hidden))
    return BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} refused the action without a known reason")


def _invalid(envelope: Envelope, hidden: list[str]) -> InvalidInput:
    problems = [
        Problem(field=error.parameter, message=scrub(error.message, hidden), code=error.code)
        for error in envelope.request_errors
    ]
    detail = "; ".join(f"{problem.field}: {problem.message}" for problem in problems)
    message = f"{UPSTREAM} rejected the request" + (f": {detail}" if detail else "")
    return InvalidInput(UPSTREAM, message, problems)


def _refused(code: str, message: str) -> UpstreamError:
    if code == "Authentication":
        return Unauthenticated(UPSTREAM, f"{UPSTREAM} did not accept the adapter's credentials")
    if code == "Authorization":
        return Forbidden(UPSTREAM, _said(message, "the user may not perform this action"))
    if code == "NotFound":
        return NotFound(UPSTREAM, _said(message, "no such record"))
    reason = message or "the card on file was declined"
    return InvalidInput(UPSTREAM, f"{UPSTREAM}: {reason}", [Problem(None, reason, code)])


def _said(message: str, fallback: str) -> str:
    return f"{UPSTREAM}: {message or fallback}"


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by asterisks."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text

"""Turn an InvoiceXpress answer into the account it carries or the shared error it means.

Transport failures, 429 and 5xx are mapped before this by ``UpstreamHTTP``.
Messages are built from fixed text and the upstream's user-facing 422
sentences only, never from a URL or from a body that failed its checks.
"""

from __future__ import annotations

from upstreams.errors import (
    BadUpstreamResponse,
    InvalidInput,
    NotFound,
    Problem,
    Unauthenticated,
    UpstreamError,
)
from upstreams.invoicexpress.codec import Codec, ShapeError
from upstreams.invoicexpress.messages import problems
from upstreams.invoicexpress.models import InvoicingAccount

UPSTREAM = "invoicexpress"
INVALID_STATE = "The document is in an invalid state"


def read_account(status: int, body: bytes, codec: Codec, account_id: int) -> InvoicingAccount:
    """The account of a 200 answer; raise the shared error any other answer means."""
    if status != 200:
        raise error_for(status, body, codec, account_id)
    try:
        return codec.decode_account(body)
    except ShapeError as exc:
        raise off_shape(exc) from None


def error_for(status: int, body: bytes, codec: Codec, account_id: int) -> UpstreamError:
    """The shared error for a documented error status, or ``BadUpstreamResponse``."""
    if status == 401:
        return Unauthenticated(UPSTREAM, "invoicexpress refused the API key")
    if status == 404:
        return NotFound(UPSTREAM, f"invoicexpress has no account {account_id}")
    if status == 422:
        try:
            messages = codec.decode_errors(body)
        except ShapeError as exc:
            return off_shape(exc)
        if not messages:
            return BadUpstreamResponse(UPSTREAM, "invoicexpress refused the input without a reason")
        return InvalidInput(
            UPSTREAM,
            f"invoicexpress refused the account data: {'; '.join(messages)}",
            problems(messages),
        )
    if status == 406:
        return invalid_state(body, codec)
    return BadUpstreamResponse(UPSTREAM, f"invoicexpress answered with unexpected HTTP {status}")


def invalid_state(body: bytes, codec: Codec) -> InvalidInput:
    """406: the record is in a state that forbids the change; no field is at fault.

    The docs give no body for it, so the messages are used when the body is an
    error list and the status's own description otherwise.
    """
    try:
        messages = codec.decode_errors(body) or [INVALID_STATE]
    except ShapeError:
        messages = [INVALID_STATE]
    found = [Problem(field=None, message=message, code="INVALID_STATE") for message in messages]
    return InvalidInput(UPSTREAM, f"invoicexpress refused the change: {'; '.join(messages)}", found)


def off_shape(exc: ShapeError) -> BadUpstreamResponse:
    return BadUpstreamResponse(UPSTREAM, f"invoicexpress answered in an unexpected shape: {exc}")

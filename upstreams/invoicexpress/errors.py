"""InvoiceXpress's error answers as the shared errors, each 422 sentence tied to its field.

Transport failures, 429 and 5xx are mapped before this by ``UpstreamHTTP``.
Messages are built from fixed text and the upstream's user-facing 422
sentences only, never from a URL or from a body that failed its checks.

InvoiceXpress names no field in its errors, only a sentence, so the field
comes from the sentence's known text: the docs' own, and the contract's for
fields the docs give no text for. Matching ignores case, surrounding space and
a final full stop; an unknown sentence concerns no known field (``None``).
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

UPSTREAM = "invoicexpress"
INVALID_STATE = "The document is in an invalid state"
CODE = "INVALID"
"""InvoiceXpress gives no error codes; every 422 message is an invalid value."""

FIELDS: dict[str, str | None] = {
    # documented in accounts.update
    "Postal Code must have the following format DDDD-DDD": "postal_code",
    "Vat Number can't be changed": "fiscal_id",
    "Vat Number is already used in another account": "fiscal_id",
    "Username is not valid.": "credentials.username",
    "Username doesn't match required format.": "credentials.username",
    "Password is not valid.": "credentials.password",
    "Credential type is invalid.": "credentials.type",
    "Credential context is invalid.": "credentials.context",
    # the contract's, in the same style, where the docs give no text
    "Organization name can't be blank": "organization_name",
    "Email is invalid": "email",
    "Terms must be accepted": "terms",
    "Tax country is invalid": "tax_country",
    "Language is invalid": "language",
    "Marketing is invalid": "marketing",
    "Request body is invalid": None,
}


def _key(message: str) -> str:
    return message.strip().rstrip(".").casefold()


_BY_KEY = {_key(message): field for message, field in FIELDS.items()}


def field_for(message: str) -> str | None:
    """The field a 422 message is about, or ``None`` when the text is not a known one."""
    return _BY_KEY.get(_key(message))


def problems(messages: list[str]) -> list[Problem]:
    """One ``Problem`` per message, in the upstream's order, each message kept as given."""
    return [Problem(field=field_for(message), message=message, code=CODE) for message in messages]


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

"""Saasu's error statuses as the shared errors, with messages safe to show a client.

The status decides the error; the body only adds reasons. So a 409 whose body
was cut off is still a conflict, and a 400 without a readable body is still
refused input. Upstream text is scrubbed before it is passed on: ASP.NET
messages can quote the request URL (with ``FileId`` and ``WsAccessKey``), and
the adapter's secrets must never reach a client even if echoed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from upstreams.answer import Answer
from upstreams.errors import (
    BadUpstreamResponse,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
    Unauthenticated,
    UpstreamError,
)
from upstreams.saasu.codec import codec_for_content_type
from upstreams.saasu.wire import ErrorBody, ShapeError

UPSTREAM = "saasu"
URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S*")
MAX_TEXT = 500


def status_error(response: Answer, *, subject: str, secrets: Iterable[str]) -> UpstreamError:
    """The shared error for a Saasu answer that is not a success; ``subject`` names the record."""
    status = response.status_code
    if status == 400:
        return invalid_input(read_error(response), secrets)
    if status == 401:
        return Unauthenticated(UPSTREAM, "saasu refused the gateway's credentials")
    if status == 403:
        return Forbidden(UPSTREAM, f"the gateway's Saasu credentials may not access {subject}")
    if status == 404:
        return NotFound(UPSTREAM, f"saasu has no {subject}")
    if status == 409:
        return Conflict(
            UPSTREAM, f"{subject} changed since it was read; read it again for its LastUpdatedId"
        )
    return BadUpstreamResponse(UPSTREAM, f"saasu answered with an undocumented HTTP {status}")


def read_error(response: Answer) -> ErrorBody | None:
    """The error body in whatever format it came, or ``None`` when it cannot be read."""
    codec = codec_for_content_type(response.headers.get("Content-Type", ""))
    if codec is None:
        return None
    try:
        return codec.decode_error(response.content)
    except ShapeError:
        return None


def invalid_input(body: ErrorBody | None, secrets: Iterable[str]) -> InvalidInput:
    """One ``Problem`` per ``ModelState`` message, or one without a field when none is given."""
    hidden = [s for s in secrets if s]
    message = scrub(body.message, hidden) if body and body.message else None
    problems = [
        Problem(field_name(prop), scrub(text, hidden))
        for prop, text in (body.model_state if body else ())
    ]
    if not problems:
        problems = [Problem(None, message or "saasu gave no reason")]
    summary = f"saasu refused the request: {message}" if message else "saasu refused the request"
    return InvalidInput(UPSTREAM, summary, problems)


def field_name(key: str) -> str | None:
    """The property a ``ModelState`` key names: ``account.Name`` and ``Name`` are ``Name``."""
    name = key.rpartition(".")[2].strip()
    return name or None


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Upstream text without URLs or secrets, and of bounded length."""
    text = URL.sub("[address]", text)
    for secret in secrets:
        text = text.replace(secret, "[hidden]")
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"

"""Map the billing API's error answers onto the shared error hierarchy.

Errors come as ``{trackingId, type: "error", errors: [{code, message}]}``
(400 lists every problem at once). A message about one property names it
first in single quotes (``'billDay' must be between 1 and 28.``), which is
where a ``Problem`` gets its field. 429 and 5xx never get here: the shared
transport maps them. Messages are built from the upstream's user-facing text
only, never from a URL or a header.
"""

from __future__ import annotations

import re

import httpx

from upstreams.billing.decode import UPSTREAM, Block, parse
from upstreams.errors import (
    BadUpstreamResponse,
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
    Unauthenticated,
    UpstreamError,
)

QUOTED_FIELD = re.compile(r"^'([^']+)'")
PATCH_ITEM = re.compile(r"\(accounts\.items\[(\d+)\]\)\.?$")


def patch_item(problem: Problem) -> int | None:
    """Which item of a PATCH's ``accounts`` collection ``problem`` is about, if it says.

    The API places a PATCH item's problem by a closing ``(accounts.items[N])``.
    """
    found = PATCH_ITEM.search(problem.message)
    return int(found.group(1)) if found else None


def problems(response: httpx.Response) -> list[Problem]:
    """Every ``{code, message}`` of an error answer, with the property each one names."""
    body = Block(parse(response.content), "error answer")
    found = []
    for item in body.blocks("errors"):
        message = item.text("message")
        named = QUOTED_FIELD.match(message)
        found.append(
            Problem(
                field=named.group(1) if named else None,
                message=message,
                code=item.text_or_none("code"),
            )
        )
    if not found:
        raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} refused the call without saying why")
    return found


def error_for(response: httpx.Response) -> UpstreamError:
    """The shared error for a non-2xx answer of a resource call (after any re-login)."""
    status = response.status_code
    if status == 400:
        found = problems(response)
        text = "; ".join(p.message for p in found)
        return InvalidInput(UPSTREAM, f"{UPSTREAM} refused the input: {text}", found)
    if status == 401:
        return Unauthenticated(
            UPSTREAM, f"{UPSTREAM} refused our access token, even after logging in again"
        )
    if status == 403:
        return Forbidden(UPSTREAM, f"{UPSTREAM} does not allow this call for our user")
    if status == 404:
        # Parsed although only the status matters: a 404 without the error body
        # is a wrong route, which must not pass for a missing record.
        text = "; ".join(p.message for p in problems(response))
        return NotFound(UPSTREAM, text)
    return BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered with unexpected HTTP {status}")

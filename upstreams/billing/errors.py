"""Map the billing API's error answers onto the shared error hierarchy.

Errors come as ``{trackingId, type: "error", errors: [{code, message}]}``
(400 lists every problem at once). A message about one property names it
first in single quotes (``'billDay' must be between 1 and 28.``), which is
where a ``Problem`` gets its field; one about an item of a PATCH ends in
``(accounts.items[N])``, which becomes its ``item`` and leaves its message.
429 and 5xx never get here: the shared transport maps them. Messages are
built from the upstream's user-facing text only, never from a URL or a header.
"""

from __future__ import annotations

import re

from upstreams.answer import Answer
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
PATCH_ITEM = re.compile(r"\s*\(accounts\.items\[(\d+)\]\)(\.?)$")


def problems(response: Answer) -> list[Problem]:
    """Every ``{code, message}`` of an error answer, with the property each one names."""
    body = Block(parse(response.content), "error answer")
    found = []
    for item in body.blocks("errors"):
        message = item.text("message")
        named = QUOTED_FIELD.match(message)
        placed = PATCH_ITEM.search(message)
        found.append(
            Problem(
                field=named.group(1) if named else None,
                message=PATCH_ITEM.sub(r"\2", message) if placed else message,
                code=item.text_or_none("code"),
                item=int(placed.group(1)) if placed else None,
            )
        )
    if not found:
        raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} refused the call without saying why")
    return found


def error_for(response: Answer) -> UpstreamError:
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

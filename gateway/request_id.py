"""A request's id: the caller's ``X-Request-Id`` when sane, else a fresh one.

``gateway.each_request`` picks it for every request, echoes it in the
response header and holds it in ``current_request_id``, so every log line
written while the request runs can carry it.
"""

from __future__ import annotations

import random
import re
from contextvars import ContextVar

HEADER = "x-request-id"
HEADER_BYTES = HEADER.encode()
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def pick_request_id(given: str | None) -> str:
    """The caller's id if it is short and plain (no log injection), else 32 fresh hex digits.

    An id only tells log lines apart, and a caller may choose its own, so it
    is no secret: the process's generator (reseeded in every forked child)
    serves, without a system call for random bytes per request.
    """
    if given is not None and _SANE.fullmatch(given):
        return given
    return f"{random.getrandbits(128):032x}"

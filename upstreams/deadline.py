"""One GraphQL request's deadline, which every upstream call made for it respects.

Each call has its own budget (``total_timeout``), but one GraphQL request may
make calls one after another (a login, then a read, then the reads its answer
leads to), so per-call budgets alone do not bound the answer. The gateway
sets a deadline for the request in a context variable; asyncio copies it into
the tasks the request starts (dataloader batches included), and a call's
budget ends at whichever comes first. A call that would start after the
deadline fails at once, without being sent, and only the fields it feeds fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("request_deadline", default=None)


@contextmanager
def request_deadline(seconds: float) -> Iterator[None]:
    """Calls made inside (and in tasks started inside) end within ``seconds`` from now."""
    token = _deadline.set(asyncio.get_running_loop().time() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def current_deadline() -> float | None:
    """The running request's deadline on the event loop's clock, if one is set."""
    return _deadline.get()


@contextmanager
def resumed_deadline(at: float | None) -> Iterator[None]:
    """Calls made inside end by ``at`` (the event loop's clock), a deadline set earlier.

    For a request whose work goes on after its first answer is sent (the later
    payloads of an incremental answer), outside the block that set it.
    """
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)

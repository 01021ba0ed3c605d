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
from contextvars import ContextVar, Token
from types import TracebackType

_deadline: ContextVar[float | None] = ContextVar("request_deadline", default=None)


class Within:
    """A block during which ``current_deadline()`` says ``at``, or ``seconds`` from its start.

    A class rather than a generator-based context manager: every request
    enters one, and a generator's context manager costs several times as much.
    """

    __slots__ = ("at", "seconds", "token")

    def __init__(self, at: float | None, seconds: float | None = None) -> None:
        self.at = at
        self.seconds = seconds
        self.token: Token[float | None] | None = None

    def __enter__(self) -> None:
        at = self.at
        if self.seconds is not None:
            at = asyncio.get_running_loop().time() + self.seconds
        self.token = _deadline.set(at)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.token is not None:
            _deadline.reset(self.token)
            self.token = None


def request_deadline(seconds: float) -> Within:
    """Calls made inside (and in tasks started inside) end within ``seconds`` from now."""
    return Within(None, seconds)


def current_deadline() -> float | None:
    """The running request's deadline on the event loop's clock, if one is set."""
    return _deadline.get()


def resumed_deadline(at: float | None) -> Within:
    """Calls made inside end by ``at`` (the event loop's clock), a deadline set earlier.

    For a request whose work goes on after its first answer is sent (the later
    payloads of an incremental answer), outside the block that set it.
    """
    return Within(at)

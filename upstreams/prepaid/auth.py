"""Keep the one session the adapter works in: made lazily, one at a time, renewed early.

The API ends a session after it has been idle for a while. The keeper
remembers when each call *started* with its session (never later than the
API saw it), so its idea of the idle time never runs behind the API's, and
opens a new session once that time comes within ``renew_margin`` of the
limit. A session renewed that way is left to expire on its own rather than
spending a call on ``SessionDestroy``.

Opening happens under one lock: fifty calls that find no session wait for a
single ``SessionCreate`` and then share its session.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from upstreams.prepaid.models import Session

Opener = Callable[[], Awaitable[Session]]


class SessionKeeper:
    """Holds at most one session and knows when it was last used."""

    def __init__(
        self,
        open_session: Opener,
        idle_seconds: float,
        renew_margin: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open = open_session
        self._renew_after = idle_seconds - renew_margin
        self._clock = clock
        self._lock = asyncio.Lock()
        self._session: Session | None = None
        self._last_used = 0.0

    async def current(self) -> Session:
        """The session to send with, opening a new one if there is none or it is nearly idle."""
        if (held := self._fresh()) is not None:
            return held
        async with self._lock:
            if (held := self._fresh()) is not None:
                return held
            return await self._replace()

    def used(self, session: Session) -> None:
        """Note that a call is starting with ``session``."""
        if session is self._session:
            self._last_used = self._clock()

    def discard(self, session: Session) -> None:
        """Forget ``session`` (the API no longer knows it) unless it was already replaced."""
        if session is self._session:
            self._session = None

    def _fresh(self) -> Session | None:
        held = self._session
        if held is None or self._clock() - self._last_used >= self._renew_after:
            return None
        return held

    async def _replace(self) -> Session:
        started = self._clock()
        self._session = None
        session = await self._open()
        self._session, self._last_used = session, started
        return session

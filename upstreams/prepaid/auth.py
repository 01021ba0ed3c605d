"""Keep the one session the adapter works in: made lazily, one at a time, renewed early.

The API ends a session after it has been idle for a while. The keeper
remembers when each call *started* with its session (never later than the
API saw it), so its idea of the idle time never runs behind the API's, and
opens a new session once that time comes within ``renew_margin`` of the
limit. A session renewed that way is left to expire on its own rather than
spending a call on ``SessionDestroy``.

Opening happens under one lock (``upstreams.keeper``): fifty calls that find
no session wait for a single ``SessionCreate`` and then share its session.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from upstreams.keeper import Keeper
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
        self._session = Keeper[Session](
            lambda _: self._clock() - self._last_used < self._renew_after
        )
        self._last_used = 0.0

    async def current(self) -> Session:
        """The session to send with, opening a new one if there is none or it is nearly idle."""
        return await self._session.current(self._replace)

    def used(self, session: Session) -> None:
        """Note that a call is starting with ``session``."""
        if session is self._session.held:
            self._last_used = self._clock()

    def discard(self, session: Session) -> None:
        """Forget ``session`` (the API no longer knows it) unless it was already replaced."""
        self._session.drop(session)

    async def _replace(self, _: Session | None) -> Session:
        started = self._clock()
        # Dropped first: while the new one opens, no call starts with the old one.
        self._session.held = None
        session = await self._open()
        self._last_used = started
        return session

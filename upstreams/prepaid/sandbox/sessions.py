"""Users and the sessions they open: created by ``SessionCreate``, ended by idleness or
``SessionDestroy``. Every call that names a live session refreshes it."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from upstreams.sandboxing.issued import record

ACCOUNT_ADMIN = "Account Admin"


@dataclass(frozen=True, slots=True)
class User:
    user_id: int
    username: str
    password: str = field(repr=False)
    roles: tuple[str, ...]


@dataclass(slots=True)
class Session:
    session_id: str = field(repr=False)
    user: User
    last_used: float


class Sessions:
    """The live sessions of the sandbox's users; ``clock`` is monotonic seconds."""

    def __init__(
        self,
        users: list[User],
        idle_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._users = users
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._live: dict[str, Session] = {}

    def create(self, username: str, password: str) -> Session | None:
        """A new session for these credentials, or ``None`` when they are wrong."""
        user = next((u for u in self._users if u.username == username), None)
        if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
            return None
        self._forget_idle()
        session = Session(record(secrets.token_hex(16)), user, self._clock())
        self._live[session.session_id] = session
        return session

    def touch(self, session_id: str) -> Session | None:
        """The live session of this id, refreshed; ``None`` if unknown or idle too long."""
        session = self._live.get(session_id)
        if session is None:
            return None
        now = self._clock()
        if now - session.last_used > self._idle_seconds:
            del self._live[session_id]
            return None
        session.last_used = now
        return session

    def destroy(self, session_id: str) -> None:
        self._live.pop(session_id, None)

    def _forget_idle(self) -> None:
        now = self._clock()
        for session_id in [
            s.session_id for s in self._live.values() if now - s.last_used > self._idle_seconds
        ]:
            del self._live[session_id]

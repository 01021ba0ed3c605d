"""A prepaid sandbox that holds ``AccountRead`` of chosen accounts until the test lets go.

The switches of a sandbox apply per endpoint, never per record; holding the
reads of some accounts only is what lets a test see, without timing
anything, that a part of an answer did not wait for those reads. The hold
wraps the real sandbox (calls are counted when they reach it) and lets go on
its own after ``SAFETY_SECONDS``, well inside the gateway's upstream and
request timeouts, so a gateway that waits for the held reads answers late
(and the test says so) rather than never.
"""

from __future__ import annotations

import asyncio
import threading
import time
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

SAFETY_SECONDS = 5.0


class HeldReads:
    """ASGI wrapper: ``AccountRead`` of ``accounts`` waits for ``release()``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.accounts: frozenset[int] = frozenset()
        self._released = threading.Event()
        self._lock = threading.Lock()
        self.waiting = 0
        # Why the holds ended: ``"test"`` once the test let go, ``"safety"`` if the time ran out.
        self.ended_by: str | None = None

    def hold(self, accounts: frozenset[int]) -> None:
        """Hold the reads of ``accounts`` from now on; a held read of any other goes on."""
        self._released.clear()
        self.ended_by = None
        self.accounts = accounts

    def release(self) -> None:
        """Let every held read go on to the sandbox, and the ones that come later."""
        with self._lock:
            self.ended_by = self.ended_by or "test"
        self._released.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._held(scope):
            with self._lock:
                self.waiting += 1
            try:
                await self._wait(scope)
            finally:
                with self._lock:
                    self.waiting -= 1
        await self.app(scope, receive, send)

    def _held(self, scope: Scope) -> bool:
        query = parse_qs(scope.get("query_string", b"").decode())
        if query.get("Action") != ["AccountRead"]:
            return False
        return any(int(one) in self.accounts for one in query.get("AccountId", []))

    async def _wait(self, scope: Scope) -> None:
        ends = time.monotonic() + SAFETY_SECONDS
        while not self._released.is_set() and self._held(scope):
            if time.monotonic() >= ends:
                with self._lock:
                    self.ended_by = self.ended_by or "safety"
                self._released.set()
                return
            await asyncio.sleep(0.005)

"""One credential that every call of an adapter shares (a token, a session), renewed under one lock.

Calls take it without waiting while it is fresh. When it is not, the first
caller renews it under the lock, and the others, once they hold the lock,
find the new one and use it: fifty calls at once cost one renewal. After the
upstream refused one, it is replaced once; a caller whose refused credential
another caller already replaced gets that replacement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Held = TypeVar("Held")


class Keeper(Generic[Held]):
    """Holds one credential; ``fresh`` says whether it may still be sent."""

    def __init__(self, fresh: Callable[[Held], bool]) -> None:
        self.held: Held | None = None
        self._fresh = fresh
        self._lock = asyncio.Lock()

    async def current(self, renew: Callable[[Held | None], Awaitable[Held]]) -> Held:
        """The credential to send now, renewed by ``renew`` when there is none or it is stale."""
        held = self.held
        if held is not None and self._fresh(held):
            return held
        async with self._lock:
            held = self.held  # another caller may have renewed it while this one waited
            if held is None or not self._fresh(held):
                held = await renew(held)
                self.held = held
            return held

    async def replace(
        self,
        refused: Callable[[Held], bool],
        renew: Callable[[Held | None], Awaitable[Held]],
    ) -> Held:
        """A credential instead of one the upstream refused: the held one unless ``refused``
        says it is that one (or no better), else a new one from ``renew``."""
        async with self._lock:
            held = self.held
            if held is not None and not refused(held):
                return held
            held = await renew(held)
            self.held = held
            return held

    def drop(self, credential: Held) -> None:
        """Forget ``credential`` unless another caller has already replaced it."""
        if credential is self.held:
            self.held = None

"""Idempotency keys in this process's memory: for a single gateway process.

Every change happens under one asyncio lock, so a claim and a compare-and-swap
are atomic for all requests of this process. Two processes do not share it,
and a restart forgets every key: run more than one gateway, or move real
money, with Redis (``[idempotency] store = "redis"``) and its persistence on.
"""

from __future__ import annotations

import asyncio
import time

NEVER = float("inf")


class MemoryKeyStore:
    """Records with an expiry time, forgotten ``ttl_seconds`` after their last change."""

    def __init__(self, ttl_seconds: float) -> None:
        self.ttl_seconds = ttl_seconds
        self._records: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    async def claim(self, key: str, record: str, *, keep: bool = False) -> str | None:
        async with self._lock:
            current = self._current(key)
            if current is not None:
                return current
            self._set(key, record, keep)
            return None

    async def get(self, key: str) -> str | None:
        async with self._lock:
            return self._current(key)

    async def swap(self, key: str, old: str, new: str | None, *, keep: bool = False) -> bool:
        async with self._lock:
            current = self._current(key)
            if current != old:
                return current == new
            if new is None:
                del self._records[key]
            else:
                self._set(key, new, keep)
            return True

    async def scan(self, prefix: str) -> list[tuple[str, str]]:
        async with self._lock:
            found = [
                (key, self._current(key)) for key in list(self._records) if key.startswith(prefix)
            ]
            return [(key, record) for key, record in found if record is not None]

    async def durable(self) -> bool:
        """Never: the records live and die with this process."""
        return False

    async def aclose(self) -> None:
        self._records.clear()

    def _current(self, key: str) -> str | None:
        found = self._records.get(key)
        if found is None:
            return None
        record, expires = found
        if time.monotonic() >= expires:
            del self._records[key]
            return None
        return record

    def _set(self, key: str, record: str, keep: bool) -> None:
        expires = NEVER if keep else time.monotonic() + self.ttl_seconds
        self._records[key] = (record, expires)

"""Idempotency keys in this process's memory: the default, for a single gateway process.

Every change happens under one asyncio lock, so a claim and a compare-and-swap
are atomic for all requests of this process. Two processes do not share it:
run more than one gateway and use Redis (``[idempotency] store = "redis"``).
"""

from __future__ import annotations

import asyncio
import time


class MemoryStore:
    """Records with an expiry time, forgotten ``ttl_seconds`` after their last change."""

    def __init__(self, ttl_seconds: float = 86400.0) -> None:
        self.ttl_seconds = ttl_seconds
        self._records: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    async def claim(self, key: str, record: str) -> str | None:
        async with self._lock:
            current = self._current(key)
            if current is not None:
                return current
            self._set(key, record)
            return None

    async def get(self, key: str) -> str | None:
        async with self._lock:
            return self._current(key)

    async def swap(self, key: str, old: str, new: str | None) -> bool:
        async with self._lock:
            if self._current(key) != old:
                return False
            if new is None:
                del self._records[key]
            else:
                self._set(key, new)
            return True

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

    def _set(self, key: str, record: str) -> None:
        self._records[key] = (record, time.monotonic() + self.ttl_seconds)

"""Where cached reads live: the ``CacheStore`` protocol and the in-process store."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol


class CacheStore(Protocol):
    """Bytes by key with a time to live; a store that fails answers as if empty."""

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None: ...

    async def delete(self, *keys: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryStore:
    """One process's store, bounded to ``max_entries`` (the oldest go first)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= time.monotonic():
            del self._entries[key]
            return None
        return value

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._entries[key] = (time.monotonic() + ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._entries.pop(key, None)

    def held_keys(self) -> list[str]:
        """The keys held now, live or not yet swept: for inspection, say what a key holds."""
        return list(self._entries)

    async def aclose(self) -> None:
        self._entries.clear()

"""Where cached reads live: the ``CacheStore`` protocol and the in-process store."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol

ENTRY_OVERHEAD = 256
"""Bytes an entry costs besides its key and value: the dict slot, tuple, float and headers."""


class CacheStore(Protocol):
    """Bytes by key with a time to live; a store that fails answers as if empty."""

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None: ...

    async def delete(self, *keys: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryCacheStore:
    """One process's store, bounded to ``max_entries`` and ``max_bytes`` (the oldest go first).

    Callers choose what upstream records hold (a long note, say), so a count
    of entries alone bounds nothing: each entry is weighed (key, value and
    ``ENTRY_OVERHEAD``), and one weighing over a quarter of ``max_bytes`` is
    not kept at all, so a single answer cannot flush the rest.
    """

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        # What a held value was decoded to, dropped with its entry: a hit then
        # costs no decode. Records are frozen, so requests may share them.
        self._decoded: dict[str, tuple[bytes, object]] = {}

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= time.monotonic():
            self._drop(key)
            return None
        return value

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._drop(key)  # a new answer replaces the old one, kept or not
        size = _weight(key, value)
        if size > self.max_bytes // 4:
            return
        self._entries[key] = (time.monotonic() + ttl_seconds, value)
        self._bytes += size
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            self._drop(next(iter(self._entries)))

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._drop(key)

    def decoded(self, key: str, value: bytes) -> object | None:
        """What ``value``, the bytes ``key`` holds now, was decoded to, if it was."""
        kept = self._decoded.get(key)
        return kept[1] if kept is not None and kept[0] is value else None

    def remember(self, key: str, value: bytes, decoded: object) -> None:
        """Keep what ``value`` decodes to while ``key`` holds that very value."""
        entry = self._entries.get(key)
        if entry is not None and entry[1] is value:
            self._decoded[key] = (value, decoded)

    def held_keys(self) -> list[str]:
        """The keys held now, live or not yet swept: for inspection, say what a key holds."""
        return list(self._entries)

    def held_bytes(self) -> int:
        """What the entries held now weigh; never above ``max_bytes``."""
        return self._bytes

    async def aclose(self) -> None:
        self._entries.clear()
        self._decoded.clear()
        self._bytes = 0

    def _drop(self, key: str) -> None:
        self._decoded.pop(key, None)
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= _weight(key, entry[1])


def _weight(key: str, value: bytes) -> int:
    return len(key) + len(value) + ENTRY_OVERHEAD

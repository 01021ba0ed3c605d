"""Read-through caching policy: which TTL a read gets, and its key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar, cast

from upstreams.cache.stores import CacheStore, MemoryCacheStore
from upstreams.observe import CacheObserver

PREFIX = "gw:cache"

T = TypeVar("T")


def max_age(cache_control: str | None) -> float | None:
    """Seconds the upstream lets us keep an answer: 0 for no-store/no-cache/private, else max-age.

    ``None`` when the upstream says nothing, so configuration decides.
    """
    if not cache_control:
        return None
    found: float | None = None
    for directive in cache_control.lower().split(","):
        name, _, value = directive.strip().partition("=")
        if name in ("no-store", "no-cache", "private"):
            return 0.0
        if name in ("max-age", "s-maxage"):
            try:
                found = max(0.0, float(value.strip().strip('"')))
            except ValueError:
                return 0.0
    return found


class ReadCache:
    """Cached answers of read endpoints; ``ttls`` by (upstream, endpoint) (0 or absent: off).

    Keyed by the pair because two upstreams can name an endpoint alike
    (billing and Saasu both have ``GET /Account/{id}``).
    """

    def __init__(
        self,
        store: CacheStore,
        ttls: Mapping[tuple[str, str], float],
        observers: Iterable[CacheObserver] = (),
    ) -> None:
        self.store = store
        self.ttls = dict(ttls)
        self.observers = list(observers)
        # Only the in-process store hands back the very bytes it keeps, so only
        # there can a decoded value be known to belong to them.
        self._memo = store if isinstance(store, MemoryCacheStore) else None

    @staticmethod
    def key(upstream: str, endpoint: str, args: Sequence[str]) -> str:
        return ":".join((PREFIX, upstream, endpoint, *args))

    async def get(self, upstream: str, endpoint: str, args: Sequence[str]) -> bytes | None:
        return await self._held(self.key(upstream, endpoint, args), upstream, endpoint)

    async def _held(self, key: str, upstream: str, endpoint: str) -> bytes | None:
        value = await self.store.get(key)
        for observer in self.observers:
            observer.on_cache(upstream, endpoint, value is not None)
        return value

    async def get_decoded(
        self, upstream: str, endpoint: str, args: Sequence[str], decode: Callable[[bytes], T]
    ) -> T | None:
        """The cached answer as ``decode`` reads it; decoded once per kept value where it can be.

        A key is always read by the same ``decode`` (its endpoint decides it),
        so what one hit decoded serves the next hits of the same value.
        """
        key = self.key(upstream, endpoint, args)
        value = await self._held(key, upstream, endpoint)
        if value is None:
            return None
        if self._memo is None:
            return decode(value)
        found = self._memo.decoded(key, value)
        if found is not None:
            return cast(T, found)
        decoded = decode(value)
        self._memo.remember(key, value, decoded)
        return decoded

    async def put(
        self,
        upstream: str,
        endpoint: str,
        args: Sequence[str],
        value: bytes,
        cache_control: str | None,
        decoded: object = None,
    ) -> None:
        """Keep ``value`` for the upstream's max-age if it sent one, else the configured TTL.

        ``decoded``, what ``value`` was read as, spares the next hit its decode.

        A configured TTL of 0 (or none) turns the endpoint off whatever the
        upstream says: an operator who disabled a cache means it.
        """
        configured = self.ttls.get((upstream, endpoint), 0.0)
        if configured <= 0:
            return
        said = max_age(cache_control)
        ttl = configured if said is None else said
        if ttl > 0:
            key = self.key(upstream, endpoint, args)
            await self.store.set(key, value, ttl)
            if self._memo is not None and decoded is not None:
                self._memo.remember(key, value, decoded)

    async def invalidate(self, upstream: str, *entries: tuple[str, Sequence[str]]) -> None:
        """Drop the cached answers of ``(endpoint, args)`` pairs a write has changed."""
        await self.store.delete(*(self.key(upstream, name, args) for name, args in entries))

    async def aclose(self) -> None:
        await self.store.aclose()

"""Read-through caching policy: which TTL a read gets, and its key."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from upstreams.cache.stores import CacheStore
from upstreams.observe import CacheObserver

PREFIX = "gw:cache"


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

    @staticmethod
    def key(upstream: str, endpoint: str, args: Sequence[str]) -> str:
        return ":".join((PREFIX, upstream, endpoint, *args))

    async def get(self, upstream: str, endpoint: str, args: Sequence[str]) -> bytes | None:
        value = await self.store.get(self.key(upstream, endpoint, args))
        for observer in self.observers:
            observer.on_cache(upstream, endpoint, value is not None)
        return value

    async def put(
        self,
        upstream: str,
        endpoint: str,
        args: Sequence[str],
        value: bytes,
        cache_control: str | None,
    ) -> None:
        """Keep ``value`` for the upstream's max-age if it sent one, else the configured TTL.

        A configured TTL of 0 (or none) turns the endpoint off whatever the
        upstream says: an operator who disabled a cache means it.
        """
        configured = self.ttls.get((upstream, endpoint), 0.0)
        if configured <= 0:
            return
        said = max_age(cache_control)
        ttl = configured if said is None else said
        if ttl > 0:
            await self.store.set(self.key(upstream, endpoint, args), value, ttl)

    async def invalidate(self, upstream: str, *entries: tuple[str, Sequence[str]]) -> None:
        """Drop the cached answers of ``(endpoint, args)`` pairs a write has changed."""
        await self.store.delete(*(self.key(upstream, name, args) for name, args in entries))

    async def aclose(self) -> None:
        await self.store.aclose()

"""A cross-request cache of upstream reads, in this process or in Redis.

Adapters use it only for the read endpoints they list as cacheable, with keys
they build from the record's identity (never from wire parameters, so no
session id or credential can reach a key), and drop the keys a write changes.
"""

from upstreams.cache.invalidation import dropped_after
from upstreams.cache.read_cache import ReadCache, max_age
from upstreams.cache.read_through import read_through
from upstreams.cache.stores import CacheStore, MemoryCacheStore

__all__ = [
    "CacheStore",
    "MemoryCacheStore",
    "ReadCache",
    "dropped_after",
    "max_age",
    "read_through",
]

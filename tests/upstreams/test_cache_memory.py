"""The in-process read cache stays within its bytes however large the answers it is given.

Sizes are measured twice: by the store's own weighing and by ``tracemalloc``,
which sees what Python really holds.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pytest

from upstreams.cache import MemoryCacheStore
from upstreams.cache.stores import ENTRY_OVERHEAD

MiB = 1024 * 1024
VALUE = 100 * 1024


@pytest.fixture
def traced() -> Iterator[None]:
    gc.collect()
    tracemalloc.start()
    yield
    tracemalloc.stop()


def held_now() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def big(number: int, size: int = VALUE) -> bytes:
    return str(number).encode().ljust(size, b".")


async def test_large_values_never_take_the_store_past_its_bytes(traced: None) -> None:
    store = MemoryCacheStore(max_entries=10_000, max_bytes=4 * MiB)
    before = held_now()
    for number in range(300):  # 30 MB offered
        await store.set(f"gw:cache:billing:GET /Account/{{id}}:{number}", big(number), 60)
        assert store.held_bytes() <= 4 * MiB
    grown = held_now() - before
    assert grown <= 4 * MiB + MiB // 2, grown
    kept = store.held_keys()
    assert len(kept) == (4 * MiB) // (VALUE + ENTRY_OVERHEAD + len(kept[0]))
    assert kept[-1].endswith(":299") and kept[0].endswith(f":{300 - len(kept)}")  # oldest went
    assert await store.get(kept[0]) == big(300 - len(kept))
    assert await store.get("gw:cache:billing:GET /Account/{id}:0") is None


async def test_a_value_over_a_quarter_of_the_bytes_is_not_kept_and_drops_the_old_one() -> None:
    store = MemoryCacheStore(max_entries=10, max_bytes=MiB)
    await store.set("a", b"small", 60)
    await store.set("b", b"kept", 60)
    await store.set("a", big(1, MiB // 4), 60)
    assert await store.get("a") is None
    assert await store.get("b") == b"kept"
    assert store.held_bytes() == len("b") + len(b"kept") + ENTRY_OVERHEAD


async def test_the_weight_follows_every_way_an_entry_leaves() -> None:
    store = MemoryCacheStore(max_entries=2, max_bytes=MiB)
    await store.set("a", b"1", 60)
    await store.set("b", b"22", 0)  # expires at once
    await store.set("c", b"333", 60)  # the entry cap drops "a"
    assert store.held_keys() == ["b", "c"]
    assert await store.get("b") is None
    await store.delete("c", "missing")
    assert store.held_bytes() == 0
    await store.set("d", b"4", 60)
    await store.aclose()
    assert store.held_bytes() == 0 and store.held_keys() == []

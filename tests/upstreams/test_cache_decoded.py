"""A hit on the in-process read cache serves what the kept answer decoded to, once per answer.

A warm fan-out query reads dozens of cached records; decoding each kept
body again on every hit was most of what a warm hit cost. What a kept value
decoded to lives as long as that value does, and a store that hands back
copies (Redis) decodes on every hit as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from upstreams.cache import MemoryCacheStore, ReadCache, read_through
from upstreams.cache.read_through import Fetch

ENDPOINT = ("prepaid", "AccountRead")


class Counting:
    """A decoder that counts the bodies it was asked to read."""

    def __init__(self) -> None:
        self.read: list[bytes] = []

    def __call__(self, body: bytes) -> tuple[str, int]:
        self.read.append(body)
        return (body.decode(), len(self.read))


class CopyingStore(MemoryCacheStore):
    """A store that answers with a copy of what it keeps, as one over the network does."""

    async def get(self, key: str) -> bytes | None:
        value = await super().get(key)
        return None if value is None else bytes(bytearray(value))


def cache(store: MemoryCacheStore) -> ReadCache:
    return ReadCache(store, {ENDPOINT: 60.0})


def fetching(body: bytes, sent: list[bytes]) -> Fetch:
    async def fetch() -> tuple[bytes, str | None]:
        sent.append(body)
        return body, None

    return fetch


async def read(
    kept: ReadCache, args: Sequence[str], body: bytes, decode: Counting, sent: list[bytes]
) -> tuple[str, int]:
    return await read_through(kept, *ENDPOINT, args, fetching(body, sent), decode)


async def test_hits_serve_the_first_decode_of_the_kept_answer() -> None:
    kept, decode, sent = cache(MemoryCacheStore(100, 1 << 20)), Counting(), list[bytes]()
    first = await read(kept, ("7",), b"seven", decode, sent)
    again = [await read(kept, ("7",), b"seven", decode, sent) for _ in range(3)]
    assert sent == [b"seven"]
    assert decode.read == [b"seven"]
    assert again == [first] * 3


async def test_a_replaced_or_dropped_answer_is_decoded_afresh() -> None:
    store = MemoryCacheStore(100, 1 << 20)
    kept, decode, sent = cache(store), Counting(), list[bytes]()
    await read(kept, ("7",), b"seven", decode, sent)
    await kept.put(*ENDPOINT, ("7",), b"SEVEN", None)
    assert await read(kept, ("7",), b"unused", decode, sent) == ("SEVEN", 2)
    await kept.invalidate("prepaid", ("AccountRead", ("7",)))
    assert await read(kept, ("7",), b"seven again", decode, sent) == ("seven again", 3)
    assert await read(kept, ("7",), b"unused", decode, sent) == ("seven again", 3)
    assert sent == [b"seven", b"seven again"]


async def test_a_store_that_answers_copies_decodes_every_hit() -> None:
    kept, decode, sent = cache(CopyingStore(100, 1 << 20)), Counting(), list[bytes]()
    for _ in range(3):
        await read(kept, ("7",), b"seven", decode, sent)
    assert sent == [b"seven"]
    assert decode.read == [b"seven"] * 3


async def test_an_answer_the_store_evicts_takes_its_decode_with_it() -> None:
    store = MemoryCacheStore(max_entries=1, max_bytes=1 << 20)
    kept, decode, sent = cache(store), Counting(), list[bytes]()
    await read(kept, ("7",), b"seven", decode, sent)
    await read(kept, ("8",), b"eight", decode, sent)
    assert store.decoded(ReadCache.key(*ENDPOINT, ("7",)), b"seven") is None
    assert await read(kept, ("7",), b"seven", decode, sent) == ("seven", 3)

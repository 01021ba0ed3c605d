"""``IndexedHeaders`` answers exactly as Starlette's ``Headers`` does, only faster."""

from __future__ import annotations

import pytest
from starlette.datastructures import Headers

from gateway.protocol.request import IndexedHeaders

RAW = [
    (b"accept", b"application/json"),
    (b"x-api-key", b"first"),
    (b"x-api-key", b"second"),
    (b"content-type", b"application/json; charset=utf-8"),
    (b"x-latin", "caf\u00e9".encode("latin-1")),
]


@pytest.mark.parametrize(
    "name", ["accept", "Accept", "X-API-KEY", "x-api-key", "content-type", "x-latin", "origin", ""]
)
def test_lookups_agree_with_starlette(name: str) -> None:
    scope = {"type": "http", "headers": list(RAW)}
    ours, theirs = IndexedHeaders(scope), Headers(scope={"type": "http", "headers": list(RAW)})
    assert ours.get(name) == theirs.get(name)
    assert ours.get(name, "default") == theirs.get(name, "default")
    assert (name in ours) == (name in theirs)
    if name in theirs:
        assert ours[name] == theirs[name]
    else:
        with pytest.raises(KeyError):
            ours[name]
    assert ours.getlist(name) == theirs.getlist(name)
    assert ours.items() == theirs.items()


def test_a_non_string_is_never_contained() -> None:
    key: object = b"accept"
    assert key not in IndexedHeaders({"type": "http", "headers": list(RAW)})

"""Shaping a call's query and form: byte for byte what ``urllib.parse.urlencode`` writes.

``urlencode`` is the oracle: httpx writes queries and forms with it, and the
shaper's own quoting (names kept, unreserved values passed as they are) must
never send a byte it would not. The engine's wire test
(``test_aiohttp_engine.py``) compares whole requests with httpx's.
"""

from __future__ import annotations

import random
from urllib.parse import urlencode

from upstreams.outgoing import Call, Shaper, form

ALPHABET = (
    "abcXYZ019_.-~"  # unreserved: passed as they are
    " +%&=?#/;:@,$!*'()[]<>\"\\|^`{}"  # quoted, the space as '+'
    "\t\n\x00\x7f"
    "éßÀ€中文😀\u00a0\u200b"  # more than one UTF-8 byte
)
PAIRS = 20_000


def random_text(rng: random.Random) -> str:
    """Mostly short texts; some of unreserved characters only, some empty."""
    kind = rng.random()
    if kind < 0.1:
        return ""
    if kind < 0.4:
        return "".join(rng.choices("abcXYZ019_.-~", k=rng.randint(1, 40)))
    return "".join(rng.choices(ALPHABET, k=rng.randint(1, 24)))


def test_random_pairs_encode_as_urlencode_does() -> None:
    rng = random.Random(23)
    names = [random_text(rng) for _ in range(300)]  # names repeat, as an adapter's do
    pairs = [(rng.choice(names), random_text(rng)) for _ in range(PAIRS)]
    unquoted = sum(1 for _, value in pairs if value and value == urlencode({"": value})[1:])
    assert unquoted > PAIRS // 5, "too few values take the unquoted path to test it"
    for start in range(0, PAIRS, 7):
        chunk = pairs[start : start + 7]
        assert form(chunk) == urlencode(chunk), chunk


def test_values_are_written_as_httpx_writes_them() -> None:
    items = [("flag", True), ("off", False), ("none", None), ("n", 17), ("ids", [1, "a b"])]
    expected = [("flag", "true"), ("off", "false"), ("none", ""), ("n", "17")]
    assert form(items) == urlencode([*expected, ("ids", "1"), ("ids", "a b")])


def test_a_query_and_a_form_carry_the_same_bytes() -> None:
    params = {"Action": "AccountRead", "AccountId": "50002", "Note": "a&b=c d/é"}
    shaper = Shaper("http://127.0.0.1:9/base/")
    read = shaper.shape(Call("GET", "/api", "AccountRead", params=params))
    assert read.url == "http://127.0.0.1:9/base/api?" + urlencode(params)
    write = shaper.shape(Call("POST", "api", "AccountRead", data=params))
    assert write.url == "http://127.0.0.1:9/base/api"
    assert write.body == urlencode(params).encode()

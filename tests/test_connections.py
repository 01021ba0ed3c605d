"""Relay slicing arithmetic over offset-paged upstreams (pure: no upstream involved)."""

from __future__ import annotations

import pytest

from resolvers.connections import Window, window
from resolvers.cursors import Listing
from resolvers.errors import GraphError

LISTING = Listing("Query.things")


def at(position: int) -> str:
    return LISTING.cursor(position)


def test_first_after() -> None:
    assert window(None, None, listing=LISTING) == Window(0, 20)
    assert window(5, at(9), listing=LISTING) == Window(10, 5)


def test_last_before_pages_backwards() -> None:
    assert window(None, None, 5, at(20), listing=LISTING) == Window(15, 5)
    assert window(None, None, 50, at(20), listing=LISTING) == Window(0, 20)


def test_after_and_before_bound_both_ends() -> None:
    assert window(100, at(4), None, at(10), listing=LISTING) == Window(5, 5)
    assert window(None, at(4), 3, at(10), listing=LISTING) == Window(7, 3)
    assert window(10, at(10), None, at(4), listing=LISTING) == Window(11, 0)


def test_last_alone_counts_back_from_the_total() -> None:
    pending = window(None, None, 5, listing=LISTING)
    assert pending.from_end
    assert pending.settle(1000) == Window(995, 5)
    assert pending.settle(3) == Window(0, 3)
    assert window(None, at(997), 5, listing=LISTING).settle(1000) == Window(998, 2)


@pytest.mark.parametrize(
    ("first", "after", "last", "before"),
    [
        (0, None, None, None),
        (101, None, None, None),
        (None, None, 0, None),
        (5, "not-a-cursor", None, None),
        (None, None, 5, "bm9wZTox"),
        (5, None, 5, None),
    ],
)
def test_what_cannot_be_read_is_bad_user_input(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> None:
    with pytest.raises(GraphError) as caught:
        window(first, after, last, before, listing=LISTING)
    assert caught.value.code == "BAD_USER_INPUT"

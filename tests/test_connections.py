"""Relay slicing arithmetic over offset-paged upstreams (pure: no upstream involved)."""

from __future__ import annotations

import pytest

from resolvers.connections import Window, offset_cursor, window
from resolvers.errors import GraphError


def test_first_after() -> None:
    assert window(None, None) == Window(0, 20)
    assert window(5, offset_cursor(9)) == Window(10, 5)


def test_last_before_pages_backwards() -> None:
    assert window(None, None, 5, offset_cursor(20)) == Window(15, 5)
    assert window(None, None, 50, offset_cursor(20)) == Window(0, 20)


def test_after_and_before_bound_both_ends() -> None:
    assert window(100, offset_cursor(4), None, offset_cursor(10)) == Window(5, 5)
    assert window(None, offset_cursor(4), 3, offset_cursor(10)) == Window(7, 3)
    assert window(10, offset_cursor(10), None, offset_cursor(4)) == Window(11, 0)


def test_last_alone_counts_back_from_the_total() -> None:
    pending = window(None, None, 5)
    assert pending.from_end
    assert pending.settle(1000) == Window(995, 5)
    assert pending.settle(3) == Window(0, 3)
    assert window(None, offset_cursor(997), 5).settle(1000) == Window(998, 2)


@pytest.mark.parametrize(
    ("first", "after", "last", "before"),
    [
        (0, None, None, None),
        (101, None, None, None),
        (None, None, 0, None),
        (5, "not-a-cursor", None, None),
        (None, None, 5, "bm9wZTox"),
    ],
)
def test_what_cannot_be_read_is_bad_user_input(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> None:
    with pytest.raises(GraphError) as caught:
        window(first, after, last, before)
    assert caught.value.code == "BAD_USER_INPUT"

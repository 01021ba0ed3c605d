"""The fewest numbered pages, of the smallest size, that hold a window of records."""

from __future__ import annotations

from resolvers.numbered_pages import covering_pages


def test_a_window_on_a_page_boundary_is_that_page() -> None:
    assert covering_pages(0, 25, 100) == (25, [1])
    assert covering_pages(50, 25, 100) == (25, [3])


def test_a_window_off_the_boundary_takes_the_smallest_size_holding_it() -> None:
    size, pages = covering_pages(10, 5, 100)
    assert pages == [10 // size + 1] and 10 // size == 14 // size
    assert all(10 // smaller != 14 // smaller for smaller in range(5, size))


def test_when_no_size_holds_it_two_pages_of_the_window_size_do() -> None:
    assert covering_pages(99, 100, 100) == (100, [1, 2])

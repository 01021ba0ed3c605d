"""Relay windows over an upstream that pages by number (from 1) and page size.

A window of ``count`` records from ``offset`` rarely starts on a page
boundary of size ``count`` (``after`` may name any record). So the smallest
page size, up to the upstream's largest, whose one page holds the whole
window is read instead; only when none does are the two pages of size
``count`` that hold it read.
"""

from __future__ import annotations


def covering_pages(offset: int, count: int, largest: int) -> tuple[int, list[int]]:
    """Page size and page numbers holding records ``offset .. offset + count - 1``.

    ``count`` is at least 1 and at most ``largest``.
    """
    last = offset + count - 1
    for size in range(count, largest + 1):
        if offset // size == last // size:
            return size, [offset // size + 1]
    return count, list(range(offset // count + 1, last // count + 2))

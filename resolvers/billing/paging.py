"""A window of records over the billing API's 1-based ``pageNumber``/``pageSize``.

A window of ``first`` records from ``offset`` rarely starts on a page
boundary of size ``first`` (``after`` may name any record). We pick the
smallest page size whose single page covers the whole window, read that page
and slice; only when no size up to the API's maximum does, two pages of size
``first`` are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from resolvers.billing.loaders import PageKey
from upstreams.paging import Page

T = TypeVar("T")

UPSTREAM_MAX_PAGE = 1000


def pages_for(offset: int, first: int) -> list[PageKey]:
    """The upstream pages that cover records ``offset .. offset + first - 1`` (none if empty)."""
    if first == 0:
        return []
    last = offset + first - 1
    for size in range(first, UPSTREAM_MAX_PAGE + 1):
        if offset // size == last // size:
            return [PageKey(offset // size + 1, size)]
    start = offset // first
    return [PageKey(start + 1, first), PageKey(start + 2, first)]


def cut(pages: Sequence[Page[T]], offset: int, first: int) -> Page[T]:
    """The window ``offset .. offset + first - 1`` out of the pages read for it."""
    items = [item for page in pages for item in page.items]
    start = pages[0].offset if pages else offset
    chosen = items[offset - start : offset - start + first]
    total = pages[-1].total if pages else None
    return Page(items=chosen, offset=offset, total=total)

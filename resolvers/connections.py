"""Relay cursor connections over the upstreams' own offset paging.

Cursors are opaque (base64 of ``offset:N``) and count from 0 whatever the
upstream counts in; ``totalCount`` is the upstream's own count, null where it
gives none (Saasu). Every upstream pages by offset, so any window is
reachable: ``window()`` turns ``first``/``after``/``last``/``before`` into one,
and ``connection()`` turns the upstream's ``Page`` into the connection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from resolvers.errors import bad_input
from upstreams.paging import Page

T = TypeVar("T")

CURSOR_PREFIX = "offset"
MAX_PAGE = 100


# Generic over Strawberry's own NodeType: with any other type variable, it
# cannot resolve CountedConnection[X] used as a return type.
@strawberry.type(description="A page of records with Relay cursors and the upstream's total.")
class CountedConnection(relay.Connection[NodeType], Generic[NodeType]):
    total_count: int | None = strawberry.field(
        description="How many records there are in all, as the upstream counts them; "
        "null where the upstream gives no count."
    )


def offset_cursor(offset: int) -> str:
    return relay.to_base64(CURSOR_PREFIX, offset)


def cursor_offset(cursor: str | None, field: str = "after") -> int:
    """The 0-based offset a cursor names; ``ValueError`` naming ``field`` if not ours."""
    if cursor is None:
        return -1
    try:
        prefix, value = relay.from_base64(cursor)
        if prefix != CURSOR_PREFIX:
            raise ValueError
        offset = int(value)
    except (ValueError, TypeError):
        raise ValueError(f"`{field}` is not a cursor of this connection") from None
    if offset < 0:
        raise ValueError(f"`{field}` is not a cursor of this connection")
    return offset


def connection(
    page: Page[T], convert: Callable[[T], NodeType], *, requested: int
) -> CountedConnection[NodeType]:
    """Build a connection from an upstream page of ``requested`` records at most.

    Without a total (Saasu), a full page is taken to mean more may follow.
    """
    nodes: Sequence[NodeType] = [convert(item) for item in page.items]
    edges = [
        relay.Edge(node=node, cursor=offset_cursor(page.offset + index))
        for index, node in enumerate(nodes)
    ]
    has_next = page.has_next
    return CountedConnection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=has_next if has_next is not None else len(nodes) >= requested,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )


@dataclass(frozen=True, slots=True)
class Window:
    """The records to read: ``offset .. offset + limit - 1``.

    ``from_end`` means ``last`` was given without ``before``: the window ends
    at the last record, which only the upstream's total can place; call
    ``settle(total)`` once it is known. ``floor`` keeps it after ``after``.
    """

    offset: int
    limit: int
    from_end: bool = False
    floor: int = 0

    def settle(self, total: int) -> Window:
        if not self.from_end:
            return self
        start = max(self.floor, total - self.limit)
        return Window(start, max(0, total - start))


def window(
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    *,
    default: int = 20,
) -> Window:
    """Relay's slicing over an offset-paged upstream; ``bad_input`` for what cannot be read.

    As the Relay spec does: narrow to the records between ``after`` and
    ``before``, then keep the first ``first`` of them, then the last ``last``.
    """
    for name, count in (("first", first), ("last", last)):
        if count is not None and not 1 <= count <= MAX_PAGE:
            raise bad_input(f"`{name}` must be from 1 to {MAX_PAGE}")
    if first is None and last is None:
        first = default
    try:
        start = cursor_offset(after) + 1
        end = cursor_offset(before, "before") if before is not None else None
    except ValueError as error:
        raise bad_input(str(error)) from None
    if end is not None:
        end = max(end, start)
    if first is not None:
        end = start + first if end is None else min(end, start + first)
    if last is not None:
        if end is None:
            return Window(start, last, from_end=True, floor=start)
        start = max(start, end - last)
    assert end is not None
    return Window(start, end - start)

"""Relay cursor connections over the upstreams' own offset paging.

Cursors are opaque and bound to their sequence (``resolvers.cursors``); their
positions count from 0 whatever the upstream counts in. Each is encoded when
a query first reads it (most ask for none): an edge keeps its position, and
``pageInfo``'s start and end cursors are its first and last edges' own. ``totalCount`` is the
upstream's own count, null where it gives none (Saasu). Every upstream pages
by offset, so any window is reachable: ``window()`` turns
``first``/``after``/``last``/``before`` into one, and ``connection()`` turns
the upstream's ``Page`` into the connection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from resolvers.cursors import Listing
from resolvers.errors import bad_input
from resolvers.views import Computed
from upstreams.paging import Page

T = TypeVar("T")

MAX_PAGE = 100
# Said in each cursor argument's description, the rule ``window()`` enforces.
OWN_CURSOR = "one this field gave, under the same ordering and filter arguments"


# Generic over Strawberry's own NodeType: with any other type variable, it
# cannot resolve CountedConnection[X] used as a return type.
@strawberry.type(description="A page of records with Relay cursors and the upstream's total.")
class CountedConnection(relay.Connection[NodeType], Generic[NodeType]):
    total_count: int | None = strawberry.field(
        description="How many records there are in all, as the upstream counts them; "
        "null where the upstream gives no count."
    )


def connection(
    page: Page[T], convert: Callable[[T], NodeType], *, requested: int, listing: Listing
) -> CountedConnection[NodeType]:
    """Build a connection from an upstream page of ``requested`` records at most.

    Its cursors are positions in ``listing``, the sequence the page was cut from.
    Without a total (Saasu), a full page is taken to mean more may follow.
    """
    nodes: Sequence[NodeType] = [convert(item) for item in page.items]
    edges = [_edge(node, listing, page.offset + index) for index, node in enumerate(nodes)]
    has_next = page.has_next
    page_info: relay.PageInfo = object.__new__(_EdgesPageInfo)
    page_info.__dict__.update(
        has_next_page=has_next if has_next is not None else len(nodes) >= requested,
        has_previous_page=page.offset > 0,
        edges=edges,
    )
    return CountedConnection(edges=edges, page_info=page_info, total_count=page.total)


class _LazyEdge(relay.Edge[Any]):
    """An edge whose cursor is encoded from its position when first read."""

    cursor = Computed("cursor", lambda edge: edge.listing.cursor(edge.position))


class _EdgesPageInfo(relay.PageInfo):
    """Page info whose start and end cursors are its first and last edges' own."""

    start_cursor = Computed("start_cursor", lambda info: _cursor_at(info.edges, 0))
    end_cursor = Computed("end_cursor", lambda info: _cursor_at(info.edges, -1))


def _edge(node: Any, listing: Listing, position: int) -> relay.Edge[Any]:
    edge: relay.Edge[Any] = object.__new__(_LazyEdge)
    edge.__dict__.update(node=node, listing=listing, position=position)
    return edge


def _cursor_at(edges: Sequence[relay.Edge[Any]], index: int) -> str | None:
    return edges[index].cursor if edges else None


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
    listing: Listing,
    default: int = 20,
) -> Window:
    """Relay's slicing over an offset-paged upstream; ``bad_input`` for what cannot be read.

    As the Relay spec does: narrow to the records between ``after`` and
    ``before``, then keep the first ``first`` of them or the last ``last``.
    The cursors must be ``listing``'s. ``first`` with ``last`` is refused: the
    spec allows it but its answer surprises, and no client needs it.
    """
    for name, count in (("first", first), ("last", last)):
        if count is not None and not 1 <= count <= MAX_PAGE:
            raise bad_input(f"`{name}` must be from 1 to {MAX_PAGE}")
    if first is not None and last is not None:
        raise bad_input("Give `first` or `last`, not both")
    if first is None and last is None:
        first = default
    start = listing.position(after, "after") + 1 if after is not None else 0
    end = listing.position(before, "before") if before is not None else None
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

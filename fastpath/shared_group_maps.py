"""graphql-core's incremental executor, without a copy of the delivery group map per object.

Below an object whose fields hold a ``@defer``, graphql-core passes a map
from each deferred fragment to its delivery group down to every object
completed beneath it, and ``get_new_delivery_group_map`` (private) copies
that map for each of them, with or without a new fragment to add: a page of
fifty records, each with its contacts and its deferred fragment, copies it
for every record and every contact, before the first payload is out. The
map is only ever written right after it is copied, so an object that meets
no new fragment can share its parent's map as it is. Guarded by
``tests/fastpath/test_shared_group_maps_guard.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql.execution.incremental import DeliveryGroup, IncrementalExecutor
from graphql.execution.incremental.incremental_executor import DeliveryGroupMap


class SharedGroupMaps(IncrementalExecutor):
    """An ``IncrementalExecutor`` that copies a delivery group map only to add to it."""

    def get_new_delivery_group_map(
        self,
        new_defer_usages: Sequence[Any],
        delivery_group_map: DeliveryGroupMap | None,
        path: Any,
    ) -> tuple[list[DeliveryGroup], DeliveryGroupMap]:
        if not new_defer_usages and delivery_group_map is not None:
            return [], delivery_group_map
        return super().get_new_delivery_group_map(new_defer_usages, delivery_group_map, path)

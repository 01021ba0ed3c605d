"""What a limit works out once per operation and then reads on every request that runs it.

Clients send the same few documents over and over, and the document cache
hands every request for one text the same parsed operation, so a figure that
depends on the operation alone (or on it and a small key drawn from the
variables) is worked out once. An entry holds its operation weakly and counts
only while that operation is alive and is the one found under its ``id``: a
document the document cache let go is not kept alive here, and an ``id``
reused by a later operation never finds the earlier one's figure. At most
``size`` entries are kept, the least recently read dropped first.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from graphql import OperationDefinitionNode

Value = TypeVar("Value")


class PerOperation(Generic[Value]):
    """A bounded map from (an operation, a key) to a value, holding the operation weakly."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[
            tuple[int, Hashable], tuple[weakref.ref[OperationDefinitionNode], Value]
        ] = OrderedDict()

    def get(self, operation: OperationDefinitionNode, key: Hashable = ()) -> Value | None:
        """The value kept for ``operation`` and ``key``, or ``None``."""
        entry_key = (id(operation), key)
        entry = self._entries.get(entry_key)
        if entry is None or entry[0]() is not operation:
            return None
        self._entries.move_to_end(entry_key)
        return entry[1]

    def put(self, operation: OperationDefinitionNode, value: Value, key: Hashable = ()) -> None:
        """Keep ``value`` for ``operation`` and ``key``."""
        self._entries[(id(operation), key)] = (weakref.ref(operation), value)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

"""The operations a request ran, as bounded labels for logs, metrics and spans.

Operation names come from clients, so a label set built from them could grow
without end: names that are not plain identifiers, and new names once
``limit`` distinct ones have been seen, collapse to ``other``.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.types import Scope

ANONYMOUS = "anonymous"
OTHER = "other"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def ran(scope: Scope) -> list[tuple[str | None, str | None]]:
    """``(name, type)`` of each operation the endpoint ran (empty when none was reached)."""
    state: dict[str, Any] = scope.get("state") or {}
    return list(state.get("operations") or [])


class OperationLabels:
    """Turns operation names into labels, remembering at most ``limit`` distinct names."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self._seen: set[str] = set()

    def name(self, name: str | None) -> str:
        if name is None:
            return ANONYMOUS
        if name in self._seen:  # a name seen before passed the pattern then
            return name
        if not _NAME.fullmatch(name) or len(self._seen) >= self.limit:
            return OTHER
        self._seen.add(name)
        return name

    @staticmethod
    def kind(operation_type: str | None) -> str:
        return operation_type if operation_type in ("query", "mutation", "subscription") else "none"

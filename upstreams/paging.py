"""One page of a list call, the same shape whichever upstream paged it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """``items`` from ``offset`` (0-based, whatever the upstream counts in).

    ``total`` is the upstream's count of all matching records, or ``None``
    when it gives none (or was asked not to compute it).
    """

    items: Sequence[T]
    offset: int
    total: int | None

    @property
    def has_next(self) -> bool | None:
        """Whether records follow this page; ``None`` when the upstream gave no total."""
        if self.total is None:
            return None
        return self.offset + len(self.items) < self.total

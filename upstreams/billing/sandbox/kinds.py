"""What the contact and note endpoints need to know about their kind of child record."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from upstreams.billing.sandbox.problems import Problem
from upstreams.billing.sandbox.records import Account
from upstreams.billing.sandbox.removal import Removed
from upstreams.billing.sandbox.store import Store


class Child(Protocol):
    identity: int


C = TypeVar("C", bound=Child)

Checked = tuple[dict[str, object], list[Problem]]


@dataclass(frozen=True, slots=True)
class ChildKind(Generic[C]):
    """``noun`` is also the ``dtoTypeKey``; ``label`` is how messages name the kind."""

    noun: str
    label: str
    collection: Callable[[Account], dict[int, C]]
    check: Callable[[Mapping[str, object], C | None, str], Checked]
    create: Callable[[Store, Mapping[str, object]], C]
    update: Callable[[C, Mapping[str, object]], None]
    render: Callable[[C], dict[str, Any]]
    removals: Callable[[C], list[Removed]]

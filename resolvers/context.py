"""What a resolver gets in ``info.context``: the adapters and this request's loaders.

Loaders live for one request only, so a record read twice in a request costs
one upstream call and nothing leaks between callers. A domain module declares
a loader as a plain factory function of the adapters; ``context.loader(factory)``
makes it on first use in the request and hands back the same one after. No
central registry to edit when a module adds a loader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiodataloader import DataLoader

from upstreams.billing.adapter import BillingAdapter
from upstreams.invoicexpress.adapter import InvoiceXpressAdapter
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.saasu.adapter import SaasuAdapter

L = TypeVar("L", bound=DataLoader)  # type: ignore[type-arg]


@dataclass(frozen=True, slots=True)
class Upstreams:
    """The four adapters, shared by every request (each owns a connection pool)."""

    prepaid: PrepaidAdapter
    billing: BillingAdapter
    saasu: SaasuAdapter
    invoicexpress: InvoiceXpressAdapter
    invoicing_account_id: int


@dataclass
class GraphContext:
    """One request's context."""

    upstreams: Upstreams
    naive: bool = False
    """Benchmark baseline only: every loader unbatched and uncached, one call per load."""
    _loaders: dict[Callable[..., Any], Any] = field(default_factory=dict)

    def loader(self, factory: Callable[[Upstreams], L]) -> L:
        """The request's loader made by ``factory``, created on first use."""
        made = self._loaders.get(factory)
        if made is None:
            made = self._loaders[factory] = factory(self.upstreams)
            if self.naive:
                made.batch = made.cache = False
        return made

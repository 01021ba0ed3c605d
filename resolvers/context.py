"""What a resolver gets in ``info.context``: the adapters, the key store, this request's loaders.

Loaders live for one request only, so a record read twice in a request costs
one upstream call and nothing leaks between callers. A domain module declares
a loader as a plain factory function of the adapters; ``context.loader(factory)``
makes it on first use in the request and hands back the same one after. No
central registry to edit when a module adds a loader.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import strawberry
from aiodataloader import DataLoader

from resolvers.idempotency import Idempotency
from upstreams.billing.adapter import BillingAdapter
from upstreams.invoicexpress.adapter import InvoiceXpressAdapter
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.saasu.adapter import SaasuAdapter

L = TypeVar("L", bound=DataLoader)  # type: ignore[type-arg]


class BatchObserver(Protocol):
    """Told the size of every dataloader batch (metrics live above resolvers)."""

    def on_batch(self, loader: str, size: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Upstreams:
    """The four adapters, shared by every request (each owns a connection pool).

    ``batches``, when set, hears every loader batch's size.
    """

    prepaid: PrepaidAdapter
    billing: BillingAdapter
    saasu: SaasuAdapter
    invoicexpress: InvoiceXpressAdapter
    invoicing_account_id: int
    batches: BatchObserver | None = None


@dataclass
class GraphContext:
    """One request's context."""

    upstreams: Upstreams
    idempotency: Idempotency | None = None
    """Idempotency keys, shared by every request (and, on Redis, every process)."""
    caller: str | None = None
    """The authenticated caller's name; None for an anonymous caller (open mode)."""
    roles: frozenset[str] = frozenset()
    """The caller's roles; operators' fields need ``admin``."""
    naive: bool = False
    """Benchmark baseline only: every loader unbatched and uncached, one call per load."""
    _loaders: dict[Callable[..., Any], Any] = field(default_factory=dict)
    # Loader batches run in tasks of their own; those still reading when the request ends.
    _batches: set[asyncio.Task[Any]] = field(default_factory=set)

    def loader(self, factory: Callable[[Upstreams], L]) -> L:
        """The request's loader made by ``factory``, created on first use."""
        made = self._loaders.get(factory)
        if made is None:
            made = self._loaders[factory] = factory(self.upstreams)
            if self.naive:
                made.batch = made.cache = False
            if self.upstreams.batches is not None:
                _report_batches(made, factory.__name__, self.upstreams.batches)
            _track_batches(made, self._batches)
        return made

    def release(self) -> None:
        """Drop this request's loaders, and with them every record the request read.

        Called once the answer is written. graphql-core's executor is a
        reference cycle that holds the context, so without this the records
        would wait for a garbage collection rather than go when the request does.
        A batch still reading is cancelled: nobody waits for it any more (the
        request was stopped, its client gone, or a sibling field failed first).
        """
        self._loaders.clear()
        for batch in self._batches:
            batch.cancel()
        self._batches.clear()


Info = strawberry.Info[GraphContext, None]
"""What a resolver is handed, with this graph's context typed."""


class ReadStopped(Exception):
    """A loader's read was stopped because its request ended first."""


def _track_batches(loader: DataLoader, running: set[asyncio.Task[Any]]) -> None:  # type: ignore[type-arg]
    """Wrap the loader's batch function so the task running each batch is in ``running``.

    aiodataloader starts every batch in a task of its own, which cancelling the
    request's task does not reach; ``release`` cancels what is left of them.
    """
    load = loader.batch_load_fn

    async def tracked(keys: list[Any]) -> Any:
        task = asyncio.current_task()
        if task is None:
            return await load(keys)
        running.add(task)
        try:
            return await load(keys)
        except asyncio.CancelledError:
            # The batch ends with an error instead: a caller still waiting for one
            # of its keys (none, once the request's own task was cancelled) hears of
            # it rather than waiting forever.
            task.uncancel()
            raise ReadStopped("the request ended before this read") from None
        finally:
            running.discard(task)

    loader.batch_load_fn = tracked


def _report_batches(loader: DataLoader, name: str, observer: BatchObserver) -> None:  # type: ignore[type-arg]
    """Wrap the loader's batch function so each batch's size reaches ``observer``."""
    load = loader.batch_load_fn

    async def reported(keys: list[Any]) -> Any:
        observer.on_batch(name, len(keys))
        return await load(keys)

    loader.batch_load_fn = reported

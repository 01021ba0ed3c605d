"""graphql-core's incremental executor, with the inline plain fields and each stream's first index.

``@defer`` and ``@stream`` run on graphql-core's ``IncrementalExecutor``,
which its package marks for internal use only: the public entry point,
``experimental_execute_incrementally``, builds it but would not take the
plain fields of ``fastpath.plain_executor``, nor coerce the variables before the
request's gates see them. Here it is combined with ``PlainExecutor`` and
built the same way, as ``fastpath.first_part_first`` schedules it and with
``fastpath.shared_group_maps``' one map per new deferred fragment.

graphql-core's published results name a stream's position by its list's
path only; the format clients speak (``gateway.protocol.incremental``) also
names the index of each item, and a stream's first item is the one at
the index ``handle_stream`` (private) is called with. Each call records it in
``stream_starts``, one dictionary shared with every sub-executor (they are
shallow copies).

Each deferred fragment and streamed item runs on a sub-executor, whose
helpers (``fastpath.plain_executor``) refer back to the first executor,
which holds the fragments' computations and the streams' queues, whose
closures hold the sub-executors and the executor again: ``release``, after
the last part, unlinks every one of them (each is noted, weakly, as it is
made) and drops the executor's fragments and streams.

graphql-core stops the work still running for a request when its publisher
(the payloads after the first) is closed, or when the first payload fails
with an exception; not when the request's task is cancelled while the first
payload completes (a client gone), nor when the publisher was never asked
for a payload, since closing an async generator that never started runs
none of its code. ``stop`` covers every case: it aborts each executor's
fragments and streams (``abort``, private) and cancels the futures still
tracked. Guarded by ``tests/fastpath/test_incremental_executor_guard.py``.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakSet

from graphql.execution.incremental import IncrementalExecutor

from fastpath.first_part_first import FirstPartFirst
from fastpath.plain_executor import PlainExecutor
from fastpath.shared_group_maps import SharedGroupMaps

# A streamed list's path (as a tuple) -> the index of its first streamed item.
StreamStarts = dict[tuple[str | int, ...], int]


class IncrementalPlainExecutor(PlainExecutor, FirstPartFirst, SharedGroupMaps):
    """An ``IncrementalExecutor`` that answers plain fields inline and notes where streams start."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream_starts: StreamStarts = {}
        # Every sub-executor still alive, for ``unlink``; shared with them (shallow copies).
        self.sub_executors: WeakSet[IncrementalPlainExecutor] = WeakSet()

    def create_sub_executor(self, defer_usage_set: Any = None) -> IncrementalExecutor:
        sub_executor = super().create_sub_executor(defer_usage_set)
        if isinstance(sub_executor, IncrementalPlainExecutor):  # a copy of this one
            self.sub_executors.add(sub_executor)
        return sub_executor

    def stop(self) -> None:
        """Stop the request's deferred fragments and streams, started or not; idempotent.

        The asynchronous part of the aborts settles among the background
        futures, which ``release`` waits for.
        """
        self.held = []  # fragments never built are never started
        for executor in (self, *self.sub_executors):
            executor.abort_in_background()
        for future in list(self.pending_incremental_futures):
            future.cancel()

    def unlink(self) -> None:
        for executor in (self, *self.sub_executors):
            PlainExecutor.unlink(executor)
            # The fragments' computations and the streams' queues close over the executors.
            executor.groups = []
            executor.tasks = []
            executor.streams = []

    def handle_stream(
        self,
        index: int,
        path: Any,
        iterator: Any,
        is_async: bool,
        stream_usage: Any,
        info: Any,
        item_type: Any,
    ) -> bool:
        self.stream_starts[tuple(path.as_list())] = index
        return bool(
            super().handle_stream(index, path, iterator, is_async, stream_usage, info, item_type)
        )

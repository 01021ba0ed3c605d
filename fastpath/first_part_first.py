"""graphql-core's incremental executor, holding later work until the first payload is out.

With early execution on (``gateway.protocol.execution``), graphql-core starts
each deferred fragment as soon as it meets it (at the next turn of the event
loop) and each stream's later items at once. Met while the first payload is
still being completed, after the operation's first wait (under a list of
records just read, say), that work shares the one event loop with the first
payload's own remaining work and the answers of its upstream calls, runs
ahead of them and between them, and the first payload waits for it: fifty
deferred fragments run their resolvers between the first payload's; a
streamed list's later items send their reads, and read their answers, before
the first items' answers are read.

So work met after the operation's first wait, and before its first payload
is built, is left for graphql-core's publisher to start, which it does when
the payloads after the first are first asked for: once the first is written
(``gateway.protocol.multipart``). A stream's queue is made lazy (its private
``_eager``: the producer task it already made waits until the queue is first
read, and still completes its items side by side). A deferred fragment's
machinery is not even built meanwhile: graphql-core would make, per fragment
met, a sub-executor (a copy of the executor), a computation, an execution
group, and at the first payload a publisher that files each of them, all
before the first payload is out, about as much CPU as completing the first
payload's fifty records. Only what it is built from is noted (where, the
fragment's fields, the parent value and its delivery groups), and the
payloads after the first are built from it when they are first asked for:
graphql-core's own ``collect_execution_groups`` and publisher, in the same
order, so the same parts come in the same sequence with the same ids.
graphql-core's format then announces what is pending with the first later
payload instead of the first; the format clients speak
(``gateway.protocol.incremental``) announces nothing in the first payload,
which says ``hasNext: true`` as before.

Work met at the start (a deferred root field beside the first payload's own,
say) starts at once, so its upstream calls overlap the first payload's; work
met inside later parts keeps graphql-core's early execution. The upstream
calls are the same: the request's loaders, and their cache, serve every
part. Guarded by ``tests/fastpath/test_first_part_first_guard.py``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from graphql import (
    ExperimentalIncrementalExecutionResults,
    GraphQLError,
    InitialIncrementalExecutionResult,
    SubsequentIncrementalExecutionResult,
)
from graphql.execution.incremental import IncrementalExecutor, IncrementalPublisher
from graphql.execution.incremental.stream_item_queue import StreamItemQueue

# The arguments of one held ``collect_execution_groups`` call: (parent type,
# parent value, path, the new deferred field sets, the delivery group map).
Held = tuple[Any, Any, Any, Any, Any]


class FirstPartFirst(IncrementalExecutor):
    """An ``IncrementalExecutor`` that starts no work met while its first payload completes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # True from the operation's first wait until its first payload is built.
        self.completing_first_part = False
        # The deferred fragments met meanwhile, built once the later payloads are asked for.
        self.held: list[Held] = []

    def execute_operation(self, serially: bool | None = None) -> Any:
        result = super().execute_operation(serially)
        if self.is_awaitable(result):
            self.completing_first_part = True
        return result

    def build_response(self, data: dict[str, Any] | None) -> Any:
        self.completing_first_part = False
        held = self.held
        if held and self.collected_errors.errors:
            # What graphql-core's ``get_incremental_work`` would drop: under a null.
            nulled = self.collected_errors.has_nulled_position
            held[:] = [one for one in held if not nulled(one[2])]
        if not held or data is None:
            return super().build_response(data)
        # Early work under a null is stopped now, as graphql-core would.
        self.get_incremental_work()
        errors = list(self.collected_errors.errors) or None
        first = InitialIncrementalExecutionResult(data, errors, has_next=True)
        return ExperimentalIncrementalExecutionResults(first, self._later(data, errors))

    async def _later(
        self, data: dict[str, Any], errors: list[GraphQLError] | None
    ) -> AsyncGenerator[SubsequentIncrementalExecutionResult, None]:
        """The payloads after the first, from the held fragments built now, in the order met."""
        # Built unprimed (``prime_soon`` holds them still), as when they were met:
        # the publisher starts them.
        self.completing_first_part = True
        try:
            for one in self.held:
                super().collect_execution_groups(*one)
        finally:
            self.completing_first_part = False
        self.held = []
        work = self.get_incremental_work()
        built = IncrementalPublisher().build_response(data, errors, work, self)
        announced = built.initial_result.pending
        results = built.subsequent_results
        try:
            async for result in results:
                if announced:
                    result.pending = [*announced, *(result.pending or ())]
                    announced = []
                yield result
        finally:
            await results.aclose()

    def create_sub_executor(self, defer_usage_set: Any = None) -> IncrementalExecutor:
        sub_executor = super().create_sub_executor(defer_usage_set)
        if isinstance(sub_executor, FirstPartFirst):  # a later part's own work starts early
            sub_executor.completing_first_part = False
        return sub_executor

    def collect_execution_groups(
        self,
        parent_type: Any,
        source_value: Any,
        path: Any,
        new_grouped_field_sets: Any,
        delivery_group_map: Any,
    ) -> None:
        held = (parent_type, source_value, path, new_grouped_field_sets, delivery_group_map)
        if self.completing_first_part:
            self.held.append(held)
        else:
            super().collect_execution_groups(*held)

    def prime_soon(self, computation: Any) -> None:
        if not self.completing_first_part:
            super().prime_soon(computation)

    def handle_stream(self, *args: Any, **kwargs: Any) -> bool:
        handled = bool(super().handle_stream(*args, **kwargs))
        queue = self.streams[-1].queue if handled else None
        if self.completing_first_part and isinstance(queue, StreamItemQueue):
            queue._eager = False
        return handled

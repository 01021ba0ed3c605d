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
(``gateway.protocol.multipart``). A deferred fragment's computation is not
primed (``prime_soon``, private); a stream's queue is made lazy (its private
``_eager``: the producer task it already made waits until the queue is first
read, and still completes its items side by side). Work met at the start (a
deferred root field beside the first payload's own, say) starts at once, so
its upstream calls overlap the first payload's; work met inside later parts
keeps graphql-core's early execution. The upstream calls are the same: the
request's loaders, and their cache, serve every part. Guarded by
``tests/fastpath/test_first_part_first_guard.py``.
"""

from __future__ import annotations

from typing import Any

from graphql.execution.incremental import IncrementalExecutor
from graphql.execution.incremental.stream_item_queue import StreamItemQueue


class FirstPartFirst(IncrementalExecutor):
    """An ``IncrementalExecutor`` that starts no work met while its first payload completes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # True from the operation's first wait until its first payload is built.
        self.completing_first_part = False

    def execute_operation(self, serially: bool | None = None) -> Any:
        result = super().execute_operation(serially)
        if self.is_awaitable(result):
            self.completing_first_part = True
        return result

    def build_response(self, data: dict[str, Any] | None) -> Any:
        self.completing_first_part = False
        return super().build_response(data)

    def create_sub_executor(self, defer_usage_set: Any = None) -> IncrementalExecutor:
        sub_executor = super().create_sub_executor(defer_usage_set)
        if isinstance(sub_executor, FirstPartFirst):  # a later part's own work starts early
            sub_executor.completing_first_part = False
        return sub_executor

    def prime_soon(self, computation: Any) -> None:
        if not self.completing_first_part:
            super().prime_soon(computation)

    def handle_stream(self, *args: Any, **kwargs: Any) -> bool:
        handled = bool(super().handle_stream(*args, **kwargs))
        queue = self.streams[-1].queue if handled else None
        if self.completing_first_part and isinstance(queue, StreamItemQueue):
            queue._eager = False
        return handled

"""graphql-core's incremental results, in the format Apollo Client speaks (``deferSpec=20220824``).

graphql-core 3.3 publishes the newer format: it announces each deferred
fragment and stream as ``pending`` with an id and a path, delivers their parts
under that id (a deferred part's position below it as ``subPath``), and says
when each is ``completed``, with the errors that failed it. The format of the
incremental delivery RFC of 2022-08-24, which Apollo Client, urql, Relay and
the routers speak (``multipart/mixed;deferSpec=20220824``), has no ids: each
part carries its own ``path`` (and ``label``); streamed items carry the path
of their first item, whose last element is its index in the list. A deferred
fragment that failed as a whole arrives as ``data: null`` with its errors, a
stream that failed as ``items: null``.

Payloads that would carry nothing (a stream completing without new items)
are skipped, except the last, which tells the client ``hasNext: false``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import (
    GraphQLError,
    IncrementalDeferResult,
    InitialIncrementalExecutionResult,
    SubsequentIncrementalExecutionResult,
)
from graphql.execution import PendingResult

from fastpath.incremental_executor import StreamStarts

# Formats a part's errors as the client sees them (codes, no internals).
FormatErrors = Callable[[Sequence[GraphQLError]], list[dict[str, Any]]]


@dataclass(slots=True)
class _Pending:
    """A deferred fragment or stream announced but not completed: where it goes."""

    path: list[str | int]
    label: str | None
    # The index the next streamed item has in its list; ``None`` for a deferred fragment.
    next_index: int | None


class Translation:
    """One operation's payloads, turned from graphql-core's format into ``deferSpec=20220824``."""

    def __init__(self, stream_starts: StreamStarts, format_errors: FormatErrors) -> None:
        self.stream_starts = stream_starts
        self.format_errors = format_errors
        self._pending: dict[str, _Pending] = {}

    def initial(self, result: InitialIncrementalExecutionResult) -> dict[str, Any]:
        """The first payload: the data that did not wait, and ``hasNext``."""
        self._announce(result.pending)
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = self.format_errors(result.errors)
        if result.extensions:
            payload["extensions"] = result.extensions
        payload["hasNext"] = result.has_next
        return payload

    def subsequent(self, result: SubsequentIncrementalExecutionResult) -> dict[str, Any] | None:
        """A later payload, or ``None`` when it would tell the client nothing."""
        # New parts are announced with the data that holds them, so before it is placed.
        self._announce(result.pending or ())
        parts = [self._part(one) for one in result.incremental or ()]
        for completed in result.completed or ():
            pending = self._pending.pop(completed.id)
            if completed.errors:
                parts.append(self._failed(pending, completed.errors))
        if not parts and result.has_next:
            return None
        payload: dict[str, Any] = {}
        if parts:
            payload["incremental"] = parts
        if result.extensions:
            payload["extensions"] = result.extensions
        payload["hasNext"] = result.has_next
        return payload

    def _announce(self, pending: Sequence[PendingResult]) -> None:
        for one in pending:
            start = self.stream_starts.get(tuple(one.path))
            self._pending[one.id] = _Pending(one.path, one.label, start)

    def _part(self, result: Any) -> dict[str, Any]:
        pending = self._pending[result.id]
        part: dict[str, Any]
        if isinstance(result, IncrementalDeferResult):
            path = pending.path + (result.sub_path or [])
            part = {"data": result.data, "path": path}
        else:
            index = pending.next_index or 0
            part = {"items": result.items, "path": [*pending.path, index]}
            pending.next_index = index + len(result.items)
        if pending.label is not None:
            part["label"] = pending.label
        if result.errors:
            part["errors"] = self.format_errors(result.errors)
        if result.extensions:
            part["extensions"] = result.extensions
        return part

    def _failed(self, pending: _Pending, errors: Sequence[GraphQLError]) -> dict[str, Any]:
        """A fragment or stream that failed whole: null where its data would have gone."""
        part: dict[str, Any]
        if pending.next_index is None:
            part = {"data": None, "path": pending.path}
        else:
            part = {"items": None, "path": [*pending.path, pending.next_index]}
        if pending.label is not None:
            part["label"] = pending.label
        part["errors"] = self.format_errors(errors)
        return part


class Work(Protocol):
    """The executor of an answer in parts, as its later payloads end it."""

    def stop(self) -> None:
        """Stop what is still running for the request, started or not."""

    def release(self) -> None:
        """Let go of the executor once its work is over."""


class LaterPayloads:
    """The payloads after the first, translated; ``aclose`` ends the request's work, once.

    Not an async generator: closing one that never started runs none of its
    code, and an answer can end before its first later payload is asked for
    (the client gone, or writing the first part failed). Whichever way it
    ends, ``aclose`` closes graphql-core's payloads (its publisher stops
    what it started), stops the rest (``Work.stop``) and releases the
    executor, each exactly once.
    """

    def __init__(
        self,
        translation: Translation,
        results: AsyncGenerator[SubsequentIncrementalExecutionResult, None],
        work: Work,
    ) -> None:
        self.translation = translation
        self.results = results
        self.work: Work | None = work

    def __aiter__(self) -> LaterPayloads:
        return self

    async def __anext__(self) -> dict[str, Any]:
        while True:
            # StopAsyncIteration after the last ends the iteration too.
            payload = self.translation.subsequent(await anext(self.results))
            if payload is not None:
                return payload

    async def aclose(self) -> None:
        work, self.work = self.work, None
        if work is None:
            return
        try:
            await self.results.aclose()
        finally:
            # Synchronous: a second cancellation cannot stop it half-way.
            work.stop()
            work.release()

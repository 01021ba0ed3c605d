"""Running one operation: pick it, coerce its variables, execute it, shape its answer.

Execution calls graphql-core directly on the schema Strawberry built: the
document was already parsed and validated once (``documents``), and no
per-request or per-field extension hooks run, so a cached small query costs
only its resolvers (plain attribute fields are answered inline:
``fastpath.plain_executor``), and variables are coerced once. Each step that
can refuse the request says so with its own code and the status
``application/graphql-response+json`` asks for: 400 for a document that does
not parse or validate, an operation that cannot be chosen, or variables that
do not coerce; 405 for a mutation sent with GET.

A query from a client that reads answers in parts (``media.accepts_incremental``)
runs on graphql-core's incremental executor (``fastpath.incremental_executor``),
early execution on: a deferred fragment met at the start runs beside the
first payload's work, so its upstream calls overlap the first payload's;
what is met while the first payload completes (fragments under records just
read, a list's later items) starts once the first payload is written
(``fastpath.first_part_first``), so it never holds that payload up. The
request's dataloaders serve every part, so the query costs the upstream
calls it costs whole.
Everything else
(a client that did not ask, a mutation, a batch) runs on the plain executor,
which resolves ``@defer`` and ``@stream`` in place: one complete answer, as
the incremental delivery RFC allows a server to give. Mutations always answer
in one payload, so a top-up's outcome never waits in a later part; ``@defer``
on a mutation's root fields is refused by validation, as the RFC's rule says.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    ExperimentalIncrementalExecutionResults,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)

from fastpath.core_schema import core_schema
from fastpath.incremental_executor import IncrementalPlainExecutor
from fastpath.plain_executor import PlainExecutor
from fastpath.plain_plans import plain_fields
from gateway.protocol.awaitable import is_awaitable
from gateway.protocol.documents import DocumentCache
from gateway.protocol.incremental import LaterPayloads, Translation
from gateway.protocol.params import GraphQLParams
from resolvers.errors import format_error
from resolvers.schema import GatewaySchema

LOG = logging.getLogger("gateway.graphql")


@dataclass(slots=True)
class Outcome:
    """One operation's answer, and its status under ``application/graphql-response+json``."""

    body: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # A request that is not well-formed keeps its 4xx under legacy JSON too.
    malformed: bool = False
    # What ran, for logs and metrics: ``None`` when no operation was chosen.
    operation_name: str | None = None
    operation_type: str | None = None
    # The payloads after ``body`` when the answer comes in parts; ``body`` is then the first.
    rest: LaterPayloads | None = None


def request_error(
    status: int, code: str, message: str, *, malformed: bool = False, **headers: str
) -> Outcome:
    """An answer without ``data``: the operation never started."""
    error = {"message": message, "extensions": {"code": code}}
    return Outcome({"errors": [error]}, status, dict(headers), malformed)


@dataclass(frozen=True, slots=True)
class Admission:
    """What a gate sees: the chosen operation and its coerced variables."""

    document: DocumentNode
    operation: OperationDefinitionNode
    variables: dict[str, Any]


# A check between choosing an operation and running it (cost, authorisation):
# ``None`` lets it run, an ``Outcome`` is the answer instead.
Gate = Callable[[Admission], Outcome | None]


class Executor:
    """Executes operations of one schema over one document cache."""

    def __init__(
        self,
        schema: GatewaySchema,
        documents: DocumentCache,
        *,
        hide_suggestions: bool = False,
        gates: Sequence[Gate] = (),
    ) -> None:
        self.schema = schema
        self.graphql_schema = core_schema(schema)
        self.documents = documents
        self.plain = plain_fields(self.graphql_schema)
        self.hide_suggestions = hide_suggestions
        self.gates = tuple(gates)

    async def run(
        self,
        params: GraphQLParams,
        context: Any,
        *,
        via_get: bool,
        gates: Sequence[Gate] = (),
        incremental: bool = False,
    ) -> Outcome:
        """Answer one operation; never raises for anything the client sent.

        ``gates`` run after the executor's own, for checks that belong to one request.
        ``incremental``: the client reads answers in parts, so a query's
        ``@defer`` and ``@stream`` are delivered as such (``Outcome.rest``).
        """
        if params.query is None or not params.query.strip():
            return request_error(400, "BAD_REQUEST", "The request has no query", malformed=True)
        prepared = await self.documents.prepare(params.query)
        if prepared.document is None:
            code = "GRAPHQL_PARSE_FAILED" if prepared.parse_failed else "GRAPHQL_VALIDATION_FAILED"
            return self._refused(prepared.errors, code)
        document = prepared.document
        operation = get_operation_ast(document, params.operation_name)
        if operation is None:
            message = (
                f"No operation named {params.operation_name!r} in the document"
                if params.operation_name
                else "The document holds several operations: name one in operationName"
            )
            return request_error(400, "OPERATION_RESOLUTION_FAILURE", message)
        if via_get and operation.operation is not OperationType.QUERY:
            return request_error(
                405,
                "METHOD_NOT_ALLOWED",
                f"A {operation.operation.value} must be sent with POST",
                Allow="POST",
            )
        # graphql-core's executor coerces the variables as it is built; the gates
        # read them from it, so they are coerced once per request, not twice.
        in_parts = incremental and operation.operation is OperationType.QUERY
        built = (IncrementalPlainExecutor if in_parts else PlainExecutor).build(
            self.graphql_schema,
            document,
            context_value=context,
            raw_variable_values=params.variables,
            operation_name=params.operation_name,
            max_coercion_errors=50,
            enable_early_execution=in_parts,
            hide_suggestions=self.hide_suggestions,
            is_awaitable=is_awaitable,
            plain=self.plain,
        )
        if isinstance(built, list):
            return self._refused(built, "BAD_USER_INPUT")
        assert isinstance(built, PlainExecutor)  # ``build`` makes the class it is called on
        admission = Admission(document, operation, built.variable_values.coerced)
        for gate in (*self.gates, *gates):
            refusal = gate(admission)
            if refusal is not None:
                built.release()
                return refusal
        name = operation.name.value if operation.name else params.operation_name
        kind = operation.operation.value
        result: Any = None
        rest: LaterPayloads | None = None
        try:
            result = built.execute_operation()
            if inspect.isawaitable(result):
                result = await result
            if isinstance(result, ExperimentalIncrementalExecutionResults):
                assert isinstance(built, IncrementalPlainExecutor)
                translation = Translation(built.stream_starts, self._errors)
                first = translation.initial(result.initial_result)
                rest = LaterPayloads(translation, result.subsequent_results, built)
        except BaseException:
            # Cancelled (its client gone) or failed before its first payload was
            # out: what started early for the later payloads must not outlive it.
            if isinstance(built, IncrementalPlainExecutor):
                built.stop()
            raise
        finally:
            # An answer in parts is still working: its later payloads release it.
            if rest is None:
                built.release()
        if rest is not None:
            return Outcome(first, operation_name=name, operation_type=kind, rest=rest)
        return Outcome(self._body(result), operation_name=name, operation_type=kind)

    def _refused(self, errors: tuple[GraphQLError, ...] | list[GraphQLError], code: str) -> Outcome:
        LOG.info("graphql request refused code=%s errors=%d", code, len(errors))
        formatted = []
        for error in errors:
            shaped = error.formatted
            # A limit rule names its own refusal; the stage's code is the fallback.
            shaped["extensions"] = {"code": code, **(shaped.get("extensions") or {})}
            formatted.append(shaped)
        return Outcome({"errors": formatted}, 400)

    def _body(self, result: ExecutionResult) -> dict[str, Any]:
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = self._errors(result.errors)
        if result.extensions:
            body["extensions"] = result.extensions
        return body

    def _errors(self, errors: Sequence[GraphQLError]) -> list[dict[str, Any]]:
        """Errors as the client sees them, each logged once."""
        self.schema.process_errors(list(errors))
        return [dict(format_error(error).formatted) for error in errors]

"""Fan-out lists: arguments whose every element becomes an upstream read.

``nodes(ids:)`` reads one record per id and ``_entities(representations:)``
one per representation, so a request that looks cheap (``nodes(ids: [20,000
ids]) { __typename }``) would make 20,000 upstream calls. Each of these
arguments has its own cap, checked on the coerced values (a literal list and
a variable alike) after the variables are coerced and before anything runs;
the static cost counts the same lengths (``gateway.limits.cost``).

Most operations name no fan-out field at all, and then no request of them
can pass one a list: that is found once per operation
(``gateway.limits.per_operation``), so they skip the walk over their
selections on every later request.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    Visitor,
    get_named_type,
    value_from_ast,
    visit,
)

from gateway.limits.per_operation import PerOperation
from gateway.limits.walk import Walk
from gateway.protocol.execution import Admission, Outcome, request_error

CODE = "MAX_LIST_ARGUMENT_EXCEEDED"


@dataclass(frozen=True, slots=True)
class Cap:
    """At most ``limit`` elements in ``argument`` of the root query field ``field``."""

    field: str
    argument: str
    limit: int


Found = tuple[Cap, int] | None
"""A fan-out list over its cap: the cap, and the list's length."""

ARGUMENTS = {"nodes": "ids", "_entities": "representations"}
"""The graph's fan-out arguments, by the root query field that takes each."""


def fan_out_caps(max_node_ids: int, max_entity_representations: int) -> tuple[Cap, ...]:
    """The graph's fan-out arguments, each with its configured cap."""
    return (
        Cap("nodes", ARGUMENTS["nodes"], max_node_ids),
        Cap("_entities", ARGUMENTS["_entities"], max_entity_representations),
    )


class FanOutLimit:
    """A gate refusing an operation that passes a fan-out argument a list over its cap."""

    def __init__(
        self, schema: GraphQLSchema, caps: tuple[Cap, ...], *, remember: int = 1024
    ) -> None:
        self.schema = schema
        self.query = schema.query_type
        self.caps: Mapping[str, Cap] = {cap.field: cap for cap in caps}
        # Per operation: whether its document names a capped field anywhere.
        self._names_capped: PerOperation[bool] = PerOperation(remember)

    def __call__(self, admission: Admission) -> Outcome | None:
        names_capped = self._names_capped.get(admission.operation)
        if names_capped is None:
            names_capped = _names_any(admission.document, self.caps)
            self._names_capped.put(admission.operation, names_capped)
        if not names_capped:
            return None
        walk = _Walk(self, admission.document, admission.variables)
        root = self.schema.get_root_type(admission.operation.operation)
        found = walk.measure(admission.operation.selection_set, root)
        if found is None:
            return None
        cap, length = found
        return request_error(
            400,
            CODE,
            f"{cap.field}({cap.argument}:) has {length} elements; at most {cap.limit} are"
            " allowed in one request",
        )


class _Walk(Walk[Found]):
    """Finds the first over-long fan-out list; each fragment is read once."""

    nothing = None

    def __init__(
        self, gate: FanOutLimit, document: DocumentNode, variables: dict[str, object]
    ) -> None:
        super().__init__(gate.schema, document)
        self.gate = gate
        self.variables = variables

    def combine(self, figure: Found, found: Found) -> Found:
        return figure if figure is not None else found

    def settled(self, figure: Found) -> bool:
        return figure is not None

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Found:
        if not isinstance(parent, GraphQLObjectType):
            return None  # the fan-out fields are on the query type, an object type
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return None
        cap = self.gate.caps.get(node.name.value) if parent is self.gate.query else None
        if cap is not None:
            length = self.length(node, cap, definition)
            if length > cap.limit:
                return cap, length
        return self.measure(node.selection_set, get_named_type(definition.type))

    def length(self, node: FieldNode, cap: Cap, definition: GraphQLField) -> int:
        """The coerced list's length (a lone value is a list of one; an absent argument, 0)."""
        given = next((one for one in node.arguments or () if one.name.value == cap.argument), None)
        if given is None or cap.argument not in definition.args:
            return 0
        value = value_from_ast(given.value, definition.args[cap.argument].type, self.variables)
        return len(value) if isinstance(value, list) else 1


def _names_any(document: DocumentNode, fields: Collection[str]) -> bool:
    """Whether any field selected anywhere in ``document`` is named one of ``fields``."""
    finder = _FieldNamed(fields)
    visit(document, finder)
    return finder.found


class _FieldNamed(Visitor):
    """Stops at the first field named one of ``fields``."""

    def __init__(self, fields: Collection[str]) -> None:
        super().__init__()
        self.fields = fields
        self.found = False

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        if node.name.value in self.fields:
            self.found = True
            return BREAK
        return None

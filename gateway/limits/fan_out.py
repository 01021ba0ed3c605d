"""Fan-out lists: arguments whose every element becomes an upstream read.

``nodes(ids:)`` reads one record per id and ``_entities(representations:)``
one per representation, so a request that looks cheap (``nodes(ids: [20,000
ids]) { __typename }``) would make 20,000 upstream calls. Each of these
arguments has its own cap, checked on the coerced values (a literal list and
a variable alike) after the variables are coerced and before anything runs;
the static cost counts the same lengths (``gateway.limits.cost``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast,
)

from gateway.protocol.execution import Admission, Outcome, request_error

CODE = "MAX_LIST_ARGUMENT_EXCEEDED"


@dataclass(frozen=True, slots=True)
class Cap:
    """At most ``limit`` elements in ``argument`` of the root query field ``field``."""

    field: str
    argument: str
    limit: int


def fan_out_caps(max_node_ids: int, max_entity_representations: int) -> tuple[Cap, ...]:
    """The graph's fan-out arguments, each with its configured cap."""
    return (
        Cap("nodes", "ids", max_node_ids),
        Cap("_entities", "representations", max_entity_representations),
    )


class FanOutLimit:
    """A gate refusing an operation that passes a fan-out argument a list over its cap."""

    def __init__(self, schema: GraphQLSchema, caps: tuple[Cap, ...]) -> None:
        self.schema = schema
        self.query = schema.query_type
        self.caps: Mapping[str, Cap] = {cap.field: cap for cap in caps}

    def __call__(self, admission: Admission) -> Outcome | None:
        fragments = {
            definition.name.value: definition
            for definition in admission.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        walk = _Walk(self, fragments, admission.variables)
        root = self.schema.get_root_type(admission.operation.operation)
        found = walk.find(admission.operation.selection_set, root)
        if found is None:
            return None
        cap, length = found
        return request_error(
            400,
            CODE,
            f"{cap.field}({cap.argument}:) has {length} elements; at most {cap.limit} are"
            " allowed in one request",
        )


class _Walk:
    """Finds the first over-long fan-out list; each fragment is read once."""

    def __init__(
        self,
        gate: FanOutLimit,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, object],
    ) -> None:
        self.gate = gate
        self.fragments = fragments
        self.variables = variables
        self.read: set[str] = set()

    def find(
        self, selections: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> tuple[Cap, int] | None:
        if selections is None:
            return None
        for selection in selections.selections:
            found: tuple[Cap, int] | None = None
            if isinstance(selection, FieldNode):
                found = self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.gate.schema.get_type(condition.name.value) if condition else parent
                found = self.find(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in self.read:
                    continue
                self.read.add(name)
                inner = self.gate.schema.get_type(fragment.type_condition.name.value)
                found = self.find(fragment.selection_set, inner)
            if found is not None:
                return found
        return None

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> tuple[Cap, int] | None:
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
        return self.find(node.selection_set, get_named_type(definition.type))

    def length(self, node: FieldNode, cap: Cap, definition: GraphQLField) -> int:
        """The coerced list's length (a lone value is a list of one; an absent argument, 0)."""
        given = next((one for one in node.arguments or () if one.name.value == cap.argument), None)
        if given is None or cap.argument not in definition.args:
            return 0
        value = value_from_ast(given.value, definition.args[cap.argument].type, self.variables)
        return len(value) if isinstance(value, list) else 1

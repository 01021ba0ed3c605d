"""Depth: how many fields deep an operation nests, fragments followed.

Introspection fields (``__schema``, ``__type``) do not count: GraphiQL's own
introspection query nests deeper than any query of the graph, and production
refuses introspection anyway.
"""

from __future__ import annotations

from graphql import (
    ASTValidationRule,
    FieldNode,
    GraphQLError,
    GraphQLNamedType,
    OperationDefinitionNode,
)

from gateway.limits.operation_rule import operation_rule
from gateway.limits.walk import Walk

CODE = "MAX_DEPTH_EXCEEDED"


class Depth(Walk[int]):
    """The deepest chain of fields below a selection set (0 for none)."""

    nothing = 0

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        if node.name.value.startswith("__"):
            return 0
        return 1 + self.measure(node.selection_set, None)

    def combine(self, figure: int, found: int) -> int:
        return max(figure, found)


def max_depth_rule(limit: int) -> type[ASTValidationRule]:
    """A rule refusing operations nested deeper than ``limit`` fields."""

    def refusal(node: OperationDefinitionNode, depth: int) -> GraphQLError | None:
        if depth <= limit:
            return None
        name = f" {node.name.value}" if node.name else ""
        return GraphQLError(
            f"The operation{name} nests deeper than {limit} fields",
            node,
            extensions={"code": CODE},
        )

    return operation_rule(Depth, refusal)

"""Root fields: how many top-level fields one operation asks for, fragments followed.

Each root field is at least one upstream call, so this bounds the fan-out of
a single operation independently of its depth.
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

CODE = "MAX_ROOT_FIELDS_EXCEEDED"


class RootFields(Walk[int]):
    """How many fields a selection set asks for at its own level (``__typename`` is free)."""

    nothing = 0

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        return 0 if node.name.value == "__typename" else 1

    def combine(self, figure: int, found: int) -> int:
        return figure + found


def max_root_fields_rule(limit: int) -> type[ASTValidationRule]:
    """A rule refusing operations with more than ``limit`` root fields."""

    def refusal(node: OperationDefinitionNode, count: int) -> GraphQLError | None:
        if count <= limit:
            return None
        return GraphQLError(
            f"The operation asks for {count} root fields; at most {limit} are allowed",
            node,
            extensions={"code": CODE},
        )

    return operation_rule(RootFields, refusal)

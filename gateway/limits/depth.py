"""Depth: how many fields deep an operation nests, fragments followed.

Introspection fields (``__schema``, ``__type``) do not count: GraphiQL's own
introspection query nests deeper than any query of the graph, and production
refuses introspection anyway. A fragment's depth is measured once and added
to the level of each spread, so the walk is linear in the document.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from gateway.limits.fragments import OperationRule

CODE = "MAX_DEPTH_EXCEEDED"


def max_depth_rule(limit: int) -> type[ASTValidationRule]:
    """A rule refusing operations nested deeper than ``limit`` fields."""

    class MaxDepthRule(OperationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> Any:
            if self.depth(node.selection_set) > limit:
                name = f" {node.name.value}" if node.name else ""
                self.report_error(
                    GraphQLError(
                        f"The operation{name} nests deeper than {limit} fields",
                        node,
                        extensions={"code": CODE},
                    )
                )
            return self.SKIP

        def depth(self, selections: SelectionSetNode | None) -> int:
            """How many fields deep ``selections`` nests (0 for none)."""
            if selections is None:
                return 0
            deepest = 0
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    if selection.name.value.startswith("__"):
                        continue
                    found = 1 + self.depth(selection.selection_set)
                elif isinstance(selection, InlineFragmentNode):
                    found = self.depth(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    found = self.measured(selection.name.value, self.fragment_depth)
                else:
                    continue
                deepest = max(deepest, found)
            return deepest

        def fragment_depth(self, fragment: FragmentDefinitionNode) -> int:
            return self.depth(fragment.selection_set)

    return MaxDepthRule

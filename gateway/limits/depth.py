"""Depth: how many fields deep an operation nests, fragments followed.

Introspection fields (``__schema``, ``__type``) do not count: GraphiQL's own
introspection query nests deeper than any query of the graph, and production
refuses introspection anyway.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
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
            depth = self.depth(node.selection_set, 0, frozenset(), limit)
            if depth > limit:
                name = f" {node.name.value}" if node.name else ""
                self.report_error(
                    GraphQLError(
                        f"The operation{name} nests deeper than {limit} fields",
                        node,
                        extensions={"code": CODE},
                    )
                )
            return self.SKIP

        def depth(
            self, selections: SelectionSetNode | None, level: int, seen: frozenset[str], stop: int
        ) -> int:
            """The deepest level under ``selections``; stops once past ``stop``."""
            if selections is None or level > stop:
                return level
            deepest = level
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    if selection.name.value.startswith("__"):
                        continue
                    found = self.depth(selection.selection_set, level + 1, seen, stop)
                elif isinstance(selection, InlineFragmentNode):
                    found = self.depth(selection.selection_set, level, seen, stop)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is None or name in seen:
                        continue
                    found = self.depth(fragment.selection_set, level, seen | {name}, stop)
                else:
                    continue
                deepest = max(deepest, found)
                if deepest > stop:
                    break
            return deepest

    return MaxDepthRule

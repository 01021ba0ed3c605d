"""Root fields: how many top-level fields one operation asks for, fragments followed.

Each root field is at least one upstream call, so this bounds the fan-out of
a single operation independently of its depth. A fragment's count is taken
once and added for each spread, so the walk is linear in the document.
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

CODE = "MAX_ROOT_FIELDS_EXCEEDED"


def max_root_fields_rule(limit: int) -> type[ASTValidationRule]:
    """A rule refusing operations with more than ``limit`` root fields."""

    class MaxRootFieldsRule(OperationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> Any:
            count = self.count(node.selection_set)
            if count > limit:
                self.report_error(
                    GraphQLError(
                        f"The operation asks for {count} root fields; at most {limit} are allowed",
                        node,
                        extensions={"code": CODE},
                    )
                )
            return self.SKIP

        def count(self, selections: SelectionSetNode) -> int:
            total = 0
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    total += 0 if selection.name.value == "__typename" else 1
                elif isinstance(selection, InlineFragmentNode):
                    total += self.count(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    total += self.measured(selection.name.value, self.fragment_count)
            return total

        def fragment_count(self, fragment: FragmentDefinitionNode) -> int:
            return self.count(fragment.selection_set)

    return MaxRootFieldsRule

"""A validation rule that measures each operation of a document with a walk and may refuse it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    ValidationContext,
)

from gateway.limits.walk import Walk

Refusal = Callable[[OperationDefinitionNode, int], GraphQLError | None]
"""The error for an operation of the figure given, or ``None`` when it may run."""


def operation_rule(
    walk: Callable[[GraphQLSchema, DocumentNode], Walk[int]], refusal: Refusal
) -> type[ASTValidationRule]:
    """A rule reporting ``refusal`` of each operation's figure; one walk serves the document."""

    class OperationRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.walk = walk(context.schema, context.document)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> Any:
            error = refusal(node, self.walk.measure(node.selection_set, None))
            if error is not None:
                self.report_error(error)
            return self.SKIP

    return OperationRule

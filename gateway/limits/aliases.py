"""Aliases: how many fields of a document carry one.

Aliases are how one request asks for the same expensive field many times
(``a1: invoices ... a99: invoices``); the graph's clients need a handful.
"""

from __future__ import annotations

from typing import Any

from graphql import ASTValidationRule, DocumentNode, FieldNode, GraphQLError, ValidationContext

CODE = "MAX_ALIASES_EXCEEDED"


def max_aliases_rule(limit: int) -> type[ASTValidationRule]:
    """A rule refusing documents with more than ``limit`` aliased fields."""

    class MaxAliasesRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is not None:
                self.count += 1

        def leave_document(self, node: DocumentNode, *_: Any) -> None:
            if self.count > limit:
                self.report_error(
                    GraphQLError(
                        f"The document has {self.count} aliases; at most {limit} are allowed",
                        extensions={"code": CODE},
                    )
                )

    return MaxAliasesRule

"""What the limit rules share: a rule over whole operations that can follow fragment spreads."""

from __future__ import annotations

from graphql import ASTValidationRule, FragmentDefinitionNode, ValidationContext


class OperationRule(ASTValidationRule):
    """Knows the document's fragments by name, so a walk can follow spreads (once each)."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.fragments = {
            definition.name.value: definition
            for definition in context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }

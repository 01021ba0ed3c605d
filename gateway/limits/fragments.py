"""What the limit rules share: a rule over whole operations that can follow fragment spreads.

A fragment spread many times (or spread by fragments that are themselves
spread many times) would be re-walked once per path; the rules instead
measure each fragment once and reuse the figure (``measured``), so their walks
cost time linear in the document whatever its fragments expand to.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import ASTValidationRule, FragmentDefinitionNode, ValidationContext


class OperationRule(ASTValidationRule):
    """Knows the document's fragments by name, and measures each fragment once."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.fragments = {
            definition.name.value: definition
            for definition in context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._measured: dict[str, int] = {}
        self._on_path: set[str] = set()

    def measured(self, name: str, measure: Callable[[FragmentDefinitionNode], int]) -> int:
        """``measure`` of the fragment ``name``, computed once per document.

        An unknown fragment, or one whose spread closes a cycle, measures 0:
        the specification's rules refuse such documents.
        """
        known = self._measured.get(name)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self._on_path:
            return 0
        self._on_path.add(name)
        try:
            found = measure(fragment)
        finally:
            self._on_path.discard(name)
        self._measured[name] = found
        return found

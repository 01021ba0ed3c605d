"""What the limit checks share: a walk of an operation's selections, fragments followed.

Every check that measures an operation (its depth, its root fields, its cost,
its longest fan-out list) folds one figure per field over the selections,
looks through inline fragments and follows fragment spreads. A fragment
spread many times (or spread by fragments that are themselves spread many
times) would be re-walked once per path; the walk instead measures each
fragment once and reuses the figure, so it costs time linear in the document
whatever its fragments expand to. A fragment's type condition fixes the type
its fields are read on, so one figure serves every spread of it.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
)

Figure = TypeVar("Figure")


class Walk(Generic[Figure]):
    """One measuring of a document's operations: ``field`` says what a field adds,
    ``combine`` how figures add up, ``nothing`` is the figure of no selections.

    An unknown fragment, or a spread that closes a cycle, measures ``nothing``:
    the specification's rules refuse such documents.
    """

    nothing: Figure

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._measured: dict[str, Figure] = {}
        self._on_path: set[str] = set()

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Figure:
        """What ``node``, read on ``parent``, adds (its own selections included)."""
        raise NotImplementedError

    def combine(self, figure: Figure, found: Figure) -> Figure:
        raise NotImplementedError

    def settled(self, figure: Figure) -> bool:
        """Whether ``figure`` is final, so the rest of the selections need no walk."""
        return False

    def measure(
        self, selections: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> Figure:
        """The figure of ``selections`` read on ``parent``."""
        figure = self.nothing
        if selections is None:
            return figure
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                found = self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                found = self.measure(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                found = self.fragment(selection.name.value)
            else:
                continue
            figure = self.combine(figure, found)
            if self.settled(figure):
                break
        return figure

    def fragment(self, name: str) -> Figure:
        """The figure of the fragment ``name``, computed once per walk."""
        if name in self._measured:
            return self._measured[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._on_path:
            return self.nothing
        self._on_path.add(name)
        try:
            inner = self.schema.get_type(fragment.type_condition.name.value)
            figure = self.measure(fragment.selection_set, inner)
        finally:
            self._on_path.discard(name)
        self._measured[name] = figure
        return figure

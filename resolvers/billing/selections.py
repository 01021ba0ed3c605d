"""Walks over graphql-core's selection nodes, fragments in their place.

The billing root fields choose their upstream read by what is selected
under them; ``fastpath.resolve_info`` says why they read the nodes
graphql-core already holds rather than ``info.selected_fields``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, SelectionNode

Fragments = Mapping[str, FragmentDefinitionNode]


def node_selections(
    selections: Iterable[SelectionNode], fragments: Fragments
) -> list[SelectionNode]:
    """The selections made on the nodes of a connection (``edges { node }``)."""
    found: list[SelectionNode] = []
    for selection in selections:
        if not isinstance(selection, FieldNode):
            found.extend(node_selections(selected(selection, fragments), fragments))
        elif selection.name.value == "edges":
            for field in fields(selected(selection, fragments), fragments):
                if field.name.value == "node":
                    found.extend(selected(field, fragments))
    return found


def fields(selections: Iterable[SelectionNode], fragments: Fragments) -> list[FieldNode]:
    """The fields of a selection, with its fragments' fields in their place."""
    out: list[FieldNode] = []
    for selection in selections:
        if isinstance(selection, FieldNode):
            out.append(selection)
        else:
            out.extend(fields(selected(selection, fragments), fragments))
    return out


def selected(selection: SelectionNode, fragments: Fragments) -> Sequence[SelectionNode]:
    """What a field or fragment selects; a spread's fragment is looked up by name."""
    if isinstance(selection, FragmentSpreadNode):
        fragment = fragments.get(selection.name.value)
        return fragment.selection_set.selections if fragment is not None else ()
    selection_set = getattr(selection, "selection_set", None)
    return selection_set.selections if selection_set is not None else ()

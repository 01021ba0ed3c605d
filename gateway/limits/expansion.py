"""Expanded size: how many selections a document holds once its fragments are inlined.

A kilobyte of fragments that each spread the next twice (``fragment F1 on
Query { ...F2 ...F2 } ...``) inlines to millions of selections, and any walk
that follows spreads per path pays for each of them. This check runs right
after the parse, before any validation rule, in time linear in the document:
each definition is read once, each fragment's size is computed once and then
counted once per spread. A document over the budget is refused before
anything else walks it.

The size counts every selection (field, inline fragment, spread) of every
operation and every fragment definition, a spread counting its fragment's
size as well; a fragment defined twice counts both definitions, and a spread
that closes a cycle counts nothing more (the specification's
``NoFragmentCycles`` refuses the document later). Sums stop growing just past
the budget, so a document of millions of levels costs no big numbers.
"""

from __future__ import annotations

from collections import Counter

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
)

CODE = "DOCUMENT_TOO_COMPLEX"


def too_complex(document: DocumentNode, budget: int) -> GraphQLError | None:
    """The refusal of a document whose expanded size is above ``budget``, else ``None``."""
    size = expanded_size(document, budget)
    if size <= budget:
        return None
    return GraphQLError(
        f"The document expands to more than {budget} selections once its fragments are"
        " inlined; send fewer or smaller fragment spreads",
        extensions={"code": CODE},
    )


def expanded_size(document: DocumentNode, budget: int) -> int:
    """The document's expanded size, or ``budget + 1`` as soon as it is known to be larger."""
    cap = budget + 1
    own: Counter[str] = Counter()
    spreads: dict[str, Counter[str]] = {}
    roots: list[tuple[int, Counter[str]]] = []
    for definition in document.definitions:
        if not isinstance(definition, ExecutableDefinitionNode):
            continue
        count, spread = _local(definition.selection_set)
        if isinstance(definition, FragmentDefinitionNode):
            name = definition.name.value
            own[name] += count
            spreads.setdefault(name, Counter()).update(spread)
        else:
            roots.append((count, spread))
    sizes = _fragment_sizes(own, spreads, cap)
    total = sum(sizes.values())
    for count, spread in roots:
        total += count + sum(times * sizes.get(name, 0) for name, times in spread.items())
        if total >= cap:
            return cap
    return min(total, cap)


def _local(selection_set: SelectionSetNode) -> tuple[int, Counter[str]]:
    """A definition's own selections, and how often it spreads each fragment."""
    count = 0
    spread: Counter[str] = Counter()
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            count += 1
            if isinstance(selection, FragmentSpreadNode):
                spread[selection.name.value] += 1
            elif (
                isinstance(selection, FieldNode | InlineFragmentNode)
                and selection.selection_set is not None
            ):
                stack.append(selection.selection_set)
    return count, spread


def _fragment_sizes(
    own: Counter[str], spreads: dict[str, Counter[str]], cap: int
) -> dict[str, int]:
    """Each fragment's expanded size (at most ``cap``), children before parents, no recursion."""
    sizes: dict[str, int] = {}
    for start in own:
        if start in sizes:
            continue
        path = [(start, iter(spreads[start]))]
        on_path = {start}
        while path:
            name, children = path[-1]
            for child in children:
                if child in own and child not in sizes and child not in on_path:
                    path.append((child, iter(spreads[child])))
                    on_path.add(child)
                    break
            else:
                path.pop()
                on_path.discard(name)
                # A child still on the path closes a cycle: it adds nothing here.
                total = own[name] + sum(
                    times * sizes.get(child, 0) for child, times in spreads[name].items()
                )
                sizes[name] = min(total, cap)
    return sizes

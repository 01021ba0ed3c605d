"""Guard: ``fastpath/resolve_info.py`` reads Strawberry's private ``Info._raw_info``.

It fails loudly when a resolver's ``Info`` no longer carries graphql-core's
resolve info there, before the billing root fields lose sight of what was
selected under them. When it fails: find where the new Strawberry keeps it
(or fall back to ``info.selected_fields``), change ``fastpath/resolve_info.py``,
and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import FieldNode

from fastpath.resolve_info import field_nodes_and_fragments

SEEN: list[tuple[list[str], list[str]]] = []


@strawberry.type
class Inner:
    name: str = "inner"
    other: str = "other"


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def inner(self, info: strawberry.Info[Any, Any]) -> Inner:
        nodes, fragments = field_nodes_and_fragments(info)
        assert all(isinstance(node, FieldNode) for node in nodes)
        SEEN.append(([node.name.value for node in nodes], sorted(fragments)))
        return Inner()


def test_a_resolver_sees_its_field_nodes_and_the_documents_fragments() -> None:
    SEEN.clear()
    document = "{ inner { name } inner { ...More } } fragment More on Inner { other }"
    result = strawberry.Schema(query=ProbeQuery).execute_sync(document)
    assert result.errors is None
    assert SEEN == [(["inner", "inner"], ["More"])]

"""graphql-core's resolve info behind a Strawberry ``Info``, which Strawberry keeps private.

A root field that chooses between a cheap and a deep upstream read looks at
what was selected under it. ``Info.selected_fields``, the public way, first
converts the field's whole selection (fragments, arguments, directives) into
Strawberry's own objects; the nodes graphql-core already holds answer the
same question with no copy, faster per root field (the README's
performance table). Guarded by
``tests/fastpath/test_resolve_info_guard.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode
from strawberry import Info


def field_nodes_and_fragments(
    info: Info[Any, Any],
) -> tuple[Sequence[FieldNode], Mapping[str, FragmentDefinitionNode]]:
    """The resolving field's nodes (one per merged occurrence) and the document's fragments."""
    raw = info._raw_info
    return raw.field_nodes, raw.fragments

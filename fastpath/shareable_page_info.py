"""Relay's ``PageInfo`` marked ``@shareable``, which Strawberry offers no argument for.

Every subgraph with Relay connections defines the same ``PageInfo``; without
``@shareable``, composing with any of them fails ("Non-shareable field
PageInfo.hasNextPage is resolved from multiple subgraphs"). The type is
Strawberry's own, declared without directives, and its connections build it
by name, so the directive goes onto its definition before any schema is built.
Guarded by ``tests/fastpath/test_shareable_page_info_guard.py``.
"""

from __future__ import annotations

from strawberry import relay
from strawberry.federation.schema_directives import Shareable
from strawberry.types.base import get_object_definition


def share_page_info() -> None:
    """Add ``@shareable`` to Relay's ``PageInfo`` (once, however often called)."""
    definition = get_object_definition(relay.PageInfo, strict=True)
    present = tuple(definition.directives or ())
    if not any(isinstance(directive, Shareable) for directive in present):
        definition.directives = (*present, Shareable())

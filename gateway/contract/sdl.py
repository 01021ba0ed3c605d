"""A contract's SDL text as a graphql-core schema.

The text is the federation subgraph SDL (``_service { sdl }``): its ``@key``,
``@shareable`` and ``@inaccessible`` come in through ``@link`` rather than
directive definitions, which graphql-core does not resolve. Comparing
contracts and reading them as a client tool does only need the types, so the
SDL is built without checking directive usage.
"""

from __future__ import annotations

from graphql import GraphQLSchema, build_schema


def schema_from_sdl(text: str) -> GraphQLSchema:
    return build_schema(text, assume_valid_sdl=True)

"""``schema.graphql`` as a client tool reads it: a GraphQL schema object.

The file is the federation subgraph SDL (``_service { sdl }``): its ``@key``,
``@shareable`` and ``@inaccessible`` come in through ``@link`` rather than
directive definitions, which graphql-core does not resolve. Client tools only
need the types, so the SDL is built without checking directive usage.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import GraphQLSchema, build_schema

PATH = Path(__file__).parents[1] / "schema.graphql"


@cache
def published_schema() -> GraphQLSchema:
    return build_schema(PATH.read_text(), assume_valid_sdl=True)

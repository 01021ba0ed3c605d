"""``schema.graphql`` as a client tool reads it: a GraphQL schema object."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import GraphQLSchema

from gateway.contract.sdl import schema_from_sdl

PATH = Path(__file__).parents[1] / "schema.graphql"


@cache
def published_schema() -> GraphQLSchema:
    return schema_from_sdl(PATH.read_text())

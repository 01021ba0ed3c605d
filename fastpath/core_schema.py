"""The graphql-core schema a Strawberry schema built, which Strawberry names only privately.

The gateway parses, validates and executes on graphql-core directly
(``gateway.protocol``), and its limits and fast paths walk graphql-core's
types; Strawberry 0.341 keeps that schema as ``Schema._schema`` and offers no
public accessor. Guarded by ``tests/fastpath/test_core_schema_guard.py``.
"""

from __future__ import annotations

from graphql import GraphQLSchema
from strawberry import Schema


def core_schema(schema: Schema) -> GraphQLSchema:
    """The ``GraphQLSchema`` that ``schema`` built and that its own execution runs."""
    return schema._schema

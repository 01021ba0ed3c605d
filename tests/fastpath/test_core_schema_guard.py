"""Guard: ``fastpath/core_schema.py`` reads Strawberry's private ``Schema._schema``.

It fails loudly when the attribute is gone or no longer the schema Strawberry
itself executes on. When it fails: find where the new Strawberry keeps its
graphql-core schema (or a public accessor), change ``fastpath/core_schema.py``,
and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema

from fastpath.core_schema import core_schema


@strawberry.type
class ProbeQuery:
    answer: int = 42


def test_the_core_schema_is_the_one_strawberry_executes_on() -> None:
    schema = strawberry.Schema(query=ProbeQuery)
    built = core_schema(schema)
    assert isinstance(built, GraphQLSchema)
    assert built.query_type is not None and "answer" in built.query_type.fields
    root = ProbeQuery()
    assert schema.execute_sync("{ answer }", root_value=root).data == {"answer": 42}
    # A resolver changed on it is the one Strawberry's own execution calls.
    built.query_type.fields["answer"].resolve = lambda *_: 7
    assert schema.execute_sync("{ answer }", root_value=root).data == {"answer": 7}

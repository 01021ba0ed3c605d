"""Guard: ``fastpath/held_first.py`` relies on how Strawberry links its fields to graphql-core's.

It fails loudly when a field's ``metadata`` stops reaching the built
graphql-core field through the converter's back-reference, or when the
replacement stops answering as Strawberry's resolver does, held or not.
When it fails: read ``strawberry/schema/schema_converter.py``
(``from_field``) of the new version against ``fastpath/held_first.py``, run
``tests/graph/test_page_views.py`` and ``tests/graph/test_plain_fields.py``,
and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from fastpath.core_schema import core_schema
from fastpath.held_first import HELD_FIRST, held_attribute_of, held_first, use_held_first

READS: list[int] = []


@strawberry.type
class Box:
    number: int

    @strawberry.field(metadata=held_first("held_label"))  # type: ignore[untyped-decorator]
    async def label(self) -> str:
        READS.append(self.number)
        return f"read {self.number}"

    @property
    def held_label(self) -> str:
        if self.number % 2:
            raise AttributeError("held_label")
        return f"held {self.number}"


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def boxes(self) -> list[Box]:
        return [Box(number=1), Box(number=2)]


def probe() -> strawberry.Schema:
    return strawberry.Schema(query=ProbeQuery)


def test_the_mark_reaches_the_graphql_core_field() -> None:
    named = core_schema(probe()).type_map["Box"]
    assert isinstance(named, GraphQLObjectType)
    definition = named.fields["label"].extensions[GraphQLCoreConverter.DEFINITION_BACKREF]
    assert isinstance(definition, StrawberryField)
    assert definition.metadata == {HELD_FIRST: "held_label"}


async def test_a_held_answer_is_read_and_an_absent_one_resolved() -> None:
    schema = probe()
    READS.clear()
    before = await schema.execute("{ boxes { label } }")
    assert use_held_first(core_schema(schema)) == 1
    named = core_schema(schema).type_map["Box"]
    assert isinstance(named, GraphQLObjectType)
    assert held_attribute_of(named.fields["label"].resolve) == "held_label"
    after = await schema.execute("{ boxes { label } }")
    assert before.errors is None and after.errors is None
    assert before.data == {"boxes": [{"label": "read 1"}, {"label": "read 2"}]}
    assert after.data == {"boxes": [{"label": "read 1"}, {"label": "held 2"}]}
    assert READS == [1, 2, 1]


@strawberry.type
class Scaled:
    @strawberry.field(metadata=held_first("held"))  # type: ignore[untyped-decorator]
    def value(self, scale: int) -> int:
        return scale


@strawberry.type
class ScaledQuery:
    @strawberry.field
    def scaled(self) -> Scaled:
        return Scaled()


def test_a_field_with_arguments_cannot_be_answered_held() -> None:
    with pytest.raises(TypeError, match="skip its checks"):
        use_held_first(core_schema(strawberry.Schema(query=ScaledQuery)))


def test_held_first_is_field_metadata() -> None:
    made: Any = strawberry.field(metadata=held_first("x"))
    assert made.metadata == {HELD_FIRST: "x"}

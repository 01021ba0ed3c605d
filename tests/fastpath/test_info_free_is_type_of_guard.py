"""Guard: ``fastpath/info_free_is_type_of.py`` knows Strawberry's own ``is_type_of``.

It fails loudly when the converter's ``from_object``, which defines that
function, changes at all (its source is pinned), when the function is no
longer told by its name, or when it stops deciding by the value alone:
before a type's check is asked without the resolve info it reads.
When it fails: read ``strawberry/schema/schema_converter.py`` (``from_object``)
of the new version against ``fastpath/info_free_is_type_of.py``, run
``tests/fastpath/test_plain_executor.py``, and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.schema_converter import GraphQLCoreConverter

from fastpath.core_schema import core_schema
from fastpath.info_free_is_type_of import ignores_info
from fastpath.plain_fields import use_plain_attributes
from fastpath.plain_plans import Branch, plain_fields

FROM_OBJECT = "0f7b2e8c97a4270c"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Pet(Named):
    legs: int


@strawberry.type
class Toy(Named):
    @classmethod
    def is_type_of(cls, obj: Any, info: Any) -> bool:  # a type's own: it may read the info
        return isinstance(obj, cls) and bool(info.field_name)


@strawberry.type
class Query:
    pets: list[Pet]
    toys: list[Toy]


def _object_type(name: str) -> GraphQLObjectType:
    named = core_schema(strawberry.Schema(query=Query)).type_map[name]
    assert isinstance(named, GraphQLObjectType)
    return named


def test_the_converter_is_the_one_the_reach_was_written_for() -> None:
    source = inspect.getsource(GraphQLCoreConverter.from_object)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == FROM_OBJECT
    # The function decides by the value's cast mark and class, never its info.
    assert "def is_type_of(obj: Any, _info: GraphQLResolveInfo) -> bool:" in source
    assert (
        "_info"
        not in source.partition("def is_type_of(obj: Any, _info")[2].partition("return is_type_of")[
            0
        ]
    )


def test_strawberrys_is_type_of_is_told_from_a_types_own() -> None:
    pet = _object_type("Pet")
    assert ignores_info(pet.is_type_of)
    assert pet.is_type_of is not None
    assert pet.is_type_of(Pet(name="Rex", legs=4), None) is True  # type: ignore[arg-type]
    assert pet.is_type_of(object(), None) is False  # type: ignore[arg-type]
    assert not ignores_info(_object_type("Toy").is_type_of)
    assert not ignores_info(None)


def test_only_object_fields_of_a_type_with_its_own_is_type_of_build_an_info() -> None:
    schema = core_schema(strawberry.Schema(query=Query))
    use_plain_attributes(schema)
    found = plain_fields(schema)
    asks = {key: how.asks_info for key, how in found.items() if isinstance(how, Branch)}
    assert asks == {("Query", "pets"): False, ("Query", "toys"): True}

"""Guard: ``fastpath/plain_fields.py`` relies on how Strawberry resolves a basic field.

It fails loudly when Strawberry stops naming a basic field's resolver
``_get_basic_result``, stops linking a graphql-core field back to its
``StrawberryField``, or reads ``_is_default`` differently, before plain
fields silently keep Strawberry's slower wrapper or lose a tracing mark.
When it fails: read ``strawberry/schema/schema_converter.py`` (``from_resolver``)
of the new version against ``fastpath/plain_fields.py``, run
``tests/graph/test_plain_fields.py``, and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import inspect

import strawberry
from graphql import GraphQLObjectType
from strawberry.resolvers import is_default_resolver
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from fastpath.core_schema import core_schema
from fastpath.plain_fields import STRAWBERRY_BASIC, attribute_resolver, plain_attribute


@strawberry.type
class Probe:
    plain_name: str

    @strawberry.field
    def computed(self) -> str:
        return self.plain_name


@strawberry.type
class ProbeQuery:
    probe: Probe


def probe_type() -> GraphQLObjectType:
    named = core_schema(strawberry.Schema(query=ProbeQuery)).type_map["Probe"]
    assert isinstance(named, GraphQLObjectType)
    return named


def test_a_basic_field_gets_the_resolver_the_fast_path_looks_for() -> None:
    field = probe_type().fields["plainName"]
    assert field.resolve is not None
    assert field.resolve.__name__ == STRAWBERRY_BASIC
    definition = field.extensions[GraphQLCoreConverter.DEFINITION_BACKREF]
    assert isinstance(definition, StrawberryField)
    assert definition.python_name == "plain_name"
    assert plain_attribute(field) == "plain_name"
    # The wrapper does nothing but ask the field's default resolver for the attribute.
    source = inspect.getsource(field.resolve)
    assert "field.get_result(_source, info=None, args=[], kwargs={})" in source
    assert "return self.default_resolver(source, self.python_name)" in inspect.getsource(
        StrawberryField.get_result
    )


def test_a_field_with_a_resolver_is_left_alone() -> None:
    field = probe_type().fields["computed"]
    assert field.resolve is not None
    assert field.resolve.__name__ != STRAWBERRY_BASIC
    assert plain_attribute(field) is None


def test_the_replacement_is_marked_default_as_strawberrys_own_is() -> None:
    assert is_default_resolver(probe_type().fields["plainName"].resolve)
    assert is_default_resolver(attribute_resolver("plain_name"))

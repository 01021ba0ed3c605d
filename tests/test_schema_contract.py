"""``schema.graphql`` is the contract: in sync with the code, and described throughout."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
)

from fastpath.core_schema import core_schema
from gateway.contract.check import check, report
from resolvers.schema import schema, sdl

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_the_code() -> None:
    on_disk = (ROOT / "schema.graphql").read_text()
    assert on_disk == sdl(), "schema.graphql is stale: run `gateway schema --write schema.graphql`"


def test_no_breaking_change_since_the_release_unless_deprecated_or_recorded() -> None:
    verdict = check(ROOT, sdl())
    assert verdict.refused == [], "\n".join(report(verdict))


def federation_builtin(name: str) -> bool:
    """Types and root fields Apollo Federation defines (``_Any``, ``_Entity``,
    ``_service``, ``link__Import`` ...): the spec's, added by strawberry
    without descriptions, and routers strip them from the supergraph."""
    return name.startswith("_") or name.startswith("link__")


def test_every_type_field_argument_and_enum_value_has_a_description() -> None:
    missing: list[str] = []
    for name, kind in core_schema(schema).type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if federation_builtin(name):
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if federation_builtin(field_name):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        elif isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                if not value.description:
                    missing.append(f"{name}.{value_name}")
        elif isinstance(kind, GraphQLUnionType) and not kind.description:
            missing.append(name)
    assert missing == []

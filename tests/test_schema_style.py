"""The style guide's mechanical rules (``docs/schema.md``), checked on the code's schema.

Each rule is a function from a schema to what breaks it, so the same rules
run on the code's schema (which must break none) and on the released 0.1.0
contract (which broke them before the naming pass: a rule that finds nothing
there could not fail).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_non_null_type,
)

from fastpath.core_schema import core_schema
from gateway.contract.sdl import schema_from_sdl
from resolvers.schema import schema

Rule = Callable[[GraphQLSchema], list[str]]
Typed = GraphQLField | GraphQLInputField | GraphQLArgument

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}
ID_NAME = re.compile(r"[a-z][A-Za-z]*Ids?")
RELEASED = Path(__file__).parents[1] / "schema" / "released" / "0.1.0.graphql"


def federation_builtin(name: str) -> bool:
    """Types and root fields Apollo Federation defines (``_Any``, ``_Entity``,
    ``_service``, ``link__Import`` ...): the spec's, added by strawberry
    without descriptions, and routers strip them from the supergraph."""
    return name.startswith("_") or name.startswith("link__")


def _types(graph: GraphQLSchema) -> Iterator[tuple[str, object]]:
    """The schema's own named types: no introspection, built-in or federation ones."""
    for name, kind in graph.type_map.items():
        if name.startswith("__") or name in BUILT_IN or federation_builtin(name):
            continue
        yield name, kind


def _coordinates(graph: GraphQLSchema) -> Iterator[tuple[str, str, Typed]]:
    """Every field, input field and argument: its coordinate, its own name, and itself."""
    for name, kind in _types(graph):
        if not isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            continue
        for field_name, field in kind.fields.items():
            if federation_builtin(field_name):
                continue
            yield f"{name}.{field_name}", field_name, field
            for arg_name, arg in getattr(field, "args", {}).items():
                yield f"{name}.{field_name}({arg_name}:)", arg_name, arg


def undescribed(graph: GraphQLSchema) -> list[str]:
    """Every type, field, argument and enum value says what it is."""
    missing = [name for name, kind in _types(graph) if not getattr(kind, "description", None)]
    missing += [where for where, _, typed in _coordinates(graph) if not typed.description]
    for name, kind in _types(graph):
        if isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{value}" for value, v in kind.values.items() if not v.description]
    return missing


def _node_types(graph: GraphQLSchema) -> set[str]:
    node = graph.get_type("Node")
    if not isinstance(node, GraphQLInterfaceType):
        return set()
    interfaces = {
        name
        for name, kind in graph.type_map.items()
        if isinstance(kind, GraphQLInterfaceType) and node in kind.interfaces
    }
    return {kind.name for kind in graph.get_possible_types(node)} | interfaces


def misused_id(graph: GraphQLSchema) -> list[str]:
    """``id`` is ``ID!`` and a global id: only Node types (and Node itself) have one."""
    found = []
    nodes = _node_types(graph) | {"Node"}
    for where, name, typed in _coordinates(graph):
        if name != "id":
            continue
        if get_named_type(typed.type).name != "ID":
            found.append(f"{where} is {typed.type}, not ID")
        owner = where.split(".")[0]
        output = isinstance(graph.get_type(owner), GraphQLObjectType | GraphQLInterfaceType)
        if output and "(" not in where and owner not in nodes:
            found.append(f"{where}: {owner} is not a Node, so its id is no global id")
    return found


def _id_names(graph: GraphQLSchema) -> dict[str, dict[str, list[str]]]:
    """Each ``...Id``/``...Ids`` name -> its named types -> where it has each."""
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for where, name, typed in _coordinates(graph):
        if ID_NAME.fullmatch(name):
            names[name][get_named_type(typed.type).name].append(where)
    return names


def mixed_id_types(graph: GraphQLSchema) -> list[str]:
    """A ``...Id`` name has one type wherever it appears: a global id, or a number or text."""
    return [
        f"{name} is {' and '.join(sorted(types))}: {sorted(w for ws in types.values() for w in ws)}"
        for name, types in _id_names(graph).items()
        if len(types) > 1
    ]


def _words(name: str) -> list[str]:
    return re.findall(r"[A-Z]?[a-z]+", name)


def numbers_naming_nodes(graph: GraphQLSchema) -> list[str]:
    """An ``Int`` ``...Id`` names a record this graph does not serve.

    Its role's last word is never a Node type's last word (``invoicerAccountId``
    names a CustomerAccount, so it is a global id; ``accountTypeId`` names a
    lookup table).
    """
    node_words = {_words(name)[-1].lower() for name in _node_types(graph)}
    found = []
    for name, types in _id_names(graph).items():
        role = name.removesuffix("s").removesuffix("Id")
        if "Int" in types and _words(role)[-1].lower() in node_words:
            found += types["Int"]
    return sorted(found)


def _upper_first(name: str) -> str:
    return name[0].upper() + name[1:]


def misnamed_mutations(graph: GraphQLSchema) -> list[str]:
    """``fooBar(input: FooBarInput!): FooBarPayload``, for every mutation."""
    mutation = graph.mutation_type
    found: list[str] = []
    for name, field in (mutation.fields if mutation else {}).items():
        expected = _upper_first(name)
        args = field.args
        input_type = args["input"].type if list(args) == ["input"] else None
        if not (
            isinstance(input_type, GraphQLNonNull)
            and get_named_type(input_type).name == f"{expected}Input"
        ):
            found.append(f"Mutation.{name} takes {dict(args)}, not input: {expected}Input!")
        if get_named_type(field.type).name != f"{expected}Payload":
            found.append(f"Mutation.{name} answers {field.type}, not {expected}Payload")
    return found


def strict_connections(graph: GraphQLSchema) -> list[str]:
    """A connection field is nullable and pages with first/after/last/before."""
    found = []
    for where, _, typed in _coordinates(graph):
        if not isinstance(typed, GraphQLField):
            continue
        if not get_named_type(typed.type).name.endswith("Connection"):
            continue
        if is_non_null_type(typed.type):
            found.append(f"{where} is non-null")
        missing = {"first", "after", "last", "before"} - set(typed.args)
        if missing:
            found.append(f"{where} lacks {sorted(missing)}")
    return found


RULES: dict[str, Rule] = {
    "descriptions": undescribed,
    "id": misused_id,
    "one type per id name": mixed_id_types,
    "numbers name no node": numbers_naming_nodes,
    "mutations": misnamed_mutations,
    "connections": strict_connections,
}


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_the_code_schema_follows_the_rule(rule: Rule) -> None:
    assert rule(core_schema(schema)) == []


# What the released 0.1.0 contract broke, each rule naming one such place.
BROKEN_IN_0_1_0 = {
    "id": "Query.ledgerAccount(id:) is Int!, not ID",
    "one type per id name": "accountId is ID and Int",
    "numbers name no node": "Note.accountId",
    "mutations": "Mutation.createNote answers NotePayload, not CreateNotePayload",
    "connections": "CustomerAccount.notes is non-null",
}


@pytest.mark.parametrize("name", BROKEN_IN_0_1_0)
def test_the_rule_catches_what_0_1_0_broke(name: str) -> None:
    released = schema_from_sdl(RELEASED.read_text())
    found = RULES[name](released)
    assert any(problem.startswith(BROKEN_IN_0_1_0[name]) for problem in found), found

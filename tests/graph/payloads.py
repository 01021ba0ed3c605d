"""Payloads equal reads: run a mutation, read its record afresh, compare field by field.

A normalized client cache (Apollo, Relay, urql) writes a mutation's payload
over what it holds under the record's id, so a payload field that a read
would answer differently overwrites good data. ``assert_payload_equals_read``
runs a mutation over HTTP selecting every field of its payload's record,
then reads the same record by ``node(id:)`` in a new request with the same
selection, and names each field where the two differ. A payload of another
shape selects its records with ``selection`` and compares each with
``assert_record_equals_read``.

The selection is built from the running gateway's introspection, so a field
added to a type is compared without touching the tests: every field whose
arguments are all optional, into nested objects ``depth`` levels down (an
interface or union as an inline fragment per possible type).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tests.graph.conftest import Graph

DEPTH = 2
"""How far below the record the selection reaches: its own objects and their leaves."""

TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"
INTROSPECTION = f"""{{ __schema {{ mutationType {{ name }} types {{
  name kind possibleTypes {{ name }}
  fields {{ name args {{ defaultValue type {{ {TYPE_REF} }} }} type {{ {TYPE_REF} }} }} }} }} }}"""

LEAVES = {"SCALAR", "ENUM"}

MOMENT_OF_READ = {("UpcomingInvoice", "created")}
"""Fields whose value is the moment of the read itself, so no two reads agree on them:
the preliminary invoice is computed on every request."""


@dataclass(frozen=True)
class SchemaTypes:
    """The schema's types as introspection gives them, by name."""

    types: dict[str, dict[str, Any]]
    mutation: str

    def fields(self, type_name: str) -> list[dict[str, Any]]:
        fields: list[dict[str, Any]] = self.types[type_name]["fields"] or []
        return fields

    def field(self, type_name: str, name: str) -> dict[str, Any]:
        return next(f for f in self.fields(type_name) if f["name"] == name)

    def possible(self, type_name: str) -> list[str]:
        found = self.types[type_name]
        if found["kind"] == "OBJECT":
            return [type_name]
        return sorted(t["name"] for t in found["possibleTypes"])


def named(type_ref: dict[str, Any]) -> tuple[str, str]:
    """``(kind, name)`` of the named type under any list and non-null wrappers."""
    while type_ref["name"] is None:
        type_ref = type_ref["ofType"]
    return type_ref["kind"], type_ref["name"]


_SCHEMAS: dict[str, SchemaTypes] = {}


def schema_of(graph: Graph) -> SchemaTypes:
    """The gateway's schema, introspected once per running gateway."""
    if graph.url not in _SCHEMAS:
        body = graph.execute(INTROSPECTION)
        assert "errors" not in body, body
        schema = body["data"]["__schema"]
        _SCHEMAS[graph.url] = SchemaTypes(
            types={t["name"]: t for t in schema["types"]}, mutation=schema["mutationType"]["name"]
        )
    return _SCHEMAS[graph.url]


def selection(schema: SchemaTypes, type_name: str, depth: int = DEPTH) -> str:
    """Every field of ``type_name`` a client can select without arguments, ``depth`` deep."""
    return _selection(schema, type_name, depth)


def _selection(schema: SchemaTypes, type_name: str, depth: int) -> str:
    parts = ["__typename"]
    possible = schema.possible(type_name)
    clashing = _clashing(schema, possible)
    for concrete in possible:
        inner = " ".join(_fields(schema, concrete, depth, clashing))
        parts.append(f"... on {concrete} {{ {inner} }}")
    return " ".join(parts)


def _clashing(schema: SchemaTypes, possible: list[str]) -> set[str]:
    """Field names that two of ``possible`` give different types (``DateTime``, ``DateTime!``).

    A document may not select both under one response name, so each is aliased
    by its type's name.
    """
    seen: dict[str, set[str]] = {}
    for concrete in possible:
        for field in schema.fields(concrete):
            seen.setdefault(field["name"], set()).add(repr(field["type"]))
    return {name for name, kinds in seen.items() if len(kinds) > 1}


def _fields(schema: SchemaTypes, type_name: str, depth: int, clashing: set[str]) -> Iterator[str]:
    for field in schema.fields(type_name):
        name = field["name"]
        if any(
            a["type"]["kind"] == "NON_NULL" and a["defaultValue"] is None for a in field["args"]
        ):
            continue  # needs an argument: not something every client selects
        if (type_name, name) in MOMENT_OF_READ:
            continue
        kind, inner = named(field["type"])
        selected = f"{type_name}_{name}: {name}" if name in clashing else name
        if kind in LEAVES:
            yield selected
        elif depth > 0:
            yield f"{selected} {{ {_selection(schema, inner, depth - 1)} }}"


def differences(payload: Any, read: Any, path: str = "") -> list[str]:
    """Where ``payload`` and ``read`` differ, as ``path: payload != read`` lines."""
    if isinstance(payload, dict) and isinstance(read, dict):
        found: list[str] = []
        for key in sorted(payload.keys() | read.keys()):
            found += differences(payload.get(key), read.get(key), f"{path}.{key}")
        return found
    if isinstance(payload, list) and isinstance(read, list) and len(payload) == len(read):
        found = []
        for index, (one, other) in enumerate(zip(payload, read, strict=True)):
            found += differences(one, other, f"{path}[{index}]")
        return found
    return [] if payload == read else [f"{path or '.'}: {payload!r} != {read!r}"]


@dataclass(frozen=True)
class Compared:
    """One mutation's payload record and the fresh read of the same record."""

    payload: dict[str, Any]
    read: dict[str, Any]


def payload_record_field(schema: SchemaTypes, mutation: str) -> tuple[str, str]:
    """The payload field that holds the written record, and its type."""
    _, payload_type = named(schema.field(schema.mutation, mutation)["type"])
    records = [
        (f["name"], named(f["type"])[1])
        for f in schema.fields(payload_type)
        if f["name"] != "userErrors" and named(f["type"])[0] not in LEAVES
    ]
    assert len(records) == 1, f"{payload_type} holds {records}: name the record to compare"
    return records[0]


def input_type(schema: SchemaTypes, mutation: str) -> str:
    """The GraphQL type of the mutation's ``input`` argument, as a variable declares it."""
    _, name = named(next(a for a in schema.field(schema.mutation, mutation)["args"])["type"])
    return f"{name}!"


def run_mutation(graph: Graph, mutation: str, input: dict[str, Any]) -> dict[str, Any]:
    """Run ``mutation(input:)`` selecting all of its payload; the payload, refusals checked."""
    schema = schema_of(graph)
    record, record_type = payload_record_field(schema, mutation)
    document = (
        f"mutation Write($input: {input_type(schema, mutation)}) {{ {mutation}(input: $input) {{"
        f" {record} {{ {selection(schema, record_type)} }}"
        " userErrors { field message code } } }"
    )
    body = graph.execute(document, {"input": input})
    assert "errors" not in body, body["errors"]
    payload: dict[str, Any] = body["data"][mutation]
    assert payload["userErrors"] == [], payload["userErrors"]
    assert payload[record] is not None, f"{mutation} answered no {record}"
    return payload


def read_node(graph: Graph, type_name: str, global_id: str) -> dict[str, Any] | None:
    """``node(id:)`` in a request of its own, with the full selection of ``type_name``."""
    schema = schema_of(graph)
    document = f"query Read($id: ID!) {{ node(id: $id) {{ {selection(schema, type_name)} }} }}"
    body = graph.execute(document, {"id": global_id})
    assert "errors" not in body, body["errors"]
    found: dict[str, Any] | None = body["data"]["node"]
    return found


def assert_record_equals_read(
    graph: Graph, type_name: str, written: dict[str, Any], what: str = "the payload"
) -> dict[str, Any]:
    """Read ``written`` (selected with ``selection(schema, type_name)``) afresh and compare.

    For a payload this module cannot run whole (several records, a list of
    outcomes): select each record with ``selection`` and hand it here.
    """
    read = read_node(graph, type_name, written["id"])
    assert read is not None, f"node({written['id']}) found nothing after {what}"
    wrong = differences(written, read)
    assert not wrong, f"{what} differs from a fresh read:\n" + "\n".join(wrong)
    return read


def assert_payload_equals_read(graph: Graph, mutation: str, input: dict[str, Any]) -> Compared:
    """Run ``mutation``, read its record afresh by ``node(id:)``, and compare every field."""
    record, record_type = payload_record_field(schema_of(graph), mutation)
    written = run_mutation(graph, mutation, input)[record]
    read = assert_record_equals_read(graph, record_type, written, f"{mutation}'s payload")
    return Compared(payload=written, read=read)

"""Plain attribute fields resolve with one getattr, and Node ids with one print, answering exactly
as Strawberry's resolvers."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from graphql import Executor, GraphQLField, GraphQLObjectType

from fastpath.core_schema import core_schema
from fastpath.node_ids import global_id_made_by
from fastpath.plain_fields import attribute_read_by
from gateway.adapters import close_upstreams
from gateway.sandboxes import sandbox_settings_at
from gateway.server import build_upstreams
from gateway.stores.memory import MemoryKeyStore
from resolvers.context import GraphContext
from resolvers.idempotency import Idempotency
from resolvers.schema import schema
from tests.graph.conftest import Graph

# Plain fields of several types: snake_case names, enums, dates, nested lists, aliases, a fragment.
WIDE = """query Wide($id: Int!) {
  customerAccount(identity: $id) {
    id identity source name displayName currencyName ownerName created billDay
    accountStatusTypeName billGroupName externalAccountIdentifier vatNumber
    again: name ...More
    contacts { id firstName lastName contactPoints { contactPointTypeName value } }
    summary { balance { amount currency } }
  }
  customerAccounts(first: 3) { totalCount edges { cursor node { id identity name } }
                               pageInfo { hasNextPage endCursor } }
}
fragment More on CustomerAccount { usageBillDay isReadOnlyBillDay invoicerAccountName }"""


def object_fields() -> Iterator[tuple[str, GraphQLField]]:
    for name, named in core_schema(schema).type_map.items():
        if isinstance(named, GraphQLObjectType) and not name.startswith("__"):
            for field_name, field in named.fields.items():
                yield f"{name}.{field_name}", field


def replaced_of(resolve: Any) -> Any:
    """Strawberry's resolver that a plain field's resolver stands in for, else None."""
    return getattr(resolve, "replaced", None)


def test_every_plain_attribute_field_reads_its_attribute_directly() -> None:
    replaced = {
        name: field.resolve
        for name, field in object_fields()
        if replaced_of(field.resolve) is not None and attribute_read_by(field.resolve) is not None
    }
    # No field is left with Strawberry's wrapper for plain attributes...
    left = [
        name
        for name, field in object_fields()
        if getattr(field.resolve, "__name__", None) == "_get_basic_result"
    ]
    assert left == []
    # ...each replaced one was that wrapper, and the fields with resolvers keep theirs.
    assert {replaced_of(resolve).__name__ for resolve in replaced.values()} == {"_get_basic_result"}
    assert "CustomerAccount.displayName" in replaced
    assert "Query.customerAccount" not in replaced
    assert len(replaced) > 200


def test_every_node_types_id_is_printed_from_its_id_attribute() -> None:
    printed = {
        name: made_of
        for name, field in object_fields()
        if (made_of := global_id_made_by(field.resolve)) is not None
    }
    assert printed["CustomerAccount.id"].attribute == "account_id"
    assert printed["Contact.id"].attribute == "node_key"
    assert {name for name in printed if not name.endswith(".id")} == set()
    assert len(printed) == 7


@contextmanager
def strawberrys_resolvers() -> Iterator[None]:
    """Put Strawberry's own resolvers back on the plain fields for a while."""
    swapped = [
        (field, field.resolve)
        for _, field in object_fields()
        if replaced_of(field.resolve) is not None
    ]
    for field, resolve in swapped:
        field.resolve = replaced_of(resolve)
    try:
        yield
    finally:
        for field, resolve in swapped:
            field.resolve = resolve


def test_answers_are_the_ones_strawberrys_resolvers_give(graph: Graph) -> None:
    variables = {"id": 1001}
    served = graph.execute(WIDE, variables)
    assert "errors" not in served, served["errors"]

    async def run(plain: bool) -> Any:
        upstreams = build_upstreams(sandbox_settings_at(graph.sandboxes, set()))
        try:
            context = GraphContext(upstreams, Idempotency(MemoryKeyStore(ttl_seconds=60)))
            if plain:
                result = await schema.execute(WIDE, variables, context_value=context)
            else:
                with strawberrys_resolvers():
                    result = await schema.execute(WIDE, variables, context_value=context)
        finally:
            await close_upstreams(upstreams)
        assert result.errors is None, result.errors
        return result.data

    assert served["data"] == asyncio.run(run(plain=True)) == asyncio.run(run(plain=False))
    assert served["data"]["customerAccount"]["again"] == served["data"]["customerAccount"]["name"]
    assert served["data"]["customerAccount"]["contacts"]


# A page of accounts, each with its contacts and theirs points: lists of objects in lists.
LISTS = """{ customerAccounts(first: 20) { edges { node {
  identity contacts { firstName contactPoints { value } }
} } } }"""


def test_an_object_fields_selection_is_collected_once_per_request(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected: Counter[str] = Counter()
    collect = Executor.collect_subfields

    def counted(executor: Executor[Any], return_type: Any, field_details_list: Any) -> Any:
        collected[return_type.name] += 1
        return collect(executor, return_type, field_details_list)

    monkeypatch.setattr(Executor, "collect_subfields", counted)
    served = graph.execute(LISTS)
    assert "errors" not in served, served["errors"]
    accounts = [edge["node"] for edge in served["data"]["customerAccounts"]["edges"]]
    contacts = [contact for account in accounts for contact in account["contacts"]]
    points = [point for contact in contacts for point in contact["contactPoints"]]
    # Not once per object, nor once per list: the page holds more objects
    # than lists (accounts with several contacts, contacts with several points).
    assert len(contacts) > sum(1 for account in accounts if account["contacts"]) > 1
    assert len(points) > sum(1 for contact in contacts if contact["contactPoints"]) > 1
    page = ("CustomerAccountConnection", "CustomerAccountEdge", "CustomerAccount")
    assert collected == Counter([*page, "Contact", "ContactPoint"])

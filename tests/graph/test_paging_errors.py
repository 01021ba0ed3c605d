"""Refused paging arguments, on every connection field: only that field is null.

Before, a connection declared non-null (the root ``invoices``, an account's
``notes``) carried its error up to its parent, so ``invoices(first: 101)``
answered ``{"data": null}`` where ``customerAccounts(first: 101)`` nulled
only itself. Now every connection refuses the same way: null, one
``BAD_USER_INPUT`` error whose path is the field, no call for the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from tests.graph.conftest import WORLD, Graph
from tests.published_schema import published_schema

BILLING = 1002
PREPAID = WORLD.prepaid_ids()[0]

# Each connection field: the query around it, and the path of the field itself.
CONNECTIONS = {
    "customerAccounts": ("customerAccounts({args}) {{ totalCount }}", ["customerAccounts"]),
    "invoices": ("invoices({args}) {{ totalCount }}", ["invoices"]),
    "ledgerAccounts": ("ledgerAccounts({args}) {{ edges {{ cursor }} }}", ["ledgerAccounts"]),
    "PrepaidAccount.invoices": (
        f"prepaidAccount(accountNumber: {PREPAID}) {{{{ accountNumber invoices({{args}}) "
        "{{ totalCount }} }}",
        ["prepaidAccount", "invoices"],
    ),
    "CustomerAccount.notes": (
        f"customerAccount(identity: {BILLING}) {{{{ identity notes({{args}}) "
        "{{ totalCount }} }}",
        ["customerAccount", "notes"],
    ),
}
# What reading the parent costs; the page itself must cost nothing.
PARENT_CALLS: dict[str, dict[str, dict[str, int]]] = {
    "PrepaidAccount.invoices": {"prepaid": {"AccountRead": 1}},
    "CustomerAccount.notes": {"billing": {"GET /Account/{id}": 1}},
}
REFUSED = ["first: 101", "first: 0", "last: 101", "first: 2, last: 2", 'after: "notbase64!!"']


def calls(graph: Graph) -> dict[str, dict[str, int]]:
    """Every sandbox's calls since the last reset, leaving out the ones with none."""
    counted = {name: graph.calls(name) for name in graph.sandboxes}
    return {name: endpoints for name, endpoints in counted.items() if endpoints}


@pytest.fixture(autouse=True)
def signed_in(graph: Graph) -> Iterator[None]:
    """Sign in to every upstream now, so the counts below are reads alone."""
    graph.execute(
        f"{{ customerAccount(identity: {BILLING}) {{ id }} "
        f"prepaidAccount(accountNumber: {PREPAID}) {{ id }} "
        "ledgerAccounts(first: 1) { totalCount } }"
    )
    graph.reset_calls()
    yield


@pytest.mark.parametrize("arguments", REFUSED)
@pytest.mark.parametrize("name", list(CONNECTIONS))
def test_a_refused_paging_argument_nulls_only_its_own_field(
    graph: Graph, name: str, arguments: str
) -> None:
    template, path = CONNECTIONS[name]
    body = graph.execute("{ __typename " + template.format(args=arguments) + " }")
    assert body["data"] is not None, body
    assert body["data"]["__typename"] == "Query"
    answer: Any = body["data"]
    for part in path[:-1]:
        answer = answer[part]
        assert answer is not None, body
    assert answer[path[-1]] is None
    [error] = body["errors"]
    assert error["path"] == path
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert calls(graph) == PARENT_CALLS.get(name, {})


def test_every_connection_field_is_nullable() -> None:
    """A mechanical guard: a connection added later refuses the same way."""
    found = []
    for type_ in published_schema().type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for field_name, field in type_.fields.items():
            if get_named_type(field.type).name.endswith("Connection"):
                found.append(f"{type_.name}.{field_name}")
                assert not isinstance(field.type, GraphQLNonNull), f"{type_.name}.{field_name}"
    assert {"Query.customerAccounts", "Query.invoices", "CustomerAccount.notes"} <= set(found)

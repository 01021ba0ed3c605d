"""``nodes`` over HTTP: a bad id fails only its own element, at its index.

Before, Strawberry's Relay field parsed every id before reading any, so one
malformed id answered ``{"data": null}`` without saying which; the good ids
must still resolve, with the upstream calls they cost alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from strawberry import relay

from tests.graph.conftest import WORLD, Graph
from upstreams.saasu.sandbox.chart import seed_accounts

ONE = "GET /Account/{id}"
ACCOUNTS = list(WORLD.billing_ids())[:4]
LEDGER = [account.id for account in seed_accounts(WORLD)[:2]]

NODES = """query($ids: [ID!]!) { nodes(ids: $ids) {
    id ... on CustomerAccount { identity } ... on LedgerAccount { accountNumber } } }"""


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


def calls(graph: Graph) -> dict[str, dict[str, int]]:
    """Every sandbox's calls since the last reset, leaving out the ones with none."""
    counted = {name: graph.calls(name) for name in graph.sandboxes}
    return {name: endpoints for name, endpoints in counted.items() if endpoints}


@pytest.fixture(autouse=True)
def signed_in(graph: Graph) -> Iterator[None]:
    """Billing and Saasu sign in once per token: do it now, so the counts are reads alone."""
    graph.execute(f"{{ customerAccount(identity: {ACCOUNTS[0]}) {{ id }} }}")
    graph.execute(f"{{ ledgerAccount(accountNumber: {LEDGER[0]}) {{ id }} }}")
    graph.reset_calls()
    yield
    graph.reset_switches()


def errors_by_index(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
    found = {}
    for error in body["errors"]:
        assert error["path"][0] == "nodes" and len(error["path"]) == 2, error
        found[error["path"][1]] = error
    return found


def test_a_malformed_id_nulls_only_its_element_and_says_which(graph: Graph) -> None:
    ids = [gid("CustomerAccount", identity) for identity in ACCOUNTS[:3]]
    ids += ["notbase64!!", gid("CustomerAccount", ACCOUNTS[3])]
    body = graph.execute(NODES, {"ids": ids})
    nodes = body["data"]["nodes"]
    assert [node and node["identity"] for node in nodes] == [*ACCOUNTS[:3], None, ACCOUNTS[3]]
    errors = errors_by_index(body)
    assert sorted(errors) == [3]
    assert errors[3]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[3]["message"] == "Not a global id of this graph"
    # The good ids are read as before: one call each, sent together.
    assert calls(graph) == {"billing": {ONE: 4}}


def test_every_kind_of_id_not_of_this_graph_is_an_error_at_its_index(graph: Graph) -> None:
    ids = [
        gid("CustomerAccount", ACCOUNTS[0]),
        "",  # not base64 of anything
        gid("NoSuchType", 1),  # a type this graph does not have
        gid("Query", 1),  # a type, but not a Node
        gid("CustomerAccount", "x"),  # a Node type, but not its kind of key
        gid("CustomerAccount", 0),  # a number no billing account has
        gid("Note", f"{ACCOUNTS[0]}:-1"),
        gid("LedgerAccount", LEDGER[0]),
        gid("CustomerAccount", 999999),  # could exist, does not: null, no error
    ]
    body = graph.execute(NODES, {"ids": ids})
    nodes = body["data"]["nodes"]
    assert nodes[0] == {"id": ids[0], "identity": ACCOUNTS[0]}
    assert nodes[7] == {"id": ids[7], "accountNumber": LEDGER[0]}
    assert nodes[1:7] == [None] * 6 and nodes[8] is None
    errors = errors_by_index(body)
    assert sorted(errors) == [1, 2, 3, 4, 5, 6]
    assert {error["extensions"]["code"] for error in errors.values()} == {"BAD_USER_INPUT"}
    assert calls(graph) == {"billing": {ONE: 2}, "saasu": {ONE: 1}}


def test_an_upstream_down_nulls_only_the_elements_it_feeds(graph: Graph) -> None:
    graph.switch("saasu", error_rate=1.0)
    ids = [gid("LedgerAccount", LEDGER[0]), gid("CustomerAccount", ACCOUNTS[0])]
    ids.append(gid("LedgerAccount", LEDGER[1]))
    body = graph.execute(NODES, {"ids": ids})
    assert body["data"]["nodes"] == [None, {"id": ids[1], "identity": ACCOUNTS[0]}, None]
    errors = errors_by_index(body)
    assert {index: e["extensions"]["code"] for index, e in errors.items()} == {
        0: "UPSTREAM_UNAVAILABLE",
        2: "UPSTREAM_UNAVAILABLE",
    }

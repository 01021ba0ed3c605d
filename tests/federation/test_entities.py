"""``_entities`` over HTTP: keys by global id and natural id, through the request's loaders.

A router resolves another subgraph's references in batches; each batch must
cost exactly what reading the same records with ``nodes`` costs, and one
missing or malformed representation must not fail its neighbours.
"""

from __future__ import annotations

from typing import Any

import pytest
from strawberry import relay

from tests.graph.conftest import WORLD, Graph

LOGIN = "POST /Access/Login"
ONE = "GET /Account/{id}"
DETAIL = "GET /Account/{id}/Detail"
ACCOUNTS = list(WORLD.billing_ids())[:100]

ENTITIES = """query($representations: [_Any!]!) {
    _entities(representations: $representations) {
        __typename
        ... on CustomerAccount { id identity name }
        ... on Contact { id customerAccountIdentity identity contactName: name }
        ... on Note { id customerAccountIdentity identity subject }
        ... on PrepaidAccount { id accountNumber }
        ... on Invoice { id invoiceNumber prepaidAccountId }
        ... on LedgerAccount { id accountNumber name }
        ... on InvoicingAccount { id accountNumber name }
    }
}"""


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def calls(graph: Graph) -> dict[str, dict[str, int]]:
    """Every sandbox's calls since the last reset, leaving out the ones with none."""
    counted = {name: graph.calls(name) for name in graph.sandboxes}
    return {name: endpoints for name, endpoints in counted.items() if endpoints}


@pytest.fixture(autouse=True)
def signed_in(graph: Graph) -> None:
    """Billing logs in once per token: do it now, so the counts below are reads alone."""
    data(graph.execute(f"{{ customerAccount(identity: {ACCOUNTS[0]}) {{ id }} }}"))
    graph.reset_calls()


def test_100_representations_cost_what_reading_100_nodes_costs(graph: Graph) -> None:
    ids = [gid("CustomerAccount", identity) for identity in ACCOUNTS]
    read = data(
        graph.execute(
            """query($ids: [ID!]!) {
                nodes(ids: $ids) { id ... on CustomerAccount { identity name } }
            }""",
            {"ids": ids},
        )
    )["nodes"]
    by_nodes = calls(graph)
    graph.reset_calls()

    # Half by the global id, half by the natural id another team would hold.
    representations = [{"__typename": "CustomerAccount", "id": i} for i in ids[:50]] + [
        {"__typename": "CustomerAccount", "identity": n} for n in ACCOUNTS[50:]
    ]
    entities = data(graph.execute(ENTITIES, {"representations": representations}))["_entities"]
    by_entities = calls(graph)

    assert by_nodes == {"billing": {ONE: 100}}
    assert by_entities == {"billing": {ONE: 100}}
    assert [e.pop("__typename") for e in entities] == ["CustomerAccount"] * 100
    assert entities == read
    assert [e["identity"] for e in entities] == ACCOUNTS


def test_the_same_record_twice_in_a_batch_is_read_once(graph: Graph) -> None:
    identity = ACCOUNTS[3]
    representations = [
        {"__typename": "CustomerAccount", "id": gid("CustomerAccount", identity)},
        {"__typename": "CustomerAccount", "identity": identity},
        {"__typename": "CustomerAccount", "identity": str(identity)},
    ]
    entities = data(graph.execute(ENTITIES, {"representations": representations}))["_entities"]
    assert {e["identity"] for e in entities} == {identity}
    assert len(entities) == 3
    assert calls(graph) == {"billing": {ONE: 1}}


def test_every_entity_type_resolves_by_each_of_its_keys(graph: Graph) -> None:
    owner = next(identity for identity in ACCOUNTS if WORLD.prepaid_id_for_billing(identity))
    account = data(
        graph.execute(
            f"""{{ customerAccount(identity: {owner}) {{
                contacts {{ id identity name }}
                notes(first: 1) {{ edges {{ node {{ id identity }} }} }}
                prepaidAccount {{
                    accountNumber invoices(first: 1) {{ edges {{ node {{ invoiceNumber }} }} }}
                }}
            }} }}"""
        )
    )["customerAccount"]
    ledger_id = data(
        graph.execute("{ ledgerAccounts(first: 1) { edges { node { accountNumber } } } }")
    )
    ledger = ledger_id["ledgerAccounts"]["edges"][0]["node"]["accountNumber"]
    invoicing = data(graph.execute("{ invoicingAccount { accountNumber } }"))["invoicingAccount"]
    contact = account["contacts"][0]
    note = account["notes"]["edges"][0]["node"]
    prepaid = account["prepaidAccount"]["accountNumber"]
    invoice = account["prepaidAccount"]["invoices"]["edges"][0]["node"]["invoiceNumber"]
    representations: list[dict[str, Any]] = [
        {"__typename": "Contact", "id": contact["id"]},
        {
            "__typename": "Contact",
            "customerAccountIdentity": owner,
            "identity": contact["identity"],
        },
        {"__typename": "Note", "id": note["id"]},
        {"__typename": "Note", "customerAccountIdentity": owner, "identity": note["identity"]},
        {"__typename": "PrepaidAccount", "id": gid("PrepaidAccount", prepaid)},
        {"__typename": "PrepaidAccount", "accountNumber": prepaid},
        {"__typename": "Invoice", "id": gid("Invoice", invoice)},
        {"__typename": "Invoice", "invoiceNumber": invoice},
        {"__typename": "LedgerAccount", "id": gid("LedgerAccount", ledger)},
        {"__typename": "LedgerAccount", "accountNumber": ledger},
        {
            "__typename": "InvoicingAccount",
            "id": gid("InvoicingAccount", invoicing["accountNumber"]),
        },
        {"__typename": "InvoicingAccount", "accountNumber": invoicing["accountNumber"]},
    ]
    entities = data(graph.execute(ENTITIES, {"representations": representations}))["_entities"]
    pairs = list(zip(entities[::2], entities[1::2], strict=True))
    assert all(by_id == by_natural for by_id, by_natural in pairs)
    assert [by_id["__typename"] for by_id, _ in pairs] == [
        "Contact",
        "Note",
        "PrepaidAccount",
        "Invoice",
        "LedgerAccount",
        "InvoicingAccount",
    ]
    assert entities[0]["id"] == contact["id"]
    assert entities[0]["contactName"] == contact["name"]
    assert entities[2]["id"] == note["id"]
    assert entities[4]["accountNumber"] == prepaid
    assert entities[6]["invoiceNumber"] == invoice
    assert entities[8]["accountNumber"] == ledger
    assert entities[10]["accountNumber"] == invoicing["accountNumber"]


def test_a_missing_or_malformed_representation_fails_only_itself(graph: Graph) -> None:
    representations = [
        {"__typename": "CustomerAccount", "identity": ACCOUNTS[0]},
        {"__typename": "CustomerAccount", "identity": 999999},
        {"__typename": "CustomerAccount", "id": gid("Note", "1001:1")},
        {"__typename": "CustomerAccount", "id": "not a global id"},
        {"__typename": "CustomerAccount"},
        {"__typename": "Contact", "customerAccountIdentity": ACCOUNTS[1], "identity": 999999},
        {"__typename": "CustomerAccount", "identity": ACCOUNTS[1]},
    ]
    body = graph.execute(ENTITIES, {"representations": representations})
    entities = body["data"]["_entities"]
    assert [e and e["identity"] for e in entities] == [
        ACCOUNTS[0],
        None,
        None,
        None,
        None,
        None,
        ACCOUNTS[1],
    ]
    codes = {error["path"][1]: error["extensions"]["code"] for error in body["errors"]}
    assert codes == {2: "BAD_USER_INPUT", 3: "BAD_USER_INPUT", 4: "BAD_USER_INPUT"}
    assert calls(graph) == {"billing": {ONE: 3, DETAIL: 1}}


def test_a_representation_naming_no_entity_here_is_bad_input_at_its_index(
    graph: Graph,
) -> None:
    """What Strawberry alone answers as an internal error, the router hears as its mistake."""
    representations: list[Any] = [
        {"__typename": "CustomerAccount", "identity": ACCOUNTS[0]},
        {"__typename": "NoSuchType", "id": "x"},
        {"__typename": "Query"},  # a type of the schema, but no entity
        {"identity": ACCOUNTS[1]},  # no __typename
        {"__typename": 7},
        "CustomerAccount",  # not an object
        {"__typename": "CustomerAccount", "identity": ACCOUNTS[1], "region": "eu"},
        {"__typename": "CustomerAccount", "identity": ACCOUNTS[1]},
    ]
    body = graph.execute(ENTITIES, {"representations": representations})
    entities = body["data"]["_entities"]
    assert [e and e["identity"] for e in entities] == [ACCOUNTS[0], *[None] * 6, ACCOUNTS[1]]
    errors = {error["path"][1]: error for error in body["errors"]}
    assert sorted(errors) == [1, 2, 3, 4, 5, 6]
    assert {error["extensions"]["code"] for error in errors.values()} == {"BAD_USER_INPUT"}
    assert errors[1]["message"] == "'NoSuchType' is not an entity type of this subgraph"
    assert errors[2]["message"] == "'Query' is not an entity type of this subgraph"
    assert errors[6]["message"].endswith("fields that are not its keys: 'region'")
    assert calls(graph) == {"billing": {ONE: 2}}  # the sound ones, in one batch


def test_a_natural_key_outside_the_int_range_is_refused_with_the_range(graph: Graph) -> None:
    """JSON carries any size of number; a key of this graph is a GraphQL Int, 1 or more.

    No record of the four upstreams has an id below 1, so 0 and negatives are
    refused at their index like any other impossible key, before any call.
    """
    representations: list[Any] = [
        {"__typename": "CustomerAccount", "identity": 99999999999999999999999},
        {"__typename": "CustomerAccount", "identity": 2147483648},
        {"__typename": "CustomerAccount", "identity": -5},
        {"__typename": "CustomerAccount", "identity": 0},
        {"__typename": "Contact", "customerAccountIdentity": 1001, "identity": 0},
        {"__typename": "CustomerAccount", "identity": "12a"},
        {"__typename": "CustomerAccount", "identity": 2.5},
        {"__typename": "CustomerAccount", "identity": True},
        {"__typename": "CustomerAccount", "identity": "\u00b2"},  # a digit to str.isdigit
        {"__typename": "CustomerAccount", "identity": "9" * 5000},
        {"__typename": "CustomerAccount", "identity": 2147483647},  # in range: just not found
        {"__typename": "CustomerAccount", "identity": ACCOUNTS[2]},
    ]
    body = graph.execute(ENTITIES, {"representations": representations})
    entities = body["data"]["_entities"]
    assert [e and e["identity"] for e in entities] == [*[None] * 11, ACCOUNTS[2]]
    errors = {error["path"][1]: error for error in body["errors"]}
    assert sorted(errors) == list(range(10))
    for error in errors.values():
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"] == (
            "A natural key of this graph is a whole number from 1 to 2147483647"
        )
    assert calls(graph) == {"billing": {ONE: 2}}

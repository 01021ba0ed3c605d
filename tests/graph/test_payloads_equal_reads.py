"""Every mutation's payload equals a fresh read of the same record, field by field.

Each test runs one mutation with all of its payload record's fields selected
(built from the schema, see ``tests.graph.payloads``), then reads the record
by ``node(id:)`` in a new request with the same selection. A delete's payload
holds no record; its ids must read as gone. ``test_every_mutation_is_covered``
fails when a mutation is added without a comparison here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from strawberry.relay import to_base64

from gateway.auth import AuthSettings
from tests.graph.conftest import WORLD, Graph, data, running_graph
from tests.graph.payloads import assert_payload_equals_read, schema_of
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts
from upstreams.saasu.sandbox.chart import seed_accounts as seed_chart

TODAY = datetime.now(UTC).date()
CHARGEABLE = [
    a.account_id
    for a in seed_accounts(WORLD).values()
    if a.card and not a.card.expired(TODAY) and not a.card.issuer_declines
]
LEDGER = [a.id for a in seed_chart(WORLD) if a.account_level == "Detail" and not a.is_built_in]

COMPARED = {
    "createNote",
    "updateNote",
    "deleteNote",
    "createContact",
    "updateContact",
    "deleteContact",
    "replacePrepaidContact",
    "addCredit",
    "setRecharge",
    "updateAccount",
    "settleTopUp",
}
"""The mutations this module compares; a new mutation must join them or ELSEWHERE."""
ELSEWHERE = {
    "createCustomerAccount",
    "replaceCustomerAccount",
    "deleteCustomerAccount",
    "patchCustomerAccounts",
}
"""Compared with a fresh read in ``tests/resolvers/billing/test_account_mutations.py``."""


def gid(type_name: str, key: object) -> str:
    return to_base64(type_name, str(key))


def children(graph: Graph, account: int) -> tuple[list[str], list[str]]:
    """Global ids of an account's contacts and of its first notes."""
    found = data(
        graph.execute(
            "query($a: Int!) { customerAccount(identity: $a) {"
            " contacts { id } notes(first: 5) { edges { node { id } } } } }",
            {"a": account},
        )
    )["customerAccount"]
    return [c["id"] for c in found["contacts"]], [e["node"]["id"] for e in found["notes"]["edges"]]


def with_children(graph: Graph, start: int) -> tuple[int, list[str], list[str]]:
    """The first account from ``start`` on with at least two contacts and two notes."""
    for account in range(start, start + 100):
        contacts, notes = children(graph, account)
        if len(contacts) >= 2 and len(notes) >= 2:
            return account, contacts, notes
    raise AssertionError("no seeded account with two contacts and two notes")


def test_every_mutation_is_covered(graph: Graph) -> None:
    schema = schema_of(graph)
    assert {f["name"] for f in schema.fields(schema.mutation)} == COMPARED | ELSEWHERE


def test_create_note(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "createNote",
        {
            "customerAccountId": gid("CustomerAccount", 1101),
            "subject": "Called about the invoice",
            "text": "Sent a copy by email.",
            "noteTypeId": 2,
            "isImportant": True,
        },
    )
    assert compared.payload["subject"] == "Called about the invoice"


def test_update_note(graph: Graph) -> None:
    _, _, notes = with_children(graph, 1110)
    compared = assert_payload_equals_read(
        graph, "updateNote", {"id": notes[0], "text": "Renewed for two more years."}
    )
    assert compared.payload["text"] == "Renewed for two more years."


def test_create_contact(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "createContact",
        {
            "customerAccountId": gid("CustomerAccount", 1120),
            "title": "Ms.",
            "firstName": "Ada",
            "lastName": "Lovelace",
            "contactTypeId": 3,
        },
    )
    assert compared.payload["name"] == "Ada Lovelace"  # the write's own answer has none


def test_update_contact(graph: Graph) -> None:
    _, contacts, _ = with_children(graph, 1130)
    compared = assert_payload_equals_read(
        graph, "updateContact", {"id": contacts[0], "title": "Dr."}
    )
    assert compared.payload["title"] == "Dr."
    assert compared.payload["name"] is not None


@pytest.mark.parametrize("mutation", ["deleteContact", "deleteNote"])
def test_a_delete_names_what_a_read_no_longer_finds(graph: Graph, mutation: str) -> None:
    account, contacts, notes = with_children(graph, 1140 if mutation == "deleteNote" else 1160)
    target = (notes if mutation == "deleteNote" else contacts)[-1]
    input_type = f"{mutation[0].upper()}{mutation[1:]}Input!"
    body = graph.execute(
        f"mutation($input: {input_type}) {{"
        f" {mutation}(input: $input) {{ deletedIds userErrors {{ code }} }} }}",
        {"input": {"id": target}},
    )
    assert data(body)[mutation] == {"deletedIds": [target], "userErrors": []}
    read = graph.execute("query($id: ID!) { node(id: $id) { id } }", {"id": target})
    assert read["data"] == {"node": None}
    assert target not in [ids for kind in children(graph, account) for ids in kind]


def test_replace_prepaid_contact(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "replacePrepaidContact",
        {
            "prepaidAccountId": gid("PrepaidAccount", CHARGEABLE[0]),
            "name": "Nora Walker",
            "organization": "Riverbend Analytics Co.",
            "address": "12 Analytical Row",
            "city": "Springfield",
            "state": "IL",
            "zipcode": "62701",
            "countryId": 1,
            "phone": "",
            "email": "nora@example.com",
        },
    )
    assert compared.payload["contact"]["name"] == "Nora Walker"


def test_add_credit(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "addCredit",
        {
            "prepaidAccountId": gid("PrepaidAccount", CHARGEABLE[1]),
            "amount": 25,
            "idempotencyKey": str(uuid.uuid4()),
        },
    )
    assert compared.payload["accountNumber"] == CHARGEABLE[1]


def test_set_recharge(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "setRecharge",
        {
            "prepaidAccountId": gid("PrepaidAccount", CHARGEABLE[2]),
            "enabled": True,
            "threshold": 20,
            "level": 100,
        },
    )
    assert compared.payload["autoRecharge"]["enabled"] is True


def test_patch_a_customer_account(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "updateAccount",
        {"customer": {"id": gid("CustomerAccount", 1170), "displayName": "Renamed", "billDay": 9}},
    )
    assert compared.payload["displayName"] == "Renamed"


def test_patch_a_ledger_account(graph: Graph) -> None:
    account = LEDGER[30]
    before = data(
        graph.execute(
            "query($id: Int!) { ledgerAccount(accountNumber: $id) { lastUpdatedId } }",
            {"id": account},
        )
    )["ledgerAccount"]
    compared = assert_payload_equals_read(
        graph,
        "updateAccount",
        {
            "ledger": {
                "id": gid("LedgerAccount", account),
                "lastUpdatedId": before["lastUpdatedId"],
                "name": "Renamed by the graph",
            }
        },
    )
    assert compared.payload["name"] == "Renamed by the graph"


def test_patch_an_invoicing_account(graph: Graph) -> None:
    compared = assert_payload_equals_read(
        graph,
        "updateAccount",
        {
            "invoicing": {
                "id": gid("InvoicingAccount", 11002),
                "city": "Coimbra",
                "postalCode": "3000-123",
                "credentials": {"username": "123456789/4", "password": "secret"},
            }
        },
    )
    assert compared.payload["city"] == "Coimbra"


OPERATOR = "payloads-operator-key"


@pytest.fixture(scope="module")
def operated() -> Iterator[Graph]:
    """A gateway whose one caller is an operator (settleTopUp needs the role admin)."""
    auth = AuthSettings.from_section(
        {"mode": "required", "api_keys": f"{OPERATOR}:read+write+admin"}
    )
    with running_graph(auth=auth) as running:
        running.http.headers["X-API-Key"] = OPERATOR
        yield running


def test_settle_top_up(operated: Graph) -> None:
    account = CHARGEABLE[3]
    key = str(uuid.uuid4())
    operated.switch(
        "prepaid", error_rate=1.0, only_endpoints=["AccountEditCreditAdd", "SessionDestroy"]
    )
    try:
        lost = operated.execute(
            "mutation($input: AddCreditInput!) {"
            " addCredit(input: $input) { userErrors { code } } }",
            {
                "input": {
                    "prepaidAccountId": gid("PrepaidAccount", account),
                    "amount": 30,
                    "idempotencyKey": key,
                }
            },
        )
    finally:
        operated.reset_switches()
    assert lost["errors"][0]["extensions"]["code"] == "OUTCOME_UNKNOWN", lost
    listed = operated.execute(
        "{ topUpsInDoubt { reference prepaidAccountId prepaidAccount { accountNumber } } }"
    )
    [doubt] = data(listed)["topUpsInDoubt"]
    assert doubt["prepaidAccountId"] == gid("PrepaidAccount", account)
    assert doubt["prepaidAccount"] == {"accountNumber": account}
    compared = assert_payload_equals_read(
        operated, "settleTopUp", {"reference": doubt["reference"], "charged": True}
    )
    assert compared.payload["accountNumber"] == account

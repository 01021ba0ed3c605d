"""The InvoiceXpress part of the graph over HTTP: the account, node, updates and their errors.

Reads use the gateway's own account (11001); updates change the other seeded
accounts (11002 complete, 11003 without credentials, 11004 newly signed up:
no fiscal id), each test its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from strawberry.relay import to_base64

from gateway.sandboxes import INVOICING_ACCOUNT_ID
from tests.graph.conftest import WORLD, Graph
from upstreams.invoicexpress.sandbox.seed import seed_accounts

SEEDED = {a.id: a for a in seed_accounts(WORLD.seed, WORLD.invoicing_accounts)}
OURS = SEEDED[INVOICING_ACCOUNT_ID]
GET = "GET /api/accounts/{account_id}/get.json"
PUT = "PUT /api/accounts/{account_id}/update.json"

FIELDS = """id accountNumber source name organizationName firstName lastName email phone fiscalId
    taxCountry language address postalCode city terms marketing
    credentials { username type context }"""
PATCH = f"""mutation($input: UpdateAccountInput!) {{ updateAccount(input: $input) {{
    account {{ ... on InvoicingAccount {{ {FIELDS} }} }}
    userErrors {{ field message code }}
}} }}"""


def gid(type_name: str, key: int) -> str:
    return to_base64(type_name, key)


@pytest.fixture(autouse=True)
def fresh_counts(graph: Graph) -> Iterator[None]:
    graph.reset_calls()
    yield
    graph.reset_switches()


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def patch(graph: Graph, invoicing: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = ok(graph.execute(PATCH, {"input": {"invoicing": invoicing}}))[
        "updateAccount"
    ]
    return payload


def test_our_account_with_every_field_in_one_call(graph: Graph) -> None:
    data = ok(
        graph.execute(f"{{ invoicingAccount {{ {FIELDS} }} again: invoicingAccount {{ id }} }}")
    )
    account = data["invoicingAccount"]
    assert account["id"] == gid("InvoicingAccount", OURS.id)
    assert account["accountNumber"] == OURS.id
    assert account["source"] == "INVOICING"
    assert account["name"] == account["organizationName"] == OURS.organization_name
    assert account["email"] == OURS.email
    assert account["fiscalId"] == OURS.fiscal_id
    assert account["postalCode"] == OURS.postal_code
    assert account["language"] == OURS.language.upper()
    assert account["terms"] is True
    assert account["marketing"] is (OURS.marketing == "1")
    assert OURS.credentials is not None
    assert account["credentials"] == {
        "username": OURS.credentials.username,
        "type": "AT",
        "context": "Sequences",
    }
    assert graph.calls("invoicexpress") == {GET: 1}


def test_no_password_is_offered_anywhere(graph: Graph) -> None:
    for type_name in ("InvoicingAccount", "InvoicingCredentials"):
        data = ok(graph.execute(f'{{ __type(name: "{type_name}") {{ fields {{ name }} }} }}'))
        assert "password" not in {f["name"] for f in data["__type"]["fields"]}


def test_node_and_nodes_read_any_account_through_the_loader(graph: Graph) -> None:
    data = ok(
        graph.execute(
            """query($a: ID!, $ids: [ID!]!) {
                node(id: $a) { ... on InvoicingAccount { name fiscalId credentials { username } } }
                nodes(ids: $ids) { ... on Account { source name } }
            }""",
            {
                "a": gid("InvoicingAccount", 11004),
                "ids": [gid("InvoicingAccount", 11003), gid("InvoicingAccount", 99999)],
            },
        )
    )
    assert data["node"] == {
        "name": SEEDED[11004].organization_name,
        "fiscalId": None,
        "credentials": None,
    }
    assert data["nodes"] == [
        {"source": "INVOICING", "name": SEEDED[11003].organization_name},
        None,
    ]
    assert graph.calls("invoicexpress") == {GET: 3}


def test_invoicexpress_down_leaves_the_ledger_answering(graph: Graph) -> None:
    graph.switch("invoicexpress", error_rate=1.0)
    try:
        body = graph.execute(
            "{ invoicingAccount { name } ledgerAccounts(first: 1) { edges { cursor } } }"
        )
    finally:
        graph.reset_switches()
    assert body["data"]["invoicingAccount"] is None
    assert len(body["data"]["ledgerAccounts"]["edges"]) == 1
    [error] = body["errors"]
    assert error["path"] == ["invoicingAccount"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


def test_an_update_returns_the_account_as_it_now_is_in_one_call(graph: Graph) -> None:
    payload = patch(
        graph,
        {
            "id": gid("InvoicingAccount", 11002),
            "city": "Coimbra",
            "postalCode": "3000-123",
            "phone": "+351 239 000 000",
            "language": "ES",
            "marketing": True,
            "credentials": {"username": "123456789/4", "password": "secret"},
        },
    )
    assert payload["userErrors"] == []
    account = payload["account"]
    assert account["city"] == "Coimbra"
    assert account["postalCode"] == "3000-123"
    assert account["language"] == "ES"
    assert account["marketing"] is True
    assert account["credentials"] == {
        "username": "123456789/4",
        "type": "AT",
        "context": "Sequences",
    }
    assert account["email"] == SEEDED[11002].email
    assert graph.calls("invoicexpress") == {PUT: 1}
    read = ok(
        graph.execute(
            "query($id: ID!) { node(id: $id) { ... on InvoicingAccount { city } } }",
            {"id": gid("InvoicingAccount", 11002)},
        )
    )
    assert read["node"] == {"city": "Coimbra"}


def test_documented_formats_are_checked_before_any_call(graph: Graph) -> None:
    payload = patch(
        graph,
        {
            "id": gid("InvoicingAccount", 11003),
            "postalCode": "1500555",
            "organizationName": " ",
            "credentials": {
                "username": "12345/1",
                "password": "",
                "type": "at",
                "context": "Other",
            },
        },
    )
    assert payload["account"] is None
    assert [(e["field"], e["message"]) for e in payload["userErrors"]] == [
        (["input", "invoicing", "organizationName"], "Organization name can't be blank"),
        (
            ["input", "invoicing", "postalCode"],
            "Postal Code must have the following format DDDD-DDD",
        ),
        (
            ["input", "invoicing", "credentials", "username"],
            "Username doesn't match required format.",
        ),
        (["input", "invoicing", "credentials", "password"], "Password is not valid."),
        (["input", "invoicing", "credentials", "type"], "Credential type is invalid."),
        (["input", "invoicing", "credentials", "context"], "Credential context is invalid."),
    ]
    assert {e["code"] for e in payload["userErrors"]} == {"INVALID"}
    blank = patch(
        graph,
        {"id": gid("InvoicingAccount", 11003), "credentials": {"username": "", "password": "x"}},
    )
    assert [e["message"] for e in blank["userErrors"]] == ["Username is not valid."]
    other = patch(graph, {"id": gid("LedgerAccount", 11003), "city": "Porto"})
    assert [e["field"] for e in other["userErrors"]] == [["input", "invoicing", "id"]]
    assert graph.calls("invoicexpress") == {}


def test_text_xml_cannot_hold_is_refused_before_any_call(graph: Graph) -> None:
    """The API serves the account as XML too, whatever format the gateway writes."""
    payload = patch(
        graph,
        {
            "id": gid("InvoicingAccount", 11003),
            "organizationName": "SWAT\x00",
            "city": "Lisboa\x08",
            "address": "Rua\tdo\nSaldanha",
            "credentials": {"username": "123456789/1\x00", "password": "pass\x00word"},
        },
    )
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "invoicing", name], "INVALID_CHARACTER") for name in ("organizationName", "city")
    ] + [(["input", "invoicing", "credentials", "username"], "INVALID_CHARACTER")]
    assert graph.calls("invoicexpress") == {}


def test_a_fiscal_id_once_set_cannot_be_changed(graph: Graph) -> None:
    payload = patch(graph, {"id": gid("InvoicingAccount", 11003), "fiscalId": "999999990"})
    assert payload["account"] is None
    assert payload["userErrors"] == [
        {
            "field": ["input", "invoicing", "fiscalId"],
            "message": "Vat Number can't be changed",
            "code": "INVALID",
        }
    ]
    assert graph.calls("invoicexpress") == {PUT: 1}


def test_a_fiscal_id_used_elsewhere_and_other_refusals_come_back_together(graph: Graph) -> None:
    payload = patch(
        graph,
        {
            "id": gid("InvoicingAccount", 11004),
            "fiscalId": OURS.fiscal_id,
            "taxCountry": "99",
            "email": "not-an-address",
        },
    )
    assert payload["account"] is None
    assert {(tuple(e["field"]), e["message"]) for e in payload["userErrors"]} == {
        (("input", "invoicing", "fiscalId"), "Vat Number is already used in another account"),
        (("input", "invoicing", "taxCountry"), "Tax country is invalid"),
        (("input", "invoicing", "email"), "Email is invalid"),
    }
    assert graph.calls("invoicexpress") == {PUT: 1}


def test_an_unknown_account_is_a_user_error(graph: Graph) -> None:
    payload = patch(graph, {"id": gid("InvoicingAccount", 99999), "city": "Porto"})
    assert payload["account"] is None
    assert payload["userErrors"][0]["code"] == "NOT_FOUND"
    assert payload["userErrors"][0]["field"] == ["input", "invoicing", "id"]


DESCRIBED = (
    "InvoicingAccount",
    "InvoicingCredentials",
    "InvoicingLanguage",
    "InvoicingAccountPatch",
    "InvoicingCredentialsInput",
    "LedgerAccount",
    "BankDetails",
    "LedgerAccountLevel",
    "LedgerAccountType",
    "LedgerAccountPatch",
    "LedgerAccountConnection",
)


@pytest.mark.parametrize("type_name", DESCRIBED)
def test_every_type_field_and_value_is_described(graph: Graph, type_name: str) -> None:
    data = ok(
        graph.execute(
            """query($name: String!) { __type(name: $name) { description
                fields(includeDeprecated: true) { name description
                    args { name description } }
                inputFields { name description }
                enumValues(includeDeprecated: true) { name description }
            } }""",
            {"name": type_name},
        )
    )
    described = data["__type"]
    assert described["description"]
    members = [
        *(described["fields"] or []),
        *(described["inputFields"] or []),
        *(described["enumValues"] or []),
        *(arg for f in described["fields"] or [] for arg in f["args"]),
    ]
    assert members
    assert [m["name"] for m in members if not m["description"]] == []


def test_root_fields_and_their_arguments_are_described(graph: Graph) -> None:
    data = ok(
        graph.execute(
            """{ __type(name: "Query") {
                fields { name description args { name description } } } }"""
        )
    )
    ours = [f for f in data["__type"]["fields"] if f["name"].startswith(("ledger", "invoicing"))]
    assert {f["name"] for f in ours} == {"ledgerAccount", "ledgerAccounts", "invoicingAccount"}
    assert all(f["description"] for f in ours)
    assert all(a["description"] for f in ours for a in f["args"])

"""updateAccount on Saasu ledger accounts: optimistic concurrency, checks before calls.

Each test changes its own accounts (no other test here reads them), and
counts Saasu calls exactly: a patch is one read, one PUT and one re-read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD, Graph
from upstreams.saasu.sandbox.chart import seed_accounts

CHART = seed_accounts(WORLD)
DETAILS = [a for a in CHART if a.account_level == "Detail" and not a.is_built_in]
PLAIN = [a for a in DETAILS if not a.is_bank_account]
HEADERS = [a for a in CHART if a.account_level == "Header"]
GET = "GET /Account/{id}"
PUT = "PUT /Account/{id}"

PATCH = """mutation($input: UpdateAccountInput!) { updateAccount(input: $input) {
    account { id name ... on LedgerAccount {
        lastUpdatedId ledgerCode isActive defaultTaxCode headerAccount { accountNumber name } } }
    userErrors { field message code }
} }"""
READ = "query($id: Int!) { ledgerAccount(accountNumber: $id) { name lastUpdatedId isActive } }"


def gid(type_name: str, key: int) -> str:
    return to_base64(type_name, key)


@pytest.fixture(autouse=True)
def signed_in(graph: Graph) -> Iterator[None]:
    graph.execute(f"{{ ledgerAccount(accountNumber: {CHART[0].id}) {{ id }} }}")
    graph.reset_calls()
    yield
    graph.reset_switches()


def read(graph: Graph, account_id: int) -> dict[str, Any]:
    body = graph.execute(READ, {"id": account_id})
    assert "errors" not in body, body
    account: dict[str, Any] = body["data"]["ledgerAccount"]
    return account


def patch(graph: Graph, ledger: dict[str, Any]) -> dict[str, Any]:
    body = graph.execute(PATCH, {"input": {"ledger": ledger}})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["updateAccount"]
    return payload


def test_a_patch_changes_only_the_given_fields_and_returns_the_new_version(graph: Graph) -> None:
    target = PLAIN[40]
    before = read(graph, target.id)
    graph.reset_calls()
    payload = patch(
        graph,
        {
            "id": gid("LedgerAccount", target.id),
            "lastUpdatedId": before["lastUpdatedId"],
            "name": "Renamed by the graph",
            "isActive": not target.is_active,
        },
    )
    assert payload["userErrors"] == []
    account = payload["account"]
    assert account["name"] == "Renamed by the graph"
    assert account["isActive"] is (not target.is_active)
    assert account["ledgerCode"] == target.ledger_code
    assert account["defaultTaxCode"] == target.default_tax_code
    assert account["headerAccount"]["accountNumber"] == target.header_account_id
    assert account["lastUpdatedId"] != before["lastUpdatedId"]
    # read, PUT, re-read; and the payload's headerAccount link
    assert graph.calls("saasu") == {GET: 3, PUT: 1}
    assert read(graph, target.id)["lastUpdatedId"] == account["lastUpdatedId"]


def test_a_stale_last_updated_id_is_a_conflict_and_changes_nothing(graph: Graph) -> None:
    target = PLAIN[41]
    seen = read(graph, target.id)["lastUpdatedId"]
    first = patch(
        graph,
        {"id": gid("LedgerAccount", target.id), "lastUpdatedId": seen, "name": "First write"},
    )
    assert first["userErrors"] == []
    graph.reset_calls()
    second = patch(
        graph,
        {"id": gid("LedgerAccount", target.id), "lastUpdatedId": seen, "name": "Lost update"},
    )
    assert second["account"] is None
    [error] = second["userErrors"]
    assert error["code"] == "CONFLICT"
    assert error["field"] == ["input", "ledger", "lastUpdatedId"]
    assert "read" in error["message"].lower()
    assert graph.calls("saasu") == {GET: 1, PUT: 1}
    assert read(graph, target.id)["name"] == "First write"


def test_a_new_header_can_be_followed_in_the_payload(graph: Graph) -> None:
    target = PLAIN[42]
    header = next(h for h in HEADERS if h.id != target.header_account_id)
    seen = read(graph, target.id)["lastUpdatedId"]
    payload = patch(
        graph,
        {
            "id": gid("LedgerAccount", target.id),
            "lastUpdatedId": seen,
            "headerAccountId": gid("LedgerAccount", header.id),
            "defaultTaxCode": None,
        },
    )
    assert payload["userErrors"] == []
    assert payload["account"]["headerAccount"] == {"accountNumber": header.id, "name": header.name}
    assert payload["account"]["defaultTaxCode"] is None


def test_input_out_of_the_documented_ranges_costs_no_call(graph: Graph) -> None:
    body = graph.execute(
        PATCH,
        {
            "input": {
                "ledger": {
                    "id": gid("LedgerAccount", PLAIN[43].id),
                    "lastUpdatedId": " ",
                    "name": "x" * 76,
                    "currency": "aud",
                    "bsb": "12-345",
                    "headerAccountId": gid("InvoicingAccount", 11001),
                    "isActive": None,
                }
            }
        },
    )
    payload = body["data"]["updateAccount"]
    assert payload["account"] is None
    fields = {tuple(e["field"]): e["code"] for e in payload["userErrors"]}
    assert fields == {
        ("input", "ledger", "lastUpdatedId"): "REQUIRED",
        ("input", "ledger", "name"): "TOO_LONG",
        ("input", "ledger", "currency"): "INVALID",
        ("input", "ledger", "bsb"): "INVALID",
        ("input", "ledger", "headerAccountId"): "INVALID",
        ("input", "ledger", "isActive"): "NOT_CLEARABLE",
    }
    assert graph.calls("saasu") == {}


def test_text_xml_cannot_hold_costs_no_call(graph: Graph) -> None:
    """Saasu serves every account as XML too: a NUL stored would break its every read."""
    ledger = {
        "id": gid("LedgerAccount", PLAIN[43].id),
        "lastUpdatedId": "AAAA\x00",
        "name": "Sales\x00",
        "ledgerCode": "\x1f",
        "defaultTaxCode": "G1\uffff",
        "isActive": True,
    }
    payload = patch(graph, ledger)
    assert payload["account"] is None
    fields = {tuple(e["field"]): e["code"] for e in payload["userErrors"]}
    assert fields == {
        ("input", "ledger", name): "INVALID_CHARACTER"
        for name in ("lastUpdatedId", "name", "ledgerCode", "defaultTaxCode")
    }
    assert graph.calls("saasu") == {}


def test_an_id_of_another_type_and_an_empty_patch_cost_no_call(graph: Graph) -> None:
    other = patch(graph, {"id": gid("InvoicingAccount", 11001), "lastUpdatedId": "AAAA"})
    assert [e["field"] for e in other["userErrors"]] == [["input", "ledger", "id"]]
    empty = patch(graph, {"id": gid("LedgerAccount", PLAIN[43].id), "lastUpdatedId": "AAAA"})
    assert [e["code"] for e in empty["userErrors"]] == ["EMPTY_PATCH"]
    assert graph.calls("saasu") == {}


def test_saasu_refusals_come_back_on_the_input_fields(graph: Graph) -> None:
    target = PLAIN[44]
    detail = PLAIN[45]
    seen = read(graph, target.id)["lastUpdatedId"]
    graph.reset_calls()
    payload = patch(
        graph,
        {
            "id": gid("LedgerAccount", target.id),
            "lastUpdatedId": seen,
            "headerAccountId": gid("LedgerAccount", detail.id),
            "ledgerCode": PLAIN[46].ledger_code,
        },
    )
    assert payload["account"] is None
    fields = {tuple(e["field"]) for e in payload["userErrors"]}
    assert fields == {("input", "ledger", "headerAccountId"), ("input", "ledger", "ledgerCode")}
    assert all(e["message"] for e in payload["userErrors"])
    assert graph.calls("saasu") == {GET: 1, PUT: 1}
    assert read(graph, target.id)["lastUpdatedId"] == seen


def test_a_missing_account_is_a_user_error(graph: Graph) -> None:
    payload = patch(graph, {"id": gid("LedgerAccount", 1), "lastUpdatedId": "AAAA", "name": "x"})
    assert payload["account"] is None
    assert payload["userErrors"][0]["code"] == "NOT_FOUND"
    assert payload["userErrors"][0]["field"] == ["input", "ledger", "id"]
    assert graph.calls("saasu") == {GET: 1}


def test_saasu_down_during_a_patch_is_an_error_not_a_retry(graph: Graph) -> None:
    target = PLAIN[47]
    seen = read(graph, target.id)["lastUpdatedId"]
    graph.reset_calls()
    graph.switch("saasu", error_rate=1.0, only_endpoints=[PUT])
    try:
        body = graph.execute(
            PATCH,
            {
                "input": {
                    "ledger": {
                        "id": gid("LedgerAccount", target.id),
                        "lastUpdatedId": seen,
                        "name": "Never written",
                    }
                }
            },
        )
    finally:
        graph.reset_switches()
    assert body["data"] is None or body["data"]["updateAccount"] is None
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert graph.calls("saasu") == {GET: 1, PUT: 1}

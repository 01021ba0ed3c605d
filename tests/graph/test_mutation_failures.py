"""Every mutation, with its upstream failing on the write: its own field is null with
UPSTREAM_UNAVAILABLE, the write was sent once (never retried), and another mutation in
the same document still answers."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD, Graph

PREPAID = WORLD.prepaid_ids()[3]
COMPANION_PREPAID = (
    'ok: setRecharge(input: {prepaidAccountId: "'
    + to_base64("PrepaidAccount", WORLD.prepaid_ids()[4])
    + '", enabled: true,'
    " threshold: 10, level: 50}) { account { accountNumber } userErrors { code } }"
)
COMPANION_INVOICING = (
    'ok: updateAccount(input: {invoicing: {id: $org, city: "Lisboa"}})'
    " { account { name } userErrors { code } }"
)


def ids(graph: Graph) -> dict[str, Any]:
    body = graph.execute(
        "{ customerAccount(identity: 1002) { id notes(first: 1) { edges { node { id } } }"
        " contacts { id } } ledgerAccounts(first: 100) { edges { node { id isBuiltIn"
        " lastUpdatedId accountLevel } } } invoicingAccount { id } }"
    )["data"]
    account = body["customerAccount"]
    ledger = next(
        e["node"]
        for e in body["ledgerAccounts"]["edges"]
        if not e["node"]["isBuiltIn"] and e["node"]["accountLevel"] == "DETAIL"
    )
    return {
        "account": account["id"],
        "note": account["notes"]["edges"][0]["node"]["id"],
        "contact": account["contacts"][0]["id"] if account["contacts"] else None,
        "ledger": ledger["id"],
        "lastUpdatedId": ledger["lastUpdatedId"],
        "org": body["invoicingAccount"]["id"],
    }


CASES = [
    (
        "billing",
        "POST /Account/{id}/Note",
        'createNote(input: {customerAccountId: $account, subject: "s", text: "t"}) { __typename }',
    ),
    (
        "billing",
        "PUT /Account/{id}/Note",
        'updateNote(input: {id: $note, subject: "x"}) { __typename }',
    ),
    (
        "billing",
        "DELETE /Account/{id}/Note/{noteId}",
        "deleteNote(input: {id: $note}) { __typename }",
    ),
    (
        "billing",
        "POST /Account/{id}/Contact",
        'createContact(input: {customerAccountId: $account, firstName: "Ana"}) { __typename }',
    ),
    (
        "billing",
        "PATCH /Account/{id}",
        'updateAccount(input: {customer: {id: $account, displayName: "x"}}) { __typename }',
    ),
    (
        "prepaid",
        "AccountEditContact",
        'replacePrepaidContact(input: {prepaidAccountId: "'
        + to_base64("PrepaidAccount", PREPAID)
        + '", name: "N", '
        'organization: "", address: "", city: "Austin", state: "TX", zipcode: "73301", '
        'countryId: 1, phone: "", email: "n@example.com"}) { __typename }',
    ),
    (
        "prepaid",
        "AccountEditRecharge",
        'setRecharge(input: {prepaidAccountId: "'
        + to_base64("PrepaidAccount", PREPAID)
        + '", enabled: true, '
        "threshold: 10, level: 50}) { __typename }",
    ),
    (
        "saasu",
        "PUT /Account/{id}",
        "updateAccount(input: {ledger: {id: $ledger, "
        'lastUpdatedId: $lastUpdatedId, name: "Renamed"}}) { __typename }',
    ),
    (
        "invoicexpress",
        "PUT /api/accounts/{account_id}/update.json",
        'updateAccount(input: {invoicing: {id: $org, city: "Porto"}}) { __typename }',
    ),
]


@pytest.mark.parametrize(("upstream", "write", "mutation"), CASES, ids=[c[2][:14] for c in CASES])
def test_a_failing_write_nulls_only_its_mutation_and_is_sent_once(
    graph: Graph, upstream: str, write: str, mutation: str
) -> None:
    known = ids(graph)
    companion = COMPANION_INVOICING if upstream == "prepaid" else COMPANION_PREPAID
    names = [
        n
        for n in ("account", "note", "ledger", "lastUpdatedId", "org")
        if f"${n}" in mutation + companion
    ]
    declared = ", ".join(f"${n}: {'String' if n == 'lastUpdatedId' else 'ID'}!" for n in names)
    document = (
        f"mutation ({declared}) {{ failing: {mutation} {companion} }}"
        if names
        else (f"mutation {{ failing: {mutation} {companion} }}")
    )
    graph.reset_calls()
    graph.switch(upstream, error_rate=1.0, only_endpoints=[write])
    try:
        body = graph.execute(document, {n: known[n] for n in names})
    finally:
        graph.reset_switches()
    assert body["data"] is not None, body
    assert body["data"]["failing"] is None
    assert body["data"]["ok"]["account"] is not None
    [error] = body["errors"]
    assert error["path"] == ["failing"]
    assert error["extensions"]["code"] in ("UPSTREAM_UNAVAILABLE", "OUTCOME_UNKNOWN")
    assert graph.calls(upstream)[write] == 1

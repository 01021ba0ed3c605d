"""What a patch's fields mean, the same for every update and patch mutation, over HTTP.

A field left out keeps its value; ``null`` clears where the upstream can and
is refused, naming the field, where it cannot; a patch that changes nothing is
refused with one code and message everywhere, before any upstream call.
Each test changes its own records (billing 1970..1979, InvoiceXpress 11002).
"""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD, Graph
from upstreams.saasu.sandbox.chart import seed_accounts

EMPTY = {"message": "Give at least one field to change.", "code": "EMPTY_PATCH"}
ERRORS = "userErrors { field message code }"
LEDGER_ID = next(a.id for a in seed_accounts(WORLD) if a.account_level == "Detail")
INVOICING_ID = 11002
IX_PUT = "PUT /api/accounts/{account_id}/update.json"


def gid(type_name: str, key: object) -> str:
    return to_base64(type_name, str(key))


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def all_calls(graph: Graph) -> dict[str, dict[str, int]]:
    """Calls since the last reset, by upstream, leaving out none."""
    return {name: graph.calls(name) for name in graph.sandboxes if graph.calls(name)}


def run(graph: Graph, mutation: str, input_type: str, selection: str, input_: Any) -> Any:
    query = f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ {selection} }} }}"
    return ok(graph.execute(query, {"input": input_}))[mutation]


def update_account(graph: Graph, which: str, patch: dict[str, Any], fields: str) -> Any:
    selection = f"account {{ ... on {fields} }} {ERRORS}"
    return run(graph, "updateAccount", "UpdateAccountInput", selection, {which: patch})


@pytest.fixture(scope="module")
def records(graph: Graph) -> dict[str, str]:
    """A note and a contact to change, and every upstream signed in already."""
    account = gid("CustomerAccount", 1970)
    note = run(
        graph,
        "createNote",
        "CreateNoteInput",
        f"note {{ id }} {ERRORS}",
        {"customerAccountId": account, "subject": "s", "text": "t", "updatedByUserId": 3},
    )["note"]
    contact = run(
        graph,
        "createContact",
        "CreateContactInput",
        f"contact {{ id }} {ERRORS}",
        {"customerAccountId": account, "firstName": "Ada", "title": "Dr."},
    )["contact"]
    ok(
        graph.execute(
            f"{{ ledgerAccount(accountNumber: {LEDGER_ID}) {{ id }} invoicingAccount {{ id }} }}"
        )
    )
    return {"note": note["id"], "contact": contact["id"]}


def test_an_empty_patch_is_refused_the_same_way_everywhere_before_any_call(
    graph: Graph, records: dict[str, str]
) -> None:
    graph.reset_calls()
    customer = update_account(
        graph, "customer", {"id": gid("CustomerAccount", 1971)}, "CustomerAccount { name }"
    )
    ledger = update_account(
        graph,
        "ledger",
        {"id": gid("LedgerAccount", LEDGER_ID), "lastUpdatedId": "AAAA"},
        "LedgerAccount { name }",
    )
    invoicing = update_account(
        graph,
        "invoicing",
        {"id": gid("InvoicingAccount", INVOICING_ID)},
        "InvoicingAccount { name }",
    )
    note = run(
        graph, "updateNote", "UpdateNoteInput", f"note {{ id }} {ERRORS}", {"id": records["note"]}
    )
    contact = run(
        graph,
        "updateContact",
        "UpdateContactInput",
        f"contact {{ id }} {ERRORS}",
        {"id": records["contact"]},
    )
    refusals = {
        "customer": (customer["account"], customer["userErrors"]),
        "ledger": (ledger["account"], ledger["userErrors"]),
        "invoicing": (invoicing["account"], invoicing["userErrors"]),
        "note": (note["note"], note["userErrors"]),
        "contact": (contact["contact"], contact["userErrors"]),
    }
    paths = {
        "customer": ["input", "customer"],
        "ledger": ["input", "ledger"],
        "invoicing": ["input", "invoicing"],
        "note": ["input"],
        "contact": ["input"],
    }
    assert refusals == {name: (None, [{"field": path, **EMPTY}]) for name, path in paths.items()}
    assert all_calls(graph) == {}


def test_a_note_clears_what_billing_can_clear_and_refuses_null_elsewhere(
    graph: Graph, records: dict[str, str]
) -> None:
    graph.reset_calls()
    refused = run(
        graph,
        "updateNote",
        "UpdateNoteInput",
        f"note {{ id }} {ERRORS}",
        {"id": records["note"], "subject": None, "isImportant": None},
    )
    assert refused["note"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "subject"], "NOT_CLEARABLE"),
        (["input", "isImportant"], "NOT_CLEARABLE"),
    ]
    assert "'subject' cannot be cleared" in refused["userErrors"][0]["message"]
    assert all_calls(graph) == {}
    cleared = run(
        graph,
        "updateNote",
        "UpdateNoteInput",
        f"note {{ updatedByUserId subject }} {ERRORS}",
        {"id": records["note"], "updatedByUserId": None},
    )
    assert cleared == {"note": {"updatedByUserId": None, "subject": "s"}, "userErrors": []}


def test_a_contact_title_null_clears_it(graph: Graph, records: dict[str, str]) -> None:
    cleared = run(
        graph,
        "updateContact",
        "UpdateContactInput",
        f"contact {{ title firstName }} {ERRORS}",
        {"id": records["contact"], "title": None},
    )
    assert cleared == {"contact": {"title": None, "firstName": "Ada"}, "userErrors": []}
    read = ok(
        graph.execute(
            "query($id: ID!) { node(id: $id) { ... on Contact { title } } }",
            {"id": records["contact"]},
        )
    )
    assert read == {"node": {"title": None}}


def test_invoicing_null_clears_the_phone_and_is_refused_for_the_email(
    graph: Graph, records: dict[str, str]
) -> None:
    target = gid("InvoicingAccount", INVOICING_ID)
    graph.reset_calls()
    refused = update_account(
        graph, "invoicing", {"id": target, "email": None}, "InvoicingAccount { email }"
    )
    assert refused["account"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "invoicing", "email"], "NOT_CLEARABLE")
    ]
    assert all_calls(graph) == {}
    cleared = update_account(
        graph, "invoicing", {"id": target, "phone": None}, "InvoicingAccount { phone email }"
    )
    assert cleared["userErrors"] == []
    assert cleared["account"]["phone"] is None and cleared["account"]["email"]
    read = ok(
        graph.execute(
            "query($id: ID!) { node(id: $id) { ... on InvoicingAccount { phone } } }",
            {"id": target},
        )
    )
    assert read == {"node": {"phone": None}}


def test_the_invoicing_account_password_is_settable_and_never_shown(
    graph: Graph, records: dict[str, str]
) -> None:
    target = gid("InvoicingAccount", INVOICING_ID)
    graph.reset_calls()
    empty = update_account(
        graph, "invoicing", {"id": target, "password": ""}, "InvoicingAccount { name }"
    )
    assert [(e["field"], e["code"]) for e in empty["userErrors"]] == [
        (["input", "invoicing", "password"], "INVALID")
    ]
    assert all_calls(graph) == {}
    body = graph.execute(
        "mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { "
        "account { id } userErrors { field message code } } }",
        {"input": {"invoicing": {"id": target, "password": "a new secret 1"}}},
    )
    assert ok(body)["updateAccount"] == {"account": {"id": target}, "userErrors": []}
    assert "a new secret 1" not in str(body)
    assert graph.calls("invoicexpress") == {IX_PUT: 1}


PATCH_INPUTS = (
    "CustomerAccountPatch",
    "CustomerAccountPatchItem",
    "ReplaceCustomerAccountInput",
    "LedgerAccountPatch",
    "InvoicingAccountPatch",
    "UpdateNoteInput",
    "UpdateContactInput",
)
ADDRESSING = {"id", "lastUpdatedId", "customerAccountId", "patchType", "patchClientId"}


@pytest.mark.parametrize("type_name", PATCH_INPUTS)
def test_every_patch_field_says_what_null_does(graph: Graph, type_name: str) -> None:
    body = graph.execute(
        "query($n: String!) { __type(name: $n) { inputFields { name description } } }",
        {"n": type_name},
    )
    fields = ok(body)["__type"]["inputFields"]
    unsaid = [
        f["name"]
        for f in fields
        if f["name"] not in ADDRESSING
        and not f["description"].endswith(" Cannot be null.")
        and " Null " not in f["description"]
    ]
    assert unsaid == []

"""Billing writes over HTTP: notes, contacts and updateAccount, end to end.

Each test changes its own account (1990..1994), which no other test here reads.
"""

from __future__ import annotations

from typing import Any

from strawberry import relay

from tests.graph.conftest import Graph
from tests.resolvers.billing.test_schema import billing_calls, data, gid

NOTE_FIELDS = (
    "id identity subject text noteTypeId noteTypeName isImportant customerAccount { identity }"
)
CONTACT_FIELDS = (
    "id identity title firstName lastName name contactTypeId customerAccount { identity }"
)
ERRORS = "userErrors { field message code }"


def run(graph: Graph, mutation: str, payload: str, input_: dict[str, Any]) -> dict[str, Any]:
    query = f"mutation($input: {payload}) {{ {mutation}(input: $input) {{ ...P }} }}"
    result: dict[str, Any] = data(graph.execute(query + FRAGMENTS[mutation], {"input": input_}))
    return dict(result[mutation])


FRAGMENTS = {
    "createNote": f" fragment P on CreateNotePayload {{ note {{ {NOTE_FIELDS} }} {ERRORS} }}",
    "updateNote": f" fragment P on UpdateNotePayload {{ note {{ {NOTE_FIELDS} }} {ERRORS} }}",
    "deleteNote": f" fragment P on DeleteNotePayload {{ deletedIds {ERRORS} }}",
    "createContact": f" fragment P on CreateContactPayload {{ contact {{ {CONTACT_FIELDS} }}"
    f" {ERRORS} }}",
    "updateContact": f" fragment P on UpdateContactPayload {{ contact {{ {CONTACT_FIELDS} }}"
    f" {ERRORS} }}",
    "deleteContact": f" fragment P on DeleteContactPayload {{ deletedIds {ERRORS} }}",
}


def test_note_create_update_delete(graph: Graph) -> None:
    account = gid("CustomerAccount", 1990)
    graph.reset_calls()
    created = run(
        graph,
        "createNote",
        "CreateNoteInput!",
        {
            "customerAccountId": account,
            "subject": "Called",
            "text": "About the invoice",
            "noteTypeId": 2,
        },
    )
    assert created["userErrors"] == []
    note = created["note"]
    assert note["subject"] == "Called" and note["noteTypeName"] == "Billing"
    assert note["customerAccount"] == {"identity": 1990}
    assert note["id"] == gid("Note", f"1990:{note['identity']}")
    assert billing_calls(graph) == {"POST /Account/{id}/Note": 1, "GET /Account/{id}": 1}

    updated = run(
        graph,
        "updateNote",
        "UpdateNoteInput!",
        {"id": note["id"], "subject": "Called back", "isImportant": True},
    )
    assert updated["userErrors"] == []
    assert updated["note"]["subject"] == "Called back"
    assert updated["note"]["text"] == "About the invoice"
    assert updated["note"]["isImportant"] is True

    read = data(
        graph.execute(
            "query($id: ID!) { node(id: $id) { ... on Note { subject } } }", {"id": note["id"]}
        )
    )
    assert read["node"] == {"subject": "Called back"}

    deleted = run(graph, "deleteNote", "DeleteNoteInput!", {"id": note["id"]})
    assert deleted == {"deletedIds": [note["id"]], "userErrors": []}
    gone = graph.execute("query($id: ID!) { node(id: $id) { id } }", {"id": note["id"]})
    assert gone["data"] == {"node": None}

    again = run(graph, "deleteNote", "DeleteNoteInput!", {"id": note["id"]})
    assert again["deletedIds"] == []
    assert again["userErrors"][0]["code"] == "NOT_FOUND"


def test_note_input_out_of_range_costs_no_call(graph: Graph) -> None:
    graph.reset_calls()
    refused = run(
        graph,
        "createNote",
        "CreateNoteInput!",
        {"customerAccountId": gid("CustomerAccount", 1990), "subject": "x" * 256, "text": " "},
    )
    assert refused["note"] is None
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == {
        (("input", "subject"), "TOO_LONG"),
        (("input", "text"), "REQUIRED"),
    }
    wrong_id = run(
        graph,
        "updateNote",
        "UpdateNoteInput!",
        {"id": gid("Contact", "1990:1"), "subject": "ok"},
    )
    assert wrong_id["userErrors"] == [
        {"field": ["input", "id"], "message": "Not the global id of a Note", "code": "INVALID"}
    ]
    assert billing_calls(graph) == {}


def test_a_note_on_a_missing_account_is_a_user_error(graph: Graph) -> None:
    refused = run(
        graph,
        "createNote",
        "CreateNoteInput!",
        {"customerAccountId": gid("CustomerAccount", 999999), "subject": "s", "text": "t"},
    )
    assert refused["note"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "customerAccountId"], "NOT_FOUND")
    ]


def test_note_refused_by_billing_maps_its_field(graph: Graph) -> None:
    refused = run(
        graph,
        "createNote",
        "CreateNoteInput!",
        {
            "customerAccountId": gid("CustomerAccount", 1990),
            "subject": "s",
            "text": "t",
            "noteTypeId": 99,
        },
    )
    assert refused["note"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "noteTypeId"], "NOT_FOUND")
    ]


def test_contact_create_update_delete(graph: Graph) -> None:
    account = gid("CustomerAccount", 1991)
    created = run(
        graph,
        "createContact",
        "CreateContactInput!",
        {
            "customerAccountId": account,
            "firstName": "Ada",
            "lastName": "Lovelace",
            "contactTypeId": 3,
        },
    )
    assert created["userErrors"] == []
    contact = created["contact"]
    assert contact["firstName"] == "Ada" and contact["contactTypeId"] == 3
    assert contact["id"] == gid("Contact", f"1991:{contact['identity']}")

    listed = data(graph.execute("{ customerAccount(identity: 1991) { contacts { id } } }"))
    assert contact["id"] in [c["id"] for c in listed["customerAccount"]["contacts"]]

    updated = run(
        graph, "updateContact", "UpdateContactInput!", {"id": contact["id"], "title": "Dr."}
    )
    assert updated["userErrors"] == []
    assert updated["contact"]["title"] == "Dr."
    assert updated["contact"]["lastName"] == "Lovelace"

    deleted = run(graph, "deleteContact", "DeleteContactInput!", {"id": contact["id"]})
    assert deleted == {"deletedIds": [contact["id"]], "userErrors": []}
    after = data(graph.execute("{ customerAccount(identity: 1991) { contacts { id } } }"))
    assert contact["id"] not in [c["id"] for c in after["customerAccount"]["contacts"]]


def test_contact_input_out_of_range_costs_no_call(graph: Graph) -> None:
    graph.reset_calls()
    refused = run(
        graph,
        "createContact",
        "CreateContactInput!",
        {"customerAccountId": gid("CustomerAccount", 1991), "title": "T" * 21},
    )
    assert refused["contact"] is None
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == {
        (("input", "title"), "TOO_LONG"),
        (("input", "firstName"), "REQUIRED"),
    }
    bad_account = run(
        graph,
        "createContact",
        "CreateContactInput!",
        {"customerAccountId": "not-an-id", "firstName": "A"},
    )
    assert [e["field"] for e in bad_account["userErrors"]] == [["input", "customerAccountId"]]
    assert billing_calls(graph) == {}


def test_contact_refused_by_billing_maps_its_field(graph: Graph) -> None:
    refused = run(
        graph,
        "createContact",
        "CreateContactInput!",
        {"customerAccountId": gid("CustomerAccount", 1991), "firstName": "A", "contactTypeId": 77},
    )
    assert refused["contact"] is None
    assert [e["field"] for e in refused["userErrors"]] == [["input", "contactTypeId"]]


PATCH = """mutation($input: UpdateAccountInput!) { updateAccount(input: $input) {
    account { id source name ... on CustomerAccount { displayName billDay vatNumber lifeline
        invoicerAccountId invoicerAccount { identity } } }
    userErrors { field message code } } }"""


def test_update_account_customer(graph: Graph) -> None:
    account_id = gid("CustomerAccount", 1992)
    graph.reset_calls()
    body = graph.execute(
        PATCH,
        {
            "input": {
                "customer": {
                    "id": account_id,
                    "displayName": "Patched display",
                    "vatNumber": "VAT-1992",
                    "lifeline": True,
                    "invoicerAccountId": gid("CustomerAccount", 1992),
                }
            }
        },
    )
    payload = data(body)["updateAccount"]
    assert payload["userErrors"] == []
    account = payload["account"]
    assert account["id"] == account_id and account["source"] == "BILLING"
    assert account["displayName"] == "Patched display"
    assert account["vatNumber"] == "VAT-1992"
    assert account["lifeline"] is True
    assert account["invoicerAccount"] == {"identity": 1992}
    calls = billing_calls(graph)
    assert calls.pop("PATCH /Account/{id}") == 1
    assert calls in ({}, {"GET /Account/{id}": 1})
    read = data(graph.execute("{ customerAccount(identity: 1992) { displayName vatNumber } }"))
    assert read["customerAccount"] == {"displayName": "Patched display", "vatNumber": "VAT-1992"}


def test_update_account_out_of_range_costs_no_call(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        PATCH,
        {
            "input": {
                "customer": {
                    "id": gid("CustomerAccount", 1993),
                    "billDay": 29,
                    "usageBillDay": 0,
                    "taxSettingAccountId": str(relay.GlobalID("Note", "1:2")),
                }
            }
        },
    )
    payload = data(body)["updateAccount"]
    assert payload["account"] is None
    assert {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]} == {
        (("input", "customer", "billDay"), "OUT_OF_RANGE"),
        (("input", "customer", "usageBillDay"), "OUT_OF_RANGE"),
        (("input", "customer", "taxSettingAccountId"), "INVALID"),
    }
    assert billing_calls(graph) == {}


def test_update_account_refused_by_billing(graph: Graph) -> None:
    body = graph.execute(
        PATCH,
        {
            "input": {
                "customer": {
                    "id": gid("CustomerAccount", 1994),
                    "invoicerAccountId": gid("CustomerAccount", 999999),
                }
            }
        },
    )
    payload = data(body)["updateAccount"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "customer", "invoicerAccountId"], "NOT_FOUND")
    ]

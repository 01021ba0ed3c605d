"""Billing account writes over HTTP: create, replace, delete, many-item PATCH, and null.

Each payload is compared, field by field, with a fresh read of the same
account in a new request. Each test changes its own accounts (1950..1969, or
ones it creates), which no other test here reads.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import from_base64

from tests.graph.conftest import Graph
from tests.resolvers.billing.test_schema import billing_calls, data, gid

ERRORS = "userErrors { field message code }"
LEAVES = ("SCALAR", "ENUM")


def scalar_fields(graph: Graph, type_name: str) -> str:
    """Every field of ``type_name`` that takes no argument and is a scalar or an enum."""
    body = graph.execute(
        "query($n: String!) { __type(name: $n) { fields { name args { name } "
        "type { kind ofType { kind } } } } }",
        {"n": type_name},
    )
    fields = data(body)["__type"]["fields"]
    return " ".join(
        f["name"]
        for f in fields
        if not f["args"]
        and (
            f["type"]["kind"] in LEAVES
            or (f["type"]["kind"] == "NON_NULL" and f["type"]["ofType"]["kind"] in LEAVES)
        )
    )


def read_account(graph: Graph, identity: int, fields: str) -> dict[str, Any] | None:
    """The account as a fresh request reads it."""
    body = graph.execute(
        f"query($i: Int!) {{ customerAccount(identity: $i) {{ {fields} }} }}", {"i": identity}
    )
    result: dict[str, Any] | None = body["data"]["customerAccount"]
    return result


def mutate(
    graph: Graph, name: str, input_type: str, selection: str, input_: dict[str, Any]
) -> dict[str, Any]:
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}"
    result: dict[str, Any] = data(graph.execute(query, {"input": input_}))[name]
    return result


def create(graph: Graph, fields: str, input_: dict[str, Any]) -> dict[str, Any]:
    return mutate(
        graph,
        "createCustomerAccount",
        "CreateCustomerAccountInput",
        f"account {{ {fields} }} {ERRORS}",
        input_,
    )


def update_account(graph: Graph, customer: dict[str, Any], fields: str) -> dict[str, Any]:
    query = (
        "mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { "
        f"account {{ ... on CustomerAccount {{ {fields} }} }} {ERRORS} }} }}"
    )
    result: dict[str, Any] = data(graph.execute(query, {"input": {"customer": customer}}))
    return dict(result["updateAccount"])


def test_create_answers_what_a_fresh_read_shows(graph: Graph) -> None:
    fields = scalar_fields(graph, "CustomerAccount")
    graph.reset_calls()
    created = create(
        graph,
        fields,
        {
            "name": "Harbour Light Ltd.",
            "displayName": "Harbour Light",
            "billDay": 12,
            "currencyId": 2,
            "isReadOnlyBillDay": True,
            "createdByUserId": 2,
            "invoicerAccountId": gid("CustomerAccount", 1950),
        },
    )
    assert created["userErrors"] == []
    account = created["account"]
    assert billing_calls(graph) == {"POST /Account/": 1}
    assert account["name"] == "Harbour Light Ltd." and account["billDay"] == 12
    assert account["isReadOnlyBillDay"] is True
    assert account["invoicerAccountId"] == gid("CustomerAccount", 1950)
    assert read_account(graph, account["identity"], fields) == account


def test_create_needs_a_name_and_refuses_null_where_billing_cannot_clear(graph: Graph) -> None:
    graph.reset_calls()
    refused = create(graph, "identity", {"displayName": "No name", "billDay": None})
    assert refused["account"] is None
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == {
        (("input", "name"), "REQUIRED"),
        (("input", "billDay"), "NOT_CLEARABLE"),
    }
    assert billing_calls(graph) == {}


def test_replace_clears_what_it_leaves_out_and_answers_a_fresh_read(graph: Graph) -> None:
    fields = scalar_fields(graph, "CustomerAccount")
    target = gid("CustomerAccount", 1951)
    patched = update_account(
        graph,
        {"id": target, "displayName": "Before", "vatNumber": "VAT-1", "pendingBillDay": 4},
        "displayName",
    )
    assert patched["userErrors"] == []
    before = read_account(graph, 1951, fields)
    assert before is not None
    kept = {
        "name": "Replaced Ltd.",
        "currencyId": before["currencyId"],
        "accountStatusTypeId": before["accountStatusTypeId"],
        "billGroupId": before["billGroupId"],
        "invoiceDeliveryId": before["invoiceDeliveryId"],
        "accountsReceivableTermsId": before["accountsReceivableTermsId"],
        "accountTypeId": before["accountTypeId"],
        "billDay": 3,
        "usageBillDay": 4,
        "lifeline": False,
        "zeroInclusiveTaxWhenExempt": False,
    }
    graph.reset_calls()
    replaced = mutate(
        graph,
        "replaceCustomerAccount",
        "ReplaceCustomerAccountInput",
        f"account {{ {fields} }} {ERRORS}",
        {"id": target, **kept},
    )
    assert replaced["userErrors"] == []
    assert billing_calls(graph) == {"PUT /Account/{id}": 1}
    account = replaced["account"]
    assert (account["name"], account["billDay"]) == ("Replaced Ltd.", 3)
    assert (account["displayName"], account["vatNumber"], account["pendingBillDay"]) == (
        None,
        None,
        None,
    )
    assert account["invoicerAccountId"] == gid(
        "CustomerAccount", 1951
    )  # left out: the account invoices itself
    assert read_account(graph, 1951, fields) == account


def test_replace_requires_what_billing_cannot_clear_before_any_call(graph: Graph) -> None:
    graph.reset_calls()
    refused = mutate(
        graph,
        "replaceCustomerAccount",
        "ReplaceCustomerAccountInput",
        f"account {{ identity }} {ERRORS}",
        {"id": gid("CustomerAccount", 1952), "name": "Only a name"},
    )
    assert refused["account"] is None
    assert {tuple(e["field"]) for e in refused["userErrors"]} == {
        ("input", name)
        for name in (
            "currencyId",
            "accountStatusTypeId",
            "billGroupId",
            "invoiceDeliveryId",
            "accountsReceivableTermsId",
            "accountTypeId",
            "billDay",
            "usageBillDay",
            "lifeline",
            "zeroInclusiveTaxWhenExempt",
        )
    }
    assert {e["code"] for e in refused["userErrors"]} == {"REQUIRED"}
    assert billing_calls(graph) == {}


def test_delete_takes_the_contacts_and_notes_and_the_account_reads_as_gone(graph: Graph) -> None:
    created = create(graph, "id identity", {"name": "Short-lived Ltd."})["account"]
    note = mutate(
        graph,
        "createNote",
        "CreateNoteInput",
        f"note {{ id }} {ERRORS}",
        {"customerAccountId": created["id"], "subject": "s", "text": "t"},
    )["note"]
    graph.reset_calls()
    deleted = mutate(
        graph,
        "deleteCustomerAccount",
        "DeleteCustomerAccountInput",
        f"deletedIds {ERRORS}",
        {"id": created["id"]},
    )
    assert deleted == {"deletedIds": [created["id"], note["id"]], "userErrors": []}
    assert billing_calls(graph) == {"DELETE /Account/{id}": 1}
    gone = graph.execute("query($id: ID!) { node(id: $id) { id } }", {"id": created["id"]})
    assert gone["data"] == {"node": None}
    again = mutate(
        graph,
        "deleteCustomerAccount",
        "DeleteCustomerAccountInput",
        f"deletedIds {ERRORS}",
        {"id": created["id"]},
    )
    assert again["deletedIds"] == []
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [
        (["input", "id"], "NOT_FOUND")
    ]


def test_an_invoicer_of_others_is_not_deleted(graph: Graph) -> None:
    child = read_account(graph, 1953, "invoicerAccountId")
    assert child is not None
    invoicer = int(from_base64(child["invoicerAccountId"])[1])
    if invoicer == 1953:  # it invoices itself: point it at 1954 first
        update_account(
            graph,
            {"id": gid("CustomerAccount", 1953), "invoicerAccountId": gid("CustomerAccount", 1954)},
            "identity",
        )
        invoicer = 1954
    refused = mutate(
        graph,
        "deleteCustomerAccount",
        "DeleteCustomerAccountInput",
        f"deletedIds {ERRORS}",
        {"id": gid("CustomerAccount", invoicer)},
    )
    assert refused["deletedIds"] == []
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID"]
    assert read_account(graph, invoicer, "identity") == {"identity": invoicer}


PATCH_MANY = (
    "outcomes { action dtoTypeKey identity recordId patchClientId account { %s } } " + ERRORS
)


def test_patch_many_reports_each_item_and_each_account_equals_a_fresh_read(graph: Graph) -> None:
    fields = scalar_fields(graph, "CustomerAccount")
    doomed = create(graph, "id identity", {"name": "Doomed Ltd."})["account"]
    graph.reset_calls()
    patched = mutate(
        graph,
        "patchCustomerAccounts",
        "PatchCustomerAccountsInput",
        PATCH_MANY % fields,
        {
            "id": gid("CustomerAccount", 1955),
            "items": [
                {"patchType": "CREATE", "patchClientId": 7, "name": "Born in a patch"},
                {"patchType": "UPDATE", "displayName": "Anchor changed", "effectiveCancel": None},
                {
                    "patchType": "UPDATE",
                    "customerAccountId": gid("CustomerAccount", 1956),
                    "patchClientId": 8,
                    "billDay": 20,
                },
                {"patchType": "DELETE", "customerAccountId": doomed["id"], "patchClientId": 9},
            ],
        },
    )
    assert patched["userErrors"] == []
    assert billing_calls(graph) == {"PATCH /Account/{id}": 1}
    outcomes = patched["outcomes"]
    assert [(o["action"], o["dtoTypeKey"], o["patchClientId"]) for o in outcomes] == [
        ("created", "account", 7),
        ("updated", "account", None),
        ("updated", "account", 8),
        ("deleted", "account", 9),
    ]
    born, anchor, other, deleted = outcomes
    assert born["account"]["name"] == "Born in a patch"
    assert born["recordId"] == gid("CustomerAccount", born["identity"])
    assert anchor["account"]["displayName"] == "Anchor changed"
    assert other["account"]["billDay"] == 20
    assert deleted["account"] is None and deleted["recordId"] == doomed["id"]
    for outcome in (born, anchor, other):
        assert read_account(graph, outcome["identity"], fields) == outcome["account"]
    assert read_account(graph, doomed["identity"], "identity") is None


def test_patch_many_refuses_bad_items_before_any_call(graph: Graph) -> None:
    graph.reset_calls()
    refused = mutate(
        graph,
        "patchCustomerAccounts",
        "PatchCustomerAccountsInput",
        PATCH_MANY % "identity",
        {
            "id": gid("CustomerAccount", 1957),
            "items": [
                {"patchType": "UPDATE"},
                {"patchType": "UPDATE", "billDay": 29},
                {"patchType": "DELETE"},
                {"patchType": "CREATE", "displayName": "no name"},
            ],
        },
    )
    assert refused["outcomes"] == []
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == {
        (("input", "items", "0"), "EMPTY_PATCH"),
        (("input", "items", "1", "billDay"), "OUT_OF_RANGE"),
        (("input", "items", "2", "customerAccountId"), "REQUIRED"),
        (("input", "items", "3", "name"), "REQUIRED"),
    }
    assert billing_calls(graph) == {}


def test_patch_many_takes_at_most_a_hundred_items_and_refuses_more_before_any_call(
    graph: Graph,
) -> None:
    graph.reset_calls()
    items = [{"patchType": "UPDATE", "displayName": f"Name {n}"} for n in range(101)]
    refused = mutate(
        graph,
        "patchCustomerAccounts",
        "PatchCustomerAccountsInput",
        PATCH_MANY % "identity",
        {"id": gid("CustomerAccount", 1957), "items": items},
    )
    assert refused["outcomes"] == []
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "items"], "OUT_OF_RANGE")
    ]
    assert billing_calls(graph) == {}


def test_patch_many_places_billings_refusal_at_its_item_and_changes_nothing(graph: Graph) -> None:
    before = read_account(graph, 1958, "displayName")
    refused = mutate(
        graph,
        "patchCustomerAccounts",
        "PatchCustomerAccountsInput",
        PATCH_MANY % "identity",
        {
            "id": gid("CustomerAccount", 1958),
            "items": [
                {"patchType": "UPDATE", "displayName": "Would change"},
                {
                    "patchType": "UPDATE",
                    "customerAccountId": gid("CustomerAccount", 1959),
                    "currencyId": 99,
                },
            ],
        },
    )
    assert refused["outcomes"] == []
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "items", "1", "currencyId"], "NOT_FOUND")
    ]
    assert read_account(graph, 1958, "displayName") == before


def test_update_account_null_clears_a_cancellation_date(graph: Graph) -> None:
    target = gid("CustomerAccount", 1960)
    when = "2031-05-01T00:00:00+00:00"
    set_first = update_account(graph, {"id": target, "effectiveCancel": when}, "effectiveCancel")
    assert set_first["userErrors"] == []
    assert set_first["account"]["effectiveCancel"] is not None
    cleared = update_account(graph, {"id": target, "effectiveCancel": None}, "effectiveCancel")
    assert cleared == {"account": {"effectiveCancel": None}, "userErrors": []}
    assert read_account(graph, 1960, "effectiveCancel") == {"effectiveCancel": None}


def test_update_account_sets_the_read_only_bill_day_flags(graph: Graph) -> None:
    target = gid("CustomerAccount", 1961)
    flags = {"isReadOnlyBillDay": True, "isReadOnlyUsageBillDay": True}
    patched = update_account(
        graph, {"id": target, **flags}, "isReadOnlyBillDay isReadOnlyUsageBillDay"
    )
    assert patched == {"account": flags, "userErrors": []}
    assert read_account(graph, 1961, "isReadOnlyBillDay isReadOnlyUsageBillDay") == flags


def test_update_account_refuses_null_where_billing_cannot_clear_before_any_call(
    graph: Graph,
) -> None:
    graph.reset_calls()
    refused = update_account(
        graph,
        {"id": gid("CustomerAccount", 1962), "billDay": None, "name": None, "lifeline": None},
        "identity",
    )
    assert refused["account"] is None
    assert refused["userErrors"] == [
        {
            "field": ["input", "customer", name],
            "message": f"'{name}' cannot be cleared: give a value or leave it out.",
            "code": "NOT_CLEARABLE",
        }
        for name in ("name", "billDay", "lifeline")
    ]
    assert billing_calls(graph) == {}

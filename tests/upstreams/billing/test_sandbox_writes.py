"""The billing sandbox's creates, updates and deletes, and their validation, over real HTTP."""

from __future__ import annotations

import pytest

from tests.conftest import Serve
from tests.upstreams.billing.sandbox_support import (
    ACCOUNT_KEYS,
    CONTACT_KEYS,
    DELETE_ENTRY_KEYS,
    NOTE_KEYS,
    SMALL,
    Json,
    Sandbox,
    all_details,
    errors,
    fields_of,
    ok,
    open_sandbox,
)


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return open_sandbox(serve)


def _by_id(sandbox: Sandbox) -> dict[int, Json]:
    return {item["identity"]: item for item in all_details(sandbox)}


def _parents(items: dict[int, Json]) -> list[int]:
    return sorted(
        {i["invoicerAccountId"] for i in items.values() if i["invoicerAccountId"] != i["identity"]}
    )


def _child_of(items: dict[int, Json], parent: int) -> Json:
    """An account the parent invoices, other than the parent itself."""
    return next(
        i for i in items.values() if i["invoicerAccountId"] == parent and i["identity"] != parent
    )


def _total(sandbox: Sandbox) -> int:
    count: int = ok(sandbox.api.get("Account/"))["totalCount"]
    return count


def _name_of(items: dict[int, Json], key: str, value: int) -> str:
    """The ``...Name`` a seeded account shows beside ``key`` = ``value``."""
    name_key = key.removesuffix("Id") + "Name"
    return str(next(i[name_key] for i in items.values() if i[key] == value))


def _written(response_body: Json, kind: str) -> Json:
    assert response_body["type"] == kind
    assert response_body["results"]["totalCount"] == 1
    [item] = response_body["results"]["items"]
    record: Json = item
    return record


def test_a_created_account_is_read_back_with_defaults_and_looked_up_names(
    sandbox: Sandbox,
) -> None:
    items = _by_id(sandbox)
    parent = _parents(items)[0]
    body = {
        "name": "Lakeside Bakery Ltd.",
        "displayName": "Lakeside Bakery",
        "currencyId": "2",
        "billDay": 15,
        "invoicerAccountId": parent,
        "externalAccountIdentifier": "EXT-1",
        "ownerId": 3,
        "identity": 5,
    }
    created = _written(ok(sandbox.api.post("Account/", json=body)), "create")
    assert set(created) == ACCOUNT_KEYS
    assert created["identity"] > max(items)
    assert created["currencyId"] == 2
    assert created["currencyName"] == _name_of(items, "currencyId", 2)
    assert created["billDay"] == 15
    assert created["usageBillDay"] == 15
    assert created["invoicerAccountName"] == items[parent]["name"]
    assert created["usageInvoicerAccountId"] == created["identity"]
    assert created["taxSettingAccountId"] == created["identity"]
    assert created["isReadOnlyBillDay"] is True
    assert created["isReadOnlyUsageBillDay"] is False
    assert created["ownerId"] != 3
    assert ok(sandbox.api.get(f"Account/{created['identity']}"))["instance"] == created
    detail = ok(sandbox.api.get(f"Account/{created['identity']}/Detail"))["instance"]["details"]
    assert detail["parent"]["parentAccountId"] == parent
    assert detail["contacts"] == []
    again = _written(ok(sandbox.api.post("Account", json={"name": "Second"})), "create")
    assert again["identity"] == created["identity"] + 1
    assert _total(sandbox) == SMALL.billing_accounts + 2
    calls = sandbox.calls()
    assert calls["POST /Account/"] == 2


def test_account_validation_reports_every_problem_at_once(sandbox: Sandbox) -> None:
    body = {
        "name": "x" * 256,
        "displayName": 7,
        "billDay": 0,
        "usageBillDay": 29,
        "pendingBillDay": "40",
        "currencyId": 99,
        "accountStatusTypeId": 99,
        "accountTypeId": 99,
        "billGroupId": 99,
        "invoiceDeliveryId": 99,
        "accountsReceivableTermsId": 99,
        "accountTaxCategoryId": 99,
        "taxCodeId": 99,
        "defaultPaymentGatewayId": 99,
        "createdByUserId": 99,
        "invoicerAccountId": 5,
        "usageInvoicerAccountId": "My Usage Invoicer Account",
        "lifeline": "yes",
        "effectiveCancel": "tomorrow",
    }
    problems = errors(sandbox.api.post("Account/", json=body))
    assert fields_of(problems) == {
        "name": "TooLong",
        "displayName": "InvalidValue",
        "billDay": "OutOfRange",
        "usageBillDay": "OutOfRange",
        "pendingBillDay": "OutOfRange",
        "currencyId": "InvalidReference",
        "accountStatusTypeId": "InvalidReference",
        "accountTypeId": "InvalidReference",
        "billGroupId": "InvalidReference",
        "invoiceDeliveryId": "InvalidReference",
        "accountsReceivableTermsId": "InvalidReference",
        "accountTaxCategoryId": "InvalidReference",
        "taxCodeId": "InvalidReference",
        "defaultPaymentGatewayId": "InvalidReference",
        "createdByUserId": "InvalidReference",
        "invoicerAccountId": "InvalidReference",
        "usageInvoicerAccountId": "InvalidValue",
        "lifeline": "InvalidValue",
        "effectiveCancel": "InvalidValue",
    }
    assert len(problems) == len(fields_of(problems))
    assert fields_of(errors(sandbox.api.post("Account/", json={"billDay": 3}))) == {
        "name": "Required"
    }
    assert fields_of(errors(sandbox.api.post("Account/", json={"name": "  "}))) == {
        "name": "Required"
    }
    assert (
        fields_of(errors(sandbox.api.post("Account/", json={"name": "a", "currencyId": None})))[
            "currencyId"
        ]
        == "Required"
    )
    not_json = sandbox.api.post("Account/", content=b"name=x")
    assert errors(not_json) == [("InvalidValue", "The request body must be a JSON object.")]
    assert _total(sandbox) == SMALL.billing_accounts


def test_put_changes_only_what_it_carries_and_names_follow_ids(sandbox: Sandbox) -> None:
    items = _by_id(sandbox)
    first_parent, second_parent = _parents(items)[:2]
    child = _child_of(items, first_parent)
    identity = child["identity"]
    other_currency = next(c for c in (1, 2, 3, 4, 5) if c != child["currencyId"])
    change = {"currencyId": other_currency, "invoicerAccountId": second_parent, "billDay": 9}
    updated = _written(ok(sandbox.api.put(f"Account/{identity}", json=change)), "update")
    after = ok(sandbox.api.get(f"Account/{identity}/Detail"))["instance"]
    assert {k: v for k, v in after.items() if k != "details"} == updated
    assert updated["currencyName"] == _name_of(items, "currencyId", other_currency)
    assert updated["invoicerAccountName"] == items[second_parent]["name"]
    assert updated["billDay"] == 9
    assert updated["updated"] > child["updated"]
    assert after["details"]["parent"]["parentAccountId"] == second_parent
    assert after["details"]["parent"]["updated"] > child["details"]["parent"]["updated"]
    unchanged = ACCOUNT_KEYS - {
        "currencyId", "currencyName", "invoicerAccountId", "invoicerAccountName", "billDay",
        "updated",
    }  # fmt: skip
    assert {k: updated[k] for k in unchanged} == {k: child[k] for k in unchanged}

    ok(sandbox.api.put(f"Account/{second_parent}", json={"name": "Renamed Holdings"}))
    renamed = ok(sandbox.api.get(f"Account/{identity}/Detail"))["instance"]
    assert renamed["invoicerAccountName"] == "Renamed Holdings"
    assert renamed["details"]["parent"]["parentAccountName"] == "Renamed Holdings"

    alone = _written(
        ok(sandbox.api.put(f"Account/{identity}", json={"invoicerAccountId": None})), "update"
    )
    assert alone["invoicerAccountId"] == identity
    assert alone["isReadOnlyBillDay"] is False
    parent = ok(sandbox.api.get(f"Account/{identity}/Detail"))["instance"]["details"]["parent"]
    assert parent["parentAccountId"] is None
    assert parent["topAccountId"] == identity
    assert sandbox.calls()["PUT /Account/{id}"] == 3


def test_read_only_bill_day_flags_are_written_and_null_returns_them_to_the_links(
    sandbox: Sandbox,
) -> None:
    items = _by_id(sandbox)
    child = _child_of(items, _parents(items)[0])
    identity = child["identity"]
    assert child["isReadOnlyBillDay"] is True
    flags = {"isReadOnlyBillDay": False, "isReadOnlyUsageBillDay": True}
    written = _written(ok(sandbox.api.put(f"Account/{identity}", json=flags)), "update")
    assert {k: written[k] for k in flags} == flags
    assert ok(sandbox.api.get(f"Account/{identity}"))["instance"] == written
    nulls = {"isReadOnlyBillDay": None, "isReadOnlyUsageBillDay": None}
    back = _written(ok(sandbox.api.put(f"Account/{identity}", json=nulls)), "update")
    assert back["isReadOnlyBillDay"] is True
    assert back["isReadOnlyUsageBillDay"] is (child["usageInvoicerAccountId"] != identity)
    refused = errors(sandbox.api.put(f"Account/{identity}", json={"isReadOnlyBillDay": "yes"}))
    assert fields_of(refused) == {"isReadOnlyBillDay": "InvalidValue"}


def test_null_clears_what_an_account_can_be_without_and_is_refused_elsewhere(
    sandbox: Sandbox,
) -> None:
    items = _by_id(sandbox)
    identity = max(items)
    set_first = {"effectiveCancel": "2031-01-01T00:00:00.000Z", "pendingBillDay": 5}
    ok(sandbox.api.put(f"Account/{identity}", json=set_first))
    cleared = _written(
        ok(
            sandbox.api.put(
                f"Account/{identity}", json={"effectiveCancel": None, "pendingBillDay": None}
            )
        ),
        "update",
    )
    assert cleared["effectiveCancel"] is None and cleared["pendingBillDay"] is None
    refused = errors(
        sandbox.api.put(
            f"Account/{identity}", json={"name": None, "billDay": None, "lifeline": None}
        )
    )
    assert fields_of(refused) == {
        "name": "Required",
        "billDay": "Required",
        "lifeline": "InvalidValue",
    }


def test_put_refusals_change_nothing(sandbox: Sandbox) -> None:
    items = _by_id(sandbox)
    parent = _parents(items)[0]
    child = _child_of(items, parent)
    before = ok(sandbox.api.get(f"Account/{parent}"))["instance"]
    looping = errors(
        sandbox.api.put(f"Account/{parent}", json={"invoicerAccountId": child["identity"]})
    )
    assert fields_of(looping) == {"invoicerAccountId": "InvalidValue"}
    mismatch = errors(sandbox.api.put(f"Account/{parent}", json={"identity": 1, "billDay": 0}))
    assert fields_of(mismatch) == {"identity": "InvalidValue", "billDay": "OutOfRange"}
    assert ok(sandbox.api.get(f"Account/{parent}"))["instance"] == before
    assert errors(sandbox.api.put("Account/999999", json={"name": "x"}), 404)[0][0] == "NotFound"


def test_deleting_an_account_records_it_and_every_child(sandbox: Sandbox) -> None:
    items = _by_id(sandbox)
    parents = set(_parents(items))
    pointed_at = {
        i[k] for i in items.values() for k in ("usageInvoicerAccountId", "taxSettingAccountId")
    }
    victim = next(
        i
        for i in items.values()
        if i["identity"] not in parents | pointed_at
        and i["details"]["contacts"]
        and i["details"]["taxAddresses"]
        and ok(sandbox.api.get(f"Account/{i['identity']}/Note"))["instance"]["details"]["items"]
    )
    identity = victim["identity"]
    notes = ok(sandbox.api.get(f"Account/{identity}/Note"))["instance"]["details"]["items"]
    expected = {("account", identity)}
    for contact in victim["details"]["contacts"]:
        expected.add(("contact", contact["identity"]))
        expected |= {("contactPoint", p["identity"]) for p in contact["details"]["contactPoints"]}
        expected.add(("address", contact["details"]["address"]["identity"]))
    expected |= {("note", note["identity"]) for note in notes}
    for tax_address in victim["details"]["taxAddresses"]:
        expected |= {("taxAddress", tax_address["identity"]), ("address", tax_address["addressId"])}

    body = ok(sandbox.api.delete(f"Account/{identity}"))
    assert body["type"] == "delete"
    entries = body["results"]["items"]
    assert body["results"]["totalCount"] == len(entries) == len(expected)
    assert all(
        set(entry) == DELETE_ENTRY_KEYS and entry["action"] == "deleted" for entry in entries
    )
    assert entries[0] == {"identity": identity, "action": "deleted", "dtoTypeKey": "account"}
    assert {(entry["dtoTypeKey"], entry["identity"]) for entry in entries} == expected
    for path in ("", "/Detail", "/Contact", "/Note"):
        assert errors(sandbox.api.get(f"Account/{identity}{path}"), 404)[0][0] == "NotFound"
    assert _total(sandbox) == SMALL.billing_accounts - 1
    assert errors(sandbox.api.delete(f"Account/{identity}"), 404)[0][0] == "NotFound"


def test_an_account_others_are_invoiced_through_cannot_be_deleted(sandbox: Sandbox) -> None:
    parent = _parents(_by_id(sandbox))[0]
    [(code, message)] = errors(sandbox.api.delete(f"Account/{parent}"))
    assert code == "InvalidValue"
    assert str(parent) in message
    assert ok(sandbox.api.get(f"Account/{parent}"))["instance"]["identity"] == parent


def test_contacts_are_created_updated_and_read_back(sandbox: Sandbox) -> None:
    items = _by_id(sandbox)
    contact_type_names = {
        c["contactTypeId"]: c["contactTypeName"]
        for i in items.values()
        for c in i["details"]["contacts"]
    }
    body = {"contactTypeId": 2, "title": "Ms.", "firstName": "Ada", "isUsedForTax": True}
    created = _written(ok(sandbox.api.post("Account/1001/Contact", json=body)), "create")
    assert set(created) == CONTACT_KEYS
    assert created["contactTypeName"] == contact_type_names[2]
    assert (created["firstName"], created["lastName"], created["title"]) == ("Ada", None, "Ms.")
    listed = ok(sandbox.api.get("Account/1001/Contact"))["instance"]["details"]["items"]
    assert listed[-1] == created
    change = {"identity": created["identity"], "contactTypeId": 3, "lastName": "Lovelace"}
    updated = _written(ok(sandbox.api.put("Account/1001/Contact", json=change)), "update")
    assert updated["contactTypeName"] == contact_type_names[3]
    assert (updated["firstName"], updated["lastName"]) == ("Ada", "Lovelace")
    assert updated["updated"] > created["updated"]
    one = ok(sandbox.api.get(f"Account/1001/Contact/{created['identity']}"))["instance"]
    assert one["details"]["items"] == [updated]
    detail = ok(sandbox.api.get(f"Account/1001/Contact/{created['identity']}/Detail"))
    [shown] = detail["instance"]["details"]["contacts"]
    assert shown["name"] == "Ada Lovelace"
    assert shown["details"] == {"contactPoints": [], "address": None}

    no_identity = errors(sandbox.api.put("Account/1001/Contact", json={"firstName": "B"}))
    assert fields_of(no_identity) == {"identity": "Required"}
    elsewhere = sandbox.api.put("Account/1002/Contact", json={"identity": created["identity"]})
    assert errors(elsewhere, 404)[0][0] == "NotFound"
    assert errors(sandbox.api.post("Account/999999/Contact", json=body), 404)[0][0] == "NotFound"


def test_contact_validation_reports_every_problem_at_once(sandbox: Sandbox) -> None:
    before = ok(sandbox.api.get("Account/1001/Contact"))["instance"]
    body = {"title": "Director of Operations", "contactTypeId": 99, "isUsedForTax": "yes"}
    problems = errors(sandbox.api.post("Account/1001/Contact", json=body))
    assert fields_of(problems) == {
        "title": "TooLong",
        "contactTypeId": "InvalidReference",
        "isUsedForTax": "InvalidValue",
        "firstName": "Required",
    }
    assert ok(sandbox.api.get("Account/1001/Contact"))["instance"] == before
    created = _written(
        ok(sandbox.api.post("Account/1001/Contact", json={"lastName": "Doe"})), "create"
    )
    blank = {"identity": created["identity"], "lastName": None, "firstName": ""}
    assert fields_of(errors(sandbox.api.put("Account/1001/Contact", json=blank))) == {
        "firstName": "Required"
    }


def test_deleting_contacts_records_their_points_and_address(sandbox: Sandbox) -> None:
    items = _by_id(sandbox)
    owner = next(i for i in items.values() if len(i["details"]["contacts"]) >= 3)
    identity = owner["identity"]
    first, second, third = owner["details"]["contacts"][:3]

    def expected(*contacts: Json) -> set[tuple[str, int]]:
        found: set[tuple[str, int]] = set()
        for contact in contacts:
            found.add(("contact", contact["identity"]))
            found |= {("contactPoint", p["identity"]) for p in contact["details"]["contactPoints"]}
            found.add(("address", contact["details"]["address"]["identity"]))
        return found

    missing = {"details": {"items": [{"identity": first["identity"]}, {"identity": 1}]}}
    assert errors(sandbox.api.request("DELETE", f"Account/{identity}/Contact", json=missing), 404)
    listed = {
        "details": {"items": [{"identity": first["identity"]}, {"identity": second["identity"]}]}
    }
    body = ok(sandbox.api.request("DELETE", f"Account/{identity}/Contact", json=listed))
    assert body["type"] == "delete"
    entries = body["results"]["items"]
    assert {(e["dtoTypeKey"], e["identity"]) for e in entries} == expected(first, second)
    assert entries[0]["identity"] == first["identity"]

    by_path = ok(sandbox.api.delete(f"Account/{identity}/Contact/{third['identity']}"))
    assert {(e["dtoTypeKey"], e["identity"]) for e in by_path["results"]["items"]} == expected(
        third
    )
    left = ok(sandbox.api.get(f"Account/{identity}/Contact"))["instance"]["details"]["items"]
    assert [c["identity"] for c in left] == [
        c["identity"] for c in owner["details"]["contacts"][3:]
    ]

    bad = {"details": {"items": [{"identity": "first"}]}}
    problems = errors(sandbox.api.request("DELETE", f"Account/{identity}/Contact", json=bad))
    assert fields_of(problems) == {"details.items[0].identity": "InvalidValue"}
    empty = errors(sandbox.api.request("DELETE", f"Account/{identity}/Contact", json={}))
    assert fields_of(empty) == {"details.items": "Required"}
    gone = sandbox.api.delete(f"Account/{identity}/Contact/{third['identity']}")
    assert errors(gone, 404)[0][0] == "NotFound"
    assert sandbox.calls()["DELETE /Account/{id}/Contact"] == 4
    assert sandbox.calls()["DELETE /Account/{id}/Contact/{contactId}"] == 2


def test_notes_are_created_updated_deleted_and_validated(sandbox: Sandbox) -> None:
    problems = errors(
        sandbox.api.post(
            "Account/1001/Note",
            json={"noteTypeId": 99, "showOnOverview": "x", "updatedByUserId": 99},
        )
    )
    assert fields_of(problems) == {
        "subject": "Required",
        "text": "Required",
        "noteTypeId": "InvalidReference",
        "showOnOverview": "InvalidValue",
        "updatedByUserId": "InvalidReference",
    }
    too_long = errors(
        sandbox.api.post("Account/1001/Note", json={"subject": "s" * 256, "text": ""})
    )
    assert fields_of(too_long) == {"subject": "TooLong", "text": "Required"}

    body = {"subject": "Delivery Instructions", "text": "Drop off at rear door.", "noteTypeId": 2}
    created = _written(ok(sandbox.api.post("Account/1001/Note", json=body)), "create")
    assert set(created) == NOTE_KEYS
    assert created["created"] == created["updated"]
    assert created["createdByUserId"] == created["updatedByUserId"]
    change = {"identity": created["identity"], "isImportant": True, "updatedByUserId": 5}
    updated = _written(ok(sandbox.api.put("Account/1001/Note", json=change)), "update")
    assert updated["isImportant"] is True
    assert updated["updatedByUserId"] == 5 and updated["updatedByUserName"]
    assert updated["updatedByUserName"] != created["updatedByUserName"]
    assert updated["created"] == created["created"]
    assert updated["updated"] > created["updated"]
    assert (updated["subject"], updated["text"]) == (body["subject"], body["text"])
    read = ok(sandbox.api.get(f"Account/1001/Note/{created['identity']}"))["instance"]
    assert read["details"]["items"] == [updated]

    second = _written(ok(sandbox.api.post("Account/1001/Note", json=body)), "create")
    listed = {"details": {"items": [{"identity": created["identity"]}]}}
    deleted = ok(sandbox.api.request("DELETE", "Account/1001/Note", json=listed))
    assert deleted["results"]["items"] == [
        {"identity": created["identity"], "action": "deleted", "dtoTypeKey": "note"}
    ]
    by_path = ok(sandbox.api.delete(f"Account/1001/Note/{second['identity']}"))
    assert by_path["results"]["items"][0]["identity"] == second["identity"]
    notes = ok(sandbox.api.get("Account/1001/Note"))["instance"]["details"]["items"]
    assert {created["identity"], second["identity"]}.isdisjoint(n["identity"] for n in notes)
    assert errors(sandbox.api.get(f"Account/1001/Note/{second['identity']}"), 404)

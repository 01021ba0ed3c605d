"""The billing sandbox's PATCH Account/{id} (and POST .../Patch): many changes, all or none."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Serve
from tests.upstreams.billing.sandbox_support import (
    ACCOUNT_KEYS,
    CONTACT_KEYS,
    NOTE_KEYS,
    PATCH_ENTRY_KEYS,
    SMALL,
    Json,
    Sandbox,
    all_details,
    errors,
    ok,
    open_sandbox,
)


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return open_sandbox(serve)


def _items(*items: object) -> dict[str, Any]:
    return {"items": list(items)}


def _state(sandbox: Sandbox, identity: int) -> Json:
    """Everything a PATCH on ``identity`` could change, read back."""
    return {
        "detail": ok(sandbox.api.get(f"Account/{identity}/Detail"))["instance"],
        "notes": ok(sandbox.api.get(f"Account/{identity}/Note"))["instance"],
        "total": ok(sandbox.api.get("Account/"))["totalCount"],
    }


def _owner(sandbox: Sandbox) -> Json:
    """A seeded account with two contacts and at least one note."""
    for item in all_details(sandbox):
        notes = ok(sandbox.api.get(f"Account/{item['identity']}/Note"))["instance"]["details"]
        if len(item["details"]["contacts"]) >= 2 and notes["items"]:
            return {**item, "notes": notes["items"]}
    raise AssertionError("no seeded account with two contacts and a note")


def test_one_patch_creates_updates_and_deletes_across_collections(sandbox: Sandbox) -> None:
    owner = _owner(sandbox)
    identity = owner["identity"]
    kept, dropped = owner["details"]["contacts"][:2]
    note = owner["notes"][0]
    body = {
        "details": {},
        "accounts": _items(
            {"patchType": "update", "patchClientId": 1, "displayName": "Patched", "billDay": "12"},
            {"patchType": "create", "patchClientId": "new-1", "name": "Patch Created Inc."},
        ),
        "contacts": _items(
            {"patchType": "create", "patchClientId": 3, "firstName": "Grace", "contactTypeId": 2},
            {"patchType": "update", "identity": kept["identity"], "title": "Dr."},
            {"patchType": "delete", "patchClientId": 5, "identity": dropped["identity"]},
        ),
        "notes": _items(
            {"patchType": "create", "subject": "Patched note", "text": "Written by PATCH."},
            {"patchType": "delete", "identity": note["identity"]},
        ),
    }
    result = ok(sandbox.api.patch(f"Account/{identity}", json=body))
    assert result["type"] == "patch"
    entries = result["results"]["items"]
    assert result["results"]["totalCount"] == len(entries)
    assert all(set(entry) == PATCH_ENTRY_KEYS for entry in entries)
    summary = [(e["action"], e["dtoTypeKey"], e["patchClientId"]) for e in entries]
    dropped_children = 1 + len(dropped["details"]["contactPoints"])
    assert summary == [
        ("updated", "account", 1),
        ("created", "account", "new-1"),
        ("created", "contact", 3),
        ("updated", "contact", None),
        ("deleted", "contact", 5),
        *[("deleted", key, None) for key in ["contactPoint"] * (dropped_children - 1)],
        ("deleted", "address", None),
        ("created", "note", None),
        ("deleted", "note", None),
    ]
    updated_account, created_account = entries[0]["instance"], entries[1]["instance"]
    assert set(updated_account) == set(created_account) == ACCOUNT_KEYS
    assert set(entries[2]["instance"]) == set(entries[3]["instance"]) == CONTACT_KEYS
    assert set(entries[-2]["instance"]) == NOTE_KEYS
    assert entries[4]["instance"]["identity"] == dropped["identity"]
    assert entries[-1]["instance"]["subject"] == note["subject"]

    after = _state(sandbox, identity)
    detail = after["detail"]
    assert (detail["displayName"], detail["billDay"]) == ("Patched", 12)
    assert detail["updated"] > owner["updated"]
    assert (
        ok(sandbox.api.get(f"Account/{created_account['identity']}"))["instance"] == created_account
    )
    assert after["total"] == SMALL.billing_accounts + 1
    contacts = {c["identity"]: c for c in detail["details"]["contacts"]}
    assert dropped["identity"] not in contacts
    assert contacts[kept["identity"]]["title"] == "Dr."
    assert contacts[entries[2]["identity"]]["firstName"] == "Grace"
    notes = {n["identity"]: n for n in after["notes"]["details"]["items"]}
    assert note["identity"] not in notes
    assert notes[entries[-2]["identity"]]["subject"] == "Patched note"
    calls = sandbox.calls()
    assert calls["PATCH /Account/{id}"] == 1
    assert "POST /Account/{id}/Patch" not in calls


def test_one_bad_item_refuses_the_whole_patch_and_every_problem_is_listed(
    sandbox: Sandbox,
) -> None:
    owner = _owner(sandbox)
    identity = owner["identity"]
    before = _state(sandbox, identity)
    contact = owner["details"]["contacts"][0]
    body = {
        "accounts": _items(
            {"patchType": "update", "displayName": "Should not stick"},
            {"patchType": "create", "name": "Never Created", "billDay": 31},
        ),
        "contacts": _items(
            {"patchType": "update", "identity": contact["identity"], "title": "t" * 21},
            {"patchType": "delete", "identity": 1},
            {"patchType": "create", "firstName": "Ok"},
        ),
        "notes": _items({"patchType": "create", "subject": "No text"}),
    }
    problems = errors(sandbox.api.patch(f"Account/{identity}", json=body))
    assert problems == [
        ("OutOfRange", "'billDay' must be between 1 and 28 (accounts.items[1])."),
        ("TooLong", "'title' must be at most 20 characters (contacts.items[0])."),
        ("NotFound", f"'identity' names no contact of account {identity}: 1 (contacts.items[1])."),
        ("Required", "'text' is required (notes.items[0])."),
    ]
    assert _state(sandbox, identity) == before


def test_patch_refuses_malformed_items(sandbox: Sandbox) -> None:
    owner = _owner(sandbox)
    identity = owner["identity"]
    contact = owner["details"]["contacts"][0]["identity"]
    body = {
        "accounts": {"items": "not a list"},
        "contacts": _items(
            {"patchType": "upsert", "firstName": "X"},
            {"patchType": "update", "identity": contact, "title": "A"},
            {"patchType": "delete", "identity": contact},
            {"patchType": "delete"},
            "not an object",
        ),
    }
    problems = errors(sandbox.api.patch(f"Account/{identity}", json=body))
    assert [code for code, _ in problems] == [
        "InvalidPatch",
        "InvalidPatch",
        "InvalidPatch",
        "InvalidPatch",
        "Required",
    ]
    assert problems[0][1].startswith("'accounts'")
    assert "(contacts.items[2])" in problems[3][1]
    assert errors(sandbox.api.patch(f"Account/{identity}", json={"details": {}})) == [
        ("InvalidPatch", "The patch holds no items.")
    ]


def test_post_patch_is_the_same_operation_counted_apart(sandbox: Sandbox) -> None:
    body = {"accounts": _items({"patchType": "update", "patchClientId": 9, "lifeline": True})}
    result = ok(sandbox.api.post("Account/1001/Patch", json=body))
    [entry] = result["results"]["items"]
    assert (entry["identity"], entry["action"], entry["patchClientId"]) == (1001, "updated", 9)
    assert ok(sandbox.api.get("Account/1001"))["instance"]["lifeline"] is True
    bad = {"accounts": _items({"patchType": "update", "lifeline": "no"})}
    assert errors(sandbox.api.post("Account/1001/Patch", json=bad))[0][0] == "InvalidValue"
    assert sandbox.calls()["POST /Account/{id}/Patch"] == 2
    assert "PATCH /Account/{id}" not in sandbox.calls()


def test_the_path_account_must_exist_only_when_an_item_relies_on_it(sandbox: Sandbox) -> None:
    relies = {"notes": _items({"patchType": "create", "subject": "s", "text": "t"})}
    assert errors(sandbox.api.patch("Account/999999", json=relies), 404)[0][0] == "NotFound"
    creates = {"accounts": _items({"patchType": "create", "name": "Made Elsewhere"})}
    [entry] = ok(sandbox.api.patch("Account/999999", json=creates))["results"]["items"]
    assert entry["action"] == "created"
    assert (
        ok(sandbox.api.get(f"Account/{entry['identity']}"))["instance"]["name"] == "Made Elsewhere"
    )


def test_deleting_an_invoicer_needs_its_dependents_repointed_in_the_same_patch(
    sandbox: Sandbox,
) -> None:
    items = {item["identity"]: item for item in all_details(sandbox)}
    parent = next(
        i
        for i in items
        if {i}
        == {
            items[i][k]
            for k in ("invoicerAccountId", "usageInvoicerAccountId", "taxSettingAccountId")
        }
        and any(o["invoicerAccountId"] == i != o["identity"] for o in items.values())
    )
    dependents = sorted(
        o["identity"]
        for o in items.values()
        if o["identity"] != parent
        and parent
        in (o["invoicerAccountId"], o["usageInvoicerAccountId"], o["taxSettingAccountId"])
    )
    delete = {"patchType": "delete", "identity": parent}
    refused = errors(sandbox.api.patch(f"Account/{parent}", json={"accounts": _items(delete)}))
    assert [code for code, _ in refused] == ["InvalidValue"]
    assert str(dependents[0]) in refused[0][1]
    links = ("invoicerAccountId", "usageInvoicerAccountId", "taxSettingAccountId")
    repoint = [
        {
            "patchType": "update",
            "identity": dependent,
            **{key: None for key in links if items[dependent][key] == parent},
        }
        for dependent in dependents
    ]
    partly = {**repoint[0], "invoicerAccountId": None, "usageInvoicerAccountId": parent}
    still = errors(sandbox.api.patch("Account/1", json={"accounts": _items(partly, delete)}))
    assert [code for code, _ in still] == ["InvalidReference", "InvalidValue"]
    body = {"accounts": _items(*repoint, delete)}
    entries = ok(sandbox.api.patch(f"Account/{parent}", json=body))["results"]["items"]
    assert [e["identity"] for e in entries if e["dtoTypeKey"] == "account"] == [*dependents, parent]
    assert errors(sandbox.api.get(f"Account/{parent}"), 404)
    for dependent in dependents:
        record = ok(sandbox.api.get(f"Account/{dependent}"))["instance"]
        for key in links:
            expected = dependent if items[dependent][key] == parent else items[dependent][key]
            assert record[key] == expected
    pointing = {"patchType": "create", "name": "Late", "invoicerAccountId": dependents[0]}
    gone_too = {"patchType": "delete", "identity": dependents[0]}
    clash = errors(sandbox.api.patch("Account/1", json={"accounts": _items(pointing, gone_too)}))
    assert [code for code, _ in clash] == ["InvalidReference"]


def test_patch_refuses_an_invoicing_loop_made_by_two_items(sandbox: Sandbox) -> None:
    first, second = 1001, 1002
    body = {
        "accounts": _items(
            {"patchType": "update", "identity": first, "invoicerAccountId": second},
            {"patchType": "update", "identity": second, "invoicerAccountId": first},
        )
    }
    problems = errors(sandbox.api.patch(f"Account/{first}", json=body))
    assert {code for code, _ in problems} == {"InvalidValue"}
    assert all(message.startswith("'invoicerAccountId'") for _, message in problems)

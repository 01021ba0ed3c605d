"""The billing sandbox's read endpoints and seeded data, over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Serve
from tests.upstreams.billing.sandbox_support import (
    ACCOUNT_KEYS,
    ADDRESS_KEYS,
    CONTACT_DETAIL_KEYS,
    CONTACT_KEYS,
    CONTACT_POINT_KEYS,
    DETAIL_KEYS,
    EXEMPTION_KEYS,
    NOTE_KEYS,
    PAGINATION_KEYS,
    PARENT_KEYS,
    PRICE_PLAN_KEYS,
    RATE_PLAN_KEYS,
    REGION_KEYS,
    SMALL,
    SUMMARY_KEYS,
    TAX_ADDRESS_KEYS,
    Json,
    Sandbox,
    all_details,
    errors,
    ok,
    open_sandbox,
    paging,
)
from upstreams.billing.sandbox import SandboxConfig
from upstreams.sandboxing import World


def _rich(details: list[Json]) -> Json:
    """An account whose every ``details`` part is filled, so every nested shape is seen."""
    for item in details:
        parts = item["details"]
        if all(
            parts[key]
            for key in (
                "contacts",
                "currentRatePlan",
                "currentPricePlan",
                "priceBookRegions",
                "accountTaxExemptions",
                "taxAddresses",
            )
        ):
            return item
    raise AssertionError("the seed has no account with every detail filled")


def _check_detail_shape(item: Json) -> None:
    assert set(item) == ACCOUNT_KEYS | {"details"}
    parts = item["details"]
    assert set(parts) == DETAIL_KEYS
    assert set(parts["parent"]) == PARENT_KEYS
    for contact in parts["contacts"]:
        assert set(contact) == CONTACT_DETAIL_KEYS
        assert set(contact["details"]) == {"contactPoints", "address"}
        assert set(contact["details"]["address"]) == ADDRESS_KEYS
        for point in contact["details"]["contactPoints"]:
            assert set(point) == CONTACT_POINT_KEYS
            assert point["contactId"] == contact["identity"]
    if parts["currentRatePlan"] is not None:
        assert set(parts["currentRatePlan"]) == RATE_PLAN_KEYS
    if parts["currentPricePlan"] is not None:
        assert set(parts["currentPricePlan"]) == PRICE_PLAN_KEYS
    assert set(parts["accountSummary"]) == SUMMARY_KEYS
    assert parts["accountSummary"]["accountId"] == item["identity"]
    assert all(set(region) == REGION_KEYS for region in parts["priceBookRegions"])
    assert all(set(exemption) == EXEMPTION_KEYS for exemption in parts["accountTaxExemptions"])
    assert all(set(address) == TAX_ADDRESS_KEYS for address in parts["taxAddresses"])


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return open_sandbox(serve)


def test_account_list_holds_every_account_in_the_docs_shape(sandbox: Sandbox) -> None:
    for path in ("Account/", "Account"):
        body = ok(sandbox.api.get(path))
        assert set(body) == {"totalCount", "items"}
        assert body["totalCount"] == SMALL.billing_accounts
        assert [item["identity"] for item in body["items"]] == list(SMALL.billing_ids())
        assert all(set(item) == ACCOUNT_KEYS for item in body["items"])
    assert sandbox.calls() == {"GET /Account/": 2}


def test_one_account_and_its_detail(sandbox: Sandbox) -> None:
    one = ok(sandbox.api.get("Account/1001"))
    assert set(one) == {"instance"}
    assert set(one["instance"]) == ACCOUNT_KEYS
    detail = ok(sandbox.api.get("Account/1001/Detail"))
    assert set(detail) == {"instance"}
    _check_detail_shape(detail["instance"])
    assert {k: v for k, v in detail["instance"].items() if k != "details"} == one["instance"]


def test_paged_detail_shows_every_nested_shape_of_the_docs(sandbox: Sandbox) -> None:
    body = ok(sandbox.api.get("Account/Paged/Detail", headers=paging(pageSize=1000)))
    assert set(body) == {"pagination", "pagedResults"}
    items = body["pagedResults"]["items"]
    assert len(items) == SMALL.billing_accounts
    for item in items:
        _check_detail_shape(item)
    rich = _rich(items)
    assert ok(sandbox.api.get(f"Account/{rich['identity']}/Detail"))["instance"] == rich


def test_contacts_and_notes_list_one_and_paged_shapes(sandbox: Sandbox) -> None:
    details = all_details(sandbox)
    account = next(item for item in details if len(item["details"]["contacts"]) >= 2)
    identity = account["identity"]
    contacts = ok(sandbox.api.get(f"Account/{identity}/Contact"))["instance"]
    assert set(contacts) == {"identity", "details"}
    assert contacts["identity"] == identity
    assert set(contacts["details"]) == {"totalCount", "items"}
    assert contacts["details"]["totalCount"] == len(account["details"]["contacts"])
    assert all(set(item) == CONTACT_KEYS for item in contacts["details"]["items"])
    second = contacts["details"]["items"][1]
    one = ok(sandbox.api.get(f"Account/{identity}/Contact/{second['identity']}"))["instance"]
    assert one == {"identity": identity, "details": {"totalCount": 1, "items": [second]}}
    page = ok(sandbox.api.get(f"Account/{identity}/Contact/Paged", headers=paging(pageSize=1)))
    assert set(page["instance"]["details"]) == {"pagination", "pagedResults"}
    assert page["instance"]["details"]["pagedResults"]["items"] == contacts["details"]["items"][:1]

    notes = ok(sandbox.api.get(f"Account/{identity}/Note"))["instance"]
    assert set(notes["details"]) == {"totalCount", "items"}
    assert all(set(item) == NOTE_KEYS for item in notes["details"]["items"])
    if notes["details"]["items"]:
        first = notes["details"]["items"][0]
        one_note = ok(sandbox.api.get(f"Account/{identity}/Note/{first['identity']}"))
        assert one_note["instance"]["details"]["items"] == [first]
    paged_notes = ok(sandbox.api.get(f"Account/{identity}/Note/Paged"))["instance"]["details"]
    assert paged_notes["pagedResults"]["totalCount"] == notes["details"]["totalCount"]
    assert paged_notes["pagedResults"]["items"] == notes["details"]["items"][:20]


def test_contact_detail_is_the_account_detail_with_only_that_contact(sandbox: Sandbox) -> None:
    account = next(item for item in all_details(sandbox) if len(item["details"]["contacts"]) >= 2)
    contact = account["details"]["contacts"][1]
    path = f"Account/{account['identity']}/Contact/{contact['identity']}/Detail"
    instance = ok(sandbox.api.get(path))["instance"]
    _check_detail_shape(instance)
    assert instance["details"]["contacts"] == [contact]
    rest = {k: v for k, v in instance["details"].items() if k != "contacts"}
    assert rest == {k: v for k, v in account["details"].items() if k != "contacts"}


def test_tax_addresses_own_and_available_from_the_invoicer(sandbox: Sandbox) -> None:
    details = {item["identity"]: item for item in all_details(sandbox)}
    child = next(
        item
        for item in details.values()
        if item["invoicerAccountId"] != item["identity"]
        and any(
            t["isShared"] for t in details[item["invoicerAccountId"]]["details"]["taxAddresses"]
        )
    )
    identity, invoicer = child["identity"], child["invoicerAccountId"]
    own = ok(sandbox.api.get(f"Account/{identity}/TaxAddress"))["instance"]
    assert set(own) == ACCOUNT_KEYS | {"details"}
    assert set(own["details"]) == {"taxAddresses"}
    assert own["details"]["taxAddresses"] == child["details"]["taxAddresses"]
    available = ok(sandbox.api.get(f"Account/{identity}/TaxAddress/AvailableFor"))["instance"]
    shared = [t for t in details[invoicer]["details"]["taxAddresses"] if t["isShared"]]
    assert available["details"]["taxAddresses"] == own["details"]["taxAddresses"] + shared
    assert all(set(t) == TAX_ADDRESS_KEYS for t in available["details"]["taxAddresses"])


def test_paging_header_selects_pages_and_totals(sandbox: Sandbox) -> None:
    ids = list(SMALL.billing_ids())
    default = ok(sandbox.api.get("Account/Paged"))
    assert default["pagination"] == {"pageNumber": 1, "pageSize": 20, "excludeTotalCount": False}
    assert [item["identity"] for item in default["pagedResults"]["items"]] == ids[:20]
    second = ok(sandbox.api.get("Account/Paged", headers=paging(pageNumber=2, pageSize=7)))
    assert set(second["pagination"]) == PAGINATION_KEYS
    assert second["pagedResults"]["totalCount"] == len(ids)
    assert [item["identity"] for item in second["pagedResults"]["items"]] == ids[7:14]
    last = ok(sandbox.api.get("Account/Paged", headers=paging(pageNumber=3, pageSize=25)))
    assert [item["identity"] for item in last["pagedResults"]["items"]] == ids[50:]
    beyond = ok(sandbox.api.get("Account/Paged", headers=paging(pageNumber=9, pageSize=25)))
    assert beyond["pagedResults"] == {"totalCount": len(ids), "items": []}
    untotalled = ok(
        sandbox.api.get("Account/Paged/Detail", headers=paging(pageSize=3, excludeTotalCount=True))
    )
    assert untotalled["pagination"]["excludeTotalCount"] is True
    assert untotalled["pagedResults"]["totalCount"] is None
    assert len(untotalled["pagedResults"]["items"]) == 3


BAD_HEADERS = [
    ('{"pageNumber": 0, "pageSize": 0, "excludeTotalCount": "yes"}', 3),
    ('{"pageSize": 1001}', 1),
    ('{"pageNumber": "two"}', 1),
    ("not json", 1),
    ("[1, 2]", 1),
]


def test_a_bad_paging_header_is_400_with_every_problem(sandbox: Sandbox) -> None:
    for header, count in BAD_HEADERS:
        for path in ("Account/Paged", "Account/Paged/Detail", "Account/1001/Note/Paged"):
            problems = errors(sandbox.api.get(path, headers={"pagination": header}))
            assert {code for code, _ in problems} == {"InvalidPagination"}, header
            assert len(problems) == count, header


def test_unknown_records_and_paths_are_404(sandbox: Sandbox) -> None:
    details = all_details(sandbox)
    with_contacts = [item for item in details if item["details"]["contacts"]]
    other_contact = with_contacts[1]["details"]["contacts"][0]["identity"]
    owner = with_contacts[0]["identity"]
    missing = [
        "Account/999999",
        "Account/abc",
        "Account/999999/Detail",
        "Account/999999/Contact",
        "Account/999999/Note/Paged",
        "Account/999999/TaxAddress",
        f"Account/{owner}/Contact/{other_contact}",
        f"Account/{owner}/Contact/{other_contact}/Detail",
        f"Account/{owner}/Note/1",
        "Accounts/1001",
    ]
    for path in missing:
        assert errors(sandbox.api.get(path), 404)[0][0] == "NotFound", path
    assert errors(sandbox.api.post("Account/Paged/Detail"), 405)[0][0] == "MethodNotAllowed"


def test_external_account_identifier_names_the_worlds_prepaid_account(serve: Serve) -> None:
    world = World()
    sandbox = open_sandbox(serve, SandboxConfig(world=world))
    items = ok(sandbox.api.get("Account/"))["items"]
    assert len(items) == world.billing_accounts
    linked = 0
    for item in items:
        prepaid = world.prepaid_id_for_billing(item["identity"])
        expected = None if prepaid is None else str(prepaid)
        assert item["externalAccountIdentifier"] == expected
        linked += prepaid is not None
    assert 0 < linked < len(items)


def test_invoicer_links_name_existing_accounts_and_match_the_parent_detail(serve: Serve) -> None:
    sandbox = open_sandbox(serve, SandboxConfig(world=World(billing_accounts=300)))
    items = {item["identity"]: item for item in all_details(sandbox)}
    invoicers = {item["invoicerAccountId"] for item in items.values()}
    parents = {
        i
        for i in invoicers
        if any(o["invoicerAccountId"] == i != o["identity"] for o in items.values())
    }
    assert 0.04 * len(items) <= len(parents) <= 0.2 * len(items)
    for identity, item in items.items():
        for key in ("invoicerAccountId", "usageInvoicerAccountId", "taxSettingAccountId"):
            linked = items[item[key]]
            assert item[key.replace("Id", "Name")] == linked["name"]
        invoicer = item["invoicerAccountId"]
        parent = item["details"]["parent"]
        assert parent["accountId"] == identity
        assert item["isReadOnlyBillDay"] is (invoicer != identity)
        assert item["isReadOnlyUsageBillDay"] is (item["usageInvoicerAccountId"] != identity)
        if invoicer == identity:
            assert parent["parentAccountId"] is None
            assert parent["topAccountId"] == identity
        else:
            assert parent["parentAccountId"] == invoicer
            assert parent["parentAccountName"] == items[invoicer]["name"]
            assert item["billDay"] == items[invoicer]["billDay"]
            top = items[parent["topAccountId"]]
            assert top["invoicerAccountId"] == top["identity"]
    assert any(
        item["invoicerAccountId"] == identity and identity not in parents
        for identity, item in items.items()
    )


def test_seeded_children_are_realistic(sandbox: Sandbox) -> None:
    details = all_details(sandbox)
    contact_counts = [len(item["details"]["contacts"]) for item in details]
    assert min(contact_counts) >= 0 and max(contact_counts) <= 5
    assert len(set(contact_counts)) > 2
    for item in details:
        assert item["name"] and item["currencyName"]
        assert 1 <= item["billDay"] <= 28
        for contact in item["details"]["contacts"]:
            kinds = {point["contactPointTypeName"] for point in contact["details"]["contactPoints"]}
            assert "Email" in kinds
            assert contact["details"]["address"]["cityName"]
            assert contact["name"] == " ".join(
                part for part in (contact["firstName"], contact["lastName"]) if part
            )
    note_counts = [
        ok(sandbox.api.get(f"Account/{item['identity']}/Note"))["instance"]["details"]["totalCount"]
        for item in details[:15]
    ]
    assert all(0 <= count <= 20 for count in note_counts)
    assert sum(note_counts) > 0


def test_the_same_world_seeds_the_same_data_and_another_seed_differs(serve: Serve) -> None:
    def snapshot(world: World) -> Any:
        items = all_details(open_sandbox(serve, SandboxConfig(world=world)))
        return [{k: v for k, v in item.items()} for item in items]

    first = snapshot(World(billing_accounts=40))
    assert snapshot(World(billing_accounts=40)) == first
    assert snapshot(World(billing_accounts=40, seed=7)) != first


def test_calls_are_counted_by_endpoint_key(sandbox: Sandbox) -> None:
    sandbox.root.delete("/_sandbox/calls")
    sandbox.api.get("Account/1001")
    sandbox.api.get("Account/1002")
    sandbox.api.get("Account/1001/Contact/Paged")
    sandbox.api.get("Account/1001/Note/100001")
    sandbox.api.get("Account/Paged")
    sandbox.api.get("Account/1001/TaxAddress/AvailableFor")
    assert sandbox.calls() == {
        "GET /Account/{id}": 2,
        "GET /Account/{id}/Contact/Paged": 1,
        "GET /Account/{id}/Note/{noteId}": 1,
        "GET /Account/Paged": 1,
        "GET /Account/{id}/TaxAddress/AvailableFor": 1,
    }


def test_the_rate_limit_switch_applies_the_vendor_limit(sandbox: Sandbox) -> None:
    assert [sandbox.api.get("Account/1001").status_code for _ in range(45)] == [200] * 45
    switched = sandbox.root.patch("/_sandbox/switches", json={"rate_limit": True})
    assert switched.json()["rate_limit"] is True
    statuses = [sandbox.api.get("Account/1001").status_code for _ in range(60)]
    assert statuses[:40] == [200] * 40
    assert 429 in statuses[40:]

"""Saasu sandbox: GET Accounts paging, every filter, links, bad parameters, XML."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from tests.conftest import Serve
from tests.upstreams.saasu.sandbox_support import (
    ACCOUNT_TYPES,
    DOC_FIELDS,
    FILE_ID,
    Account,
    start,
)
from upstreams.sandboxing import World


def ids(accounts: list[Account]) -> list[int]:
    return [a["Id"] for a in accounts]


def test_paging_walks_every_account_once_in_id_order(serve: Serve) -> None:
    sandbox = start(serve)
    default = sandbox.listing()
    assert len(default) == 25
    everything = sandbox.everything()
    assert len(everything) == World().ledger_accounts
    assert ids(everything) == sorted(set(ids(everything)))
    assert ids(default) == ids(everything)[:25]
    pages = -(-len(everything) // 7)
    by_sevens = [a for n in range(1, pages + 1) for a in sandbox.listing(Page=n, PageSize=7)]
    assert ids(by_sevens) == ids(everything)
    assert len(sandbox.listing(Page=pages, PageSize=7)) == len(everything) - 7 * (pages - 1)
    assert sandbox.listing(Page=pages + 1, PageSize=7) == []
    assert sandbox.listing(Page=999) == []
    assert [list(a) for a in default] == [[*DOC_FIELDS, "_links"]] * 25


def test_list_links_page_forward_and_back_without_credentials(serve: Serve) -> None:
    sandbox = start(serve)
    response = sandbox.call(
        "GET", "/Accounts", params={"Page": 2, "PageSize": 10, "accounttype": "expense"}
    )
    links = {link["rel"]: link for link in response.json()["_links"]}
    assert set(links) == {"self", "previous", "next"}
    assert all(link["method"] == "GET" for link in links.values())
    for rel, page in (("self", "2"), ("previous", "1"), ("next", "3")):
        url = urlsplit(links[rel]["href"])
        assert f"{url.scheme}://{url.netloc}" == sandbox.base_url
        assert url.path == "/Accounts"
        assert dict(parse_qsl(url.query)) == {
            "FileId": str(FILE_ID),
            "AccountType": "Expense",
            "Page": page,
            "PageSize": "10",
        }
    follow = sandbox.client.get(links["next"]["href"], headers={"Accept": "application/json"})
    assert follow.status_code == 401  # the href carries no credentials
    expenses = sandbox.everything(AccountType="Expense")
    last_page = (len(expenses) + 9) // 10
    final = sandbox.call("GET", "/Accounts", params={"Page": last_page, "PageSize": 10}).json()
    assert "next" in {link["rel"] for link in final["_links"]}  # more accounts of other types
    final = sandbox.call(
        "GET", "/Accounts", params={"Page": last_page, "PageSize": 10, "AccountType": "Expense"}
    ).json()
    assert {link["rel"] for link in final["_links"]} == {"self", "previous"}
    first_page = sandbox.call("GET", "/Accounts", params={"PageSize": 300 // 3}).json()
    assert {link["rel"] for link in first_page["_links"]} == {"self", "next"}


def test_each_filter_selects_what_it_names(serve: Serve) -> None:
    sandbox = start(serve)
    everything = sandbox.everything()
    headers = [a for a in everything if a["AccountLevel"] == "Header"]
    busiest_header = max(
        headers, key=lambda h: sum(a["HeaderAccountId"] == h["Id"] for a in everything)
    )
    cases: list[tuple[dict[str, Any], Any]] = [
        ({"IsActive": "true"}, lambda a: a["IsActive"]),
        ({"IsActive": "false"}, lambda a: not a["IsActive"]),
        ({"IsBankAccount": "true"}, lambda a: a["IsBankAccount"]),
        ({"IsBankAccount": "False"}, lambda a: not a["IsBankAccount"]),
        ({"IncludeBuiltIn": "false"}, lambda a: not a["IsBuiltIn"]),
        ({"IncludeBuiltIn": "true"}, lambda a: True),
        ({"AccountLevel": "Header"}, lambda a: a["AccountLevel"] == "Header"),
        ({"AccountLevel": "detail"}, lambda a: a["AccountLevel"] == "Detail"),
        (
            {"HeaderAccountId": busiest_header["Id"]},
            lambda a: a["HeaderAccountId"] == busiest_header["Id"],
        ),
        ({"HeaderAccountId": -1}, lambda a: False),
        (
            {"IsBankAccount": "true", "IsActive": "true", "AccountType": "Asset"},
            lambda a: a["IsBankAccount"] and a["IsActive"] and a["AccountType"] == "Asset",
        ),
        *[({"AccountType": type_}, _of_type(type_)) for type_ in ACCOUNT_TYPES],
        ({"AccountType": "othereXPENSE"}, _of_type("OtherExpense")),
    ]
    for params, admits in cases:
        expected = [a["Id"] for a in everything if admits(a)]
        assert ids(sandbox.everything(**params)) == expected, params
        assert expected or params == {"HeaderAccountId": -1}, params


def test_bad_paging_and_filter_values_are_all_reported_at_once(serve: Serve) -> None:
    sandbox = start(serve)
    response = sandbox.call(
        "GET",
        "/Accounts",
        params={
            "Page": 0,
            "PageSize": 101,
            "IsActive": "yes",
            "IsBankAccount": "1",
            "IncludeBuiltIn": "maybe",
            "AccountType": "Revenue",
            "AccountLevel": "Top",
            "HeaderAccountId": "abc",
        },
    )
    assert response.status_code == 400
    assert response.json()["Message"] == "The request is invalid."
    assert set(response.json()["ModelState"]) == {
        "Page",
        "PageSize",
        "IsActive",
        "IsBankAccount",
        "IncludeBuiltIn",
        "AccountType",
        "AccountLevel",
        "HeaderAccountId",
    }
    for params in ({"PageSize": 0}, {"PageSize": "ten"}, {"Page": -1}, {"Page": "1.5"}):
        bad = sandbox.call("GET", "/Accounts", params=params)
        assert bad.status_code == 400, params
        assert list(bad.json()["ModelState"]) == list(params), params
    for good in ({"PageSize": 1}, {"PageSize": 100}, {"Page": 1}, {"PageSize": ""}):
        assert sandbox.call("GET", "/Accounts", params=good).status_code == 200, good


def test_xml_listing_holds_the_same_accounts(serve: Serve) -> None:
    sandbox = start(serve)
    as_json = sandbox.listing(Page=2, PageSize=5, IsActive="true")
    response = sandbox.call(
        "GET",
        "/Accounts",
        params={"Page": 2, "PageSize": 5, "IsActive": "true"},
        headers={"Accept": "application/xml"},
    )
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == "AccountListResponse"
    assert [child.tag for child in root] == ["Accounts", "_links"]
    accounts = root.findall("Accounts/Account")
    assert [int(a.findtext("Id") or 0) for a in accounts] == ids(as_json)
    for element, account in zip(accounts, as_json, strict=True):
        assert [child.tag for child in element] == ["_links", *DOC_FIELDS]
        assert element.findtext("Name") == account["Name"]
        assert element.findtext("LastUpdatedId") == account["LastUpdatedId"]
    rels = [link.findtext("rel") for link in root.iterfind("_links/Link")]
    assert rels == ["self", "previous", "next"]


def _of_type(account_type: str) -> Any:
    return lambda a: a["AccountType"] == account_type

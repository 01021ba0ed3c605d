"""Saasu sandbox: PUT Account/{id} in JSON and XML, LastUpdatedId, 409, validation."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from lxml import etree

from tests.conftest import Serve
from tests.upstreams.saasu.sandbox_support import (
    ACCOUNT_TYPES,
    BANK_FIELDS,
    FILE_ID,
    XSI,
    Account,
    detail_without_bank,
    first,
    start,
    unlinked,
)

XML = {"Content-Type": "application/xml", "Accept": "application/xml"}


def version(last_updated_id: str) -> int:
    return int.from_bytes(base64.b64decode(last_updated_id, validate=True), "big")


def test_json_update_returns_the_new_last_updated_id_and_reads_see_it(serve: Serve) -> None:
    sandbox = start(serve)
    before = sandbox.read(detail_without_bank(sandbox.everything())["Id"])
    body = {**unlinked(before), "Name": "Merchant Fees - Tyro", "DefaultTaxCode": "G14"}
    response = sandbox.put(before["Id"], body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    result = response.json()
    assert list(result) == ["UpdatedAccountId", "LastUpdatedId", "UtcLastModified", "_links"]
    assert result["UpdatedAccountId"] == before["Id"]
    assert result["LastUpdatedId"] != before["LastUpdatedId"]
    assert len(base64.b64decode(result["LastUpdatedId"], validate=True)) == 8
    own = f"{sandbox.base_url}/Account/{before['Id']}?FileId={FILE_ID}"
    assert result["_links"] == [
        {"rel": "self", "href": own, "method": "PUT", "title": None},
        {"rel": "delete", "href": own, "method": "DELETE", "title": None},
        {
            "rel": "list",
            "href": f"{sandbox.base_url}/Accounts?FileId={FILE_ID}",
            "method": "GET",
            "title": None,
        },
    ]
    after = sandbox.read(before["Id"])
    assert (after["Name"], after["DefaultTaxCode"]) == ("Merchant Fees - Tyro", "G14")
    assert after["LastUpdatedId"] == result["LastUpdatedId"]
    assert after["LastModifiedDateUtc"] == result["UtcLastModified"]
    assert after["LastModifiedDateUtc"] > before["LastModifiedDateUtc"]
    assert after["CreatedDateUtc"] == before["CreatedDateUtc"]
    listed = first(sandbox.everything(), Id=before["Id"])
    assert listed["Name"] == "Merchant Fees - Tyro"


def test_every_update_takes_a_new_higher_row_version(serve: Serve) -> None:
    sandbox = start(serve)
    account = sandbox.read(detail_without_bank(sandbox.everything())["Id"])
    seen = [account["LastUpdatedId"]]
    for name in ("First name", "Second name", "Second name"):
        result = sandbox.put(account["Id"], {**unlinked(account), "Name": name}).json()
        seen.append(result["LastUpdatedId"])
        account = sandbox.read(account["Id"])
    assert len(set(seen)) == len(seen)
    assert [version(v) for v in seen] == sorted(version(v) for v in seen)


def test_xml_update_round_trips_the_read_document(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = detail_without_bank(sandbox.everything())["Id"]
    read = sandbox.call("GET", f"/Account/{account_id}", headers={"Accept": "application/xml"})
    document = etree.fromstring(read.content)
    _set(document, "Name", "Cleaning & Hygiene")
    _set(document, "IsActive", "false")
    _set(document, "DefaultTaxCode", None)
    response = sandbox.call(
        "PUT", f"/Account/{account_id}", content=etree.tostring(document), headers=XML
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    result = etree.fromstring(response.content)
    assert result.tag == "UpdateAccountResult"
    assert [child.tag for child in result] == [
        "_links",
        "LastUpdatedId",
        "UtcLastModified",
        "UpdatedAccountId",
    ]
    assert result.findtext("UpdatedAccountId") == str(account_id)
    after = sandbox.read(account_id)
    assert (after["Name"], after["IsActive"], after["DefaultTaxCode"]) == (
        "Cleaning & Hygiene",
        False,
        None,
    )
    assert after["LastUpdatedId"] == result.findtext("LastUpdatedId")
    assert after["LastModifiedDateUtc"] == result.findtext("UtcLastModified")


def test_xml_body_accepts_numeric_booleans_and_a_json_answer(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = detail_without_bank(sandbox.everything())["Id"]
    read = sandbox.call("GET", f"/Account/{account_id}", headers={"Accept": "text/xml"})
    document = etree.fromstring(read.content)
    _set(document, "IncludeInForecaster", "1")
    response = sandbox.call(
        "PUT",
        f"/Account/{account_id}",
        content=etree.tostring(document),
        headers={"Content-Type": "text/xml; charset=utf-8"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["UpdatedAccountId"] == account_id
    assert sandbox.read(account_id)["IncludeInForecaster"] is True


def test_json_property_names_bind_in_any_case(serve: Serve) -> None:
    sandbox = start(serve)
    account = sandbox.read(detail_without_bank(sandbox.everything())["Id"])
    body = {name.lower(): value for name, value in unlinked(account).items()}
    body["name"] = "Renamed in lower case"
    assert sandbox.put(account["Id"], body).status_code == 200
    assert sandbox.read(account["Id"])["Name"] == "Renamed in lower case"


def test_stale_last_updated_id_is_409_and_leaves_the_account_alone(serve: Serve) -> None:
    sandbox = start(serve)
    original = sandbox.read(detail_without_bank(sandbox.everything())["Id"])
    assert sandbox.put(original["Id"], {**unlinked(original), "Name": "Winner"}).status_code == 200
    winner = sandbox.read(original["Id"])
    for stale in (original["LastUpdatedId"], "AAAAAAA", "not base64 at all"):
        response = sandbox.put(
            original["Id"], {**unlinked(original), "Name": "Loser", "LastUpdatedId": stale}
        )
        assert response.status_code == 409, stale
        assert set(response.json()) == {"Message"}
        assert sandbox.read(original["Id"]) == winner
    xml = sandbox.call(
        "PUT",
        f"/Account/{original['Id']}",
        content=_xml_body({**unlinked(original), "Name": "Loser"}),
        headers=XML,
    )
    assert xml.status_code == 409
    assert etree.fromstring(xml.content).findtext("Message") == response.json()["Message"]
    assert sandbox.read(original["Id"]) == winner


Pick = Callable[[list[Account]], Account]
Change = Callable[[Account, list[Account]], dict[str, Any]]


def _plain(accounts: list[Account]) -> Account:
    return detail_without_bank(accounts)


def _parent(accounts: list[Account]) -> Account:
    headers_in_use = {a["HeaderAccountId"] for a in accounts}
    return next(a for a in accounts if a["Id"] in headers_in_use)


def _base_bank(accounts: list[Account]) -> Account:
    used = {a["ExchangeAccountId"] for a in accounts}
    return next(a for a in accounts if a["Id"] in used)


def _bank(accounts: list[Account]) -> Account:
    return first(accounts, IsBankAccount=True, Currency="USD")


def _other(accounts: list[Account], account: Account, **wanted: Any) -> Account:
    return next(
        a
        for a in accounts
        if a["Id"] != account["Id"] and all(a[k] == v for k, v in wanted.items())
    )


def _setting(name: str, value: Any) -> Change:
    return lambda account, accounts: {name: value}


RULES: list[tuple[str, Pick, Change]] = [
    ("Name", _plain, lambda a, _: {"Name": "   "}),
    ("Name", _plain, lambda a, _: {"Name": "x" * 76}),
    ("AccountType", _plain, lambda a, _: {"AccountType": "Revenue"}),
    ("AccountType", _plain, lambda a, _: {"AccountType": None}),
    ("AccountLevel", _plain, lambda a, _: {"AccountLevel": "Summary"}),
    ("AccountLevel", _parent, lambda a, _: {"AccountLevel": "Detail"}),
    ("Currency", _plain, lambda a, _: {"Currency": "aud"}),
    ("Currency", _plain, lambda a, _: {"Currency": None}),
    ("Id", _plain, lambda a, _: {"Id": a["Id"] + 1}),
    ("IsBuiltIn", _plain, lambda a, _: {"IsBuiltIn": True}),
    ("IsActive", _plain, lambda a, _: {"IsActive": None}),
    ("IsBankAccount", _plain, lambda a, _: {"IsBankAccount": None}),
    ("IncludeInForecaster", _plain, lambda a, _: {"IncludeInForecaster": None}),
    ("LastUpdatedId", _plain, lambda a, _: {"LastUpdatedId": None}),
    ("LastUpdatedId", _plain, lambda a, _: {"LastUpdatedId": ""}),
    (
        "HeaderAccountId",
        _plain,
        lambda a, all_: {"HeaderAccountId": _other(all_, a, AccountLevel="Detail")["Id"]},
    ),
    ("HeaderAccountId", _plain, lambda a, all_: {"HeaderAccountId": -5}),
    (
        "HeaderAccountId",
        _parent,
        lambda a, all_: {"HeaderAccountId": _other(all_, a, AccountLevel="Header")["Id"]},
    ),
    (
        "ExchangeAccountId",
        _plain,
        lambda a, all_: {"ExchangeAccountId": _other(all_, a, IsBankAccount=False)["Id"]},
    ),
    ("ExchangeAccountId", _bank, lambda a, _: {"ExchangeAccountId": a["Id"]}),
    ("MerchantFeeAccountId", _bank, lambda a, _: {"MerchantFeeAccountId": -1}),
    ("MerchantFeeAccountId", _bank, lambda a, _: {"MerchantFeeAccountId": a["Id"]}),
    ("LedgerCode", _plain, lambda a, all_: {"LedgerCode": _other(all_, a)["LedgerCode"]}),
    ("BSB", _bank, lambda a, _: {"BSB": "06200"}),
    ("BSB", _bank, lambda a, _: {"BSB": "062-000"}),
    (
        "IsBankAccount",
        _base_bank,
        lambda a, _: {"IsBankAccount": False, **dict.fromkeys(BANK_FIELDS)},
    ),
    *[
        (name, _plain, _setting(name, value))
        for name, value in zip(
            BANK_FIELDS, ["062000", "1234", "Pty Ltd", True, "CBA", "123456", 1, True], strict=True
        )
    ],
    ("Name", _plain, lambda a, _: {"Name": 7}),
    ("IsActive", _plain, lambda a, _: {"IsActive": "true"}),
    ("HeaderAccountId", _plain, lambda a, _: {"HeaderAccountId": "12"}),
    ("HeaderAccountId", _plain, lambda a, _: {"HeaderAccountId": 2**31}),
    ("CreatedDateUtc", _plain, lambda a, _: {"CreatedDateUtc": "yesterday"}),
]


def test_each_rule_reports_its_property_alone_and_changes_nothing(serve: Serve) -> None:
    """One sandbox for all rules: each broken update must leave the account as it was."""
    sandbox = start(serve)
    accounts = sandbox.everything()
    mismatches = []
    for index, (field, pick, change) in enumerate(RULES):
        account = sandbox.read(pick(accounts)["Id"])
        response = sandbox.put(account["Id"], {**unlinked(account), **change(account, accounts)})
        body = response.json()
        reported = list(body.get("ModelState", {}))
        messages = body.get("ModelState", {}).get(field, [])
        if (
            response.status_code != 400
            or body["Message"] != "The request is invalid."
            or reported != [field]
            or not all(isinstance(m, str) and m for m in messages)
            or sandbox.read(account["Id"]) != account
        ):
            mismatches.append((index, field, response.status_code, reported))
    assert mismatches == []


def test_every_problem_is_reported_at_once_in_json_and_xml(serve: Serve) -> None:
    sandbox = start(serve)
    accounts = sandbox.everything()
    account = sandbox.read(_plain(accounts)["Id"])
    broken = {
        **unlinked(account),
        "Id": account["Id"] + 1,
        "Name": "",
        "AccountType": "Sales",
        "AccountLevel": "Leaf",
        "Currency": "dollars",
        "IsBuiltIn": True,
        "IsActive": None,
        "LastUpdatedId": None,
        "LedgerCode": _other(accounts, account)["LedgerCode"],
        "ExchangeAccountId": account["Id"],
        "MerchantFeeAccountId": account["Id"],
        "BSB": "12",
        "HeaderAccountId": "not a number",
    }
    expected = {
        "Id",
        "Name",
        "AccountType",
        "AccountLevel",
        "Currency",
        "IsBuiltIn",
        "IsActive",
        "LastUpdatedId",
        "LedgerCode",
        "ExchangeAccountId",
        "MerchantFeeAccountId",
        "BSB",
        "HeaderAccountId",
    }
    response = sandbox.put(account["Id"], broken)
    assert response.status_code == 400
    assert set(response.json()["ModelState"]) == expected
    xml = sandbox.call("PUT", f"/Account/{account['Id']}", content=_xml_body(broken), headers=XML)
    assert xml.status_code == 400
    root = etree.fromstring(xml.content)
    assert root.findtext("Message") == "The request is invalid."
    reported = {error.get("Property") for error in root.iterfind("ModelState/Error")}
    assert reported == expected
    assert sandbox.read(account["Id"]) == account


def test_allowed_structural_changes_go_through(serve: Serve) -> None:
    sandbox = start(serve)
    accounts = sandbox.everything()
    plain = sandbox.read(_plain(accounts)["Id"])
    new_header = _other(accounts, plain, AccountLevel="Header", AccountType=plain["AccountType"])
    if new_header["Id"] == plain["HeaderAccountId"]:
        new_header = _other(accounts, new_header, AccountLevel="Header")
    moved = {**unlinked(plain), "HeaderAccountId": new_header["Id"], "AccountLevel": None}
    assert sandbox.put(plain["Id"], moved).status_code == 200
    after = sandbox.read(plain["Id"])
    assert (after["HeaderAccountId"], after["AccountLevel"]) == (new_header["Id"], "Detail")
    under = sandbox.everything(HeaderAccountId=new_header["Id"])
    assert plain["Id"] in [a["Id"] for a in under]
    used = {a["ExchangeAccountId"] for a in accounts} | {
        a["MerchantFeeAccountId"] for a in accounts
    }
    free_bank = next(a for a in accounts if a["IsBankAccount"] and a["Id"] not in used)
    closed = {**unlinked(sandbox.read(free_bank["Id"])), "IsBankAccount": False}
    closed.update(dict.fromkeys(BANK_FIELDS))
    assert sandbox.put(free_bank["Id"], closed).status_code == 200
    assert sandbox.read(free_bank["Id"])["IsBankAccount"] is False
    assert all(type_ in ACCOUNT_TYPES for type_ in {a["AccountType"] for a in accounts})


UNREADABLE = [
    (b"{not json", "application/json", 400),
    (b"[1, 2]", "application/json", 400),
    (b"", "application/json", 400),
    (b"<AccountDetail><Name>x</AccountDetail>", "application/xml", 400),
    (b"<Account><Name>x</Name></Account>", "application/xml", 400),
    (b"Name=x", "application/x-www-form-urlencoded", 415),
    (b"{}", "text/plain", 415),
]


def test_unreadable_bodies_are_refused(serve: Serve) -> None:
    sandbox = start(serve)
    account = sandbox.read(_plain(sandbox.everything())["Id"])
    answered = []
    for content, content_type, _ in UNREADABLE:
        response = sandbox.call(
            "PUT",
            f"/Account/{account['Id']}",
            content=content,
            headers={"Content-Type": content_type},
        )
        answered.append((content, content_type, response.status_code))
        assert set(response.json()) == {"Message"}
    assert answered == UNREADABLE
    assert sandbox.read(account["Id"]) == account


def test_xml_type_errors_are_reported_by_property(serve: Serve) -> None:
    sandbox = start(serve)
    account = sandbox.read(_plain(sandbox.everything())["Id"])
    body = _xml_body({**unlinked(account), "IsActive": "maybe", "HeaderAccountId": "x1"})
    response = sandbox.call("PUT", f"/Account/{account['Id']}", content=body, headers=XML)
    assert response.status_code == 400
    reported = {e.get("Property") for e in etree.fromstring(response.content).iter("Error")}
    assert reported == {None, "IsActive", "HeaderAccountId"}


def test_update_of_an_unknown_account_is_404(serve: Serve) -> None:
    sandbox = start(serve)
    accounts = sandbox.everything()
    missing = max(a["Id"] for a in accounts) + 1
    body = {**unlinked(accounts[-1]), "Id": None}
    response = sandbox.put(missing, body)
    assert response.status_code == 404
    assert set(response.json()) == {"Message"}


def _set(document: etree._Element, name: str, text: str | None) -> None:
    element = document.find(name)
    assert element is not None
    if text is None:
        element.text = None
        element.set(f"{{{XSI}}}nil", "true")
    else:
        element.attrib.pop(f"{{{XSI}}}nil", "")
        element.text = text


def _xml_body(values: dict[str, Any]) -> bytes:
    """An AccountDetail document written the way the docs' request sample is."""
    root = etree.Element("AccountDetail", nsmap={"xsi": XSI})
    etree.SubElement(root, "_links")
    for name, value in values.items():
        element = etree.SubElement(root, name)
        if value is None:
            element.set(f"{{{XSI}}}nil", "true")
        elif isinstance(value, bool):
            element.text = "true" if value else "false"
        else:
            element.text = str(value)
    return etree.tostring(root)

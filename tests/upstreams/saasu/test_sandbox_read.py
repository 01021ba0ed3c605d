"""Saasu sandbox: GET Account/{id} in JSON and XML, links, negotiation, 404."""

from __future__ import annotations

import base64
import re

from lxml import etree

from tests.conftest import Serve
from tests.upstreams.saasu.sandbox_support import (
    DOC_FIELDS,
    FILE_ID,
    WS_ACCESS_KEY,
    XSI,
    first,
    start,
)

DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z")


def test_json_read_has_exactly_the_documented_fields_in_order(serve: Serve) -> None:
    sandbox = start(serve)
    listed = sandbox.everything()
    for wanted in (
        {"AccountLevel": "Header"},
        {"IsBankAccount": True, "BankFileCreationEnabled": True},
        {"IsBankAccount": False, "AccountLevel": "Detail"},
    ):
        account_id = first(listed, **wanted)["Id"]
        response = sandbox.call("GET", f"/Account/{account_id}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        account = response.json()
        assert list(account) == [*DOC_FIELDS, "_links"]
        assert account["Id"] == account_id
        assert DATE.fullmatch(account["CreatedDateUtc"])
        assert DATE.fullmatch(account["LastModifiedDateUtc"])
        assert account["LastModifiedDateUtc"] >= account["CreatedDateUtc"]
        assert len(base64.b64decode(account["LastUpdatedId"], validate=True)) == 8
        for link in account["_links"]:
            assert list(link) == ["rel", "href", "method", "title"]


def test_read_links_are_absolute_from_the_called_base_url(serve: Serve) -> None:
    sandbox = start(serve)
    child = first(sandbox.everything(), AccountLevel="Detail")
    account = sandbox.read(child["Id"])
    own = f"{sandbox.base_url}/Account/{child['Id']}?FileId={FILE_ID}"
    header = f"{sandbox.base_url}/Account/{account['HeaderAccountId']}?FileId={FILE_ID}"
    assert account["_links"] == [
        {"rel": "self", "href": own, "method": "GET", "title": None},
        {
            "rel": "list",
            "href": f"{sandbox.base_url}/Accounts?FileId={FILE_ID}",
            "method": "GET",
            "title": None,
        },
        {"rel": "update", "href": own, "method": "PUT", "title": None},
        {"rel": "delete", "href": own, "method": "DELETE", "title": None},
        {"rel": "related", "href": header, "method": "GET", "title": "HeaderAccount"},
    ]
    followed = sandbox.client.get(f"{header}&WsAccessKey={WS_ACCESS_KEY}")
    assert followed.json()["AccountLevel"] == "Header"


def test_an_account_without_a_header_has_no_related_link(serve: Serve) -> None:
    sandbox = start(serve)
    header = first(sandbox.everything(), AccountLevel="Header")
    rels = [link["rel"] for link in sandbox.read(header["Id"])["_links"]]
    assert rels == ["self", "list", "update", "delete"]


def test_xml_read_matches_the_json_read_in_the_docs_sample_style(serve: Serve) -> None:
    sandbox = start(serve)
    bank = first(sandbox.everything(), IsBankAccount=True, Currency="USD")
    plain = first(sandbox.everything(), IsBankAccount=False, AccountLevel="Detail")
    for account_id in (bank["Id"], plain["Id"]):
        as_json = sandbox.read(account_id)
        response = sandbox.call(
            "GET", f"/Account/{account_id}", headers={"Accept": "application/xml"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
        root = etree.fromstring(response.content)
        assert root.tag == "AccountDetail"
        assert root.nsmap == {
            "xsd": "http://www.w3.org/2001/XMLSchema",
            "xsi": XSI,
        }
        assert [child.tag for child in root] == ["_links", *DOC_FIELDS]
        for name in DOC_FIELDS:
            element = root.find(name)
            assert element is not None
            expected = as_json[name]
            if expected is None:
                assert element.get(f"{{{XSI}}}nil") == "true", name
                assert element.text is None
            else:
                assert element.get(f"{{{XSI}}}nil") is None
                assert element.text == _xml_text(expected), name
        links = root.find("_links")
        assert links is not None
        xml_links = [{field.tag: field.text for field in link} for link in links.iterfind("Link")]
        json_links = [
            {k: v for k, v in link.items() if v is not None} for link in as_json["_links"]
        ]
        assert xml_links == json_links


def test_nulls_are_null_in_json_and_nil_in_xml(serve: Serve) -> None:
    sandbox = start(serve)
    plain = first(sandbox.everything(), IsBankAccount=False, AccountLevel="Detail")
    account = sandbox.read(plain["Id"])
    nulls = [name for name in DOC_FIELDS if account[name] is None]
    assert {"BSB", "Number", "BankAccountName", "BankCode", "UserNumber"} <= set(nulls)
    xml = sandbox.call("GET", f"/Account/{plain['Id']}", headers={"Accept": "text/xml"})
    assert xml.headers["content-type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(xml.content)
    nil = [child.tag for child in root if child.get(f"{{{XSI}}}nil") == "true"]
    assert nil == nulls


def test_accept_is_negotiated_by_quality_and_defaults_to_json(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = sandbox.listing(PageSize=1)[0]["Id"]
    cases = {
        "": "application/json",
        "*/*": "application/json",
        "text/html": "application/json",
        "text/json": "text/json",
        "application/xml;q=0.9, application/json;q=0.5": "application/xml",
        "application/json;q=0.2, text/xml": "text/xml",
        "application/xml;q=0, */*": "application/json",
        "text/html, application/xml": "application/xml",
        "*/*, application/xml": "application/xml",
        "text/*": "text/json",
    }
    for accept, media in cases.items():
        response = sandbox.call("GET", f"/Account/{account_id}", headers={"Accept": accept})
        assert response.status_code == 200
        assert response.headers["content-type"] == f"{media}; charset=utf-8", accept
        if "xml" in media:
            assert etree.fromstring(response.content).tag == "AccountDetail"
        else:
            assert response.json()["Id"] == account_id


def test_unknown_account_is_404_in_both_formats(serve: Serve) -> None:
    sandbox = start(serve)
    missing = max(a["Id"] for a in sandbox.everything()) + 1
    response = sandbox.call("GET", f"/Account/{missing}")
    assert response.status_code == 404
    assert set(response.json()) == {"Message"}
    xml = sandbox.call("GET", f"/Account/{missing}", headers={"Accept": "application/xml"})
    assert xml.status_code == 404
    assert etree.fromstring(xml.content).findtext("Message") == response.json()["Message"]


def test_non_numeric_id_is_400_and_unrouted_calls_speak_the_api(serve: Serve) -> None:
    sandbox = start(serve)
    bad = sandbox.call("GET", "/Account/abc")
    assert bad.status_code == 400
    assert list(bad.json()["ModelState"]) == ["id"]
    nowhere = sandbox.call("GET", "/Nowhere")
    assert nowhere.status_code == 404
    assert set(nowhere.json()) == {"Message"}
    delete = sandbox.call("DELETE", f"/Account/{sandbox.listing(PageSize=1)[0]['Id']}")
    assert delete.status_code == 405
    assert "DELETE" in delete.json()["Message"]
    assert "GET" in delete.headers["allow"]


def test_query_names_are_case_insensitive(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = sandbox.listing(PageSize=1)[0]["Id"]
    response = sandbox.client.get(
        f"/Account/{account_id}",
        params={"wSaCCessKEY": WS_ACCESS_KEY, "FILEID": FILE_ID},
    )
    assert response.status_code == 200
    listed = sandbox.client.get(
        "/Accounts",
        params={
            "wsaccesskey": WS_ACCESS_KEY,
            "fileid": FILE_ID,
            "pagesize": 3,
            "ISBANKACCOUNT": "true",
        },
    ).json()["Accounts"]
    assert len(listed) == 3
    assert all(a["IsBankAccount"] for a in listed)


def _xml_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""The sandbox's 401, 404 and 422 answers: every message, all problems at once, nothing changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Serve
from tests.upstreams.invoicexpress.sandbox_support import (
    FIRST_ID,
    KEY,
    Api,
    Format,
    Members,
    encode,
    formats,
    refused,
    sandbox,
    unused_nif,
    with_fiscal_id,
    without_fiscal_id,
)

GOOD_CREDENTIALS = {"username": "123456789/1", "password": "cGFzc3dvcmQ="}

Case = Callable[[list[Members]], tuple[int, Members]]


def on_first(change: Members) -> Case:
    return lambda accounts: (FIRST_ID, change)


def credentials(**change: str) -> Case:
    return on_first({"credentials": {**GOOD_CREDENTIALS, **change}})


def vat_changed(accounts: list[Members]) -> tuple[int, Members]:
    return with_fiscal_id(accounts)["id"], {"fiscal_id": unused_nif(accounts)}


def vat_used(accounts: list[Members]) -> tuple[int, Members]:
    taken = with_fiscal_id(accounts)["fiscal_id"]
    return without_fiscal_id(accounts)["id"], {"fiscal_id": taken}


def password_left_out(accounts: list[Members]) -> tuple[int, Members]:
    return FIRST_ID, {"credentials": {"username": "123456789/1"}}


def username_left_out(accounts: list[Members]) -> tuple[int, Members]:
    return FIRST_ID, {"credentials": {"password": "cGFzc3dvcmQ="}}


POSTAL = "Postal Code must have the following format DDDD-DDD"
VAT_CHANGED = "Vat Number can't be changed"
USERNAME_BLANK = "Username is not valid."
USERNAME_FORMAT = "Username doesn't match required format."
PASSWORD = "Password is not valid."
REFUSALS: dict[str, list[Case]] = {
    POSTAL: [
        on_first({"postal_code": "1500555"}),
        on_first({"postal_code": "150-555"}),
        on_first({"postal_code": "1500-555 "}),
        on_first({"postal_code": "1500-5555"}),
        on_first({"postal_code": "１５００-５５５"}),
        on_first({"postal_code": ""}),
    ],
    VAT_CHANGED: [
        vat_changed,
        lambda accounts: (with_fiscal_id(accounts)["id"], {"fiscal_id": ""}),
    ],
    "Vat Number is already used in another account": [vat_used],
    USERNAME_BLANK: [credentials(username=""), credentials(username="   "), username_left_out],
    USERNAME_FORMAT: [
        credentials(username="12345678/1"),
        credentials(username="1234567891"),
        credentials(username=" 123456789/1"),
        credentials(username="１２３４５６７８９/1"),
    ],
    PASSWORD: [
        credentials(password=""),
        password_left_out,
        credentials(password="pass word"),
        credentials(password="cGFzc3dvcmQ"),
        credentials(password="cGFzc3dvcmR="),
        credentials(password="-_-_"),
        credentials(password="cGFzc3dvcmQ=\n"),
        credentials(password="cGFzc3dvcmQé"),
    ],
    "Credential type is invalid.": [
        credentials(type="at"),
        credentials(type="SS"),
        credentials(type=""),
    ],
    "Credential context is invalid.": [
        credentials(context="sequences"),
        credentials(context="Invoices"),
        credentials(context=""),
    ],
    "Organization name can't be blank": [
        on_first({"organization_name": ""}),
        on_first({"organization_name": "  "}),
    ],
    "Email is invalid": [
        on_first({"email": "swat.weareswat.com"}),
        on_first({"email": "swat@weareswat"}),
        on_first({"email": "swat @weareswat.com"}),
        on_first({"email": ""}),
    ],
    "Terms must be accepted": [on_first({"terms": "0"}), on_first({"terms": ""})],
    "Tax country is invalid": [
        on_first({"tax_country": "Portugal"}),
        on_first({"tax_country": "999"}),
        on_first({"tax_country": ""}),
    ],
    "Language is invalid": [on_first({"language": "fr"}), on_first({"language": "PT"})],
    "Marketing is invalid": [on_first({"marketing": "yes"}), on_first({"marketing": ""})],
}


@formats
@pytest.mark.parametrize("message", list(REFUSALS))
def test_each_refusal_has_its_message_and_changes_nothing(
    serve: Serve, fmt: Format, message: str
) -> None:
    with sandbox(serve) as api:
        accounts = api.accounts()
        for case in REFUSALS[message]:
            account_id, change = case(accounts)
            response = api.update(account_id, fmt, {"city": "Faro", **change})
            assert refused(fmt, response) == [message], change
            assert api.read(account_id) == next(a for a in accounts if a["id"] == account_id)


@formats
def test_every_problem_is_reported_at_once(serve: Serve, fmt: Format) -> None:
    change = {
        "organization_name": "",
        "email": "nobody",
        "tax_country": "0",
        "language": "de",
        "terms": "0",
        "marketing": "2",
        "postal_code": "15-555",
        "city": "Faro",
        "credentials": {"username": "12/1", "password": "%%%", "type": "XX", "context": "Other"},
    }
    with sandbox(serve) as api:
        before = api.accounts()
        target = with_fiscal_id(before)
        change["fiscal_id"] = without_fiscal_id(before)["fiscal_id"] or unused_nif(before)
        messages = refused(fmt, api.update(target["id"], fmt, change))
        assert api.accounts() == before
    assert messages == [
        "Organization name can't be blank",
        "Email is invalid",
        "Vat Number can't be changed",
        "Tax country is invalid",
        "Language is invalid",
        "Terms must be accepted",
        "Marketing is invalid",
        "Postal Code must have the following format DDDD-DDD",
        "Username doesn't match required format.",
        "Password is not valid.",
        "Credential type is invalid.",
        "Credential context is invalid.",
    ]


@formats
def test_a_changed_fiscal_id_another_account_holds_is_both_problems(
    serve: Serve, fmt: Format
) -> None:
    with sandbox(serve) as api:
        accounts = api.accounts()
        holders = [a for a in accounts if a["fiscal_id"] is not None]
        response = api.update(holders[0]["id"], fmt, {"fiscal_id": holders[1]["fiscal_id"]})
        assert refused(fmt, response) == [
            "Vat Number can't be changed",
            "Vat Number is already used in another account",
        ]
        assert api.accounts() == accounts


@formats
def test_empty_credentials_lack_username_and_password(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        messages = refused(fmt, api.update(FIRST_ID, fmt, {"credentials": {}}))
    assert messages == ["Username is not valid.", "Password is not valid."]


@formats
def test_a_missing_or_wrong_key_is_denied(serve: Serve, fmt: Format) -> None:
    """Before anything else: even an unknown account or a bad body is 401 without the key."""
    body = encode(fmt, {"city": "Faro"})
    with sandbox(serve) as api:
        before = api.read(FIRST_ID)
        for key in (None, "", "wrong-key", f"{KEY}-2", KEY[:-1], KEY.upper()):
            assert refused(fmt, api.get(FIRST_ID, fmt, key=key), 401) == ["Access denied"]
            update = api.put(FIRST_ID, fmt, body, key=key)
            assert refused(fmt, update, 401) == ["Access denied"]
            assert refused(fmt, api.put(FIRST_ID, fmt, b"{", key=key), 401) == ["Access denied"]
            unknown = api.get(FIRST_ID + 9000, fmt, key=key)
            assert refused(fmt, unknown, 401) == ["Access denied"]
        assert api.read(FIRST_ID) == before


def test_the_configured_key_is_the_one_accepted(serve: Serve) -> None:
    from upstreams.invoicexpress.sandbox import SandboxConfig

    with sandbox(serve, SandboxConfig(api_key="other-key")) as api:
        assert api.get(FIRST_ID, "json").status_code == 401
        assert api.get(FIRST_ID, "json", key="other-key").status_code == 200


@formats
def test_an_unknown_account_is_not_found(serve: Serve, fmt: Format) -> None:
    """Before the body is read: a bad body on no account is still 404."""
    unknown: list[int | str] = [FIRST_ID - 1, FIRST_ID + 4, "abc", "11001x", "-11001", "9" * 40]
    with sandbox(serve) as api:
        for account_id in unknown:
            assert refused(fmt, api.get(account_id, fmt), 404) == ["Account not found"]
            update = api.put(account_id, fmt, b"not even a body")
            assert refused(fmt, update, 404) == ["Account not found"]


BAD_JSON: list[tuple[str, bytes]] = [
    ("not-json", b"{account: "),
    ("empty", b""),
    ("array", b"[]"),
    ("no-account", b'{"city": "Faro"}'),
    ("account-text", b'{"account": "Faro"}'),
    ("account-null", b'{"account": null}'),
    ("credentials-text", b'{"account": {"credentials": "123456789/1"}}'),
    ("boolean", b'{"account": {"terms": true}}'),
    ("float", b'{"account": {"tax_country": 1.0}}'),
    ("object-for-text", b'{"account": {"city": {"name": "Faro"}}}'),
    ("list-for-text", b'{"account": {"credentials": {"username": ["123456789/1"]}}}'),
    ("control-character", b'{"account": {"city": "Faro\\u0001"}}'),
    ("lone-surrogate", b'{"account": {"city": "Faro\\ud800"}}'),
    ("not-utf8", b'{"account": {"city": "\xff"}}'),
]
BAD_XML: list[tuple[str, bytes]] = [
    ("not-xml", b"<account><city>Faro</account>"),
    ("empty", b""),
    ("wrong-root", b"<accounts><city>Faro</city></accounts>"),
    ("namespaced-root", b'<account xmlns="urn:x"><city>Faro</city></account>'),
    ("text-root", b"<account>Faro</account>"),
    ("repeated", b"<account><city>Faro</city><city>Tavira</city></account>"),
    ("nested", b"<account><city><name>Faro</name></city></account>"),
    ("credentials-text", b"<account><credentials>123456789/1</credentials></account>"),
    ("doctype", b"<!DOCTYPE account><account><city>Faro</city></account>"),
    (
        "entity",
        b'<?xml version="1.0"?><!DOCTYPE account [<!ENTITY c "Faro">]>'
        b"<account><city>&c;</city></account>",
    ),
    (
        "external-entity",
        b'<?xml version="1.0"?><!DOCTYPE account [<!ENTITY c SYSTEM "file:///etc/hostname">]>'
        b"<account><city>&c;</city></account>",
    ),
]


CONTENT_TYPE_MISMATCHES: list[tuple[Format, bytes, str]] = [
    ("json", b'{"account": {"city": "Faro"}}', "application/xml"),
    ("json", b'{"account": {"city": "Faro"}}', "text/plain"),
    ("json", b'{"account": {"city": "Faro"}}', ""),
    ("xml", b"<account><city>Faro</city></account>", "application/json"),
    ("xml", b"<account><city>Faro</city></account>", "application/x-www-form-urlencoded"),
    ("xml", b"<account><city>Faro</city></account>", ""),
]


def assert_body_invalid(
    api: Api, fmt: Format, body: bytes, content_type: str | None = None
) -> None:
    before = api.read(FIRST_ID)
    response = api.put(FIRST_ID, fmt, body, content_type)
    assert refused(fmt, response) == ["Request body is invalid"], body
    assert api.read(FIRST_ID) == before


def test_an_unreadable_json_body_is_invalid(serve: Serve) -> None:
    with sandbox(serve) as api:
        for _, body in BAD_JSON:
            assert_body_invalid(api, "json", body)


def test_an_unreadable_xml_body_is_invalid(serve: Serve) -> None:
    with sandbox(serve) as api:
        for _, body in BAD_XML:
            assert_body_invalid(api, "xml", body)


def test_a_body_in_another_content_type_is_invalid(serve: Serve) -> None:
    with sandbox(serve) as api:
        for fmt, body, content_type in CONTENT_TYPE_MISMATCHES:
            assert_body_invalid(api, fmt, body, content_type)


def test_a_body_problem_hides_field_problems(serve: Serve) -> None:
    """Nothing can be checked in a body that cannot be read: one message, alone."""
    body = b'{"account": {"postal_code": "1", "terms": false}}'
    with sandbox(serve) as api:
        assert refused("json", api.put(FIRST_ID, "json", body)) == ["Request body is invalid"]

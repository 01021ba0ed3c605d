"""The InvoiceXpress sandbox over HTTP: seeded accounts, reads and updates in both formats."""

from __future__ import annotations

import base64
import re

import httpx

from tests.conftest import Serve
from tests.upstreams.invoicexpress.sandbox_support import (
    FIRST_ID,
    KEY,
    Format,
    decode_account,
    formats,
    nif_is_valid,
    sandbox,
    seeded_ids,
    unused_nif,
    with_fiscal_id,
    without_fiscal_id,
)
from upstreams.invoicexpress.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import World

MEMBERS = [
    "id",
    "organization_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "fiscal_id",
    "tax_country",
    "language",
    "address",
    "postal_code",
    "city",
    "terms",
    "marketing",
    "credentials",
]
DOCS_XML_BODY = (
    "<account><organization_name>SWAT</organization_name> <fiscal_id>{fiscal_id}</fiscal_id> "
    "<address>Saldanha</address> <postal_code>1500-555</postal_code> <city>Lisboa</city> "
    "<email>swat@weareswat.com</email> <terms>1</terms> <credentials><username>123456789/1"
    "</username> <password>cGFzc3dvcmQ=</password> <context>Sequences</context> <type>AT</type>"
    "</credentials></account>"
)


def test_seeds_portuguese_organisations(serve: Serve) -> None:
    with sandbox(serve) as api:
        accounts = api.accounts()
    assert [a["id"] for a in accounts] == list(seeded_ids())
    assert len(accounts) == World().invoicing_accounts == 4
    for account in accounts:
        assert list(account) == MEMBERS
        assert account["organization_name"]
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.pt", account["email"])
        assert account["city"] in ("Lisboa", "Porto")
        assert re.fullmatch(r"\d{4}-\d{3}", account["postal_code"])
        area = int(account["postal_code"][:4])
        assert (1000 <= area < 2000) if account["city"] == "Lisboa" else (4000 <= area < 5000)
        assert account["tax_country"] == "1"
        assert account["language"] in ("pt", "en")
        assert account["terms"] == "1"
    assert {a["city"] for a in accounts} == {"Lisboa", "Porto"}
    assert {a["language"] for a in accounts} == {"pt", "en"}
    fiscal_ids = [a["fiscal_id"] for a in accounts if a["fiscal_id"] is not None]
    assert len(fiscal_ids) == 3 == len(set(fiscal_ids))
    assert all(nif_is_valid(nif) for nif in fiscal_ids)
    assert len({a["organization_name"] for a in accounts}) == 4
    assert sum(a["credentials"] is None for a in accounts) == 2
    for account in accounts:
        if account["credentials"] is not None:
            assert account["credentials"]["username"].startswith(f"{account['fiscal_id']}/")
            assert account["credentials"]["type"] == "AT"
            assert account["credentials"]["context"] == "Sequences"


def test_seeds_follow_the_world(serve: Serve) -> None:
    with sandbox(serve) as first, sandbox(serve) as again:
        assert first.accounts() == again.accounts()
    other = World(seed=7, invoicing_accounts=6)
    with sandbox(serve, SandboxConfig(world=other)) as api:
        reseeded = [api.read(account_id) for account_id in seeded_ids(other)]
        assert api.get(FIRST_ID + 6, "json").status_code == 404
    with sandbox(serve) as api:
        assert reseeded[:4] != api.accounts()


@formats
def test_answers_carry_their_format(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        response = api.get(FIRST_ID, fmt)
    assert response.status_code == 200
    if fmt == "xml":
        assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert decode_account(fmt, response)["id"] == FIRST_ID


def test_json_and_xml_show_the_same_accounts(serve: Serve) -> None:
    with sandbox(serve) as api:
        assert api.accounts("json") == api.accounts("xml")


@formats
def test_update_changes_what_is_sent_and_later_reads_see_it(serve: Serve, fmt: Format) -> None:
    change = {
        "first_name": "Inês",
        "last_name": "Araújo",
        "organization_name": "Évora & Filhos <Comércio>, Lda.",
        "phone": "+351 266 000 000",
        "email": "geral@evora-filhos.pt",
        "tax_country": "2",
        "language": "es",
        "marketing": "1",
        "address": "Praça do Giraldo 1",
        "postal_code": "7000-508",
        "city": "Évora",
    }
    with sandbox(serve) as api:
        before = api.read(FIRST_ID)
        response = api.update(FIRST_ID, fmt, change)
        assert response.status_code == 200, response.text
        answered = decode_account(fmt, response)
        assert answered == {**before, **change}
        assert api.read(FIRST_ID, "json") == answered
        assert api.read(FIRST_ID, "xml") == answered
        assert api.read(FIRST_ID + 1) != answered


@formats
def test_fields_left_out_keep_their_values(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        before = api.read(FIRST_ID)
        assert api.update(FIRST_ID, fmt, {"city": "Braga"}).status_code == 200
        assert api.read(FIRST_ID) == {**before, "city": "Braga"}
        assert api.update(FIRST_ID, fmt, {}).status_code == 200
        assert api.read(FIRST_ID) == {**before, "city": "Braga"}


@formats
def test_an_empty_optional_field_clears_it(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        before = api.read(FIRST_ID)
        assert api.update(FIRST_ID, fmt, {"phone": "", "first_name": ""}).status_code == 200
        assert api.read(FIRST_ID, fmt) == {**before, "phone": None, "first_name": None}


def test_the_docs_xml_body_updates_an_account(serve: Serve) -> None:
    with sandbox(serve) as api:
        accounts = api.accounts()
        target = without_fiscal_id(accounts)
        fiscal_id = "508025339"
        assert fiscal_id not in {a["fiscal_id"] for a in accounts}
        body = DOCS_XML_BODY.format(fiscal_id=fiscal_id).encode()
        response = api.put(target["id"], "xml", body)
        assert response.status_code == 200, response.text
        expected = {
            **target,
            "organization_name": "SWAT",
            "fiscal_id": fiscal_id,
            "address": "Saldanha",
            "postal_code": "1500-555",
            "city": "Lisboa",
            "email": "swat@weareswat.com",
            "terms": "1",
            "credentials": {"username": "123456789/1", "type": "AT", "context": "Sequences"},
        }
        assert decode_account("xml", response) == expected
        assert api.read(target["id"]) == expected


@formats
def test_the_docs_json_types_are_taken(serve: Serve, fmt: Format) -> None:
    """The docs' JSON sends ``"terms": 1``: integers count as their text."""
    with sandbox(serve) as api:
        response = api.update(FIRST_ID, "json", {"terms": 1, "marketing": 1, "tax_country": 3})
        assert response.status_code == 200, response.text
        account = api.read(FIRST_ID, fmt)
    assert (account["terms"], account["marketing"], account["tax_country"]) == ("1", "1", "3")


@formats
def test_credentials_default_their_type_and_context(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        target = next(a for a in api.accounts() if a["credentials"] is None)
        sent = {"username": "123456789/2", "password": "c2VjcmV0"}
        response = api.update(target["id"], fmt, {"credentials": sent})
        assert response.status_code == 200, response.text
        expected = {"username": "123456789/2", "type": "AT", "context": "Sequences"}
        assert decode_account(fmt, response)["credentials"] == expected
        assert api.read(target["id"])["credentials"] == expected


@formats
def test_passwords_are_never_sent_back(serve: Serve, fmt: Format) -> None:
    account_password = "hunter2-account-pw"
    credentials_password = base64.b64encode(b"tax-authority-pw").decode()
    change = {
        "password": account_password,
        "credentials": {"username": "123456789/3", "password": credentials_password},
    }
    with sandbox(serve) as api:
        updated = api.update(FIRST_ID, fmt, change)
        answers = [updated, api.get(FIRST_ID, "json"), api.get(FIRST_ID, "xml")]
    assert updated.status_code == 200, updated.text
    for answer in answers:
        for secret in (account_password, credentials_password, "tax-authority-pw"):
            assert secret not in answer.text
        assert "password" not in answer.text


@formats
def test_a_fiscal_id_is_set_once(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        accounts = api.accounts()
        target, fiscal_id = without_fiscal_id(accounts), unused_nif(accounts)
        assert api.update(target["id"], fmt, {"fiscal_id": ""}).status_code == 200
        assert api.read(target["id"])["fiscal_id"] is None
        assert api.update(target["id"], fmt, {"fiscal_id": fiscal_id}).status_code == 200
        assert api.read(target["id"]) == {**target, "fiscal_id": fiscal_id}
        assert api.update(target["id"], fmt, {"fiscal_id": fiscal_id}).status_code == 200


@formats
def test_sending_the_fiscal_id_an_account_has_is_no_change(serve: Serve, fmt: Format) -> None:
    with sandbox(serve) as api:
        target = with_fiscal_id(api.accounts())
        response = api.update(target["id"], fmt, {"fiscal_id": target["fiscal_id"]})
        assert response.status_code == 200, response.text
        assert api.read(target["id"]) == target


def test_xml_nil_leaves_a_member_out(serve: Serve) -> None:
    body = b'<account><city nil="true"/><phone>+351 220 000 000</phone></account>'
    with sandbox(serve) as api:
        before = api.read(FIRST_ID)
        assert api.put(FIRST_ID, "xml", body).status_code == 200
        assert api.read(FIRST_ID) == {**before, "phone": "+351 220 000 000"}


def test_json_null_leaves_a_member_out(serve: Serve) -> None:
    with sandbox(serve) as api:
        before = api.read(FIRST_ID)
        change = {"city": None, "credentials": None, "phone": "+351 220 000 000"}
        assert api.update(FIRST_ID, "json", change).status_code == 200
        assert api.read(FIRST_ID) == {**before, "phone": "+351 220 000 000"}


def test_content_type_parameters_are_accepted(serve: Serve) -> None:
    with sandbox(serve) as api:
        json_body = b'{"account": {"city": "Faro"}}'
        assert api.put(FIRST_ID, "json", json_body, "application/json").status_code == 200
        xml_body = b"<account><city>Tavira</city></account>"
        assert api.put(FIRST_ID, "xml", xml_body, "text/xml; charset=UTF-8").status_code == 200
        assert api.read(FIRST_ID)["city"] == "Tavira"


def test_an_account_password_is_kept_as_a_digest_and_empty_keeps_it(serve: Serve) -> None:
    """Never readable over the API, so the store is looked at directly."""
    app = create_app()
    with httpx.Client(base_url=serve(app).base_url) as client:

        def send(password: str) -> int:
            response = client.put(
                f"/api/accounts/{FIRST_ID}/update.json",
                params={"api_key": KEY},
                json={"account": {"password": password}},
            )
            return response.status_code

        stored = app.state.store.get(FIRST_ID)
        seeded = stored.password_digest
        assert send("n3w-account-pässword") == 200
        changed = stored.password_digest
        assert changed != seeded
        assert "n3w-account-pässword" not in changed
        assert send("") == 200
        assert stored.password_digest == changed

"""AccountRead, AccountEditContact and AccountEditRecharge of the prepaid sandbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import Serve
from tests.upstreams.prepaid.sandbox_support import (
    Prepaid,
    account,
    completed,
    has,
    path,
    refusal,
    request_errors,
    text,
)
from upstreams.prepaid.sandbox.records import Account

CONTACT = {
    "Name": "Grace Hopper",
    "Organization": "Harbor Consulting LLC",
    "Address": "12 Front St, Suite 300",
    "City": "Portland",
    "State": "or",
    "Zipcode": "97204",
    "CountryId": "1",
    "Phone": "(503) 555-0188",
    "Email": "grace@harbor.example.com",
}
CONTACT_FIELDS = list(CONTACT)


def _dollars(cents: int) -> str:
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _with_card(api: Prepaid) -> Account:
    return next(a for a in api.store.accounts.values() if a.card is not None)


def test_account_read_returns_the_stored_account(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    for stored in list(api.store.accounts.values())[:10]:
        element = account(api.act(session_id, "AccountRead", AccountId=str(stored.account_id)))
        assert text(element, "AccountId") == str(stored.account_id)
        assert text(element, "Contact/Name") == stored.contact.name
        assert text(element, "Contact/State") == stored.contact.state
        assert text(element, "Contact/Email") == stored.contact.email
        assert text(element, "Balance") == _dollars(stored.balance_cents)
        assert text(element, "CreditLimit") == _dollars(stored.credit_limit_cents)
        assert text(element, "Recharge") == ("true" if stored.recharge else "false")
        assert text(element, "RechargeThreshold") == str(stored.recharge_threshold)
        assert text(element, "RechargeLevel") == str(stored.recharge_level)
        assert datetime.fromisoformat(text(element, "Modified")) == stored.modified
        assert has(element, "CreditCard") == (stored.card is not None)


def test_the_card_on_file_is_masked(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _with_card(api)
    assert stored.card is not None
    card = account(api.act(session_id, "AccountRead", AccountId=str(stored.account_id))).find(
        path("CreditCard")
    )
    assert card is not None
    assert [etree_name(child.tag) for child in card] == [
        "Type",
        "Name",
        "LastFour",
        "ExpirationMonth",
        "ExpirationYear",
    ]
    assert text(card, "LastFour") == stored.card.last_four
    assert text(card, "ExpirationYear") == str(stored.card.expiration_year)


def etree_name(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def test_an_account_without_card_has_no_credit_card_element(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = next(a for a in api.store.accounts.values() if a.card is None)
    element = account(api.act(session_id, "AccountRead", AccountId=str(stored.account_id)))
    assert not has(element, "CreditCard")


def test_account_read_rejects_bad_ids_and_refuses_unknown_ones(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    for value, code in (
        ("", "Required"),
        ("abc", "Invalid"),
        ("1.5", "Invalid"),
        ("0", "TooSmall"),
        ("-7", "TooSmall"),
    ):
        document = api.act(session_id, "AccountRead", AccountId=value)
        assert request_errors(document) == [("AccountId", code)], value
    missing = max(api.store.accounts) + 1000
    assert refusal(api.act(session_id, "AccountRead", AccountId=str(missing))) == "NotFound"


def test_edit_contact_changes_the_contact_and_later_reads_see_it(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _with_card(api)
    before = datetime.now(UTC) - timedelta(seconds=1)
    document = api.act(
        session_id, "AccountEditContact", method="POST", AccountId=str(stored.account_id), **CONTACT
    )
    assert completed(document)
    edited = account(document)
    for field in CONTACT_FIELDS:
        expected = "OR" if field == "State" else CONTACT[field]
        assert text(edited, f"Contact/{field}") == expected
    assert text(edited, "Contact/Country") == "United States"
    assert datetime.fromisoformat(text(edited, "Modified")) >= before
    read = account(api.act(session_id, "AccountRead", AccountId=str(stored.account_id)))
    assert text(read, "Contact/Name") == "Grace Hopper"
    assert text(read, "Contact/State") == "OR"
    assert text(read, "Modified") == text(edited, "Modified")


def test_edit_contact_accepts_an_empty_organization_address_and_phone(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _with_card(api)
    params = {**CONTACT, "Organization": "", "Address": "", "Phone": "", "CountryId": "2"}
    document = api.act(
        session_id, "AccountEditContact", method="POST", AccountId=str(stored.account_id), **params
    )
    assert completed(document)
    edited = account(document)
    assert text(edited, "Contact/Organization") == ""
    assert text(edited, "Contact/Phone") == ""
    assert text(edited, "Contact/Country") == "Canada"


def test_edit_contact_lists_every_missing_parameter_at_once(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    document = api.act(session_id, "AccountEditContact", method="POST")
    assert request_errors(document) == [("AccountId", "Required")] + [
        (field, "Required") for field in CONTACT_FIELDS
    ]
    blank = {field: "" for field in CONTACT_FIELDS}
    document = api.act(session_id, "AccountEditContact", method="POST", AccountId="1", **blank)
    required = ["Name", "City", "State", "Zipcode", "CountryId", "Email"]
    assert request_errors(document) == [(field, "Required") for field in required]


def test_edit_contact_checks_state_codes_and_country_ids(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _with_card(api)
    original = stored.contact
    cases = [
        ({"State": "C"}, [("State", "Invalid")]),
        ({"State": "CAL"}, [("State", "Invalid")]),
        ({"State": "C1"}, [("State", "Invalid")]),
        ({"CountryId": "0"}, [("CountryId", "TooSmall")]),
        ({"CountryId": "US"}, [("CountryId", "Invalid")]),
        ({"CountryId": "999"}, [("CountryId", "Invalid")]),
        ({"State": "1A", "CountryId": "-1"}, [("State", "Invalid"), ("CountryId", "TooSmall")]),
    ]
    for change, errors in cases:
        params = {**CONTACT, **change}
        document = api.act(
            session_id,
            "AccountEditContact",
            method="POST",
            AccountId=str(stored.account_id),
            **params,
        )
        assert request_errors(document) == errors, change
        assert not has(document, "Result")
    assert api.store.accounts[stored.account_id].contact == original


def test_edit_contact_of_an_unknown_account_is_not_found(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    missing = str(max(api.store.accounts) + 1)
    document = api.act(
        session_id, "AccountEditContact", method="POST", AccountId=missing, **CONTACT
    )
    assert refusal(document) == "NotFound"


def test_edit_recharge_changes_the_settings_and_later_reads_see_them(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _with_card(api)
    recharge = "false" if stored.recharge else "true"
    document = api.act(
        session_id,
        "AccountEditRecharge",
        method="POST",
        AccountId=str(stored.account_id),
        Recharge=recharge.upper(),
        RechargeThreshold="35",
        RechargeLevel="350",
    )
    assert completed(document)
    read = account(api.act(session_id, "AccountRead", AccountId=str(stored.account_id)))
    assert text(read, "Recharge") == recharge
    assert text(read, "RechargeThreshold") == "35"
    assert text(read, "RechargeLevel") == "350"
    assert text(read, "Modified") == text(account(document), "Modified")


def test_edit_recharge_ranges_are_the_documented_ones(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = str(_with_card(api).account_id)
    cases = [
        ("4", "10", [("RechargeThreshold", "TooSmall")]),
        ("5", "10", []),
        ("5000", "10000", []),
        ("5001", "10000", [("RechargeThreshold", "TooBig")]),
        ("5", "9", [("RechargeLevel", "TooSmall")]),
        ("5", "10001", [("RechargeLevel", "TooBig")]),
        ("4", "10001", [("RechargeThreshold", "TooSmall"), ("RechargeLevel", "TooBig")]),
        ("ten", "", [("RechargeThreshold", "Invalid"), ("RechargeLevel", "Required")]),
    ]
    for threshold, level, errors in cases:
        document = api.act(
            session_id,
            "AccountEditRecharge",
            method="POST",
            AccountId=account_id,
            Recharge="true",
            RechargeThreshold=threshold,
            RechargeLevel=level,
        )
        assert request_errors(document) == errors, (threshold, level)
        assert completed(document) == (not errors)
        if not errors:
            assert text(account(document), "RechargeThreshold") == threshold
            assert text(account(document), "RechargeLevel") == level


def test_edit_recharge_needs_a_boolean_recharge(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = str(_with_card(api).account_id)
    for value, code in (("", "Required"), ("yes", "Invalid"), ("1", "Invalid")):
        document = api.act(
            session_id,
            "AccountEditRecharge",
            method="POST",
            AccountId=account_id,
            Recharge=value,
            RechargeThreshold="10",
            RechargeLevel="100",
        )
        assert request_errors(document) == [("Recharge", code)], value


def test_text_xml_cannot_hold_is_stored_then_every_answer_of_it_is_a_fault(serve: Serve) -> None:
    """The docs set no rule on text; what XML cannot hold is kept, and faults every answer."""
    api = Prepaid.start(serve)
    session_id = api.login()
    poisoned, other = list(api.store.accounts.values())[:2]
    for value in ("Grace\x00Hopper", "Grace\uffffHopper"):
        contact = {**CONTACT, "Name": value}
        document = api.act(
            session_id,
            "AccountEditContact",
            method="POST",
            AccountId=str(poisoned.account_id),
            **contact,
        )
        assert document.tag == path("Exception")  # HTTP 200, valid against Exception.rng
        assert api.store.accounts[poisoned.account_id].contact.name == value
        read = api.act(session_id, "AccountRead", AccountId=str(poisoned.account_id))
        assert read.tag == path("Exception")
        assert completed(api.act(session_id, "AccountRead", AccountId=str(other.account_id)))

"""Prepaid mutations end to end: range checks cost no call, refusals are user errors,
and a top-up charges the card exactly once, even when its answer is lost."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD, Graph
from upstreams.prepaid.sandbox.records import Account
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts

TODAY = datetime.now(UTC).date()
ACCOUNTS: list[Account] = list(seed_accounts(WORLD).values())
# Each test changes its own account, so no test reads what another wrote.
GOOD_CARDS = [
    a for a in ACCOUNTS if a.card and not a.card.expired(TODAY) and not a.card.issuer_declines
]
TOP_UP, LOST_TOP_UP = GOOD_CARDS[0], GOOD_CARDS[1]
NO_CARD = next(a for a in ACCOUNTS if a.card is None)
CONTACT, RECHARGE = ACCOUNTS[-1], ACCOUNTS[-2]

ACCOUNT_FIELDS = """
  account { accountNumber name balance { amount currency }
    contact { name organization address city state zipcode countryId country phone email }
    autoRecharge { enabled threshold { amount } level { amount } } }
  userErrors { field message code }
"""
EDIT_CONTACT = (
    "mutation ($input: ReplacePrepaidContactInput!) { replacePrepaidContact(input: $input) {"
    + ACCOUNT_FIELDS
    + "} }"
)
ADD_CREDIT = (
    "mutation ($input: AddCreditInput!) { addCredit(input: $input) {" + ACCOUNT_FIELDS + "} }"
)
SET_RECHARGE = (
    "mutation ($input: SetRechargeInput!) { setRecharge(input: $input) {" + ACCOUNT_FIELDS + "} }"
)
READ = "query ($id: Int!) {{ prepaidAccount(accountNumber: $id) {{ {} }} }}"


@pytest.fixture(scope="module")
def warm(graph: Graph) -> Iterator[Graph]:
    """A graph whose prepaid session is open, so counts hold no ``SessionCreate``."""
    body = graph.execute(READ.format("name"), {"id": TOP_UP.account_id})
    assert "errors" not in body, body
    yield graph


def _charges(graph: Graph) -> int:
    count: int = graph.http.get(f"{graph.sandboxes['prepaid']}/_sandbox/charges").json()["count"]
    return count


def _contact(**changes: Any) -> dict[str, Any]:
    contact = {
        "prepaidAccountId": to_base64("PrepaidAccount", CONTACT.account_id),
        "name": "Ada Lovelace",
        "organization": "",
        "address": "12 Analytical Row",
        "city": "Springfield",
        "state": "il",
        "zipcode": "62701",
        "countryId": 1,
        "phone": "",
        "email": "ada@example.com",
    }
    contact.update(changes)
    return contact


def _top_up(account_id: int, amount: int) -> dict[str, Any]:
    """An addCredit input with a key of its own: every call here is a new top-up."""
    return {
        "prepaidAccountId": to_base64("PrepaidAccount", account_id),
        "amount": amount,
        "idempotencyKey": str(uuid.uuid4()),
    }


def _balance(graph: Graph, account_id: int) -> Decimal:
    body = graph.execute(READ.format("balance { amount }"), {"id": account_id})
    return Decimal(body["data"]["prepaidAccount"]["balance"]["amount"])


# replacePrepaidContact


def test_replace_prepaid_contact_replaces_the_contact(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute(EDIT_CONTACT, {"input": _contact()})
    assert "errors" not in body, body
    payload = body["data"]["replacePrepaidContact"]
    assert payload["userErrors"] == []
    assert payload["account"]["name"] == "Ada Lovelace"
    contact = payload["account"]["contact"]
    assert contact["state"] == "IL"  # stored upper case
    assert contact["organization"] == "" and contact["phone"] == ""
    assert contact["country"] == "United States"
    # The payload's account came from the write itself: no read after it.
    assert warm.calls("prepaid") == {"AccountEditContact": 1}
    again = warm.execute(READ.format("contact { city email }"), {"id": CONTACT.account_id})
    assert again["data"]["prepaidAccount"]["contact"] == {
        "city": "Springfield",
        "email": "ada@example.com",
    }


def test_replace_prepaid_contact_out_of_range_costs_no_call(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute(
        EDIT_CONTACT,
        {"input": _contact(state="ILL", countryId=0, name=" ", prepaidAccountId="not-an-id")},
    )
    payload = body["data"]["replacePrepaidContact"]
    assert payload["account"] is None
    assert {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]} == {
        (("input", "prepaidAccountId"), "INVALID"),
        (("input", "name"), "REQUIRED"),
        (("input", "state"), "INVALID"),
        (("input", "countryId"), "OUT_OF_RANGE"),
    }
    assert warm.calls("prepaid") == {}


def test_replace_prepaid_contact_text_xml_cannot_hold_is_refused_before_any_call(
    warm: Graph,
) -> None:
    """The API would store a NUL and then fail every read of the account: never sent."""
    before = warm.execute(READ.format("contact { name }"), {"id": CONTACT.account_id})
    warm.reset_calls()
    changes = {
        "name": "Ada\x00Lovelace",
        "organization": "bell\x07",
        "address": "tab\tand\r\nbreaks are fine",
        "city": "\x1bSpringfield",
        "zipcode": "627\ufffe01",
        "phone": "\uffff",
        "email": "ada@example.com\x0b",
    }
    body = warm.execute(EDIT_CONTACT, {"input": _contact(**changes)})
    assert "errors" not in body, body
    payload = body["data"]["replacePrepaidContact"]
    assert payload["account"] is None
    refused = {tuple(e["field"]): e for e in payload["userErrors"]}
    assert set(refused) == {("input", f) for f in changes if f != "address"}
    assert {e["code"] for e in refused.values()} == {"INVALID_CHARACTER"}
    assert "U+0000 at character 4" in refused[("input", "name")]["message"]
    assert warm.calls("prepaid") == {}
    after = warm.execute(READ.format("contact { name }"), {"id": CONTACT.account_id})
    assert after == before


def test_a_lone_surrogate_never_gets_past_the_parsers(warm: Graph) -> None:
    """No UTF-8 can carry one: the JSON body and the document are refused whole."""
    warm.reset_calls()
    variables = json.dumps({"input": _contact(name="Ada")}).replace('"Ada"', '"Ada\\ud800"')
    body = '{"query": ' + json.dumps(EDIT_CONTACT) + ', "variables": ' + variables + "}"
    sent = warm.http.post(warm.url, content=body, headers={"Content-Type": "application/json"})
    assert sent.status_code == 400
    assert sent.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    literal = EDIT_CONTACT.replace("($input: ReplacePrepaidContactInput!)", "").replace(
        "input: $input",
        'input: {prepaidAccountId: "UHJlcGFpZEFjY291bnQ6MQ==", name: "\\ud800", '
        'organization: "", address: "", '
        'city: "c", state: "IL", zipcode: "1", countryId: 1, phone: "", email: "e"}',
    )
    parsed = warm.execute(literal)
    assert parsed["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert warm.calls("prepaid") == {}


def test_add_credit_key_xml_cannot_hold_is_refused_before_any_call(warm: Graph) -> None:
    warm.reset_calls()
    top_up = {**_top_up(TOP_UP.account_id, 10), "idempotencyKey": "key\x00"}
    body = warm.execute(ADD_CREDIT, {"input": top_up})
    payload = body["data"]["addCredit"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "idempotencyKey"], "INVALID_CHARACTER")
    ]
    assert warm.calls("prepaid") == {}


def test_replace_prepaid_contact_refused_upstream_is_a_user_error(warm: Graph) -> None:
    body = warm.execute(EDIT_CONTACT, {"input": _contact(countryId=999)})
    payload = body["data"]["replacePrepaidContact"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "countryId"], "INVALID")
    ]


def test_editing_a_missing_account_is_a_user_error(warm: Graph) -> None:
    body = warm.execute(
        EDIT_CONTACT, {"input": _contact(prepaidAccountId=to_base64("PrepaidAccount", 49999))}
    )
    payload = body["data"]["replacePrepaidContact"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "prepaidAccountId"], "NOT_FOUND")
    ]


# setRecharge


def test_set_recharge_changes_the_settings(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute(
        SET_RECHARGE,
        {
            "input": {
                "prepaidAccountId": to_base64("PrepaidAccount", RECHARGE.account_id),
                "enabled": True,
                "threshold": 5,
                "level": 10000,
            }
        },
    )
    assert "errors" not in body, body
    payload = body["data"]["setRecharge"]
    assert payload["userErrors"] == []
    assert payload["account"]["autoRecharge"] == {
        "enabled": True,
        "threshold": {"amount": "5.00"},
        "level": {"amount": "10000.00"},
    }
    assert warm.calls("prepaid") == {"AccountEditRecharge": 1}


@pytest.mark.parametrize(
    ("threshold", "level", "expected"),
    [
        (4, 10, {(("input", "threshold"), "OUT_OF_RANGE")}),
        (
            5001,
            10001,
            {(("input", "threshold"), "OUT_OF_RANGE"), (("input", "level"), "OUT_OF_RANGE")},
        ),
        (5, 9, {(("input", "level"), "OUT_OF_RANGE")}),
    ],
)
def test_set_recharge_out_of_range_costs_no_call(
    warm: Graph, threshold: int, level: int, expected: set[tuple[tuple[str, ...], str]]
) -> None:
    warm.reset_calls()
    body = warm.execute(
        SET_RECHARGE,
        {
            "input": {
                "prepaidAccountId": to_base64("PrepaidAccount", RECHARGE.account_id),
                "enabled": False,
                "threshold": threshold,
                "level": level,
            }
        },
    )
    payload = body["data"]["setRecharge"]
    assert payload["account"] is None
    assert {(tuple(e["field"]), e["code"]) for e in payload["userErrors"]} == expected
    assert all(e["message"] for e in payload["userErrors"])
    assert warm.calls("prepaid") == {}


# addCredit


TOP_UP_CALLS = {
    "AccountRead": 1,
    "SessionCreate": 1,
    "AccountEditCreditAdd": 1,
    "SessionDestroy": 1,
}
"""A top-up's calls: the baseline read, a session of its own, the charge, that session's end."""


def test_a_top_up_charges_the_card_exactly_once(warm: Graph) -> None:
    before_balance = _balance(warm, TOP_UP.account_id)
    before = _charges(warm)
    warm.reset_calls()
    body = warm.execute(ADD_CREDIT, {"input": _top_up(TOP_UP.account_id, 25)})
    assert "errors" not in body, body
    payload = body["data"]["addCredit"]
    assert payload["userErrors"] == []
    assert Decimal(payload["account"]["balance"]["amount"]) == before_balance + 25
    assert payload["account"]["balance"]["currency"] == "USD"
    assert warm.calls("prepaid") == TOP_UP_CALLS
    assert _charges(warm) == before + 1


@pytest.mark.parametrize(
    ("amount", "code"), [(9, "OUT_OF_RANGE"), (10001, "OUT_OF_RANGE"), (-5, "OUT_OF_RANGE")]
)
def test_a_top_up_out_of_range_costs_no_call(warm: Graph, amount: int, code: str) -> None:
    before = _charges(warm)
    warm.reset_calls()
    body = warm.execute(ADD_CREDIT, {"input": _top_up(TOP_UP.account_id, amount)})
    payload = body["data"]["addCredit"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "amount"], code)]
    assert warm.calls("prepaid") == {}
    assert _charges(warm) == before


@pytest.mark.parametrize(
    "account",
    [
        to_base64("CustomerAccount", 1001),  # a record of this graph, of another type
        to_base64("PrepaidAccount", 0),  # no prepaid account has it
        "50001",  # a number, not a global id
    ],
)
def test_a_write_to_what_is_no_prepaid_account_is_refused_at_its_field(
    warm: Graph, account: str
) -> None:
    before = _charges(warm)
    warm.reset_calls()
    writes = [
        ("addCredit", ADD_CREDIT, {**_top_up(TOP_UP.account_id, 20), "prepaidAccountId": account}),
        (
            "setRecharge",
            SET_RECHARGE,
            {"prepaidAccountId": account, "enabled": True, "threshold": 10, "level": 50},
        ),
        ("replacePrepaidContact", EDIT_CONTACT, _contact(prepaidAccountId=account)),
    ]
    for name, mutation, given in writes:
        payload = warm.execute(mutation, {"input": given})["data"][name]
        assert payload["account"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
            (["input", "prepaidAccountId"], "INVALID")
        ], name
    assert warm.calls("prepaid") == {}
    assert _charges(warm) == before


def test_a_declined_top_up_is_a_user_error_and_charges_nothing(warm: Graph) -> None:
    before = _charges(warm)
    warm.reset_calls()
    body = warm.execute(ADD_CREDIT, {"input": _top_up(NO_CARD.account_id, 10)})
    assert "errors" not in body, body
    payload = body["data"]["addCredit"]
    assert payload["account"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["DECLINED"]
    assert payload["userErrors"][0]["message"]
    assert warm.calls("prepaid") == TOP_UP_CALLS
    assert _charges(warm) == before


def test_a_top_up_failing_with_a_5xx_is_proven_not_charged(warm: Graph) -> None:
    """A 5xx may come from a proxy that forwarded the call: end its session, then read."""
    before = _charges(warm)
    warm.switch("prepaid", error_rate=1.0, only_endpoints=["AccountEditCreditAdd"])
    try:
        warm.reset_calls()
        body = warm.execute(ADD_CREDIT, {"input": _top_up(TOP_UP.account_id, 10)})
    finally:
        warm.reset_switches()
    assert body["data"] == {"addCredit": None}
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert "made sure it was not charged" in body["errors"][0]["message"]
    assert warm.calls("prepaid") == {**TOP_UP_CALLS, "AccountRead": 2}
    assert _charges(warm) == before  # this sandbox's 5xx never reaches the API


def test_a_lost_top_up_answer_is_proven_by_reading_and_never_retried(warm: Graph) -> None:
    """The sandbox charges, then holds its answer past the adapter's 10 s read timeout."""
    before_balance = _balance(warm, LOST_TOP_UP.account_id)
    before = _charges(warm)
    warm.switch(
        "prepaid",
        hang_rate=1.0,
        hang_phase="after",
        hang_seconds=12,
        only_endpoints=["AccountEditCreditAdd"],
    )
    started = time.monotonic()
    try:
        warm.reset_calls()
        body = warm.execute(ADD_CREDIT, {"input": _top_up(LOST_TOP_UP.account_id, 10)})
    finally:
        warm.reset_switches()
    assert time.monotonic() - started < 15
    assert "errors" not in body, body
    payload = body["data"]["addCredit"]
    assert Decimal(payload["account"]["balance"]["amount"]) == before_balance + 10
    # Sent once; its session ended and the account read: that proves the charge.
    assert warm.calls("prepaid") == {**TOP_UP_CALLS, "AccountRead": 2}
    assert _charges(warm) == before + 1
    # Let the held answer finish so the sandbox stops cleanly.
    time.sleep(max(0.0, started + 12.2 - time.monotonic()))

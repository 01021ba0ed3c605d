"""AccountEditCreditAdd: a top-up charges the card on file once per call received."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from tests.conftest import Serve
from tests.upstreams.prepaid.sandbox_support import (
    Prepaid,
    account,
    completed,
    refusal,
    request_errors,
    text,
)
from upstreams.prepaid.sandbox import SandboxConfig
from upstreams.prepaid.sandbox.records import Account
from upstreams.sandboxing import Switches, World


def _chargeable(api: Prepaid) -> Account:
    today = datetime.now(UTC).date()
    return next(
        a
        for a in api.store.accounts.values()
        if a.card is not None and not a.card.expired(today) and not a.card.issuer_declines
    )


def _balance(api: Prepaid, session_id: str, account_id: int) -> Decimal:
    read = api.act(session_id, "AccountRead", AccountId=str(account_id))
    return Decimal(text(account(read), "Balance"))


def test_a_top_up_raises_the_balance_and_charges_the_card_once(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _chargeable(api)
    assert stored.card is not None
    balance = _balance(api, session_id, stored.account_id)
    before = api.charge_count()
    document = api.act(
        session_id,
        "AccountEditCreditAdd",
        method="POST",
        AccountId=str(stored.account_id),
        Amount="125",
    )
    assert completed(document)
    assert Decimal(text(account(document), "Balance")) == balance + 125
    assert _balance(api, session_id, stored.account_id) == balance + 125
    ledger = api.http.get("/_sandbox/charges").json()
    assert ledger["count"] == before + 1
    charge = ledger["charges"][-1]
    assert charge["account_id"] == stored.account_id
    assert charge["amount"] == "125.00"
    assert charge["card_last_four"] == stored.card.last_four
    assert charge["time"] == text(account(document), "Modified")


def test_each_call_received_charges_again(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _chargeable(api)
    balance = _balance(api, session_id, stored.account_id)
    for _ in range(3):
        api.act(
            session_id,
            "AccountEditCreditAdd",
            method="POST",
            AccountId=str(stored.account_id),
            Amount="10",
        )
    assert api.charge_count() == 3
    assert _balance(api, session_id, stored.account_id) == balance + 30


def test_amount_range_is_10_to_10000_whole_dollars(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = _chargeable(api)
    cases = [
        ("9", "TooSmall"),
        ("10", None),
        ("10000", None),
        ("10001", "TooBig"),
        ("-10", "TooSmall"),
        ("12.50", "Invalid"),
        ("ten", "Invalid"),
        ("", "Required"),
    ]
    for amount, code in cases:
        before = api.charge_count()
        balance = _balance(api, session_id, stored.account_id)
        document = api.act(
            session_id,
            "AccountEditCreditAdd",
            method="POST",
            AccountId=str(stored.account_id),
            Amount=amount,
        )
        if code is None:
            assert completed(document), amount
            assert api.charge_count() == before + 1
            assert _balance(api, session_id, stored.account_id) == balance + int(amount)
        else:
            assert request_errors(document) == [("Amount", code)], amount
            assert api.charge_count() == before
            assert _balance(api, session_id, stored.account_id) == balance


def test_every_bad_parameter_is_reported_at_once(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    document = api.act(session_id, "AccountEditCreditAdd", AccountId="x", Amount="10001")
    assert request_errors(document) == [("AccountId", "Invalid"), ("Amount", "TooBig")]


def _no_card(account: Account) -> bool:
    return account.card is None


def _expired(account: Account) -> bool:
    return account.card is not None and account.card.expired(datetime.now(UTC).date())


def _issuer_declines(account: Account) -> bool:
    return account.card is not None and account.card.issuer_declines


def test_a_top_up_that_cannot_be_charged_is_declined_and_moves_nothing(serve: Serve) -> None:
    api = Prepaid.start(serve, SandboxConfig(world=World()))
    session_id = api.login()
    kinds: list[Callable[[Account], bool]] = [_no_card, _expired, _issuer_declines]
    for kind in kinds:
        stored = next(a for a in api.store.accounts.values() if kind(a))
        balance = _balance(api, session_id, stored.account_id)
        modified = stored.modified
        document = api.act(
            session_id, "AccountEditCreditAdd", AccountId=str(stored.account_id), Amount="50"
        )
        assert refusal(document) == "Declined", kind.__name__
        assert text(document, "Context/Request/IsValid") == "true"
        assert api.charge_count() == 0
        assert _balance(api, session_id, stored.account_id) == balance
        assert api.store.accounts[stored.account_id].modified == modified


def test_a_top_up_of_an_unknown_account_is_not_found(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    missing = str(max(api.store.accounts) + 1)
    document = api.act(session_id, "AccountEditCreditAdd", AccountId=missing, Amount="50")
    assert refusal(document) == "NotFound"
    assert api.charge_count() == 0


def test_a_held_answer_hides_a_charge_that_happened(serve: Serve) -> None:
    switches = Switches(
        hang_rate=1.0,
        hang_phase="after",
        hang_seconds=0.5,
        only_endpoints=["AccountEditCreditAdd"],
    )
    api = Prepaid.start(serve, SandboxConfig(world=World(billing_accounts=20), switches=switches))
    session_id = api.login()
    stored = _chargeable(api)
    with pytest.raises(httpx.ReadTimeout):
        api.http.post(
            "/api",
            data={
                "Action": "AccountEditCreditAdd",
                "SessionId": session_id,
                "AccountId": str(stored.account_id),
                "Amount": "40",
            },
            timeout=0.1,
        )
    assert api.charge_count() == 1

"""Sessions of the prepaid sandbox: create, destroy, idle expiry, and who may do what."""

from __future__ import annotations

import time

from tests.conftest import Serve
from tests.upstreams.prepaid.sandbox_support import (
    ADMIN,
    SMALL_WORLD,
    VIEWER,
    Prepaid,
    completed,
    established,
    has,
    path,
    refusal,
    request_errors,
    text,
)
from upstreams.prepaid.sandbox import SandboxConfig


def test_session_create_puts_the_session_in_the_context(serve: Serve) -> None:
    api = Prepaid.start(serve)
    document = api.send(
        {"Action": "SessionCreate", "Username": ADMIN[0], "Password": ADMIN[1]}, method="POST"
    )
    assert completed(document) and established(document)
    result = document.find(path("Result/SessionCreate"))
    assert result is not None and len(result) == 0 and not result.text
    assert text(document, "Context/Session/SessionId")
    assert text(document, "Context/Session/UserId").isdigit()
    roles = [r.text for r in document.iterfind(path("Context/Session/Roles/Role/Name"))]
    assert roles == ["Account Admin"]


def test_the_password_is_masked_in_the_echoed_parameters(serve: Serve) -> None:
    api = Prepaid.start(serve)
    response = api.http.post(
        "/api", data={"Action": "SessionCreate", "Username": ADMIN[0], "Password": ADMIN[1]}
    )
    assert ADMIN[1] not in response.text
    assert "<Name>Password</Name><Value>******</Value>" in response.text


def test_wrong_credentials_are_refused_with_authentication(serve: Serve) -> None:
    api = Prepaid.start(serve)
    for username, password in ((ADMIN[0], "wrong"), ("nobody@sandbox.example", ADMIN[1])):
        document = api.send({"Action": "SessionCreate", "Username": username, "Password": password})
        assert refusal(document) == "Authentication"
        assert text(document, "Context/Request/IsValid") == "true"
        assert not completed(document) and not established(document)
        assert not has(document, "Result")


def test_session_create_without_credentials_lists_both(serve: Serve) -> None:
    api = Prepaid.start(serve)
    document = api.send({"Action": "SessionCreate", "Password": ""})
    assert request_errors(document) == [("Username", "Required"), ("Password", "Required")]
    assert text(document, "Context/Request/IsValid") == "false"
    assert refusal(document) is None and not completed(document)


def test_an_account_action_without_session_id_is_invalid(serve: Serve) -> None:
    api = Prepaid.start(serve)
    document = api.send({"Action": "AccountRead", "AccountId": "50001"})
    assert request_errors(document) == [("SessionId", "Required")]


def test_an_unknown_session_is_refused_with_authentication(serve: Serve) -> None:
    api = Prepaid.start(serve)
    account_id = str(next(iter(api.store.accounts)))
    document = api.act("0123456789abcdef", "AccountRead", AccountId=account_id)
    assert refusal(document) == "Authentication"
    assert not established(document)


def test_session_destroy_ends_the_session(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    assert completed(api.act(session_id, "AccountRead", AccountId=account_id))
    destroyed = api.act(session_id, "SessionDestroy", method="POST")
    assert completed(destroyed) and has(destroyed, "Result/SessionDestroy")
    assert not established(destroyed)
    after = api.act(session_id, "AccountRead", AccountId=account_id)
    assert refusal(after) == "Authentication" and not established(after)
    assert refusal(api.act(session_id, "SessionDestroy")) == "Authentication"


def test_a_session_expires_after_its_idle_time(serve: Serve) -> None:
    api = Prepaid.start(serve, SandboxConfig(world=SMALL_WORLD, session_idle_seconds=0.2))
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    assert completed(api.act(session_id, "AccountRead", AccountId=account_id))
    time.sleep(0.4)
    document = api.act(session_id, "AccountRead", AccountId=account_id)
    assert refusal(document) == "Authentication" and not established(document)


def test_every_call_refreshes_the_session(serve: Serve) -> None:
    api = Prepaid.start(serve, SandboxConfig(world=SMALL_WORLD, session_idle_seconds=0.6))
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    for _ in range(4):  # 1 s in all: past the idle time, never idle that long
        time.sleep(0.25)
        assert completed(api.act(session_id, "AccountRead", AccountId=account_id))


ACCOUNT_ACTIONS = {
    "AccountRead": {},
    "AccountEditContact": {
        "Name": "Ada Lovelace",
        "Organization": "",
        "Address": "",
        "City": "Boston",
        "State": "MA",
        "Zipcode": "02110",
        "CountryId": "1",
        "Phone": "",
        "Email": "ada@example.com",
    },
    "AccountEditCreditAdd": {"Amount": "25"},
    "AccountEditRecharge": {"Recharge": "true", "RechargeThreshold": "10", "RechargeLevel": "50"},
    "AccountInvoiceRead": {},
    "AccountInvoiceBrowse": {},
}


def test_a_user_without_account_admin_is_refused_every_account_action(serve: Serve) -> None:
    api = Prepaid.start(serve)
    account_id = next(a.account_id for a in api.store.accounts.values() if a.card is not None)
    before = api.store.accounts[account_id].modified
    session_id = api.login(VIEWER)
    for action, extra in ACCOUNT_ACTIONS.items():
        params = {"AccountId": str(account_id), **extra}
        document = api.act(session_id, action, method="POST", **params)
        assert refusal(document) == "Authorization", action
        assert established(document) and not has(document, "Result")
    assert api.charge_count() == 0
    assert api.store.accounts[account_id].modified == before


def test_the_viewer_may_end_its_own_session(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login(VIEWER)
    assert completed(api.act(session_id, "SessionDestroy"))

"""Saasu sandbox: the vendor's rate limit and daily cap behind the switch, and call counts."""

from __future__ import annotations

from tests.conftest import Serve
from tests.upstreams.saasu.sandbox_support import PASSWORD, USERNAME, start
from upstreams.sandboxing import Switches


def test_rate_limit_allows_a_burst_of_two_then_429(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(rate_limit=True))
    statuses = [sandbox.call("GET", "/Accounts", params={"PageSize": 1}) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert int(statuses[2].headers["retry-after"]) >= 1


def test_daily_cap_blocks_for_the_rest_of_the_day_on_every_route(serve: Serve) -> None:
    sandbox = start(serve, switches=Switches(rate_limit=True), daily_cap=2)
    assert sandbox.call("GET", "/Accounts").status_code == 200
    assert sandbox.call("GET", "/Accounts").status_code == 200
    blocked = sandbox.call("GET", "/Accounts")
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 3600
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    token = sandbox.client.post("/authorisation/token", json=grant)
    assert token.status_code == 429


def test_limits_apply_only_while_the_switch_is_on(serve: Serve) -> None:
    sandbox = start(serve, daily_cap=1)
    for _ in range(4):
        assert sandbox.call("GET", "/Accounts", params={"PageSize": 1}).status_code == 200
    switched = sandbox.client.patch("/_sandbox/switches", json={"rate_limit": True})
    assert switched.json()["rate_limit"] is True
    assert sandbox.call("GET", "/Accounts").status_code == 200
    assert sandbox.call("GET", "/Accounts").status_code == 429
    sandbox.client.patch("/_sandbox/switches", json={"rate_limit": False})
    assert sandbox.call("GET", "/Accounts").status_code == 200


def test_calls_are_counted_per_route_template_whatever_the_answer(serve: Serve) -> None:
    sandbox = start(serve)
    accounts = sandbox.listing(PageSize=2)
    for account in accounts:
        sandbox.call("GET", f"/Account/{account['Id']}")
    sandbox.client.get(f"/Account/{accounts[0]['Id']}")  # 401, still a call
    body = {k: v for k, v in accounts[0].items() if k != "_links"}
    sandbox.put(accounts[0]["Id"], body)
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    refresh_token = sandbox.client.post("/authorisation/token", json=grant).json()["refresh_token"]
    sandbox.client.post(
        "/authorisation/refresh",
        json={"grant_type": "refresh_token", "refresh_token": refresh_token},
    )
    assert sandbox.client.get("/_sandbox/calls").json() == {
        "total": 7,
        "endpoints": {
            "GET /Accounts": 1,
            "GET /Account/{id}": 3,
            "PUT /Account/{id}": 1,
            "POST /authorisation/token": 1,
            "POST /authorisation/refresh": 1,
        },
    }
    assert sandbox.client.delete("/_sandbox/calls").status_code == 204
    assert sandbox.client.get("/_sandbox/calls").json() == {"total": 0, "endpoints": {}}

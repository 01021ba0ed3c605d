"""The billing sandbox's login, refresh and bearer checks, over real HTTP."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from tests.conftest import Serve
from tests.upstreams.billing.sandbox_support import (
    BASE,
    LOGIN,
    SMALL,
    errors,
    password_form,
    start,
)
from upstreams.billing.sandbox import SandboxConfig


def _claims(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    def part(text: str) -> dict[str, Any]:
        decoded: dict[str, Any] = json.loads(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        )
        return decoded

    header, payload, _ = token.split(".")
    return part(header), part(payload)


def _get(root: httpx.Client, token: str | None, path: str = "Account/1001") -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return root.get(BASE + path, headers=headers)


def test_password_grant_issues_a_signed_jwt_with_expiry(serve: Serve) -> None:
    config, root = start(serve, SandboxConfig(world=SMALL, token_lifetime_seconds=900))
    response = root.post(LOGIN, data=password_form(config))
    assert response.status_code == 200
    grant = response.json()
    assert grant["token_type"] == "bearer"
    assert grant["expires_in"] == 900
    assert grant["refresh_token"]
    assert {".issued", ".expires"} <= set(grant)
    header, claims = _claims(grant["access_token"])
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims["exp"] - claims["iat"] == 900
    assert claims["sub"] == config.username
    assert _get(root, grant["access_token"]).status_code == 200


def test_refresh_grant_gives_a_working_token_and_retires_the_old_refresh_token(
    serve: Serve,
) -> None:
    config, root = start(serve)
    first = root.post(LOGIN, data=password_form(config)).json()
    form = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        "client_id": config.client_id,
    }
    second = root.post(LOGIN, data=form)
    assert second.status_code == 200
    renewed = second.json()
    assert renewed["access_token"] != first["access_token"]
    assert renewed["refresh_token"] != first["refresh_token"]
    assert _get(root, renewed["access_token"]).status_code == 200
    reused = root.post(LOGIN, data=form)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


def test_bad_credentials_are_refused_with_oauth_errors(serve: Serve) -> None:
    config, root = start(serve)
    good = password_form(config)
    cases = [
        ({**good, "password": "wrong"}, "invalid_grant"),
        ({**good, "username": "someone-else"}, "invalid_grant"),
        ({k: v for k, v in good.items() if k != "password"}, "invalid_grant"),
        ({**good, "client_id": "other-client"}, "invalid_client"),
        ({**good, "grant_type": "client_credentials"}, "unsupported_grant_type"),
        (
            {
                "grant_type": "refresh_token",
                "refresh_token": "made-up",
                "client_id": "sandbox-client",
            },
            "invalid_grant",
        ),
    ]
    for form, error in cases:
        response = root.post(LOGIN, data=form)
        assert response.status_code == 400, form
        body = response.json()
        assert body["error"] == error, form
        assert "wrong" not in body["error_description"]
        assert "access_token" not in body


def test_login_takes_a_form_not_json(serve: Serve) -> None:
    config, root = start(serve)
    response = root.post(LOGIN, json=password_form(config))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_resource_calls_without_a_bearer_token_are_401(serve: Serve) -> None:
    _, root = start(serve)
    missing = _get(root, None)
    assert errors(missing, 401)[0][0] == "Unauthorized"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    basic = root.get(BASE + "Account/1001", headers={"Authorization": "Basic YTpi"})
    assert errors(basic, 401)[0][0] == "Unauthorized"
    unknown_account = _get(root, None, "Account/999999")
    assert unknown_account.status_code == 401


def test_forged_malformed_and_foreign_tokens_are_401(serve: Serve) -> None:
    config, root = start(serve)
    token = root.post(LOGIN, data=password_form(config)).json()["access_token"]
    header, _, signature = token.split(".")
    claims = _claims(token)[1]
    claims["exp"] += 3600
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    _, other_root = start(serve)
    foreign = other_root.post(LOGIN, data=password_form(config)).json()["access_token"]
    for bad in (f"{header}.{forged_payload}.{signature}", "not-a-jwt", "a.b.c", foreign):
        response = _get(root, bad)
        assert errors(response, 401)[0][0] == "Unauthorized", bad
        assert bad not in response.text
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_an_expired_token_is_401_and_says_so(serve: Serve) -> None:
    config, root = start(serve, SandboxConfig(world=SMALL, token_lifetime_seconds=0))
    grant = root.post(LOGIN, data=password_form(config)).json()
    assert grant["expires_in"] == 0
    response = _get(root, grant["access_token"])
    [(code, message)] = errors(response, 401)
    assert code == "Unauthorized"
    assert "expired" in message
    assert grant["access_token"] not in response.text


def test_login_is_counted_under_its_own_key(serve: Serve) -> None:
    config, root = start(serve)
    root.post(LOGIN, data=password_form(config))
    root.post(LOGIN, data={**password_form(config), "password": "wrong"})
    assert root.get("/_sandbox/calls").json()["endpoints"] == {"POST /Access/Login": 2}

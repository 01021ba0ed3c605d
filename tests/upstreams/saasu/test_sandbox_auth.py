"""Saasu sandbox: OAuth password grant and refresh, WsAccessKey, 401, 403, FileId."""

from __future__ import annotations

from typing import Any

import httpx
from lxml import etree

from tests.conftest import Serve
from tests.upstreams.saasu.sandbox_support import (
    FILE_ID,
    PASSWORD,
    USERNAME,
    WS_ACCESS_KEY,
    Sandbox,
    start,
)


def password_grant(sandbox: Sandbox, **overrides: Any) -> httpx.Response:
    body = {"grant_type": "password", "username": USERNAME, "password": PASSWORD, "scope": "full"}
    return sandbox.client.post("/authorisation/token", json={**body, **overrides})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def some_account_id(sandbox: Sandbox) -> int:
    account_id: int = sandbox.listing(PageSize=1)[0]["Id"]
    return account_id


def test_password_grant_gives_a_bearer_token_that_opens_the_file(serve: Serve) -> None:
    sandbox = start(serve, token_lifetime_seconds=600)
    response = password_grant(sandbox)
    assert response.status_code == 200
    grant = response.json()
    assert set(grant) == {"access_token", "refresh_token", "token_type", "expires_in", "scope"}
    assert (grant["token_type"], grant["expires_in"], grant["scope"]) == ("Bearer", 600, "full")
    assert response.headers["cache-control"] == "no-store"
    account_id = some_account_id(sandbox)
    read = sandbox.client.get(
        f"/Account/{account_id}",
        params={"FileId": FILE_ID},
        headers=bearer(grant["access_token"]),
    )
    assert read.status_code == 200
    assert read.json()["Id"] == account_id


def test_user_name_is_matched_in_any_case_password_exactly(serve: Serve) -> None:
    sandbox = start(serve)
    assert password_grant(sandbox, username=USERNAME.upper()).status_code == 200
    wrong = password_grant(sandbox, password=PASSWORD.upper())
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    assert PASSWORD.upper() not in wrong.text


BAD_GRANTS: list[tuple[dict[str, Any], str]] = [
    ({"username": "someone@else.example"}, "invalid_grant"),
    ({"password": "guess"}, "invalid_grant"),
    ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
    ({"grant_type": None}, "invalid_request"),
    ({"password": None}, "invalid_request"),
    ({"scope": "read-only"}, "invalid_scope"),
]


def test_bad_grants_are_oauth_errors(serve: Serve) -> None:
    sandbox = start(serve)
    answered = []
    for overrides, _ in BAD_GRANTS:
        response = password_grant(sandbox, **overrides)
        assert response.status_code == 400, overrides
        assert response.json()["error_description"], overrides
        answered.append((overrides, response.json()["error"]))
    assert answered == BAD_GRANTS


def test_token_body_must_be_json(serve: Serve) -> None:
    sandbox = start(serve)
    form = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    response = sandbox.client.post("/authorisation/token", data=form)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_refresh_gives_a_new_pair_and_retires_the_used_refresh_token(serve: Serve) -> None:
    sandbox = start(serve)
    first = password_grant(sandbox).json()
    body = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    refreshed = sandbox.client.post("/authorisation/refresh", json=body)
    assert refreshed.status_code == 200
    second = refreshed.json()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    account_id = some_account_id(sandbox)
    read = sandbox.client.get(
        f"/Account/{account_id}", params={"FileId": FILE_ID}, headers=bearer(second["access_token"])
    )
    assert read.status_code == 200
    again = sandbox.client.post("/authorisation/refresh", json=body)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_refresh_rejects_unknown_tokens_and_wrong_grant_types(serve: Serve) -> None:
    sandbox = start(serve)
    unknown = {"grant_type": "refresh_token", "refresh_token": "not-a-token"}
    assert sandbox.client.post("/authorisation/refresh", json=unknown).json()["error"] == (
        "invalid_grant"
    )
    refresh_token = password_grant(sandbox).json()["refresh_token"]
    wrong = {"grant_type": "password", "refresh_token": refresh_token}
    response = sandbox.client.post("/authorisation/refresh", json=wrong)
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_expired_access_token_is_401_and_refresh_still_works(serve: Serve) -> None:
    sandbox = start(serve, token_lifetime_seconds=0)
    grant = password_grant(sandbox).json()
    account_id = some_account_id(sandbox)
    read = sandbox.client.get(
        f"/Account/{account_id}", params={"FileId": FILE_ID}, headers=bearer(grant["access_token"])
    )
    assert read.status_code == 401
    assert 'error="invalid_token"' in read.headers["www-authenticate"]
    assert grant["access_token"] not in read.text
    body = {"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]}
    assert sandbox.client.post("/authorisation/refresh", json=body).status_code == 200


def test_ws_access_key_opens_the_file_in_any_case_of_its_name(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = some_account_id(sandbox)
    for name in ("WsAccessKey", "wsaccesskey", "WSACCESSKEY"):
        response = sandbox.client.get(
            f"/Account/{account_id}", params={name: WS_ACCESS_KEY, "fileid": FILE_ID}
        )
        assert response.status_code == 200, name


BAD_CREDENTIALS: list[tuple[dict[str, str], dict[str, str]]] = [
    ({}, {}),
    ({"WsAccessKey": "wrong-key"}, {}),
    ({"WsAccessKey": ""}, {}),
    ({}, {"Authorization": "Bearer not-a-token"}),
    ({}, {"Authorization": "Bearer"}),
    ({}, {"Authorization": "Basic bGVkZ2VyOnB3"}),
    ({"WsAccessKey": WS_ACCESS_KEY}, {"Authorization": "Bearer not-a-token"}),
]


def test_missing_or_bad_credentials_are_401(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = some_account_id(sandbox)
    for params, headers in BAD_CREDENTIALS:
        case = (params, headers)
        for method, path in (
            ("GET", f"/Account/{account_id}"),
            ("PUT", f"/Account/{account_id}"),
            ("GET", "/Accounts"),
        ):
            response = sandbox.client.request(
                method, path, params={"FileId": FILE_ID, **params}, headers=headers, json={}
            )
            assert response.status_code == 401, (case, method, path)
            denied = {"Message": "Authorization has been denied for this request."}
            assert response.json() == denied, case
            assert response.headers["www-authenticate"].startswith("Bearer"), case
            assert "wrong-key" not in response.text
            assert "not-a-token" not in response.text


def test_401_comes_in_xml_when_asked(serve: Serve) -> None:
    sandbox = start(serve)
    response = sandbox.client.get(
        "/Accounts", params={"FileId": FILE_ID}, headers={"Accept": "application/xml"}
    )
    assert response.status_code == 401
    root = etree.fromstring(response.content)
    assert root.tag == "Error"
    assert root.findtext("Message") == "Authorization has been denied for this request."


def test_another_file_is_403_for_key_and_token(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = some_account_id(sandbox)
    token = password_grant(sandbox).json()["access_token"]
    other = FILE_ID + 1
    by_key = sandbox.call("GET", f"/Account/{account_id}", params={"FileId": other})
    by_token = sandbox.client.get("/Accounts", params={"FileId": other}, headers=bearer(token))
    put = sandbox.put(account_id, sandbox.read(account_id), params={"FileId": other})
    for response in (by_key, by_token, put):
        assert response.status_code == 403
        assert set(response.json()) == {"Message"}


def test_a_configured_file_id_and_key_are_the_ones_that_work(serve: Serve) -> None:
    sandbox = start(serve, file_id=777, ws_access_key="other-key")
    assert sandbox.client.get(
        "/Accounts", params={"FileId": 777, "WsAccessKey": "other-key"}
    ).is_success
    assert sandbox.call("GET", "/Accounts").status_code == 401
    key_for_777: dict[str, str | int] = {"FileId": FILE_ID, "WsAccessKey": "other-key"}
    assert sandbox.client.get("/Accounts", params=key_for_777).status_code == 403


def test_missing_or_bad_file_id_is_400_on_every_account_call(serve: Serve) -> None:
    sandbox = start(serve)
    account_id = some_account_id(sandbox)
    for file_id in (None, "", "abc", "1.5", "99999999999"):
        params = {"WsAccessKey": WS_ACCESS_KEY}
        if file_id is not None:
            params["FileId"] = file_id
        for method, path in (
            ("GET", f"/Account/{account_id}"),
            ("PUT", f"/Account/{account_id}"),
            ("GET", "/Accounts"),
        ):
            response = sandbox.client.request(method, path, params=params, json={})
            assert response.status_code == 400, (file_id, method, path)
            assert response.json()["Message"] == "The request is invalid."
            assert list(response.json()["ModelState"]) == ["FileId"]

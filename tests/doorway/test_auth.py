"""Callers at the gateway: API keys and JWTs (HS256, RS256) mapped to roles, over real HTTP."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.auth import AuthSettings, digest
from tests.graph.conftest import Graph, running_graph

GRAPHQL_RESPONSE = "application/graphql-response+json"
UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")
ISSUER = "https://issuer.test"
AUDIENCE = "graph-gateway"
HS_SECRET = "a-test-only-hs256-secret-of-enough-length"
READER_KEY = "reader-key-0123456789"
WRITER_KEY = "writer-key-9876543210"
QUERY = "{ invoicingAccount { id } }"
# A mutation with a missing account: it would reach prepaid if authorised.


def mutation() -> str:
    """A top-up of a missing account, with a fresh idempotency key (never a replay)."""
    return (
        'mutation { addCredit(input: {prepaidAccountId: "UHJlcGFpZEFjY291bnQ6OTk5OTk5OTk5",'
        " amount: 100,"
        f' idempotencyKey: "{uuid.uuid4()}"}}) {{ __typename }} }}'
    )


PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_PEM = (
    PRIVATE_KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


def settings(tmp: Path, algorithm: str) -> AuthSettings:
    keys = tmp / "keys.toml"
    keys.write_text(
        f'[[keys]]\nname = "reporting"\nroles = ["read"]\nsha256 = "{digest(READER_KEY)}"\n'
    )
    return AuthSettings.from_section(
        {
            "mode": "required",
            "api_keys_file": str(keys),
            "api_keys": f"{WRITER_KEY}:read+write",
            "jwt_algorithm": algorithm,
            "jwt_secret": HS_SECRET if algorithm == "HS256" else None,
            "jwt_public_key": PUBLIC_PEM if algorithm == "RS256" else None,
            "jwt_issuer": ISSUER,
            "jwt_audience": AUDIENCE,
            "roles_claim": "https://graph/roles",
        }
    )


@pytest.fixture(scope="module", params=["HS256", "RS256"])
def guarded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Graph]:
    auth = settings(tmp_path_factory.mktemp("auth"), request.param)
    with running_graph(auth=auth) as running:
        running.algorithm = request.param  # type: ignore[attr-defined]
        yield running


def token(graph: Graph, roles: list[str], **changes: Any) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": "user-1",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "https://graph/roles": roles,
        **changes,
    }
    algorithm = graph.algorithm  # type: ignore[attr-defined]
    key: Any = HS_SECRET if algorithm == "HS256" else PRIVATE_KEY
    return jwt.encode(claims, key, algorithm=algorithm)


def post(graph: Graph, query: str, headers: dict[str, str]) -> httpx.Response:
    graph.reset_calls()
    return graph.http.post(
        graph.url, json={"query": query}, headers={"accept": GRAPHQL_RESPONSE, **headers}
    )


def no_upstream_calls(graph: Graph) -> bool:
    return all(graph.calls(upstream) == {} for upstream in UPSTREAMS)


def code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


def test_no_credentials_is_401_with_a_challenge(guarded: Graph) -> None:
    response = post(guarded, QUERY, {})
    assert response.status_code == 401
    assert code(response) == "UNAUTHENTICATED"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert no_upstream_calls(guarded)


def test_a_reader_token_may_query(guarded: Graph) -> None:
    response = post(guarded, QUERY, {"authorization": f"Bearer {token(guarded, ['read'])}"})
    assert response.status_code == 200
    assert response.json()["data"]["invoicingAccount"]["id"]
    assert guarded.calls("invoicexpress") != {}


def test_a_reader_token_may_not_mutate(guarded: Graph) -> None:
    response = post(guarded, mutation(), {"authorization": f"Bearer {token(guarded, ['read'])}"})
    assert response.status_code == 403
    assert code(response) == "FORBIDDEN"
    assert no_upstream_calls(guarded)


def test_a_writer_token_reaches_the_mutation(guarded: Graph) -> None:
    response = post(guarded, mutation(), {"authorization": f"Bearer {token(guarded, ['write'])}"})
    assert response.status_code == 200
    assert "FORBIDDEN" not in response.text
    assert guarded.calls("prepaid") != {}


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://someone-else.test"},
        {"aud": "another-graph"},
        {"exp": int(time.time()) - 60},
        {"nbf": int(time.time()) + 600},
    ],
    ids=["issuer", "audience", "expired", "not-yet-valid"],
)
def test_a_token_with_wrong_claims_is_401(guarded: Graph, changes: dict[str, Any]) -> None:
    bad = token(guarded, ["read", "write"], **changes)
    response = post(guarded, QUERY, {"authorization": f"Bearer {bad}"})
    assert response.status_code == 401
    assert code(response) == "UNAUTHENTICATED"
    assert no_upstream_calls(guarded)


def test_a_token_signed_with_another_key_is_401(guarded: Graph) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "exp": now + 60, "https://graph/roles": ["write"]}
    forged = [
        jwt.encode(claims, "not-the-secret-but-long-enough-for-hs256!", algorithm="HS256"),
        jwt.encode(claims, other, algorithm="RS256"),
    ]
    for bad in forged:
        response = post(guarded, QUERY, {"authorization": f"Bearer {bad}"})
        assert response.status_code == 401, bad
    assert no_upstream_calls(guarded)


def test_api_keys_from_the_digest_file_and_from_plain_settings(guarded: Graph) -> None:
    assert post(guarded, QUERY, {"x-api-key": READER_KEY}).status_code == 200
    reader_mutates = post(guarded, mutation(), {"x-api-key": READER_KEY})
    assert reader_mutates.status_code == 403
    assert no_upstream_calls(guarded)
    assert post(guarded, mutation(), {"x-api-key": WRITER_KEY}).status_code == 200
    unknown = post(guarded, QUERY, {"x-api-key": "not-a-key"})
    assert unknown.status_code == 401
    assert code(unknown) == "UNAUTHENTICATED"


def set_recharge() -> str:
    """Automatic recharge of a missing account: it would reach prepaid if authorised."""
    return (
        'mutation { setRecharge(input: {prepaidAccountId: "UHJlcGFpZEFjY291bnQ6OTk5OTk5OTk5",'
        " enabled: true,"
        " threshold: 20, level: 100}) { __typename } }"
    )


MONEY: dict[str, Callable[[], str]] = {"addCredit": mutation, "setRecharge": set_recharge}
"""The mutations that move money (or set the card to be charged), each a fresh document."""


@pytest.mark.parametrize("field", MONEY)
def test_money_moves_only_for_the_write_role(guarded: Graph, field: str) -> None:
    operator = {"authorization": f"Bearer {token(guarded, ['read', 'admin'])}"}
    for headers in ({"x-api-key": READER_KEY}, operator):
        refused = post(guarded, MONEY[field](), headers)
        assert refused.status_code == 403, headers
        assert code(refused) == "FORBIDDEN"
        assert no_upstream_calls(guarded)
    allowed = post(guarded, MONEY[field](), {"x-api-key": WRITER_KEY})
    assert allowed.status_code == 200
    assert guarded.calls("prepaid") != {}


@pytest.fixture(scope="module")
def open_graph() -> Iterator[Graph]:
    with running_graph() as running:
        yield running


def test_the_open_default_lets_anyone_query_and_mutate(open_graph: Graph) -> None:
    assert post(open_graph, QUERY, {}).status_code == 200
    response = post(open_graph, mutation(), {})
    assert response.status_code == 200
    assert open_graph.calls("prepaid") != {}


def test_the_open_default_still_refuses_bad_credentials(open_graph: Graph) -> None:
    response = post(open_graph, QUERY, {"authorization": "Bearer not.a.token"})
    assert response.status_code == 401
    assert no_upstream_calls(open_graph)


def test_gateway_serve_says_the_graph_is_open() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        while not lines or lines[-1].startswith(("sandbox", "GraphQL at")):
            lines.append(process.stdout.readline())
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    assert lines[-2].startswith("GraphQL at")
    assert lines[-1].startswith("auth: open - anyone who can reach this port may query and mutate")


def test_door_settings_name_what_is_missing(tmp_path: Path) -> None:
    from gateway.config import load_config
    from gateway.config_keys import ConfigError
    from gateway.doorway import door

    config = tmp_path / "gateway.toml"
    for text, key in [
        ('[persisted]\nmode = "trusted"\n', "persisted.manifest"),
        ('[persisted]\nstore = "redis"\n', "redis.url"),
        (
            '[auth]\njwt_algorithm = "HS256"\njwt_issuer = "i"\njwt_audience = "a"\n',
            "auth.jwt_secret",
        ),
        ('[auth]\njwt_algorithm = "RS256"\njwt_issuer = "i"\n', "auth.jwt_public_key"),
    ]:
        config.write_text(text)
        with pytest.raises(ConfigError) as refused:
            door(load_config(config))
        assert refused.value.key == key
    environ = {
        "GATEWAY_AUTH_MODE": "required",
        "GATEWAY_CORS_ORIGINS": "https://a.test, https://b.test",
    }
    entrance = door(load_config(None, environ))
    assert not entrance.auth.open
    assert entrance.cors_origins == ("https://a.test", "https://b.test")

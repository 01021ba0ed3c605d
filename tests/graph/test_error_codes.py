"""Every failure class reaches the client as its own ``extensions.code``, on its field only.

The gateway here reads with a 1 s timeout so a hang is seen quickly; the
failing upstream is the prepaid Web API, behind a billing account's
``prepaidAccount``, so the billing half of each answer must still arrive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.config import UpstreamSettings
from tests.graph.conftest import WORLD, Graph, running_graph
from upstreams.prepaid import sandbox as prepaid_sandbox

BILLING_ID = next(b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b))
QUERY = """query ($id: Int!) { customerAccount(identity: $id) {
    name prepaidAccount { balance { amount } } } }"""


def short_timeouts(settings: UpstreamSettings) -> UpstreamSettings:
    # A 2 s budget: the 9 s Retry-After below does not fit, so it is answered at once.
    client = dataclasses.replace(settings.prepaid.client, read_timeout=1.0, total_timeout=2.0)
    return dataclasses.replace(
        settings, prepaid=dataclasses.replace(settings.prepaid, client=client)
    )


@pytest.fixture(scope="module")
def short() -> Iterator[Graph]:
    with running_graph(short_timeouts) as graph:
        warm = graph.execute(QUERY, {"id": BILLING_ID})
        assert "errors" not in warm, warm
        yield graph


@pytest.mark.parametrize(
    ("switches", "code"),
    [
        ({"error_rate": 1.0}, "UPSTREAM_UNAVAILABLE"),
        ({"throttle_rate": 1.0, "retry_after_seconds": 9}, "RATE_LIMITED"),
        ({"malformed_rate": 1.0, "malformed_kind": "truncate"}, "BAD_UPSTREAM_RESPONSE"),
        ({"malformed_rate": 1.0, "malformed_kind": "schema"}, "BAD_UPSTREAM_RESPONSE"),
        ({"hang_rate": 1.0, "hang_seconds": 3.0}, "UPSTREAM_TIMEOUT"),
    ],
)
def test_a_failing_upstream_nulls_only_its_fields_with_its_code(
    short: Graph, switches: dict[str, Any], code: str
) -> None:
    short.switch("prepaid", only_endpoints=["AccountRead"], **switches)
    try:
        body = short.execute(QUERY, {"id": BILLING_ID})
    finally:
        short.reset_switches()
    account = body["data"]["customerAccount"]
    assert account["name"]
    assert account["prepaidAccount"] is None
    [error] = body["errors"]
    assert error["path"] == ["customerAccount", "prepaidAccount"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["upstream"] == "prepaid"
    if code == "RATE_LIMITED":
        assert error["extensions"]["retryAfter"] == 9
    assert "http" not in error["message"] and "Traceback" not in error["message"]


def wrong_credentials(settings: UpstreamSettings) -> UpstreamSettings:
    viewer = prepaid_sandbox.SandboxConfig()
    return dataclasses.replace(
        settings,
        billing=dataclasses.replace(settings.billing, password="not-the-password"),
        prepaid=dataclasses.replace(
            settings.prepaid, username=viewer.viewer_username, password=viewer.viewer_password
        ),
    )


def test_refused_credentials_and_missing_rights_have_their_own_codes() -> None:
    with running_graph(wrong_credentials) as graph:
        body = graph.execute(
            "query ($p: Int!) { customerAccount(identity: 1001) { name }"
            " prepaidAccount(accountNumber: $p) { name } invoicingAccount { name } }",
            {"p": WORLD.prepaid_ids()[0]},
        )
    assert body["data"]["invoicingAccount"]["name"]
    codes = {e["path"][0]: e["extensions"]["code"] for e in body["errors"]}
    assert codes == {"customerAccount": "UNAUTHENTICATED", "prepaidAccount": "FORBIDDEN"}
    assert "not-the-password" not in str(body)

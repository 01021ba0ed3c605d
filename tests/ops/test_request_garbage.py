"""A request leaves nothing to the cyclic garbage collector's executor walk.

graphql-core's executor refers to itself (``fastpath.plain_executor``), so
each request's executor, and all it holds, was garbage only the cyclic
collector freed: its pauses, inside later requests, set the tail latency of
small queries under load. Here the collector is off while a gateway served
in this process answers real HTTP requests over the sandboxes; afterwards
no executor of theirs may still exist, for each kind of answer: whole,
refused by a gate, in parts (``@defer``, ``@stream``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from strawberry.relay import to_base64

from fastpath.plain_executor import PlainExecutor
from gateway.config import load_config
from gateway.sandboxes import UPSTREAMS, sandbox_settings_at
from gateway.wiring import build_gateway
from tests.graph.conftest import WORLD
from tests.ops.conftest import Sandboxes
from upstreams.sandboxing import serve_in_thread

REQUESTS = 20
# Low enough that REFUSED costs too much, high enough for every other request here.
MAX_COST = 500
IN_PARTS = "multipart/mixed;deferSpec=20220824, application/graphql-response+json"
ACCOUNT = WORLD.billing_ids()[7]

ONE_ACCOUNT = (
    "query One($id: Int!) { customerAccount(identity: $id) { identity name ownerName billDay } }"
)
PAGE = (
    "query Page { customerAccounts(first: 20) {"
    " edges { node { identity name contacts { firstName lastName } } } } }"
)
RECHARGE = (
    "mutation Recharge($input: SetRechargeInput!) { setRecharge(input: $input) {"
    " account { accountNumber autoRecharge { enabled } } userErrors { code } } }"
)
REFUSED = (
    "query Costly { customerAccounts(first: 100) {"
    " edges { node { contacts { firstName } invoicerAccount { name } } } } }"
)
DEFERRED = (
    "query Deferred($id: Int!) { customerAccount(identity: $id) {"
    " identity ... @defer { name ownerName } } }"
)
DEFERRED_IN_PAGE = (
    "query DeferredInPage { customerAccounts(first: 20) {"
    " edges { node { identity ... @defer { name invoicerAccount { name } } } } } }"
)
STREAMED = (
    "query Streamed { invoices(first: 20) {"
    " edges @stream(initialCount: 2) { node { invoiceNumber prepaidAccount { name } } } } }"
)

# name -> (query, variables, accepts parts, what the answer must hold)
REQUESTS_BY_KIND: dict[str, tuple[str, dict[str, Any], bool, str]] = {
    "one account": (ONE_ACCOUNT, {"id": ACCOUNT}, False, '"identity":'),
    "a page of accounts": (PAGE, {}, False, '"contacts":'),
    "a mutation": (
        RECHARGE,
        {
            "input": {
                "prepaidAccountId": to_base64("PrepaidAccount", WORLD.prepaid_ids()[3]),
                "enabled": True,
                "threshold": 5,
                "level": 50,
            }
        },
        False,
        '"userErrors":[]',
    ),
    "a cost refusal": (REFUSED, {}, False, "MAX_COST_EXCEEDED"),
    "a deferred fragment": (DEFERRED, {"id": ACCOUNT}, True, '"hasNext":false'),
    "deferred fragments in a page": (DEFERRED_IN_PAGE, {}, True, '"hasNext":false'),
    "a streamed list": (STREAMED, {}, True, '"hasNext":false'),
}


@pytest.fixture(scope="module")
def url(sandboxes: Sandboxes) -> Iterator[str]:
    config = load_config(None, {"GATEWAY_LIMITS_MAX_COST": str(MAX_COST)})
    urls = {name: sandboxes.url(name) for name in UPSTREAMS}
    gateway = build_gateway(config, sandbox_settings_at(urls, set()))
    server = serve_in_thread(gateway.app, lifespan=True)
    yield f"{server.base_url}/graphql"
    server.stop()


def executors() -> int:
    """Executors (sub-executors included) that still exist, reachable or not."""
    return sum(isinstance(one, PlainExecutor) for one in gc.get_objects())


def executors_once_answered() -> int:
    """``executors()`` once the server has let go of its last answer (or after 10 s).

    The client can read an answer's last byte a moment before the server drops
    the objects that wrote it; garbage in a cycle never goes.
    """
    deadline = time.monotonic() + 10
    while (left := executors()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.mark.parametrize("kind", list(REQUESTS_BY_KIND))
def test_no_executor_is_left_to_the_collector(url: str, kind: str) -> None:
    query, variables, in_parts, expected = REQUESTS_BY_KIND[kind]
    headers = {"accept": IN_PARTS if in_parts else "application/json"}
    with httpx.Client(timeout=30, headers=headers) as client:
        client.post(url, json={"query": query, "variables": variables})  # sessions, caches
        gc.collect()
        gc.disable()
        try:
            answers = [
                client.post(url, json={"query": query, "variables": variables}).text
                for _ in range(REQUESTS)
            ]
            left = executors_once_answered()
        finally:
            gc.enable()
    assert all(expected in answer for answer in answers), answers[0][:500]
    if in_parts:
        assert all(answer.startswith("\r\n---") for answer in answers), answers[0][:500]
    assert left == 0

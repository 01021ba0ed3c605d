"""The cross-request cache over billing, Saasu and InvoiceXpress, through a running gateway.

Two gateways run in threads over the module's sandboxes: one caching in
memory with the default TTLs, one with every TTL at 0. Calls are the
sandboxes' own counts; each test uses accounts no other test here touches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.relay import to_base64

from gateway.cache_setup import TTL_KEYS
from gateway.config import load_config
from gateway.sandboxes import INVOICING_ACCOUNT_ID, UPSTREAMS, sandbox_settings_at
from gateway.wiring import build_gateway
from tests.graph.conftest import WORLD
from tests.ops.conftest import Sandboxes
from upstreams.billing import sandbox as billing
from upstreams.cache import MemoryCacheStore
from upstreams.saasu.sandbox.chart import seed_accounts
from upstreams.sandboxing import RunningServer, serve_in_thread

BILLING_GET = "GET /Account/{id}"
BILLING_DETAIL = "GET /Account/{id}/Detail"
SAASU_GET = "GET /Account/{id}"
SAASU_PUT = "PUT /Account/{id}"
INVOICING_GET = "GET /api/accounts/{account_id}/get.json"
INVOICING_PUT = "PUT /api/accounts/{account_id}/update.json"

CUSTOMER = "query($id: Int!) { customerAccount(identity: $id) { displayName } }"
CONTACTS = "query($id: Int!) { customerAccount(identity: $id) { contacts { firstName } } }"
CREATE_CONTACT = """mutation($input: CreateContactInput!) { createContact(input: $input) {
    contact { identity } userErrors { code } } }"""
PATCH = """mutation($input: UpdateAccountInput!) { updateAccount(input: $input) {
    account { id name ... on LedgerAccount { lastUpdatedId } }
    userErrors { field code } } }"""
LEDGER = "query($id: Int!) { ledgerAccount(accountNumber: $id) { name lastUpdatedId } }"
INVOICING = "{ invoicingAccount { city } }"

LEDGER_IDS = [
    a.id for a in seed_accounts(WORLD) if a.account_level == "Detail" and not a.is_built_in
]


@dataclass
class Running:
    url: str
    store: MemoryCacheStore | None
    http: httpx.Client

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = self.http.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}
        ).json()
        assert "errors" not in body, body
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        data: dict[str, Any] = self.execute(query, variables)["data"]
        return data


def serve(
    sandboxes: Sandboxes, env: dict[str, str], billing_url: str | None = None
) -> Iterator[Running]:
    config = load_config(None, {"GATEWAY_CACHE_STORE": "memory", **env})
    urls = {name: sandboxes.url(name) for name in UPSTREAMS}
    if billing_url is not None:
        urls["billing"] = billing_url
    gateway = build_gateway(config, sandbox_settings_at(urls, set()))
    store = gateway.cache.store if gateway.cache is not None else None
    server = serve_in_thread(gateway.app)
    with httpx.Client(timeout=30) as http:
        yield Running(server.base_url, store if isinstance(store, MemoryCacheStore) else None, http)
    server.stop()


@pytest.fixture(scope="module")
def cached(sandboxes: Sandboxes) -> Iterator[Running]:
    yield from serve(sandboxes, {})


@pytest.fixture(scope="module")
def uncached(sandboxes: Sandboxes) -> Iterator[Running]:
    env = {f"GATEWAY_CACHE_{key.upper()}": "0" for key in TTL_KEYS.values()}
    yield from serve(sandboxes, env)


class NoStore:
    """Test wiring around a billing sandbox: its answers say ``Cache-Control: no-store``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message["headers"] if k != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            await send(message)

        await self.app(scope, receive, marked)


@pytest.fixture(scope="module")
def no_store_billing() -> Iterator[RunningServer]:
    server = serve_in_thread(NoStore(billing.create_app(billing.SandboxConfig(world=WORLD))))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def told_not_to_store(sandboxes: Sandboxes, no_store_billing: RunningServer) -> Iterator[Running]:
    yield from serve(sandboxes, {}, no_store_billing.base_url)


def calls(sandboxes: Sandboxes, upstream: str) -> dict[str, int]:
    """Resource calls since the last reset; logins are not reads and are left out."""
    return {
        name: count
        for name, count in sandboxes.calls(upstream).items()
        if "login" not in name.lower() and "token" not in name.lower()
    }


def test_billing_account_and_detail_reads_are_kept_until_a_contact_is_created(
    cached: Running, sandboxes: Sandboxes
) -> None:
    account = 1970
    cached.data(CUSTOMER, {"id": account})
    before = cached.data(CONTACTS, {"id": account})
    sandboxes.reset_calls()

    assert cached.data(CUSTOMER, {"id": account})
    assert cached.data(CONTACTS, {"id": account}) == before
    assert calls(sandboxes, "billing") == {}

    made = cached.data(
        CREATE_CONTACT,
        {
            "input": {
                "customerAccountId": to_base64("CustomerAccount", account),
                "firstName": "Cached",
                "lastName": "Out",
                "contactTypeId": 3,
            }
        },
    )
    assert made["createContact"]["userErrors"] == []
    # The payload reads the contact back (the write's answer lacks its name): from
    # billing, since the write dropped the cached detail; what it read is kept.
    assert calls(sandboxes, "billing") == {"POST /Account/{id}/Contact": 1, BILLING_DETAIL: 1}
    sandboxes.reset_calls()
    after = cached.data(CONTACTS, {"id": account})
    assert calls(sandboxes, "billing") == {}
    names = [c["firstName"] for c in after["customerAccount"]["contacts"]]
    assert (
        names.count("Cached")
        == [c["firstName"] for c in before["customerAccount"]["contacts"]].count("Cached") + 1
    )


def test_saasu_ledger_read_is_kept_and_a_patch_drops_it(
    cached: Running, sandboxes: Sandboxes
) -> None:
    account = LEDGER_IDS[70]
    first = cached.data(LEDGER, {"id": account})["ledgerAccount"]
    sandboxes.reset_calls()
    assert cached.data(LEDGER, {"id": account})["ledgerAccount"] == first
    assert calls(sandboxes, "saasu") == {}

    payload = cached.data(
        PATCH,
        {
            "input": {
                "ledger": {
                    "id": to_base64("LedgerAccount", account),
                    "lastUpdatedId": first["lastUpdatedId"],
                    "name": "Renamed behind the cache",
                }
            }
        },
    )["updateAccount"]
    assert payload["userErrors"] == []
    # The update is built on a fresh read, and the answer is read again after it.
    assert calls(sandboxes, "saasu") == {SAASU_GET: 2, SAASU_PUT: 1}
    sandboxes.reset_calls()
    after = cached.data(LEDGER, {"id": account})["ledgerAccount"]
    assert after["name"] == "Renamed behind the cache"
    assert after["lastUpdatedId"] == payload["account"]["lastUpdatedId"] != first["lastUpdatedId"]
    assert calls(sandboxes, "saasu") == {}  # the re-read after the PUT refilled the cache


def test_a_saasu_patch_never_builds_on_a_stale_cached_copy(
    cached: Running, uncached: Running, sandboxes: Sandboxes
) -> None:
    account = LEDGER_IDS[71]
    stale = cached.data(LEDGER, {"id": account})["ledgerAccount"]
    elsewhere = uncached.data(
        PATCH,
        {
            "input": {
                "ledger": {
                    "id": to_base64("LedgerAccount", account),
                    "lastUpdatedId": stale["lastUpdatedId"],
                    "name": "Renamed elsewhere",
                }
            }
        },
    )["updateAccount"]
    assert elsewhere["userErrors"] == []
    assert cached.data(LEDGER, {"id": account})["ledgerAccount"] == stale  # still cached

    # A client with the current version changes another field through the
    # caching gateway: the other gateway's rename must survive.
    payload = cached.data(
        PATCH,
        {
            "input": {
                "ledger": {
                    "id": to_base64("LedgerAccount", account),
                    "lastUpdatedId": elsewhere["account"]["lastUpdatedId"],
                    "isActive": True,
                }
            }
        },
    )["updateAccount"]
    assert payload["userErrors"] == []
    assert payload["account"]["name"] == "Renamed elsewhere"


def test_invoicexpress_account_read_is_kept_and_an_update_drops_it(
    cached: Running, sandboxes: Sandboxes
) -> None:
    cached.data(INVOICING)
    sandboxes.reset_calls()
    assert cached.data(INVOICING)
    assert calls(sandboxes, "invoicexpress") == {}

    payload = cached.data(
        PATCH.replace("... on LedgerAccount { lastUpdatedId }", ""),
        {
            "input": {
                "invoicing": {
                    "id": to_base64("InvoicingAccount", INVOICING_ACCOUNT_ID),
                    "city": "Braga",
                }
            }
        },
    )["updateAccount"]
    assert payload["userErrors"] == []
    sandboxes.reset_calls()
    assert cached.data(INVOICING) == {"invoicingAccount": {"city": "Braga"}}
    assert calls(sandboxes, "invoicexpress") == {INVOICING_GET: 1}


def test_ttl_zero_turns_every_read_off(uncached: Running, sandboxes: Sandboxes) -> None:
    account = 1971
    ledger = LEDGER_IDS[72]
    uncached.data(CUSTOMER, {"id": account})  # logs in
    uncached.data(LEDGER, {"id": ledger})
    sandboxes.reset_calls()
    for _ in range(2):
        uncached.data(CUSTOMER, {"id": account})
        uncached.data(LEDGER, {"id": ledger})
        uncached.data(INVOICING)
    assert calls(sandboxes, "billing") == {BILLING_GET: 2}
    assert calls(sandboxes, "saasu") == {SAASU_GET: 2}
    assert calls(sandboxes, "invoicexpress") == {INVOICING_GET: 2}
    assert uncached.store is not None and uncached.store.held_keys() == []


def test_no_credential_token_or_session_in_any_key(cached: Running, sandboxes: Sandboxes) -> None:
    cached.data(CUSTOMER, {"id": 1972})
    cached.data(CONTACTS, {"id": 1972})
    cached.data(LEDGER, {"id": LEDGER_IDS[73]})
    cached.data(INVOICING)
    assert cached.store is not None
    keys = cached.store.held_keys()
    assert {key.split(":")[2] for key in keys} >= {"billing", "saasu", "invoicexpress"}
    s = sandboxes.settings()
    secrets = [
        s.billing.username,
        s.billing.password,
        s.billing.client_id,
        s.invoicexpress.api_key,
        s.saasu.username,
        s.saasu.password,
        s.prepaid.username,
        s.prepaid.password,
    ]
    for key in keys:
        for secret in secrets:
            assert not secret or secret not in key, key
        lowered = key.lower()
        assert "token" not in lowered and "session" not in lowered and "key" not in lowered


def test_an_upstreams_no_store_wins_over_the_configured_ttl(
    told_not_to_store: Running, no_store_billing: RunningServer
) -> None:
    url = f"{no_store_billing.base_url}/_sandbox/calls"
    told_not_to_store.data(CUSTOMER, {"id": 1973})
    httpx.delete(url)
    told_not_to_store.data(CUSTOMER, {"id": 1973})
    told_not_to_store.data(CUSTOMER, {"id": 1973})
    assert httpx.get(url).json()["endpoints"] == {BILLING_GET: 2}
    assert told_not_to_store.store is not None
    assert not [key for key in told_not_to_store.store.held_keys() if ":billing:" in key]


def test_the_memory_store_keeps_to_its_configured_bytes(sandboxes: Sandboxes) -> None:
    limit = 32 * 1024  # a quarter of it holds the detail of each account read here
    for running in serve(sandboxes, {"GATEWAY_CACHE_MAX_BYTES": str(limit)}):
        assert running.store is not None and running.store.max_bytes == limit
        accounts = WORLD.billing_ids()[900:940]
        for account in accounts:
            assert running.data(CONTACTS, {"id": account})["customerAccount"]
            assert running.store.held_bytes() <= limit
        kept = running.store.held_keys()
        assert 0 < len(kept) < 2 * len(accounts)  # an account and its detail each
        assert kept[-1].endswith(str(accounts[-1]))  # the newest stay, the oldest went

"""Updating Saasu ledger accounts over real HTTP, in both formats and both auth modes.

Also the helpers the other ``test_adapter_*`` modules share: starting a
sandbox, its controls, and an adapter connected to it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.conftest import Serve
from upstreams.client_settings import ClientSettings
from upstreams.errors import Conflict, InvalidInput, UpstreamError
from upstreams.saasu.adapter import SaasuAdapter, SaasuSettings
from upstreams.saasu.codec import Format
from upstreams.saasu.models import AccountLevel, LedgerAccount, LedgerAccountUpdate
from upstreams.saasu.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import serve_in_thread

FILE_ID = 62831
ACCESS_KEY = "sandbox-saasu-access-key"
USERNAME = "ledger@sandbox.example"
PASSWORD = "sandbox-saasu-password"
MODES = [("json", "key"), ("json", "oauth"), ("xml", "key"), ("xml", "oauth")]


@dataclass
class Sandbox:
    """A served Saasu sandbox, its ``/_sandbox/`` controls, and the accounts tests have claimed.

    Tests that share one sandbox each change an account of their own.
    """

    base_url: str
    claimed: set[int] = field(default_factory=set)

    async def calls(self) -> dict[str, int]:
        async with httpx.AsyncClient(base_url=self.base_url) as client:
            endpoints: dict[str, int] = (await client.get("/_sandbox/calls")).json()["endpoints"]
            return endpoints

    async def switch(self, **changes: Any) -> None:
        async with httpx.AsyncClient(base_url=self.base_url) as client:
            response = await client.patch("/_sandbox/switches", json=changes)
            response.raise_for_status()


def start(serve: Serve, **config: Any) -> Sandbox:
    return Sandbox(serve(create_app(SandboxConfig(**config))).base_url)


def connect(
    sandbox: Sandbox,
    *,
    format: Format = "json",
    auth: str = "key",
    file_id: int = FILE_ID,
    access_key: str = ACCESS_KEY,
    password: str = PASSWORD,
    refresh_margin_seconds: float = 60.0,
    clock: Callable[[], float] = time.monotonic,
    **client: Any,
) -> SaasuAdapter:
    credentials: dict[str, Any] = (
        {"ws_access_key": access_key}
        if auth == "key"
        else {"username": USERNAME, "password": password}
    )
    return SaasuAdapter(
        SaasuSettings(
            # one attempt per call: retries are tested in tests/upstreams/test_resilience.py
            client=ClientSettings(base_url=sandbox.base_url, **{"read_retries": 0, **client}),
            file_id=file_id,
            format=format,
            refresh_margin_seconds=refresh_margin_seconds,
            **credentials,
        ),
        clock=clock,
    )


def assert_clean(error: UpstreamError, *secrets: str) -> None:
    """Nothing a client must not see: no address, no credential."""
    texts = [str(error), error.message]
    if isinstance(error, InvalidInput):
        texts += [p.message for p in error.problems]
    for text in texts:
        assert "http://" not in text and "127.0.0.1" not in text
        for secret in (ACCESS_KEY, PASSWORD, *secrets):
            assert secret not in text


async def editable_account(adapter: SaasuAdapter, sandbox: Sandbox) -> LedgerAccount:
    """A detail account, neither built in nor a bank account, that no other test has claimed."""
    page = await adapter.list_accounts(page_size=100, include_built_in=False, is_bank_account=False)
    chosen = next(
        a
        for a in page.items
        if a.account_level is AccountLevel.DETAIL and a.id not in sandbox.claimed
    )
    sandbox.claimed.add(chosen.id)
    return await adapter.get_account(chosen.id)


def serve_for_module() -> Iterator[Sandbox]:
    """One sandbox for a whole module: starting and stopping one per test would dominate."""
    server = serve_in_thread(create_app(SandboxConfig()))
    yield Sandbox(server.base_url)
    server.stop()


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    yield from serve_for_module()


@pytest.fixture(params=MODES, ids=[f"{f}-{a}" for f, a in MODES])
async def adapter(request: pytest.FixtureRequest, sandbox: Sandbox) -> AsyncIterator[SaasuAdapter]:
    format, auth = request.param
    async with connect(sandbox, format=format, auth=auth) as adapter:
        yield adapter


async def test_update_changes_the_account_and_its_last_updated_id(
    adapter: SaasuAdapter, sandbox: Sandbox
) -> None:
    account = await editable_account(adapter, sandbox)
    new_name = f"{account.name} (renamed)"[:75]
    new_code = f"ZZ-{account.id}"  # ledger codes are unique within a file
    update = dataclasses.replace(
        LedgerAccountUpdate.from_account(account), name=new_name, ledger_code=new_code
    )
    result = await adapter.update_account(account.id, update)
    assert result.updated_account_id == account.id
    assert result.last_updated_id != account.last_updated_id
    after = await adapter.get_account(account.id)
    assert (after.name, after.ledger_code) == (new_name, new_code)
    assert after.last_updated_id == result.last_updated_id
    assert after.last_modified_date_utc == result.utc_last_modified
    assert after.created_date_utc == account.created_date_utc


async def test_update_sends_nulls_that_clear_fields(
    adapter: SaasuAdapter, sandbox: Sandbox
) -> None:
    account = await editable_account(adapter, sandbox)
    update = dataclasses.replace(
        LedgerAccountUpdate.from_account(account), ledger_code=None, default_tax_code=None
    )
    await adapter.update_account(account.id, update)
    after = await adapter.get_account(account.id)
    assert (after.ledger_code, after.default_tax_code) == (None, None)


async def test_stale_last_updated_id_is_a_conflict_and_changes_nothing(
    adapter: SaasuAdapter, sandbox: Sandbox
) -> None:
    account = await editable_account(adapter, sandbox)
    first = dataclasses.replace(LedgerAccountUpdate.from_account(account), name="First writer")
    await adapter.update_account(account.id, first)
    second = dataclasses.replace(first, name="Second writer")  # still the old LastUpdatedId
    with pytest.raises(Conflict) as caught:
        await adapter.update_account(account.id, second)
    assert_clean(caught.value)
    assert (await adapter.get_account(account.id)).name == "First writer"


async def test_validation_lists_every_field_at_once(
    adapter: SaasuAdapter, sandbox: Sandbox
) -> None:
    account = await editable_account(adapter, sandbox)
    update = dataclasses.replace(
        LedgerAccountUpdate.from_account(account), name="N" * 76, currency="dollars"
    )
    with pytest.raises(InvalidInput) as caught:
        await adapter.update_account(account.id, update)
    assert {p.field for p in caught.value.problems} == {"Name", "Currency"}
    assert all(p.message for p in caught.value.problems)
    assert_clean(caught.value)
    assert await adapter.get_account(account.id) == account


@pytest.mark.parametrize(
    "credentials",
    [
        {},
        {"ws_access_key": ACCESS_KEY, "username": USERNAME, "password": PASSWORD},
        {"username": USERNAME},
    ],
    ids=["none", "both", "no-password"],
)
def test_settings_take_exactly_one_way_to_authenticate(credentials: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        SaasuSettings(client=ClientSettings(base_url="http://x"), file_id=FILE_ID, **credentials)


def test_settings_never_show_secrets() -> None:
    key = SaasuSettings(
        client=ClientSettings(base_url="http://x"), file_id=FILE_ID, ws_access_key=ACCESS_KEY
    )
    oauth = SaasuSettings(
        client=ClientSettings(base_url="http://x"),
        file_id=FILE_ID,
        username=USERNAME,
        password=PASSWORD,
    )
    assert ACCESS_KEY not in repr(key) and PASSWORD not in repr(oauth)

"""Saasu authentication: the access key, and OAuth tokens fetched once, refreshed and renewed."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from tests.conftest import Serve
from tests.upstreams.saasu.test_adapter import connect, editable_account, start
from upstreams.errors import Unauthenticated
from upstreams.saasu.codec import Format
from upstreams.saasu.models import LedgerAccountUpdate

FORMATS: list[Format] = ["json", "xml"]


def token_calls(calls: dict[str, int]) -> tuple[int, int]:
    """(password grants, refresh grants) in the sandbox's call counts."""
    grants = sum(n for key, n in calls.items() if key.lower().endswith("/authorisation/token"))
    refreshes = sum(n for key, n in calls.items() if key.lower().endswith("/authorisation/refresh"))
    return grants, refreshes


def account_reads(calls: dict[str, int]) -> int:
    return sum(n for key, n in calls.items() if key.startswith("GET /Account/"))


@pytest.mark.parametrize("format", FORMATS)
async def test_wrong_access_key_is_unauthenticated(serve: Serve, format: Format) -> None:
    sandbox = start(serve)
    async with connect(sandbox, format=format, access_key="not-the-key") as adapter:
        with pytest.raises(Unauthenticated) as caught:
            await adapter.get_account(1)
    assert "not-the-key" not in str(caught.value)
    assert account_reads(await sandbox.calls()) == 1  # a refused key is not sent again


async def test_wrong_password_is_unauthenticated(serve: Serve) -> None:
    sandbox = start(serve)
    async with connect(sandbox, auth="oauth", password="not-the-password") as adapter:
        with pytest.raises(Unauthenticated) as caught:
            await adapter.get_account(1)
    assert "not-the-password" not in str(caught.value)
    assert token_calls(await sandbox.calls()) == (1, 0)
    assert account_reads(await sandbox.calls()) == 0


@pytest.mark.parametrize("format", FORMATS)
async def test_concurrent_calls_share_one_token(serve: Serve, format: Format) -> None:
    sandbox = start(serve)
    async with connect(sandbox, format=format, auth="oauth") as adapter:
        ids = [a.id for a in (await adapter.list_accounts(page_size=3)).items]
        await asyncio.gather(*(adapter.get_account(i) for i in ids))
    calls = await sandbox.calls()
    assert token_calls(calls) == (1, 0)
    assert account_reads(calls) == 3


async def test_a_refused_token_is_renewed_and_the_call_sent_once_more(serve: Serve) -> None:
    sandbox = start(serve, token_lifetime_seconds=1)
    # The adapter's clock stands still, so it believes its token is fresh when Saasu does not.
    adapter = connect(
        sandbox, format="json", auth="oauth", refresh_margin_seconds=0, clock=lambda: 0.0
    )
    async with adapter:
        account_id = (await adapter.list_accounts(page_size=1)).items[0].id
        await asyncio.sleep(1.2)
        account = await adapter.get_account(account_id)
    assert account.id == account_id
    calls = await sandbox.calls()
    assert account_reads(calls) == 2  # refused once with 401, then carried out
    assert token_calls(calls) == (1, 1)


async def test_an_update_refused_for_its_token_is_sent_once_more(serve: Serve) -> None:
    sandbox = start(serve, token_lifetime_seconds=1)
    adapter = connect(
        sandbox, format="xml", auth="oauth", refresh_margin_seconds=0, clock=lambda: 0.0
    )
    async with adapter:
        account = await editable_account(adapter, sandbox)
        await asyncio.sleep(1.2)
        update = dataclasses.replace(LedgerAccountUpdate.from_account(account), name="After 401")
        result = await adapter.update_account(account.id, update)
        assert (await adapter.get_account(account.id)).last_updated_id == result.last_updated_id
    calls = await sandbox.calls()
    assert sum(n for key, n in calls.items() if key.startswith("PUT ")) == 2


async def test_an_expired_token_is_refreshed_before_it_is_sent(serve: Serve) -> None:
    sandbox = start(serve, token_lifetime_seconds=600)
    now = [0.0]
    async with connect(
        sandbox, auth="oauth", refresh_margin_seconds=0, clock=lambda: now[0]
    ) as adapter:
        account_id = (await adapter.list_accounts(page_size=1)).items[0].id
        await adapter.get_account(account_id)
        now[0] = 601.0  # past the expires_in Saasu gave
        await adapter.get_account(account_id)
    calls = await sandbox.calls()
    assert token_calls(calls) == (1, 1)
    assert account_reads(calls) == 2  # no 401 spent: the adapter knew the token had expired


async def test_token_is_refreshed_before_it_expires(serve: Serve) -> None:
    sandbox = start(serve, token_lifetime_seconds=30)
    # A margin longer than the lifetime makes every token due for refresh at once.
    async with connect(sandbox, auth="oauth", refresh_margin_seconds=60) as adapter:
        account_id = (await adapter.list_accounts(page_size=1)).items[0].id
        await adapter.get_account(account_id)
        await adapter.get_account(account_id)
    calls = await sandbox.calls()
    assert token_calls(calls) == (1, 2)
    assert account_reads(calls) == 2  # never refused: renewed before sending

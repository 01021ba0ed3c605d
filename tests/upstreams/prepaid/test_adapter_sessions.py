"""The prepaid adapter's sessions: opened once, renewed early or on refusal, never twice more.

Session lifetimes are made tiny on the sandbox (and, where the test is about
renewing early, on the adapter), and calls are counted by the sandbox per
``Action``.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import WORLD, chargeable, start
from upstreams.client_settings import ClientSettings
from upstreams.errors import Unauthenticated
from upstreams.prepaid.adapter import PrepaidSettings

ACCOUNT = WORLD.prepaid_ids()[0]


async def test_fifty_concurrent_first_calls_open_one_session(serve: Serve) -> None:
    sandbox = start(serve)
    async with sandbox.adapter() as prepaid:
        read = await asyncio.gather(*(prepaid.read_account(ACCOUNT) for _ in range(50)))
    assert {account.account_id for account in read} == {ACCOUNT}
    assert await sandbox.calls() == {"SessionCreate": 1, "AccountRead": 50}


async def test_a_session_the_api_ended_is_renewed_and_the_call_sent_once_more(
    serve: Serve,
) -> None:
    sandbox = start(serve, session_idle_seconds=0.3)
    async with sandbox.adapter() as prepaid:
        first = await prepaid.read_account(ACCOUNT)
        await asyncio.sleep(0.45)
        again = await prepaid.read_account(ACCOUNT)
    assert again == first
    assert await sandbox.calls() == {"SessionCreate": 2, "AccountRead": 3}


async def test_many_calls_on_an_ended_session_renew_it_once(serve: Serve) -> None:
    sandbox = start(serve, session_idle_seconds=0.3)
    async with sandbox.adapter() as prepaid:
        await prepaid.read_account(ACCOUNT)
        await asyncio.sleep(0.45)
        await asyncio.gather(*(prepaid.read_account(ACCOUNT) for _ in range(20)))
    # All twenty went out on the ended session, were refused, and went once more on one new one.
    assert await sandbox.calls() == {"SessionCreate": 2, "AccountRead": 1 + 20 + 20}


async def test_a_top_up_refused_for_its_session_charges_once_on_the_new_one(
    serve: Serve,
) -> None:
    sandbox = start(serve, session_idle_seconds=0.3)
    async with sandbox.adapter() as prepaid:
        accounts = await asyncio.gather(*map(prepaid.read_account, WORLD.prepaid_ids()[:10]))
        account = next(a for a in accounts if chargeable(a))
        await asyncio.sleep(0.45)
        await sandbox.reset_calls()
        topped = await prepaid.add_credit(account.account_id, 40)
    assert topped.balance == account.balance + Decimal(40)
    [charge] = await sandbox.charge_list()
    assert (charge["account_id"], Decimal(charge["amount"])) == (account.account_id, Decimal(40))
    assert await sandbox.calls() == {"AccountEditCreditAdd": 2, "SessionCreate": 1}


async def test_a_session_near_its_idle_limit_is_renewed_before_use(serve: Serve) -> None:
    sandbox = start(serve, session_idle_seconds=1.0)
    async with sandbox.adapter(idle=1.0, margin=0.6) as prepaid:
        await prepaid.read_account(ACCOUNT)
        await asyncio.sleep(0.5)  # past the adapter's 0.4 s, short of the sandbox's 1 s
        await prepaid.read_account(ACCOUNT)
    assert await sandbox.calls() == {"SessionCreate": 2, "AccountRead": 2}


async def test_a_session_that_is_refused_again_is_unauthenticated(serve: Serve) -> None:
    sandbox = start(serve, session_idle_seconds=0.0)
    async with sandbox.adapter() as prepaid:
        with pytest.raises(Unauthenticated):
            await prepaid.add_credit(ACCOUNT, 10)
    assert await sandbox.calls() == {"SessionCreate": 2, "AccountEditCreditAdd": 2}
    assert await sandbox.charges() == 0


async def test_destroying_an_ended_session_is_quiet(serve: Serve) -> None:
    sandbox = start(serve, session_idle_seconds=0.3)
    async with sandbox.adapter() as prepaid:
        await prepaid.create_session()
        await asyncio.sleep(0.45)
        await prepaid.destroy_session()
    assert await sandbox.calls() == {"SessionCreate": 1, "SessionDestroy": 1}


@pytest.mark.parametrize(("idle", "margin"), [(60.0, 60.0), (0.0, 0.0), (60.0, -1.0)])
def test_settings_refuse_a_lifetime_that_leaves_no_room(idle: float, margin: float) -> None:
    with pytest.raises(ValueError):
        PrepaidSettings(ClientSettings("http://127.0.0.1:9"), "user", "password", idle, margin)

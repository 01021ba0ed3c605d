"""The billing adapter's token lifecycle against the served sandbox.

Login once even under concurrency, refresh before expiry, and on a 401 log in
again and send once more, never twice.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.conftest import Serve
from tests.upstreams.billing.adapter_kit import (
    CLIENT_ID,
    LOGIN,
    ManualClock,
    Recorder,
    assert_clean,
    every_account,
    every_note,
    key,
    start,
)
from upstreams.billing.models import NoteInput
from upstreams.errors import Unauthenticated


class Revocations:
    """Tokens the test has revoked: requests bearing one present a token the server never issued."""

    def __init__(self) -> None:
        self.revoked: set[str] = set()

    def revoke_last(self, recorder: Recorder) -> None:
        """Revoke the token the last request carried."""
        authorization = recorder.sent[-1].authorization
        assert authorization is not None
        self.revoked.add(authorization)

    def __call__(self, request: httpx.Request) -> httpx.Request:
        if request.headers.get("authorization") in self.revoked:
            request.headers["authorization"] = "Bearer revoked-token"
        return request


async def test_fifty_concurrent_first_calls_log_in_once(serve: Serve) -> None:
    billing = start(serve)
    async with billing.open() as adapter:
        ids = [a.identity for a in await every_account(adapter)]
        await billing.reset_calls()
    async with billing.open() as adapter:  # a fresh adapter: no token yet
        accounts = await asyncio.gather(
            *(adapter.get_account(ids[i % len(ids)]) for i in range(50))
        )
    assert [a.identity for a in accounts] == [ids[i % len(ids)] for i in range(50)]
    calls = await billing.calls()
    assert calls[LOGIN] == 1
    assert calls[key("GET", "/Account/{id}")] == 50


async def test_token_is_refreshed_before_it_expires(serve: Serve) -> None:
    clock = ManualClock()
    recorder = Recorder()
    billing = start(serve, token_lifetime_seconds=120, refresh_margin_seconds=30, recorder=recorder)
    async with billing.open(clock=clock) as adapter:
        first = await every_account(adapter)
        clock.advance(60)  # 60 s of 120 left: not yet due
        await adapter.get_account(first[0].identity)
        assert recorder.grants() == ["password"]
        clock.advance(40)  # 20 s left, under the 30 s margin
        await adapter.get_account(first[0].identity)
        await adapter.get_account(first[1].identity)
    assert recorder.grants() == ["password", "refresh_token"]
    bearers = [s.authorization for s in recorder.sent if "/ResourceServer/" in s.path]
    assert bearers[0] == bearers[1] != bearers[2] == bearers[3]  # the refreshed token is used
    assert (await billing.calls())[LOGIN] == 2


async def test_token_expired_on_the_server_is_refreshed_before_the_call(serve: Serve) -> None:
    # The sandbox counts a token's life from its issue second, so a 2-second
    # token outlives the first call and is surely dead 2.1 s after the login.
    recorder = Recorder()
    billing = start(serve, token_lifetime_seconds=2, refresh_margin_seconds=0, recorder=recorder)
    async with billing.open() as adapter:
        accounts = await every_account(adapter)
        await asyncio.sleep(2.1)
        assert await adapter.get_account(accounts[0].identity) == accounts[0]
    assert recorder.grants() == ["password", "refresh_token"]
    assert (await billing.calls())[key("GET", "/Account/{id}")] == 1  # no 401 on the way


async def test_401_logs_in_again_and_sends_a_write_once_more(serve: Serve) -> None:
    revoked = Revocations()
    recorder = Recorder(spoil=revoked)
    billing = start(serve, recorder=recorder)
    async with billing.open() as adapter:
        account_id = (await every_account(adapter))[0].identity
        notes_before = await every_note(adapter, account_id)
        revoked.revoke_last(recorder)
        created = await adapter.create_note(account_id, NoteInput(subject="Once", text="only"))
        calls = await billing.calls()
        notes_after = await every_note(adapter, account_id)
    assert recorder.grants() == ["password", "password"]
    assert calls[key("POST", "/Account/{id}/Note")] == 2  # the 401, then the one carried out
    assert [n.identity for n in notes_after] == [
        *(n.identity for n in notes_before),
        created.record.identity,
    ]


async def test_concurrent_401s_cost_one_login(serve: Serve) -> None:
    revoked = Revocations()
    recorder = Recorder(spoil=revoked)
    billing = start(serve, recorder=recorder)
    async with billing.open() as adapter:
        ids = [a.identity for a in await every_account(adapter)]
        revoked.revoke_last(recorder)
        accounts = await asyncio.gather(*(adapter.get_account(i) for i in ids[:20]))
    assert [a.identity for a in accounts] == ids[:20]
    assert recorder.grants() == ["password", "password"]


async def test_a_second_401_is_unauthenticated_after_one_more_try(serve: Serve) -> None:
    recorder = Recorder()
    # Every token is born expired.
    billing = start(serve, token_lifetime_seconds=0, recorder=recorder)
    async with billing.open() as adapter:
        with pytest.raises(Unauthenticated) as caught:
            await adapter.create_note(1001, NoteInput(subject="Never", text="refused twice"))
    tokens = {s.authorization for s in recorder.sent if s.authorization}
    assert_clean(caught.value, *(t.removeprefix("Bearer ") for t in tokens))
    calls = await billing.calls()
    assert calls[key("POST", "/Account/{id}/Note")] == 2
    assert recorder.grants() == ["password", "password"]


async def test_wrong_password_is_unauthenticated(serve: Serve) -> None:
    billing = start(serve, password="not-the-password")
    async with billing.open() as adapter:
        with pytest.raises(Unauthenticated) as caught:
            await every_account(adapter)
    assert_clean(caught.value, "not-the-password", "api-user")
    calls = await billing.calls()
    assert calls == {LOGIN: 1}  # no resource call without a token


async def test_refused_refresh_falls_back_to_a_password_login(serve: Serve) -> None:
    clock = ManualClock()

    def spoil_refresh_token(request: httpx.Request) -> httpx.Request:
        if b"grant_type=refresh_token" not in request.content:
            return request
        return httpx.Request(
            request.method,
            request.url,
            data={
                "grant_type": "refresh_token",
                "refresh_token": "revoked",
                "client_id": CLIENT_ID,
            },
        )

    recorder = Recorder(spoil=spoil_refresh_token)
    billing = start(serve, token_lifetime_seconds=120, refresh_margin_seconds=30, recorder=recorder)
    async with billing.open(clock=clock) as adapter:
        accounts = await every_account(adapter)
        clock.advance(100)
        assert await adapter.get_account(accounts[0].identity) == accounts[0]
    assert recorder.grants() == ["password", "refresh_token", "password"]

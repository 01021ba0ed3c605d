"""The prepaid adapter's sessions: opened once, renewed early or on refusal, never twice more.

A top-up goes in a session of its own (``start_session``), is never sent again
in another, and once ``end_session`` has ended that session, no top-up sent in
it can land, even one still on its way.

Session lifetimes are made tiny on the sandbox (and, where the test is about
renewing early, on the adapter), and calls are counted by the sandbox per
``Action``.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import pytest
from lxml import etree
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import WORLD, Sandbox, chargeable, start, top_up
from tests.upstreams.prepaid.sandbox_support import completed, established, refusal
from upstreams.client_settings import ClientSettings
from upstreams.errors import Unauthenticated, UpstreamTimeout
from upstreams.prepaid.adapter import PrepaidSettings
from upstreams.prepaid.errors import SessionEnded
from upstreams.prepaid.models import PrepaidAccount
from upstreams.prepaid.sandbox import SandboxConfig, create_app

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


async def test_a_top_up_whose_own_session_ended_is_refused_and_not_resent(
    serve: Serve,
) -> None:
    sandbox = start(serve, session_idle_seconds=0.3)
    async with sandbox.adapter() as prepaid:
        accounts = await asyncio.gather(*map(prepaid.read_account, WORLD.prepaid_ids()[:10]))
        account = next(a for a in accounts if chargeable(a))
        own = await prepaid.start_session()
        await asyncio.sleep(0.45)
        await sandbox.reset_calls()
        with pytest.raises(SessionEnded) as caught:
            await prepaid.add_credit(account.account_id, 40, own)
        assert await sandbox.calls() == {"AccountEditCreditAdd": 1}
        # Reads still open a new shared session when theirs has ended, and send once more.
        after = await prepaid.read_account(account.account_id)
    assert caught.value.request_sent is False
    assert after.balance == account.balance
    assert await sandbox.charge_list() == []
    assert await sandbox.calls() == {
        "AccountEditCreditAdd": 1,
        "SessionCreate": 1,
        "AccountRead": 2,
    }


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
            await prepaid.read_account(ACCOUNT)
    assert await sandbox.calls() == {"SessionCreate": 2, "AccountRead": 2}


async def test_a_top_up_is_sent_in_its_own_session_only(serve: Serve) -> None:
    sandbox = start(serve, session_idle_seconds=0.0)
    async with sandbox.adapter() as prepaid:
        with pytest.raises(SessionEnded):
            await top_up(prepaid, ACCOUNT, 10)
    assert await sandbox.calls() == {"SessionCreate": 1, "AccountEditCreditAdd": 1}
    assert await sandbox.charges() == 0


async def a_chargeable_account(sandbox: Sandbox) -> PrepaidAccount:
    async with sandbox.adapter() as prepaid:
        accounts = await asyncio.gather(*map(prepaid.read_account, WORLD.prepaid_ids()[:10]))
    return next(account for account in accounts if chargeable(account))


async def test_a_session_of_its_own_ends_and_a_top_up_in_it_then_charges_nothing(
    serve: Serve,
) -> None:
    sandbox = start(serve)
    account = await a_chargeable_account(sandbox)
    await sandbox.reset_calls()
    async with sandbox.adapter() as prepaid:
        await prepaid.read_account(account.account_id, fresh=True)  # opens the shared session
        own = await prepaid.start_session()
        await prepaid.end_session(own.session_id)
        with pytest.raises(SessionEnded) as caught:
            await prepaid.add_credit(account.account_id, 20, own)
        # The shared session was neither replaced nor ended: this read goes out in it.
        after = await prepaid.read_account(account.account_id, fresh=True)
    assert caught.value.request_sent is False
    assert after.balance == account.balance
    assert await sandbox.charge_list() == []
    assert await sandbox.calls() == {
        "SessionCreate": 2,  # the shared session, opened once, and the top-up's own
        "SessionDestroy": 1,
        "AccountEditCreditAdd": 1,
        "AccountRead": 2,
    }


async def test_ending_a_session_already_over_or_never_opened_is_quiet(serve: Serve) -> None:
    sandbox = start(serve, session_idle_seconds=0.3)
    async with sandbox.adapter() as prepaid:
        idled = await prepaid.start_session()
        ended = await prepaid.start_session()
        await prepaid.end_session(ended.session_id)
        await prepaid.end_session(ended.session_id)
        await asyncio.sleep(0.45)
        await prepaid.end_session(idled.session_id)
        await prepaid.end_session("0" * 32)
    assert await sandbox.calls() == {"SessionCreate": 2, "SessionDestroy": 4}


HOLD = 2.0
"""How long the sandbox holds the top-up: well past the adapter's 0.3 s read timeout."""


@dataclass
class TopUpAnswers:
    """The bodies of the answers to top-ups, kept by the server's thread; ``kept`` once one is."""

    bodies: list[bytes] = field(default_factory=list)
    kept: threading.Event = field(default_factory=threading.Event)


def keeping_top_up_answers(app: ASGIApp) -> tuple[ASGIApp, TopUpAnswers]:
    """``app``, keeping the body of each answer to a top-up, even one no client awaits.

    It wraps the sandbox outside its fault switches, so the answer to a held
    top-up is kept once the hold has elapsed and the API has dealt with it.
    """
    answers = TopUpAnswers()

    async def keeping(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/api":
            await app(scope, receive, send)
            return
        request: list[bytes] = []
        answer: list[bytes] = []

        async def noting_request() -> Message:
            message = await receive()
            request.append(message.get("body", b""))
            return message

        async def noting_answer(message: Message) -> None:
            if message["type"] == "http.response.body":
                answer.append(message.get("body", b""))
            await send(message)

        await app(scope, noting_request, noting_answer)
        if b"Action=AccountEditCreditAdd" in b"".join(request):
            answers.bodies.append(b"".join(answer))
            answers.kept.set()

    return keeping, answers


async def test_a_held_top_up_whose_session_was_ended_is_refused_when_it_lands(
    serve: Serve,
) -> None:
    app, answers = keeping_top_up_answers(create_app(SandboxConfig(world=WORLD)))
    sandbox = Sandbox(serve(app).base_url, WORLD)
    account = await a_chargeable_account(sandbox)
    await sandbox.switch(
        hang_rate=1.0,
        hang_phase="before",
        hang_seconds=HOLD,
        only_endpoints=["AccountEditCreditAdd"],
    )
    await sandbox.reset_calls()
    async with sandbox.adapter(read_timeout=0.3) as prepaid:
        own = await prepaid.start_session()
        with pytest.raises(UpstreamTimeout) as caught:
            await prepaid.add_credit(account.account_id, 20, own)
        await sandbox.switch(hang_rate=0.0)
        await prepaid.end_session(own.session_id)
        assert not answers.kept.is_set(), "the hold elapsed before the session was ended"
        assert await asyncio.to_thread(answers.kept.wait, HOLD + 10), "the top-up never landed"
        [answer] = answers.bodies
        settled = await prepaid.read_account(account.account_id, fresh=True)
    assert caught.value.request_sent is True
    # The held top-up did reach the API, which refused it for its session.
    document = etree.fromstring(answer)
    assert (completed(document), established(document)) == (False, False)
    assert refusal(document) == "Authentication"
    assert [c for c in await sandbox.charge_list() if c["account_id"] == account.account_id] == []
    assert settled.balance == account.balance
    assert await sandbox.calls() == {
        "SessionCreate": 2,
        "AccountEditCreditAdd": 1,
        "SessionDestroy": 1,
        "AccountRead": 1,
    }


@pytest.mark.parametrize(("idle", "margin"), [(60.0, 60.0), (0.0, 0.0), (60.0, -1.0)])
def test_settings_refuse_a_lifetime_that_leaves_no_room(idle: float, margin: float) -> None:
    with pytest.raises(ValueError):
        PrepaidSettings(ClientSettings("http://127.0.0.1:9"), "user", "password", idle, margin)

"""addCredit's idempotency key over HTTP, keys in memory: one charge per key, whatever comes.

Each test tops up its own account, so balances and charges of one test are
not another's. Call counts are the prepaid sandbox's own; ``/_sandbox/charges``
is its ledger of card charges, the money that actually moved.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from strawberry.relay import to_base64

from gateway.config import UpstreamSettings
from gateway.stores import MemoryKeyStore
from resolvers.idempotency import Idempotency
from tests.graph.conftest import WORLD, Graph, running_graph
from upstreams.prepaid.sandbox.records import Account
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts

TODAY = datetime.now(UTC).date()
ACCOUNTS: list[Account] = list(seed_accounts(WORLD).values())
GOOD = iter(
    a for a in ACCOUNTS if a.card and not a.card.expired(TODAY) and not a.card.issuer_declines
)
REPEATED, CONCURRENT, REUSED, LOST, NOT_CHARGED, FREED, SLOW, NOT_SENT, HELD, FENCED, QUEUED = (
    next(GOOD) for _ in range(11)
)
ELSEWHERE = next(GOOD)
NO_CARD = next(a for a in ACCOUNTS if a.card is None)

READ_TIMEOUT = 2.0  # the gateway's read timeout for prepaid calls, so a hang is short

ADD_CREDIT = """
mutation ($input: AddCreditInput!) {
  addCredit(input: $input) {
    account { accountNumber balance { amount currency } }
    userErrors { field message code }
  }
}
"""
BALANCE = "query ($id: Int!) { prepaidAccount(accountNumber: $id) { balance { amount } } }"
SEND = {"AccountRead": 1, "SessionCreate": 1, "AccountEditCreditAdd": 1, "SessionDestroy": 1}
"""One top-up's calls: the baseline read, its own session, the charge, the session's end."""


def _short_reads(settings: UpstreamSettings) -> UpstreamSettings:
    client = dataclasses.replace(settings.prepaid.client, read_timeout=READ_TIMEOUT)
    return dataclasses.replace(
        settings, prepaid=dataclasses.replace(settings.prepaid, client=client)
    )


def _graph(wait_seconds: float = 15.0) -> AbstractContextManager[Graph]:
    keys = Idempotency(
        MemoryKeyStore(ttl_seconds=60), wait_seconds=wait_seconds, allow_volatile=True
    )
    return running_graph(_short_reads, keys)


@pytest.fixture(scope="module")
def keys() -> Iterator[Graph]:
    """A gateway whose duplicates wait 1 s for the first copy."""
    with _graph(wait_seconds=1.0) as graph:
        yield _warm(graph)


def _warm(graph: Graph) -> Graph:
    """Open the prepaid session first, so counts hold no SessionCreate."""
    assert "errors" not in graph.execute(BALANCE, {"id": REPEATED.account_id})
    return graph


def _input(account: Account, amount: int, key: str | None = None) -> dict[str, Any]:
    return {
        "input": {
            "prepaidAccountId": to_base64("PrepaidAccount", account.account_id),
            "amount": amount,
            "idempotencyKey": key if key is not None else str(uuid.uuid4()),
        }
    }


def _charges(graph: Graph, account: Account) -> int:
    ledger = graph.http.get(f"{graph.sandboxes['prepaid']}/_sandbox/charges").json()
    return sum(1 for charge in ledger["charges"] if charge["account_id"] == account.account_id)


def _balance(graph: Graph, account: Account) -> Decimal:
    body = graph.execute(BALANCE, {"id": account.account_id})
    return Decimal(body["data"]["prepaidAccount"]["balance"]["amount"])


def _code(body: dict[str, Any]) -> str:
    assert body["data"] == {"addCredit": None}, body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


def test_a_repeated_key_gets_the_first_answer_and_charges_once(keys: Graph) -> None:
    before = _balance(keys, REPEATED)
    keys.reset_calls()
    request = _input(REPEATED, 40)
    first = keys.execute(ADD_CREDIT, request)
    assert "errors" not in first, first
    assert Decimal(first["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 40
    assert keys.calls("prepaid") == SEND
    keys.reset_calls()
    again = keys.execute(ADD_CREDIT, request)
    assert again == first
    assert keys.calls("prepaid") == {}
    assert _charges(keys, REPEATED) == 1


def test_a_declined_top_up_is_answered_again_without_a_call(keys: Graph) -> None:
    request = _input(NO_CARD, 10)
    first = keys.execute(ADD_CREDIT, request)
    assert [e["code"] for e in first["data"]["addCredit"]["userErrors"]] == ["DECLINED"]
    keys.reset_calls()
    assert keys.execute(ADD_CREDIT, request) == first
    assert keys.calls("prepaid") == {}


@pytest.mark.parametrize(("key", "code"), [("", "REQUIRED"), ("k" * 256, "TOO_LONG")])
def test_a_key_of_bad_length_is_a_user_error_and_costs_no_call(
    keys: Graph, key: str, code: str
) -> None:
    keys.reset_calls()
    body = keys.execute(ADD_CREDIT, _input(REPEATED, 10, key))
    payload = body["data"]["addCredit"]
    assert payload["account"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "idempotencyKey"], code)
    ]
    assert keys.calls("prepaid") == {}


def test_the_longest_key_is_accepted(keys: Graph) -> None:
    body = keys.execute(ADD_CREDIT, _input(REPEATED, 10, "k" * 255))
    assert "errors" not in body, body
    assert body["data"]["addCredit"]["userErrors"] == []


def test_concurrent_duplicates_over_http_charge_once(keys: Graph) -> None:
    """Two copies at once: one sends, the other waits for its outcome and answers the same."""
    request = {"query": ADD_CREDIT, "variables": _input(CONCURRENT, 25)}
    keys.switch("prepaid", latency_ms=300, only_endpoints=["AccountEditCreditAdd"])

    async def both() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=30) as client:
            answers = await asyncio.gather(
                client.post(keys.url, json=request), client.post(keys.url, json=request)
            )
        return [answer.json() for answer in answers]

    try:
        keys.reset_calls()
        first, second = asyncio.run(both())
    finally:
        keys.reset_switches()
    assert "errors" not in first, first
    assert first == second
    assert keys.calls("prepaid") == SEND
    assert _charges(keys, CONCURRENT) == 1


@pytest.mark.parametrize(
    ("account", "amount"),
    [(REUSED, 20), (ELSEWHERE, 10)],
    ids=["another amount", "another account"],
)
def test_the_same_key_for_another_top_up_is_refused_without_a_call(
    keys: Graph, account: Account, amount: int
) -> None:
    """The key's fingerprint holds the amount and the account the global id names."""
    key = str(uuid.uuid4())
    before = _charges(keys, REUSED), _charges(keys, ELSEWHERE)
    assert "errors" not in keys.execute(ADD_CREDIT, _input(REUSED, 10, key))
    keys.reset_calls()
    body = keys.execute(ADD_CREDIT, _input(account, amount, key))
    assert _code(body) == "IDEMPOTENCY_KEY_REUSED"
    assert keys.calls("prepaid") == {}
    assert (_charges(keys, REUSED), _charges(keys, ELSEWHERE)) == (before[0] + 1, before[1])


def test_a_duplicate_of_a_slow_first_request_is_in_progress_without_a_call(keys: Graph) -> None:
    """The first copy is still out past the duplicate's 1 s wait: the duplicate says so."""
    request = _input(SLOW, 10)
    keys.switch("prepaid", latency_ms=1800, only_endpoints=["AccountEditCreditAdd"])
    answers: list[dict[str, Any]] = []
    first = threading.Thread(target=lambda: answers.append(keys.execute(ADD_CREDIT, request)))
    try:
        keys.reset_calls()
        first.start()
        while keys.calls("prepaid").get("AccountEditCreditAdd", 0) == 0:
            time.sleep(0.02)
        second = keys.execute(ADD_CREDIT, request)
        first.join(timeout=30)
    finally:
        keys.reset_switches()
    assert _code(second) == "IDEMPOTENCY_IN_PROGRESS"
    assert "errors" not in answers[0], answers
    assert keys.calls("prepaid") == SEND
    assert _charges(keys, SLOW) == 1
    keys.reset_calls()
    assert keys.execute(ADD_CREDIT, request) == answers[0]  # now done: the first answer
    assert keys.calls("prepaid") == {}


def _hold_answers(graph: Graph) -> None:
    """Let the API charge, then hold its answer past the gateway's read timeout."""
    graph.switch(
        "prepaid",
        hang_rate=1.0,
        hang_phase="after",
        hang_seconds=READ_TIMEOUT + 1,
        only_endpoints=["AccountEditCreditAdd"],
    )


def test_a_lost_answer_is_proven_charged_at_once(keys: Graph) -> None:
    """The sandbox charges and holds its answer past the read timeout: end session, read."""
    before = _balance(keys, LOST)
    request = _input(LOST, 30)
    _hold_answers(keys)
    try:
        keys.reset_calls()
        lost = keys.execute(ADD_CREDIT, request)
    finally:
        keys.reset_switches()
    assert "errors" not in lost, lost
    assert Decimal(lost["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 30
    assert keys.calls("prepaid") == {**SEND, "AccountRead": 2}  # the baseline, then the proof
    assert _charges(keys, LOST) == 1
    keys.reset_calls()
    assert keys.execute(ADD_CREDIT, request) == lost
    assert keys.calls("prepaid") == {}


def _in_flight(
    graph: Graph, request: dict[str, Any], answers: list[dict[str, Any]]
) -> threading.Thread:
    """Send ``request`` in a thread; return it once the sandbox has its top-up."""
    thread = threading.Thread(target=lambda: answers.append(graph.execute(ADD_CREDIT, request)))
    thread.start()
    deadline = time.monotonic() + 10
    while graph.calls("prepaid").get("AccountEditCreditAdd", 0) == 0:
        assert time.monotonic() < deadline, "the top-up never reached the sandbox"
        time.sleep(0.02)
    return thread


def test_a_lost_answer_that_cannot_be_proven_is_settled_by_a_repeat(keys: Graph) -> None:
    """Charged, answer lost, and the session cannot be ended yet: unknown until a repeat."""
    before = _balance(keys, NOT_CHARGED)
    request = _input(NOT_CHARGED, 20)
    _hold_answers(keys)
    answers: list[dict[str, Any]] = []
    try:
        keys.reset_calls()
        first = _in_flight(keys, request, answers)
        keys.switch("prepaid", hang_rate=0.0, error_rate=1.0, only_endpoints=["SessionDestroy"])
        first.join(timeout=30)
    finally:
        keys.reset_switches()
    assert _code(answers[0]) == "OUTCOME_UNKNOWN"
    assert _charges(keys, NOT_CHARGED) == 1
    keys.reset_calls()
    settled = keys.execute(ADD_CREDIT, request)
    assert "errors" not in settled, settled
    assert Decimal(settled["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 20
    assert keys.calls("prepaid") == {"SessionDestroy": 1, "AccountRead": 1}  # never sent again
    keys.reset_calls()
    assert keys.execute(ADD_CREDIT, request) == settled
    assert keys.calls("prepaid") == {}
    assert _charges(keys, NOT_CHARGED) == 1


def test_a_5xx_is_proven_not_charged_and_the_repeat_sends_once(keys: Graph) -> None:
    """Something in front of the API answers 5xx: the session is ended, the balance read."""
    before = _balance(keys, FREED)
    request = _input(FREED, 50)
    keys.switch("prepaid", error_rate=1.0, only_endpoints=["AccountEditCreditAdd"])
    try:
        failed = keys.execute(ADD_CREDIT, request)
    finally:
        keys.reset_switches()
    assert _code(failed) == "UPSTREAM_UNAVAILABLE"
    assert "made sure it was not charged" in failed["errors"][0]["message"]
    assert _charges(keys, FREED) == 0
    keys.reset_calls()
    body = keys.execute(ADD_CREDIT, request)
    assert "errors" not in body, body
    assert Decimal(body["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 50
    assert keys.calls("prepaid") == SEND
    assert _charges(keys, FREED) == 1


def test_a_held_top_up_cannot_land_after_it_was_proven_not_charged(keys: Graph) -> None:
    """Held on the way past the timeout: its session is ended, so it is refused when it lands."""
    hold = READ_TIMEOUT + 2
    request = _input(HELD, 10)
    keys.switch(
        "prepaid",
        hang_rate=1.0,
        hang_phase="before",
        hang_seconds=hold,
        only_endpoints=["AccountEditCreditAdd"],
    )
    answers: list[dict[str, Any]] = []
    try:
        keys.reset_calls()
        first = _in_flight(keys, request, answers)
        keys.switch("prepaid", hang_rate=0.0)  # only the first copy is held
        first.join(timeout=30)
    finally:
        keys.reset_switches()
    held_at = time.monotonic()
    assert _code(answers[0]) == "UPSTREAM_TIMEOUT"
    assert "made sure it was not charged" in answers[0]["errors"][0]["message"]
    again = keys.execute(ADD_CREDIT, request)  # while the first copy is still held
    assert "errors" not in again, again
    time.sleep(max(0.0, hold + 0.5 - (time.monotonic() - held_at)))
    assert keys.calls("prepaid")["AccountEditCreditAdd"] == 2
    assert _charges(keys, HELD) == 1


def test_a_top_up_in_doubt_fences_its_account_until_settled(keys: Graph) -> None:
    """X's outcome cannot be proven, so Y for the same account is refused; then both go once."""
    before = _balance(keys, FENCED)
    x, y = _input(FENCED, 50), _input(FENCED, 10)
    keys.switch(
        "prepaid", error_rate=1.0, only_endpoints=["AccountEditCreditAdd", "SessionDestroy"]
    )
    try:
        assert _code(keys.execute(ADD_CREDIT, x)) == "OUTCOME_UNKNOWN"
        keys.reset_calls()
        refused = keys.execute(ADD_CREDIT, y)
        assert keys.calls("prepaid").get("AccountEditCreditAdd", 0) == 0
    finally:
        keys.reset_switches()
    assert _code(refused) == "TOP_UP_IN_DOUBT"
    assert _charges(keys, FENCED) == 0
    # Y first: it settles X (not charged, so X's key is freed), then sends itself.
    topped_y = keys.execute(ADD_CREDIT, y)
    assert "errors" not in topped_y, topped_y
    assert Decimal(topped_y["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 10
    topped_x = keys.execute(ADD_CREDIT, x)
    assert "errors" not in topped_x, topped_x
    assert Decimal(topped_x["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 60
    assert _charges(keys, FENCED) == 2


def test_a_second_top_up_waits_for_the_first_in_flight(keys: Graph) -> None:
    """Y for an account whose top-up X is in flight is sent only once X has its answer."""
    before = _balance(keys, QUEUED)
    keys.switch("prepaid", latency_ms=800, only_endpoints=["AccountEditCreditAdd"])
    answers: list[dict[str, Any]] = []
    try:
        keys.reset_calls()
        first = _in_flight(keys, _input(QUEUED, 10), answers)
        second = keys.execute(ADD_CREDIT, _input(QUEUED, 20))
        first.join(timeout=30)
    finally:
        keys.reset_switches()
    assert "errors" not in answers[0], answers
    assert "errors" not in second, second
    assert Decimal(answers[0]["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 10
    assert Decimal(second["data"]["addCredit"]["account"]["balance"]["amount"]) == before + 30
    assert _charges(keys, QUEUED) == 2


def test_a_429_frees_the_key_and_passes_through(keys: Graph) -> None:
    """The API did not act, so nothing is remembered: the same key sends once when it works."""
    request = _input(NOT_SENT, 10)
    keys.switch("prepaid", throttle_rate=1.0, only_endpoints=["AccountEditCreditAdd"])
    try:
        throttled = keys.execute(ADD_CREDIT, request)
    finally:
        keys.reset_switches()
    assert _code(throttled) == "RATE_LIMITED"
    keys.reset_calls()
    body = keys.execute(ADD_CREDIT, request)
    assert "errors" not in body, body
    assert keys.calls("prepaid") == SEND
    assert _charges(keys, NOT_SENT) == 1

"""Money moves once: two gateway processes, one real redis-server, the prepaid sandbox's ledger.

Each case is one the gateway once got wrong or could get wrong: a failed
top-up "settled" by someone else's charge, a request held past its timeout
that lands after a retry, a Redis restart that forgot the keys, a caller
reading another's answer through its key, a process killed mid top-up. The
ledger (``/_sandbox/charges``) is the money that actually moved; every
success a client sees must be one charge there, and no key charges twice.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD
from tests.ops.conftest import GatewayProcess, GatewayStarter, Sandboxes, upstreams_toml
from tests.redis_server import RedisServer
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts

TODAY = datetime.now(UTC).date()
GOOD = [
    a
    for a in seed_accounts(WORLD).values()
    if a.card and not a.card.expired(TODAY) and not a.card.issuer_declines
]
ACCOUNTS = iter(GOOD[-12:])  # the other ops tests top up the first accounts

ALICE, BOB, OPS = "alice-key-1", "bob-key-22", "ops-key-333"
READ_TIMEOUT = 1.5
ADD_CREDIT = (
    "mutation TopUp($input: AddCreditInput!) { addCredit(input: $input) {"
    " account { accountNumber balance { amount } } userErrors { code } } }"
)
IN_DOUBT = (
    "{ topUpsInDoubt { reference idempotencyKey caller prepaidAccountId amount inDoubtSince } }"
)
SETTLE = (
    "mutation Settle($input: SettleTopUpInput!) { settleTopUp(input: $input) {"
    " account { accountNumber balance { amount } } userErrors { code message } } }"
)


def _config(sandboxes: Sandboxes, redis: RedisServer, path: Path, extra: str = "") -> Path:
    path.write_text(
        "[idempotency]\n"
        'store = "redis"\n'
        "lease_seconds = 2\n"
        "wait_seconds = 1\n"
        "fence_wait_seconds = 1\n"
        f"{extra}\n"
        "[redis]\n"
        f'url = "{redis.url}"\n\n'
        "[auth]\n"
        'mode = "required"\n'
        f'api_keys = "{ALICE}:read+write,{BOB}:read+write,{OPS}:read+write+admin"\n'
        + upstreams_toml(sandboxes)
    )
    return path


def _env() -> dict[str, str]:
    return {**os.environ, "GATEWAY_PREPAID_READ_TIMEOUT": str(READ_TIMEOUT)}


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path, fsync="always")
    yield server
    server.stop()


@pytest.fixture
def pair(
    sandboxes: Sandboxes, redis: RedisServer, gateways: GatewayStarter, tmp_path: Path
) -> Iterator[list[GatewayProcess]]:
    """Two gateway processes on one Redis; the sandboxes' switches are reset after."""
    config = _config(sandboxes, redis, tmp_path / "gateway.toml")
    yield [gateways(["--config", str(config), "--port", "0"], _env()) for _ in range(2)]
    _reset(sandboxes)


def _reset(sandboxes: Sandboxes) -> None:
    sandboxes.switch("prepaid", error_rate=0.0, hang_rate=0.0, latency_ms=0.0, only_endpoints=None)


def _hold(sandboxes: Sandboxes, seconds: float) -> None:
    """Hold every top-up ``seconds`` on its way, before the API sees it."""
    sandboxes.switch(
        "prepaid",
        hang_rate=1.0,
        hang_phase="before",
        hang_seconds=seconds,
        only_endpoints=["AccountEditCreditAdd"],
    )


def _fail(sandboxes: Sandboxes, *endpoints: str) -> None:
    """Answer these prepaid actions 5xx from in front of the API, which never sees them."""
    sandboxes.switch("prepaid", error_rate=1.0, only_endpoints=list(endpoints))


def _post(gateway: GatewayProcess, query: str, variables: Any, key: str) -> dict[str, Any]:
    response = httpx.post(
        f"{gateway.url}/graphql",
        json={"query": query, "variables": variables},
        headers={"X-API-Key": key},
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    return body


def _top_up(
    gateway: GatewayProcess, key: str, account: int, amount: int, caller: str = ALICE
) -> dict[str, Any]:
    variables = {
        "input": {
            "prepaidAccountId": to_base64("PrepaidAccount", account),
            "amount": amount,
            "idempotencyKey": key,
        }
    }
    return _post(gateway, ADD_CREDIT, variables, caller)


def _code(body: dict[str, Any]) -> str:
    assert body["data"] == {"addCredit": None}, body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


def _balance_of(body: dict[str, Any]) -> Decimal:
    assert "errors" not in body, body
    assert body["data"]["addCredit"]["userErrors"] == [], body
    return Decimal(body["data"]["addCredit"]["account"]["balance"]["amount"])


def _charges(sandboxes: Sandboxes, account: int) -> list[str]:
    ledger = sandboxes.http.get(f"{sandboxes.url('prepaid')}/_sandbox/charges").json()
    return [c["amount"] for c in ledger["charges"] if c["account_id"] == account]


def _balance(gateway: GatewayProcess, account: int) -> Decimal:
    query = "query ($id: Int!) { prepaidAccount(accountNumber: $id) { balance { amount } } }"
    body = _post(gateway, query, {"id": account}, ALICE)
    return Decimal(body["data"]["prepaidAccount"]["balance"]["amount"])


def _in_doubt_gauge(gateway: GatewayProcess) -> float:
    text = httpx.get(f"{gateway.url}/metrics", timeout=10).text
    line = next(x for x in text.splitlines() if x.startswith("gateway_top_ups_in_doubt "))
    return float(line.split()[1])


def _in_thread(call: Callable[[], dict[str, Any]]) -> tuple[threading.Thread, list[Any]]:
    """Run ``call`` in a thread; its answer (or the HTTP error, if its gateway died) lands in
    the list."""
    answers: list[Any] = []

    def run() -> None:
        try:
            answers.append(call())
        except httpx.HTTPError as error:
            answers.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answers


def _until_sent(sandboxes: Sandboxes, answers: list[Any]) -> None:
    deadline = time.monotonic() + 10
    while sandboxes.calls("prepaid").get("AccountEditCreditAdd", 0) == 0:
        assert time.monotonic() < deadline, f"the top-up never reached the sandbox: {answers}"
        time.sleep(0.02)


def test_a_failed_top_up_is_never_settled_by_another_ones_charge(
    pair: list[GatewayProcess], sandboxes: Sandboxes
) -> None:
    """X fails (not charged) and cannot be proven; Y of the same amount must not settle X."""
    account = next(ACCOUNTS).account_id
    one, two = pair
    before = _balance(one, account)
    kx, ky = str(uuid.uuid4()), str(uuid.uuid4())
    _fail(sandboxes, "AccountEditCreditAdd", "SessionDestroy")
    sandboxes.reset_calls()
    assert _code(_top_up(one, kx, account, 50)) == "OUTCOME_UNKNOWN"
    assert _code(_top_up(two, ky, account, 50)) == "TOP_UP_IN_DOUBT"
    assert sandboxes.calls("prepaid")["AccountEditCreditAdd"] == 1  # Y was never sent
    assert _in_doubt_gauge(two) == 1
    _reset(sandboxes)
    # Y first: it proves X was not charged (freeing X's key), then charges once.
    assert _balance_of(_top_up(two, ky, account, 50)) == before + 50
    assert _balance_of(_top_up(one, kx, account, 50)) == before + 100
    assert _charges(sandboxes, account) == ["50.00", "50.00"]
    assert _in_doubt_gauge(one) == 0
    for gateway in pair:  # repeats answer the first outcomes, and charge nothing
        assert _balance_of(_top_up(gateway, kx, account, 50)) == before + 100
        assert _balance_of(_top_up(gateway, ky, account, 50)) == before + 50
    assert len(_charges(sandboxes, account)) == 2


def test_a_top_up_held_past_its_timeout_cannot_land_after_the_retry(
    pair: list[GatewayProcess], sandboxes: Sandboxes
) -> None:
    """Held 5 s before the API acts; retried on the other process while still held."""
    hold = 5.0
    account = next(ACCOUNTS).account_id
    one, two = pair
    before = _balance(one, account)
    key = str(uuid.uuid4())
    _hold(sandboxes, hold)
    sandboxes.reset_calls()
    started = time.monotonic()
    thread, answers = _in_thread(lambda: _top_up(one, key, account, 50))
    _until_sent(sandboxes, answers)
    sandboxes.switch("prepaid", hang_rate=0.0)  # only the first copy is held
    thread.join(timeout=30)
    assert _code(answers[0]) == "UPSTREAM_TIMEOUT"
    assert "made sure it was not charged" in answers[0]["errors"][0]["message"]
    assert time.monotonic() - started < hold  # the retry below comes while it is held
    assert _balance_of(_top_up(two, key, account, 50)) == before + 50
    time.sleep(max(0.0, hold + 1.0 - (time.monotonic() - started)))
    assert sandboxes.calls("prepaid")["AccountEditCreditAdd"] == 2  # the held one landed...
    assert _charges(sandboxes, account) == ["50.00"]  # ...and was refused: one charge
    assert _balance_of(_top_up(one, key, account, 50)) == before + 50


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "kill-9"])
def test_keys_survive_a_redis_restart(
    pair: list[GatewayProcess], sandboxes: Sandboxes, redis: RedisServer, how: signal.Signals
) -> None:
    """Five charges, Redis restarts (appendfsync always), every retry gets its first answer."""
    account = next(ACCOUNTS).account_id
    keys = [str(uuid.uuid4()) for _ in range(5)]
    first = [_top_up(pair[i % 2], key, account, 10) for i, key in enumerate(keys)]
    for body in first:
        _balance_of(body)
    assert len(_charges(sandboxes, account)) == 5
    redis.restart(how)
    sandboxes.reset_calls()
    for i, key in enumerate(keys):
        assert _top_up(pair[(i + 1) % 2], key, account, 10) == first[i]
    assert sandboxes.calls("prepaid").get("AccountEditCreditAdd", 0) == 0
    assert len(_charges(sandboxes, account)) == 5


def test_a_caller_cannot_read_another_callers_top_up_through_its_key(
    pair: list[GatewayProcess], sandboxes: Sandboxes
) -> None:
    """Bob sends Alice's key: it is Bob's own key, so he gets his own outcome, never hers."""
    account = next(ACCOUNTS).account_id
    one, two = pair
    key = str(uuid.uuid4())
    alices = _top_up(one, key, account, 20, ALICE)
    _balance_of(alices)
    bobs = _top_up(two, key, account, 20, BOB)  # Alice's very request, sent by Bob
    assert bobs != alices
    assert _balance_of(bobs) == _balance_of(alices) + 20  # his own top-up, not her answer
    assert _charges(sandboxes, account) == ["20.00", "20.00"]
    sandboxes.reset_calls()
    assert _top_up(one, key, account, 20, ALICE) == alices  # Alice's own answer, unchanged
    assert _top_up(one, key, account, 20, BOB) == bobs
    assert sandboxes.calls("prepaid") == {}


def test_a_process_killed_mid_top_up_is_settled_by_the_other(
    pair: list[GatewayProcess], sandboxes: Sandboxes
) -> None:
    """kill -9 while the top-up is on its way; after the lease the other process settles it."""
    account = next(ACCOUNTS).account_id
    one, two = pair
    before = _balance(one, account)
    key = str(uuid.uuid4())
    _hold(sandboxes, 4.0)
    sandboxes.reset_calls()
    thread, answers = _in_thread(lambda: _top_up(one, key, account, 40))
    _until_sent(sandboxes, answers)
    sent = time.monotonic()
    one.process.kill()
    one.process.communicate()
    thread.join(timeout=30)
    assert isinstance(answers[0], httpx.HTTPError)  # its gateway died before answering
    _reset(sandboxes)
    first = _top_up(two, key, account, 40)
    assert _code(first) == "IDEMPOTENCY_IN_PROGRESS"  # still within the dead owner's lease
    deadline = time.monotonic() + 20
    answer = first
    while "errors" in answer and time.monotonic() < deadline:
        time.sleep(0.5)
        answer = _top_up(two, key, account, 40)
    assert _balance_of(answer) == before + 40
    time.sleep(max(0.0, sent + 4.5 - time.monotonic()))  # past the moment it would have landed
    assert _charges(sandboxes, account) == ["40.00"]


def test_operators_list_and_settle_a_top_up_in_doubt(
    pair: list[GatewayProcess], sandboxes: Sandboxes
) -> None:
    """A top-up in doubt is listed and counted; an admin settles it; the log says who."""
    account = next(ACCOUNTS).account_id
    one, two = pair
    before = _balance(one, account)
    key = str(uuid.uuid4())
    _fail(sandboxes, "AccountEditCreditAdd", "SessionDestroy")
    assert _code(_top_up(one, key, account, 70)) == "OUTCOME_UNKNOWN"
    forbidden = _post(two, IN_DOUBT, None, ALICE)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listed = _post(two, IN_DOUBT, None, OPS)["data"]["topUpsInDoubt"]
    assert [(t["idempotencyKey"], t["prepaidAccountId"], t["amount"]) for t in listed] == [
        (key, to_base64("PrepaidAccount", account), 70)
    ]
    assert listed[0]["caller"].startswith("key-")
    assert _in_doubt_gauge(one) == _in_doubt_gauge(two) == 1
    settle = {"input": {"reference": listed[0]["reference"], "charged": False}}
    assert _post(two, SETTLE, settle, ALICE)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unconfirmed = _post(two, SETTLE, settle, OPS)["data"]["settleTopUp"]
    assert [e["code"] for e in unconfirmed["userErrors"]] == ["OUTCOME_UNKNOWN"]
    _reset(sandboxes)
    settled = _post(two, SETTLE, settle, OPS)["data"]["settleTopUp"]
    assert settled == {"account": None, "userErrors": []}
    assert _post(two, IN_DOUBT, None, OPS)["data"]["topUpsInDoubt"] == []
    assert _in_doubt_gauge(one) == 0
    assert _balance_of(_top_up(one, key, account, 70)) == before + 70  # freed: sent once
    assert _charges(sandboxes, account) == ["70.00"]
    log = two.stop()
    assert "settled by operator key-" in log and "as not charged" in log
    assert "SessionId" not in log
    # The top-up that went into doubt spoke up, at warning and then at error.
    lines = [json.loads(line) for line in one.stop().splitlines() if line.startswith("{")]
    said = {(line["level"], line["message"].split(":")[0]) for line in lines}
    lost = "a top-up's answer was lost after it was sent (UPSTREAM_UNAVAILABLE)"
    assert ("warning", lost) in said
    assert ("error", "a top-up's outcome is in doubt") in said
    assert ("warning", "upstream call failed") in said  # prepaid's 5xx, from the transport


@pytest.mark.parametrize("allow", [False, True], ids=["refused", "allowed-with-warning"])
def test_a_volatile_store_is_refused_for_money_unless_allowed(
    sandboxes: Sandboxes, tmp_path: Path, allow: bool
) -> None:
    """Redis without its append-only file forgets keys on a restart: no start, or a warning."""
    volatile = RedisServer(tmp_path, persistent=False)
    try:
        extra = "allow_volatile = true" if allow else ""
        config = _config(sandboxes, volatile, tmp_path / "gateway.toml", extra)
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway", "serve", "--config", str(config), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if allow:
                assert line.startswith("GraphQL at "), line
                process.terminate()
            _, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    finally:
        volatile.stop()
    if allow:
        assert "idempotency.allow_volatile is set" in err
        assert "charged twice" in err
    else:
        assert process.returncode == 2
        assert "volatile" in err and "idempotency.allow_volatile" in err
        assert "redis://" not in err


def test_concurrent_duplicates_at_both_processes_charge_once(
    pair: list[GatewayProcess], sandboxes: Sandboxes
) -> None:
    """The same key at both processes at once: one sends, the other answers its outcome."""
    account = next(ACCOUNTS).account_id
    before = _balance(pair[0], account)
    key = str(uuid.uuid4())
    sandboxes.switch("prepaid", latency_ms=200, only_endpoints=["AccountEditCreditAdd"])
    sandboxes.reset_calls()
    calls = [_in_thread(functools.partial(_top_up, gateway, key, account, 30)) for gateway in pair]
    for thread, _ in calls:
        thread.join(timeout=30)
    first, second = (answers[0] for _, answers in calls)
    assert _balance_of(first) == before + 30
    assert second == first
    assert sandboxes.calls("prepaid")["AccountEditCreditAdd"] == 1
    assert _charges(sandboxes, account) == ["30.00"]

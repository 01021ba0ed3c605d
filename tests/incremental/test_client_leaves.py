"""An answer in parts that ends early stops all of its work, and leaves nothing behind.

However it ends: its client leaves before the first part or after it, its
first part cannot be written, or the server stops while it is answered.
The gateway is served here as ``gateway serve`` serves it (``build_gateway``'s
app under uvicorn with the door, ``gateway.server.uvicorn_config``), in a
thread of this process, so its event loop's tasks and its executors can be
counted. The prepaid sandbox holds the reads of the accounts a test names
(``tests.incremental.held``), which lets the answer end while chosen parts
are still waiting; once the gateway has settled, the hold lets go. The
sandbox must then receive no call the gateway had not already sent: a part
not yet started never starts. Afterwards no executor of the request exists
(the cyclic collector is off meanwhile: one freed only by it counts), no
task of it is left on the gateway's loop, and the access log has one line.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fastpath.plain_executor import PlainExecutor
from fastpath.uvicorn_server import QuietServer
from gateway.config import load_config
from gateway.sandboxes import UPSTREAMS, sandbox_settings_at
from gateway.server import uvicorn_config
from gateway.wiring import build_gateway
from tests.graph.conftest import WORLD
from tests.incremental.held import HeldReads
from tests.incremental.test_defer_stream import FIFTY_DEFERRED
from tests.ops.door_tools import post_bytes
from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.saasu import sandbox as saasu
from upstreams.sandboxing import RunningServer, serve_in_thread

HELD = HeldReads(prepaid.create_app(prepaid.SandboxConfig(world=WORLD)))
SLOTS = 10
IN_PARTS = "Accept: multipart/mixed;deferSpec=20220824, application/json\r\n"
PREPAID = WORLD.prepaid_ids()
# The first payload waits for one held read; a deferred fragment met at the
# start runs beside it, its read held too, and would browse invoices after.
EARLY_DEFERRED = """query LeavesEarly($first: Int!, $later: Int!) {
  prepaidAccount(accountNumber: $first) { name }
  ... @defer {
    later: prepaidAccount(accountNumber: $later) { name invoices(first: 1) { totalCount } }
  }
}"""
OPEN = (
    "query Open($prepaid: Int!) { customerAccount(identity: 1001) { name }"
    " prepaidAccount(accountNumber: $prepaid) { name } }"
)
CUSTOMERS = "query Customers { customerAccounts(first: 50) { edges { node { identity } } } }"


@dataclass
class Served:
    """The gateway in a thread of this process, on an event loop a test can look into."""

    loop: asyncio.AbstractEventLoop
    server: QuietServer
    thread: threading.Thread
    address: tuple[str, int]
    sandboxes: dict[str, RunningServer]
    writes: FailingWrites
    # The loop's tasks still there once the server stopped, before the pools close.
    left_at_shutdown: set[str] = field(default_factory=set)

    def tasks(self) -> set[str]:
        """The gateway loop's tasks other than the one asking, by name and coroutine."""
        return asyncio.run_coroutine_threadsafe(_others(), self.loop).result(10)

    def prepaid_calls(self) -> dict[str, int]:
        answer = httpx.get(f"{self.sandboxes['prepaid'].base_url}/_sandbox/calls", timeout=10)
        return dict(answer.json()["endpoints"])

    def reset_calls(self) -> None:
        for server in self.sandboxes.values():
            httpx.delete(f"{server.base_url}/_sandbox/calls", timeout=10)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()


class FailingWrites:
    """ASGI wrapper: once ``armed``, writing the first part of an answer in parts fails.

    As a socket's write fails under a server that reports it; the app's send raises.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.armed = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def failing(message: Message) -> None:
            if self.armed and message.get("body", b"").startswith(b"\r\n---"):
                self.armed = False
                raise ConnectionResetError("the first part could not be written")
            await send(message)

        await self.app(scope, receive, failing)


async def _others() -> set[str]:
    me = asyncio.current_task()
    return {
        f"{task.get_name()} {task.get_coro()!r}" for task in asyncio.all_tasks() if task is not me
    }


@pytest.fixture(autouse=True)
def fresh() -> None:
    """This module's gateway is its own (the package's shared one is not started)."""


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, RunningServer]]:
    apps: dict[str, ASGIApp] = {
        "prepaid": HELD,
        "billing": billing.create_app(billing.SandboxConfig(world=WORLD)),
        "saasu": saasu.create_app(saasu.SandboxConfig(world=WORLD)),
        "invoicexpress": invoicexpress.create_app(invoicexpress.SandboxConfig(world=WORLD)),
    }
    running = {name: serve_in_thread(apps[name]) for name in UPSTREAMS}
    try:
        yield running
    finally:
        HELD.release()
        for server in running.values():
            server.stop()


@contextmanager
def serving(sandboxes: dict[str, RunningServer], shutdown_timeout: int = 10) -> Iterator[Served]:
    """The gateway as ``gateway serve`` serves it, its prepaid calls ``SLOTS`` at a time."""
    settings = sandbox_settings_at({name: sandboxes[name].base_url for name in UPSTREAMS}, set())
    client = dataclasses.replace(settings.prepaid.client, max_concurrency=SLOTS)
    settings = dataclasses.replace(
        settings, prepaid=dataclasses.replace(settings.prepaid, client=client)
    )
    gateway = build_gateway(load_config(None, {}), settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    writes = FailingWrites(gateway.app)
    config = uvicorn_config(writes, "127.0.0.1", 0, shutdown_timeout=shutdown_timeout)
    server = QuietServer(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
    served = Served(loop, server, thread, sock.getsockname(), sandboxes, writes)

    async def serve() -> None:
        try:
            await server.serve(sockets=[sock])
        finally:
            served.left_at_shutdown = await _others()
            await gateway.aclose()

    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.01)
    assert server.started
    try:
        yield served
    finally:
        HELD.release()
        served.stop()
        loop.close()


@pytest.fixture(scope="module")
def served(sandboxes: dict[str, RunningServer]) -> Iterator[Served]:
    with serving(sandboxes) as running:
        yield running


def executors() -> int:
    """Executors (sub-executors included) that still exist, reachable or not."""
    return sum(isinstance(one, PlainExecutor) for one in gc.get_objects())


def unreleased() -> int:
    """Executors still holding their helpers: never released."""
    found = (one for one in gc.get_objects() if isinstance(one, PlainExecutor))
    return sum("async_helpers" in vars(one) for one in found)


def settled(served: Served, idle: set[str]) -> tuple[set[str], int]:
    """The tasks beyond ``idle`` and the executors left, once none are (or after 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        left = served.tasks() - idle, executors()
        if left == (set(), 0) or time.monotonic() > deadline:
            return left
        time.sleep(0.02)


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.005)


def reads_once_let_go(served: Served, expected: int) -> dict[str, int]:
    """The prepaid sandbox's calls once the hold let go and ``expected`` reads reached it.

    A held read is counted when it goes on to the sandbox, a moment after the
    hold lets go; the gateway, settled, sends nothing more.
    """
    HELD.release()
    until(lambda: HELD.waiting == 0, "the held reads let go")
    until(lambda: served.prepaid_calls().get("AccountRead", 0) >= expected, "the reads counted")
    return served.prepaid_calls()


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [one.getMessage() for one in caplog.records if one.name == "gateway.access"]


def ask(served: Served, query: str, variables: dict[str, Any] | None = None) -> socket.socket:
    sock = socket.create_connection(served.address, timeout=10)
    sock.sendall(post_bytes(query, variables, extra=IN_PARTS))
    return sock


def warm(served: Served) -> list[int]:
    """Sessions opened; the prepaid account each of the first 50 customers links, in order."""
    url = f"http://{served.address[0]}:{served.address[1]}/graphql"
    opened = httpx.post(url, json={"query": OPEN, "variables": {"prepaid": PREPAID[0]}}, timeout=30)
    assert "errors" not in opened.json(), opened.text
    answer = httpx.post(url, json={"query": CUSTOMERS}, timeout=30).json()
    edges = answer["data"]["customerAccounts"]["edges"]
    found = (WORLD.prepaid_id_for_billing(edge["node"]["identity"]) for edge in edges)
    return [one for one in found if one is not None]


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The cyclic collector off: an executor it alone would free counts as left."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        HELD.release()
        gc.enable()


@pytest.fixture
def quiet(served: Served, collector_off: None) -> set[str]:
    """The gateway's tasks while it is idle."""
    return served.tasks()


def first_part(sock: socket.socket) -> None:
    """Read until the first part of the answer has arrived whole."""
    received = b""
    while b'"hasNext":true' not in received:
        chunk = sock.recv(65536)
        assert chunk, received
        received += chunk


def test_a_client_that_leaves_before_the_first_part_stops_every_part(
    served: Served, quiet: set[str], caplog: pytest.LogCaptureFixture
) -> None:
    first, later = PREPAID[20], PREPAID[21]
    warm(served)
    served.reset_calls()
    caplog.set_level(logging.INFO, logger="gateway.access")
    caplog.clear()
    HELD.hold(frozenset({first, later}))
    sock = ask(served, EARLY_DEFERRED, {"first": first, "later": later})
    until(lambda: HELD.waiting == 2, "both reads held")
    sock.close()
    left = settled(served, quiet)
    assert left == (set(), 0)
    # Both reads had reached the sandbox; the deferred part's browse never follows.
    assert reads_once_let_go(served, 2) == {"AccountRead": 2}
    assert access_lines(caplog) == ["POST /graphql 499"]


def test_a_client_that_leaves_after_the_first_part_stops_the_parts_not_started(
    served: Served, quiet: set[str], caplog: pytest.LogCaptureFixture
) -> None:
    accounts = warm(served)
    served.reset_calls()
    caplog.set_level(logging.INFO, logger="gateway.access")
    caplog.clear()
    HELD.hold(frozenset(accounts[10:]))
    sock = ask(served, FIFTY_DEFERRED)
    first_part(sock)
    # Every slot holds a read waiting in the sandbox; the later reads wait for a slot.
    until(lambda: HELD.waiting == SLOTS, "the slots full of held reads")
    sent = served.prepaid_calls().get("AccountRead", 0) + HELD.waiting
    assert sent < len(accounts)
    sock.close()
    left = settled(served, quiet)
    assert left == (set(), 0)
    assert reads_once_let_go(served, sent) == {"AccountRead": sent}
    assert access_lines(caplog) == ["POST /graphql 200"]


def test_an_answer_whose_first_part_cannot_be_written_stops_every_part(
    served: Served, quiet: set[str]
) -> None:
    first, later = PREPAID[22], PREPAID[23]
    warm(served)
    served.reset_calls()
    HELD.hold(frozenset({first, later}))
    served.writes.armed = True
    sock = ask(served, EARLY_DEFERRED, {"first": first, "later": later})
    until(lambda: HELD.waiting == 2, "both reads held")
    HELD.hold(frozenset({later}))  # the first payload's read goes on
    until(lambda: not served.writes.armed, "the first part written")
    left = settled(served, quiet)
    sock.close()
    assert left == (set(), 0)
    assert reads_once_let_go(served, 2) == {"AccountRead": 2}


def test_a_server_stopping_mid_answer_stops_the_parts_not_started(
    sandboxes: dict[str, RunningServer], collector_off: None
) -> None:
    with serving(sandboxes, shutdown_timeout=1) as served:
        accounts = warm(served)
        served.reset_calls()
        HELD.hold(frozenset(accounts[10:]))
        sock = ask(served, FIFTY_DEFERRED)
        first_part(sock)
        until(lambda: HELD.waiting == SLOTS, "the slots full of held reads")
        sent = served.prepaid_calls().get("AccountRead", 0) + HELD.waiting
        # It waits a second for the answer to end, then cancels it. The process
        # ends next: what the cancelled request leaves to the collector is not counted.
        served.stop()
        left = served.left_at_shutdown, unreleased()
        sock.close()
        assert left == (set(), 0)
        assert reads_once_let_go(served, sent) == {"AccountRead": sent}

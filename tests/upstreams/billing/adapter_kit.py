"""What the billing adapter tests share (no tests here): a served sandbox and an adapter on it.

Everything runs over real HTTP on 127.0.0.1 against the billing sandbox, on
the engine production runs. The only instrumentation: a clock the test can
move (for token expiry), and a recorder in front of the sandbox that
remembers every request the adapter sent and, where a test asks, damages a
token the way a revoked or expired one would look to the server.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.conftest import Serve
from upstreams.billing.adapter import BillingAdapter, BillingSettings
from upstreams.billing.models import BillingAccount, BillingContact, Note
from upstreams.billing.sandbox import SandboxConfig, create_app
from upstreams.client_settings import ClientSettings
from upstreams.errors import UpstreamError
from upstreams.sandboxing import RunningServer, Switches, World, serve_in_thread

WORLD = World(billing_accounts=40)
USERNAME = "api-user"
PASSWORD = "sandbox-billing-password"
CLIENT_ID = "sandbox-client"
LOGIN = "POST /Access/Login"


def key(method: str, template: str) -> str:
    """The sandbox's call-count key of an endpoint: its template after ``api/v8``, as documented."""
    return f"{method} {template}"


ALL = 1000
"""The largest page the API serves, more than any test sandbox holds of a kind."""


async def every_account(adapter: BillingAdapter) -> list[BillingAccount]:
    """Every account, read the way the graph reads them: one page."""
    return list((await adapter.accounts_page(1, ALL)).items)


async def every_note(adapter: BillingAdapter, account_id: int) -> list[Note]:
    """The account's notes, read the way the graph reads them: one page."""
    return list((await adapter.notes_page(account_id, 1, ALL)).items)


async def contacts_of(adapter: BillingAdapter, account_id: int) -> list[BillingContact]:
    """The account's contacts, read the way the graph reads them: with its details."""
    _, details = await adapter.get_account_detail(account_id)
    return list(details.contacts)


class ManualClock:
    """Monotonic time the test can push forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Sent:
    """One request the adapter sent, as the sandbox received it."""

    method: str
    path: str
    form: dict[str, str]
    authorization: str | None


@dataclass
class Recorder:
    """Remembers each request the adapter sent, as it reaches the sandbox.

    ``spoil`` (when set) rewrites each request first: a test uses it to
    present a token the server does not know, as after a revocation. The
    test's own calls to ``/_sandbox/`` are neither recorded nor spoiled.
    """

    sent: list[Sent] = field(default_factory=list)
    spoil: Callable[[httpx.Request], httpx.Request] | None = None

    def wrap(self, app: ASGIApp) -> ASGIApp:
        """``app`` behind this recorder."""

        async def recorded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"].startswith("/_sandbox/"):
                await app(scope, receive, send)
                return
            request = await _as_request(scope, receive)
            if self.spoil is not None:
                request = self.spoil(request)
            self.sent.append(_sent(request))
            await app(_with_request(scope, request), _replay(request.content, receive), send)

        return recorded

    def grants(self) -> list[str]:
        """The ``grant_type`` of every login request sent, in order."""
        return [s.form["grant_type"] for s in self.sent if s.path.endswith("/Access/Login")]


async def _as_request(scope: Scope, receive: Receive) -> httpx.Request:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    host, port = scope["server"]
    query = scope["query_string"].decode("latin-1")
    url = f"http://{host}:{port}{scope['raw_path'].decode('latin-1')}"
    if query:
        url += f"?{query}"
    # No body given for an empty one: httpx would add a Content-Length the client never sent.
    return httpx.Request(scope["method"], url, headers=scope["headers"], content=body or None)


def _sent(request: httpx.Request) -> Sent:
    body = request.content.decode() if request.content else ""
    form = (
        {k: v[0] for k, v in parse_qs(body).items()}
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        else {}
    )
    return Sent(request.method, request.url.path, form, request.headers.get("authorization"))


def _with_request(scope: Scope, request: httpx.Request) -> Scope:
    headers = [(name.lower(), value) for name, value in request.headers.raw]
    return {**scope, "headers": headers}


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once, then whatever the connection says next (a disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


@dataclass
class Billing:
    """A served sandbox and the settings to reach it."""

    base_url: str
    settings: BillingSettings

    def adapter(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        **client: float,
    ) -> BillingAdapter:
        settings = self.settings
        if client:
            settings = replace(settings, client=replace(settings.client, **client))  # type: ignore[arg-type]
        return BillingAdapter(settings, clock=clock)

    @asynccontextmanager
    async def open(self, **kwargs: object) -> AsyncIterator[BillingAdapter]:
        adapter = self.adapter(**kwargs)  # type: ignore[arg-type]
        try:
            yield adapter
        finally:
            await adapter.aclose()

    def control(self) -> httpx.AsyncClient:
        """A client for ``/_sandbox/`` (plain HTTP on loopback: no CA bundle to load)."""
        return httpx.AsyncClient(base_url=self.base_url, verify=False)

    async def calls(self) -> dict[str, int]:
        async with self.control() as client:
            answer = await client.get("/_sandbox/calls")
            endpoints: dict[str, int] = answer.json()["endpoints"]
            return endpoints

    async def reset_calls(self) -> None:
        async with self.control() as client:
            await client.delete("/_sandbox/calls")

    async def reset(self) -> None:
        """Default switches and no calls counted, as a freshly started sandbox has."""
        await self.switch(**Switches().to_dict())
        await self.reset_calls()

    async def switch(self, **changes: object) -> None:
        async with self.control() as client:
            answer = await client.patch("/_sandbox/switches", json=changes)
            answer.raise_for_status()


@contextmanager
def shared(**options: object) -> Iterator[Billing]:
    """A sandbox for a whole module, served like the ``serve`` fixture does, stopped at the end."""
    servers: list[RunningServer] = []

    def serve(app: ASGIApp) -> RunningServer:
        servers.append(serve_in_thread(app))
        return servers[-1]

    try:
        yield start(serve, **options)  # type: ignore[arg-type]
    finally:
        for server in servers:
            server.stop()


def start(
    serve: Serve,
    *,
    switches: Switches | None = None,
    token_lifetime_seconds: int = 1800,
    password: str = PASSWORD,
    refresh_margin_seconds: float = 60.0,
    recorder: Recorder | None = None,
) -> Billing:
    """Serve a fresh billing sandbox (its own data) and settings for an adapter on it.

    ``recorder`` (when given) sees every request the adapter sends.
    """
    config = SandboxConfig(
        world=WORLD,
        switches=switches or Switches(),
        username=USERNAME,
        password=PASSWORD,
        client_id=CLIENT_ID,
        token_lifetime_seconds=token_lifetime_seconds,
    )
    app = create_app(config)
    base_url = serve(app if recorder is None else recorder.wrap(app)).base_url
    settings = BillingSettings(
        client=ClientSettings(
            base_url=base_url, read_retries=0
        ),  # one attempt per call: retries are tested in tests/upstreams/test_resilience.py
        username=USERNAME,
        password=password,
        client_id=CLIENT_ID,
        refresh_margin_seconds=refresh_margin_seconds,
    )
    return Billing(base_url, settings)


def assert_clean(error: UpstreamError, *secrets: str) -> None:
    """A client-facing message: no URL, no host, no credential, no token."""
    text = str(error)
    for forbidden in ("http://", "127.0.0.1", "/ResourceServer", "/Access/Login", PASSWORD):
        assert forbidden not in text
    for secret in secrets:
        assert secret not in text

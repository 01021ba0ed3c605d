"""The sandbox app: read and update an account, in JSON or XML, inside the sandbox kit."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from upstreams.invoicexpress.sandbox.config import SandboxConfig
from upstreams.invoicexpress.sandbox.formats import FORMATS, Format
from upstreams.invoicexpress.sandbox.records import Account
from upstreams.invoicexpress.sandbox.store import Store
from upstreams.invoicexpress.sandbox.submission import InvalidBody
from upstreams.invoicexpress.sandbox.validation import BODY_INVALID, problems
from upstreams.sandboxing import SandboxState, VendorLimit, build_sandbox

VENDOR_LIMIT = VendorLimit(per_second=100 / 60, burst=10)
ACCESS_DENIED = "Access denied"
ACCOUNT_NOT_FOUND = "Account not found"
MAX_ID_DIGITS = 18

Handler = Callable[[Request], Awaitable[Response]]


def create_app(config: SandboxConfig | None = None) -> Starlette:
    config = config or SandboxConfig()
    store = Store.seeded(config.world)

    def find(request: Request, fmt: Format) -> Account | Response:
        """The path's account, or the 401 or 404 answer, checked in that order."""
        sent_key = request.query_params.get("api_key", "")
        if not hmac.compare_digest(sent_key.encode(), config.api_key.encode()):
            return _errors(fmt, 401, [ACCESS_DENIED])
        raw_id = request.path_params["account_id"]
        account = None
        if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= MAX_ID_DIGITS:
            account = store.get(int(raw_id))
        return account if account is not None else _errors(fmt, 404, [ACCOUNT_NOT_FOUND])

    def get(fmt: Format) -> Handler:
        async def handle(request: Request) -> Response:
            found = find(request, fmt)
            if isinstance(found, Response):
                return found
            return _answer(fmt, 200, fmt.write_account(found))

        return handle

    def update(fmt: Format) -> Handler:
        async def handle(request: Request) -> Response:
            found = find(request, fmt)
            if isinstance(found, Response):
                return found
            body = await request.body()
            try:
                if not fmt.reads(request.headers.get("content-type")):
                    raise InvalidBody
                submission = fmt.read_update(body)
            except InvalidBody:
                return _errors(fmt, 422, [BODY_INVALID])
            refused = problems(submission, found, lambda f: store.fiscal_id_taken(f, found.id))
            if refused:
                return _errors(fmt, 422, refused)
            store.update(found, submission)
            return _answer(fmt, 200, fmt.write_account(found))

        return handle

    routes = []
    for fmt in FORMATS:
        routes += [
            Route(f"/api/accounts/{{account_id}}/get.{fmt.suffix}", get(fmt), methods=["GET"]),
            Route(
                f"/api/accounts/{{account_id}}/update.{fmt.suffix}", update(fmt), methods=["PUT"]
            ),
        ]
    app = build_sandbox(
        SandboxState("invoicexpress", config.switches, VENDOR_LIMIT, config.world.seed), routes
    )
    app.state.store = store
    return app


def _answer(fmt: Format, status: int, body: bytes) -> Response:
    return Response(body, status_code=status, media_type=fmt.media_type)


def _errors(fmt: Format, status: int, messages: Sequence[str]) -> Response:
    return _answer(fmt, status, fmt.write_errors(messages))

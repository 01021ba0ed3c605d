"""The sandbox app: ``/api`` for every action, ``/rng/<Name>.rng`` for the schemas,
``/_sandbox/charges`` for the charge ledger, all inside the sandbox kit."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Scope

from upstreams.prepaid.sandbox.actions import ACTIONS
from upstreams.prepaid.sandbox.breaker import break_prepaid_schema
from upstreams.prepaid.sandbox.config import SandboxConfig
from upstreams.prepaid.sandbox.dispatch import Outcome, dispatch
from upstreams.prepaid.sandbox.document import exception, response
from upstreams.prepaid.sandbox.jsonout import to_json
from upstreams.prepaid.sandbox.params import Params
from upstreams.prepaid.sandbox.sessions import ACCOUNT_ADMIN, Sessions, User
from upstreams.prepaid.sandbox.store import Store
from upstreams.sandboxing import SandboxState, VendorLimit, build_sandbox

logger = logging.getLogger(__name__)
RNG_DIR = Path(__file__).resolve().parent.parent / "rng"
VENDOR_LIMIT = VendorLimit(per_second=10, burst=20)
ADMIN_USER_ID = 1
VIEWER_USER_ID = 2


def create_app(config: SandboxConfig | None = None) -> Starlette:
    config = config or SandboxConfig()
    store = Store.seeded(config.world)
    sessions = Sessions(
        [
            User(ADMIN_USER_ID, config.username, config.password, (ACCOUNT_ADMIN,)),
            User(VIEWER_USER_ID, config.viewer_username, config.viewer_password, ("User",)),
        ],
        config.session_idle_seconds,
    )

    async def api(request: Request) -> Response:
        started = time.perf_counter()
        received = datetime.now(UTC)
        params = Params(_pairs(request.scope, await request.body()))
        try:
            outcome = dispatch(params, store, sessions, received, config.faulty_account_ids)
        except Exception:  # a bug here is the API's internal fault: say so the API's way
            logger.exception("prepaid sandbox fault")
            outcome = Outcome(None, None, fault=True)
        duration_ms = int((time.perf_counter() - started) * 1000)
        try:
            document = (
                exception() if outcome.fault else response(outcome, params, received, duration_ms)
            )
        except ValueError:  # a value XML cannot hold (a stored NUL): the answer cannot be written
            logger.warning("prepaid sandbox fault: a value cannot be written as XML")
            document = exception()
        if (params.get("Output") or "").strip().lower() == "json":
            return JSONResponse(to_json(document), media_type="application/json; charset=UTF-8")
        body = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
        return Response(body, media_type="text/xml; charset=UTF-8")

    async def schema(request: Request) -> Response:
        name = request.path_params["name"]
        path = RNG_DIR / name
        if not name.endswith(".rng") or path.parent != RNG_DIR or not path.is_file():
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(path.read_bytes(), media_type="application/xml")

    async def charges(request: Request) -> Response:
        return JSONResponse(store.ledger.to_json())

    app = build_sandbox(
        SandboxState("prepaid", config.switches, VENDOR_LIMIT, config.world.seed),
        [
            Route("/api", api, methods=["GET", "POST"]),
            Route("/rng/{name}", schema, methods=["GET"]),
        ],
        endpoint_key=action_key,
        schema_breaker=break_prepaid_schema,
        extra_control_routes=[Route("/_sandbox/charges", charges, methods=["GET"])],
    )
    app.state.store = store
    return app


async def action_key(scope: Scope, body: bytes) -> str:
    """Count ``/api`` calls by their ``Action`` (``unknown`` if none or not an action)."""
    path = "/rng/{name}" if scope["path"].startswith("/rng/") else scope["path"]
    if path != "/api":
        return f"{scope['method']} {path}"
    action = Params(_pairs(scope, body)).get("Action") or ""
    return action.strip() if action.strip() in ACTIONS else "unknown"


def _pairs(scope: Scope, body: bytes) -> list[tuple[str, str]]:
    """Query string parameters, then (on POST) form fields, decoded as UTF-8."""
    pairs = parse_qsl(
        scope.get("query_string", b"").decode("utf-8", errors="replace"), keep_blank_values=True
    )
    if scope["method"] == "POST" and _is_form(scope):
        pairs += parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return pairs


def _is_form(scope: Scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"content-type":
            return bool(
                value.split(b";")[0].strip().lower() == b"application/x-www-form-urlencoded"
            )
    return True

"""Reading what a resource call sends: ids in the path and the JSON body."""

from __future__ import annotations

import json

from starlette.requests import Request

from upstreams.billing.sandbox.problems import ApiError, Problem, not_found
from upstreams.billing.sandbox.records import Account
from upstreams.billing.sandbox.store import Store


def path_id(request: Request, name: str) -> int | None:
    """The path's ``{name}`` as a positive whole number; ``None`` when it is not one."""
    text = str(request.path_params.get(name, ""))
    return int(text) if text.isdigit() and len(text) < 19 else None


def find_account(store: Store, request: Request) -> Account:
    """The account ``{id}`` names, or 404."""
    identity = path_id(request, "id")
    account = None if identity is None else store.account(identity)
    if account is None:
        raise not_found(f"Account {request.path_params.get('id')} was not found.")
    return account


async def read_object(request: Request) -> dict[str, object]:
    """The body as a JSON object, or 400."""
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, [Problem("InvalidValue", "The request body must be a JSON object.")])
    return body

"""A top-up's outcome as its key record keeps it, so every repeat gets the first answer."""

from __future__ import annotations

import time
from typing import Any

from resolvers.errors import UserError
from resolvers.idempotency import Entry, entry
from resolvers.prepaid.snapshots import account_from_json, account_to_json
from resolvers.user_error_codes import stored_code
from upstreams.prepaid import models

Outcome = tuple[models.PrepaidAccount | None, list[UserError]]
"""The account after the top-up (None when refused) and why it was refused."""


def done(current: Entry, account: models.PrepaidAccount | None, errors: list[UserError]) -> Entry:
    """``current`` settled: the outcome to answer again, and nothing needed to settle it."""
    kept: dict[str, Any] = {
        name: current.data[name]
        for name in ("fingerprint", "owner", "key", "caller", "account_id", "amount")
        if name in current.data
    }
    return entry(
        current.key,
        {
            **kept,
            "state": "done",
            "at": time.time(),
            "account": None if account is None else account_to_json(account),
            "errors": [
                {"field": e.field, "message": e.message, "code": e.code.name} for e in errors
            ],
        },
    )


def answer(data: dict[str, Any]) -> Outcome:
    """The outcome a ``done`` record keeps."""
    account = data["account"]
    errors = [
        UserError(field=e["field"], message=e["message"], code=stored_code(e["code"]))
        for e in data["errors"]
    ]
    return (None if account is None else account_from_json(account)), errors

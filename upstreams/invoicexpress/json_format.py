"""The ``.json`` format: ``{"account": {...}}`` and ``{"errors": [{"error": "..."}]}``."""

from __future__ import annotations

import json
from collections.abc import Mapping

from upstreams.invoicexpress.codec import ShapeError
from upstreams.invoicexpress.decode import account_from
from upstreams.invoicexpress.encode import update_fields
from upstreams.invoicexpress.models import AccountUpdate, InvoicingAccount


class JSONCodec:
    suffix = "json"
    content_type = "application/json; charset=utf-8"

    def encode_update(self, update: AccountUpdate) -> bytes:
        return json.dumps({"account": update_fields(update)}, ensure_ascii=False).encode("utf-8")

    def decode_account(self, body: bytes) -> InvoicingAccount:
        account = _document(body).get("account")
        if not isinstance(account, Mapping):
            raise ShapeError("the answer holds no account object")
        return account_from(account)

    def decode_errors(self, body: bytes) -> list[str]:
        errors = _document(body).get("errors")
        if not isinstance(errors, list):
            raise ShapeError("the error answer holds no errors list")
        return [_message(item) for item in errors]


def _document(body: bytes) -> Mapping[str, object]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise ShapeError("the answer is not valid JSON") from None
    if not isinstance(document, dict):
        raise ShapeError("the answer is not a JSON object")
    return document


def _message(item: object) -> str:
    """One error: ``{"error": "text"}`` as the contract says, or a bare string."""
    if isinstance(item, Mapping):
        item = item.get("error")
    if not isinstance(item, str):
        raise ShapeError("an error is not text")
    return item

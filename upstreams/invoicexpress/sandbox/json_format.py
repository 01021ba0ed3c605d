"""The ``.json`` format: read ``{"account": {...}}``, write the account and the errors."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from upstreams.invoicexpress.sandbox.records import Account
from upstreams.invoicexpress.sandbox.representation import public_members
from upstreams.invoicexpress.sandbox.submission import (
    ACCOUNT_FIELDS,
    CREDENTIAL_FIELDS,
    InvalidBody,
    Submission,
    checked_text,
)

MEDIA_TYPE = "application/json; charset=utf-8"
CONTENT_TYPES = ("application/json",)


def read_update(body: bytes) -> Submission:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidBody from None
    if not isinstance(document, dict) or not isinstance(document.get("account"), dict):
        raise InvalidBody
    account = document["account"]
    credentials = account.get("credentials")
    if credentials is not None and not isinstance(credentials, dict):
        raise InvalidBody
    return Submission(
        fields=_members(account, ACCOUNT_FIELDS),
        credentials=None if credentials is None else _members(credentials, CREDENTIAL_FIELDS),
    )


def write_account(account: Account) -> bytes:
    return _dump({"account": public_members(account)})


def write_errors(messages: Sequence[str]) -> bytes:
    return _dump({"errors": [{"error": message} for message in messages]})


def _members(document: Mapping[str, object], names: Sequence[str]) -> dict[str, str]:
    """The known members that were sent; ``null`` counts as left out, others are ignored."""
    return {name: _text(document[name]) for name in names if document.get(name, None) is not None}


def _text(value: object) -> str:
    """A string, or an integer as its decimal text (the docs send ``"terms": 1``)."""
    if isinstance(value, str):
        return checked_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InvalidBody


def _dump(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")

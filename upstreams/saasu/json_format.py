"""Saasu bodies as JSON (``application/json``), read strictly against the documented shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from upstreams.saasu.models import LedgerAccount, LedgerAccountUpdate, UpdateResult
from upstreams.saasu.wire import (
    ACCOUNT_FIELDS,
    RESULT_FIELDS,
    UPDATE_FIELDS,
    ErrorBody,
    ShapeError,
    WireField,
    parse_datetime,
    parse_enum,
    wire_value,
)


class JsonCodec:
    media_type = "application/json"

    def decode_account(self, body: bytes) -> LedgerAccount:
        return LedgerAccount(**_read(_object(_load(body), "AccountDetail"), ACCOUNT_FIELDS))

    def decode_accounts(self, body: bytes) -> list[LedgerAccount]:
        document = _object(_load(body), "the account list")
        items = document.get("Accounts")
        if not isinstance(items, list):
            raise ShapeError("the account list has no Accounts array")
        return [LedgerAccount(**_read(_object(i, "Accounts"), ACCOUNT_FIELDS)) for i in items]

    def decode_update_result(self, body: bytes) -> UpdateResult:
        document = _object(_load(body), "UpdateAccountResult")
        return UpdateResult(**_read(document, RESULT_FIELDS))

    def encode_update(self, account_id: int, update: LedgerAccountUpdate) -> bytes:
        document: dict[str, Any] = {"Id": account_id}
        for field in UPDATE_FIELDS:
            document[field.wire] = wire_value(getattr(update, field.attr))
        return json.dumps(document).encode()

    def decode_error(self, body: bytes) -> ErrorBody:
        document = _object(_load(body), "the error")
        message = document.get("Message")
        if message is not None and not isinstance(message, str):
            raise ShapeError("the error's Message is not text")
        state = document.get("ModelState")
        if state is None:
            return ErrorBody(message)
        if not isinstance(state, dict):
            raise ShapeError("the error's ModelState is not an object")
        problems: list[tuple[str, str]] = []
        for prop, messages in state.items():
            texts = [messages] if isinstance(messages, str) else messages
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise ShapeError("the error's ModelState entries are not lists of text")
            problems.extend((prop, text) for text in texts)
        return ErrorBody(message, tuple(problems))


def _load(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        raise ShapeError("the body is not JSON") from None


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError(f"{name} is not a JSON object")
    return value


def _read(document: dict[str, Any], fields: Sequence[WireField]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in fields:
        raw = document.get(field.wire)
        if raw is None:
            if not field.nullable:
                raise ShapeError(f"{field.wire} is missing or null")
            values[field.attr] = None
        else:
            values[field.attr] = _convert(raw, field)
    return values


def _convert(raw: Any, field: WireField) -> Any:
    kind = field.kind
    if kind is bool:
        if isinstance(raw, bool):
            return raw
    elif kind is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
    elif isinstance(raw, str):
        if kind is str:
            return raw
        if kind is datetime:
            return parse_datetime(raw, field.wire)
        if issubclass(kind, StrEnum):
            return parse_enum(kind, raw, field.wire)
    raise ShapeError(f"{field.wire} is not a {kind.__name__}")

"""Answers written as JSON, in the property order of the docs' samples (``_links`` last)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from upstreams.saasu.sandbox.account import Account, wire_values
from upstreams.saasu.sandbox.links import Link
from upstreams.saasu.sandbox.problems import ModelState
from upstreams.saasu.sandbox.stamps import encode_version, format_utc


def account(item: Account, links: Sequence[Link]) -> bytes:
    return _dump(_account(item, links))


def account_list(items: Sequence[tuple[Account, Sequence[Link]]], links: Sequence[Link]) -> bytes:
    return _dump(
        {"Accounts": [_account(item, own) for item, own in items], "_links": _links(links)}
    )


def update_result(item: Account, links: Sequence[Link]) -> bytes:
    return _dump(
        {
            "UpdatedAccountId": item.id,
            "LastUpdatedId": encode_version(item.row_version),
            "UtcLastModified": format_utc(item.last_modified),
            "_links": _links(links),
        }
    )


def error(message: str, model_state: ModelState | None) -> bytes:
    body: dict[str, Any] = {"Message": message}
    if model_state:
        body["ModelState"] = model_state
    return _dump(body)


def _account(item: Account, links: Sequence[Link]) -> dict[str, Any]:
    return {**dict(wire_values(item)), "_links": _links(links)}


def _links(links: Sequence[Link]) -> list[dict[str, str | None]]:
    return [{"rel": x.rel, "href": x.href, "method": x.method, "title": x.title} for x in links]


def _dump(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

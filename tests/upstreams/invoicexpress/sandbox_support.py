"""Helpers for the InvoiceXpress sandbox tests: a served sandbox and the wire by hand.

Holds no tests. The bodies are written and read here with ``json`` and
``lxml`` directly, never with the sandbox's own code, so a misreading there
shows up here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import httpx
import pytest
from lxml import etree

from tests.conftest import Serve
from upstreams.invoicexpress.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import Switches, World

Format = Literal["json", "xml"]
Members = dict[str, Any]

KEY = "sandbox-invoicexpress-key"
FIRST_ID = 11001
FORMATS: tuple[Format, ...] = ("json", "xml")
formats = pytest.mark.parametrize("fmt", FORMATS)
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
}


def seeded_ids(world: World | None = None) -> range:
    return range(FIRST_ID, FIRST_ID + (world or World()).invoicing_accounts)


@contextmanager
def sandbox(serve: Serve, config: SandboxConfig | None = None, **switches: Any) -> Iterator[Api]:
    """Serve a fresh sandbox and hand out a client for it.

    The client opens a connection per request: the kit's listening socket is
    made without ``IPPROTO_TCP``, so asyncio leaves Nagle on for its
    connections and a reused one waits out the client's delayed ACK (~40 ms
    a request). A fresh connection does not, which keeps these tests fast.
    """
    config = config or SandboxConfig(switches=Switches(**switches))
    base_url = serve(create_app(config)).base_url
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=base_url, timeout=5, limits=limits) as client:
        yield Api(client)


class Api:
    """The sandbox's API over real HTTP, plus its control routes."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def get(self, account_id: int | str, fmt: Format, key: str | None = KEY) -> httpx.Response:
        return self.client.get(f"/api/accounts/{account_id}/get.{fmt}", params=_key(key))

    def put(
        self,
        account_id: int | str,
        fmt: Format,
        body: bytes,
        content_type: str | None = None,
        key: str | None = KEY,
    ) -> httpx.Response:
        """``content_type`` ``None`` sends the format's own; ``""`` sends none."""
        sent = CONTENT_TYPES[fmt] if content_type is None else content_type
        headers = {"Content-Type": sent} if sent else {}
        return self.client.put(
            f"/api/accounts/{account_id}/update.{fmt}",
            params=_key(key),
            content=body,
            headers=headers,
        )

    def update(self, account_id: int, fmt: Format, account: Members) -> httpx.Response:
        return self.put(account_id, fmt, encode(fmt, account))

    def read(self, account_id: int, fmt: Format = "json") -> Members:
        response = self.get(account_id, fmt)
        assert response.status_code == 200, response.text
        return decode_account(fmt, response)

    def accounts(self, fmt: Format = "json") -> list[Members]:
        return [self.read(account_id, fmt) for account_id in seeded_ids()]

    def calls(self) -> dict[str, Any]:
        answer: dict[str, Any] = self.client.get("/_sandbox/calls").json()
        return answer


def _key(key: str | None) -> dict[str, str]:
    return {} if key is None else {"api_key": key}


def encode(fmt: Format, account: Members) -> bytes:
    """An update body: ``{"account": ...}`` or ``<account>...</account>``."""
    if fmt == "json":
        return json.dumps({"account": account}).encode()
    root = etree.Element("account")
    for name, value in account.items():
        element = etree.SubElement(root, name)
        if isinstance(value, dict):
            for member, text in value.items():
                etree.SubElement(element, member).text = str(text)
        else:
            element.text = str(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def decode_account(fmt: Format, response: httpx.Response) -> Members:
    """The answered account with XML's text as JSON would give it (``id`` a number, unset None)."""
    assert response.headers["content-type"] == CONTENT_TYPES[fmt]
    if fmt == "json":
        document = response.json()
        assert set(document) == {"account"}
        account: Members = document["account"]
        return account
    root = _xml(response, "account")
    members: Members = {}
    for child in root:
        if child.tag == "credentials":
            members["credentials"] = {c.tag: c.text for c in child} or None
        elif child.tag == "id":
            members["id"] = int(child.text or "")
        else:
            members[child.tag] = child.text
    return members


def decode_errors(fmt: Format, response: httpx.Response) -> list[str]:
    """The messages of an error answer, in order."""
    assert response.headers["content-type"] == CONTENT_TYPES[fmt]
    if fmt == "json":
        document = response.json()
        assert set(document) == {"errors"}
        return [item["error"] for item in document["errors"]]
    root = _xml(response, "errors")
    assert all(child.tag == "error" for child in root)
    return [child.text or "" for child in root]


def refused(fmt: Format, response: httpx.Response, status: int = 422) -> list[str]:
    assert response.status_code == status, response.text
    return decode_errors(fmt, response)


def _xml(response: httpx.Response, root_tag: str) -> etree._Element:
    assert response.content.startswith(b"<?xml ")
    root = etree.fromstring(response.content)
    assert root.tag == root_tag
    return root


def nif_is_valid(nif: str) -> bool:
    """The Portuguese fiscal number's mod-11 check digit, computed independently."""
    if len(nif) != 9 or not nif.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(nif[:8], range(9, 1, -1), strict=True))
    expected = 11 - total % 11
    return int(nif[8]) == (0 if expected >= 10 else expected)


def with_fiscal_id(accounts: list[Members]) -> Members:
    return next(a for a in accounts if a["fiscal_id"] is not None)


def without_fiscal_id(accounts: list[Members]) -> Members:
    return next(a for a in accounts if a["fiscal_id"] is None)


def unused_nif(accounts: list[Members]) -> str:
    """A valid fiscal number no seeded account holds."""
    taken = {a["fiscal_id"] for a in accounts}
    candidates = (f"{n:08d}" for n in range(50000000, 50001000))
    for first_eight in candidates:
        for digit in "0123456789":
            if nif_is_valid(first_eight + digit) and first_eight + digit not in taken:
                return first_eight + digit
    raise AssertionError("no unused fiscal number")

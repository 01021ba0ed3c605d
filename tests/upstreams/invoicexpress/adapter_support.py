"""Helpers for the InvoiceXpress adapter tests: a served sandbox and an adapter on it.

Holds no tests; the adapter tests import from here.
"""

from __future__ import annotations

import traceback
from typing import Any

import httpx
import pytest

from tests.conftest import Serve
from upstreams.client_settings import ClientSettings
from upstreams.invoicexpress.adapter import (
    Format,
    InvoiceXpressAdapter,
    InvoiceXpressSettings,
    paced,
)
from upstreams.invoicexpress.models import InvoicingAccount
from upstreams.invoicexpress.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import Switches, World

KEY = "sandbox-invoicexpress-key"
FIRST_ID = 11001
FORMATS: tuple[Format, ...] = ("json", "xml")
formats = pytest.mark.parametrize("fmt", FORMATS)


def sandbox(serve: Serve, **switches: Any) -> str:
    """Serve a fresh sandbox with these switches; return its base URL."""
    return serve(create_app(SandboxConfig(switches=Switches(**switches)))).base_url


def adapter(
    base_url: str, fmt: Format, *, api_key: str = KEY, pace: bool = False, **client: Any
) -> InvoiceXpressAdapter:
    """An adapter on ``base_url``; ``pace`` paces it to the API's rate limit."""
    # one attempt per call: retries are tested in tests/upstreams/test_resilience.py
    settings = ClientSettings(base_url=base_url, **{"read_retries": 0, **client})
    return InvoiceXpressAdapter(
        InvoiceXpressSettings(paced(settings) if pace else settings, api_key=api_key, format=fmt)
    )


def seeded_ids() -> range:
    return range(FIRST_ID, FIRST_ID + World().invoicing_accounts)


async def seeded(upstream: InvoiceXpressAdapter) -> list[InvoicingAccount]:
    """Every seeded account, read through the adapter."""
    return [await upstream.get_account(account_id) for account_id in seeded_ids()]


async def calls(base_url: str) -> int:
    """How many API calls the sandbox has counted."""
    async with httpx.AsyncClient(base_url=base_url) as client:
        total = (await client.get("/_sandbox/calls")).json()["total"]
    assert isinstance(total, int)
    return total


def assert_hides_key(exc: BaseException, key: str = KEY) -> None:
    """Nothing reachable from ``exc`` shows the key: text, repr, chained errors, traceback.

    httpx errors carry their request, whose URL holds the key, so none may be chained.
    """
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in chain:
        assert not isinstance(error, httpx.HTTPError)
        assert key not in str(error)
        assert key not in repr(error)
    assert key not in "".join(traceback.format_exception(exc))

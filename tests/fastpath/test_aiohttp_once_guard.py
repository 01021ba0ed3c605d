"""Guard: ``fastpath/aiohttp_once.py`` sets aiohttp's private ``ClientSession._retry_connection``.

It fails loudly when the attribute is gone or no longer decides aiohttp's
resend of a PUT or DELETE on a dropped keep-alive connection, before a call
that changes state silently goes twice. When it fails: read aiohttp's
``client.py`` (``ClientSession._request``) of the new version against
``fastpath/aiohttp_once.py``, run ``tests/upstreams/test_aiohttp_engine.py``
(a PUT on a dropped connection goes once), and move the bound in
``pyproject.toml``.
"""

from __future__ import annotations

import inspect
import warnings

import aiohttp

from fastpath.aiohttp_once import send_once


def test_the_resend_is_decided_by_the_attribute_send_once_sets() -> None:
    source = inspect.getsource(aiohttp.ClientSession._request)
    assert "self._retry_connection and method in IDEMPOTENT_METHODS" in source
    # A known attribute: aiohttp warns when any other is set on a session.
    assert "_retry_connection" in aiohttp.ClientSession.ATTRS


async def test_send_once_turns_it_off_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        session = aiohttp.ClientSession()
        try:
            assert session._retry_connection is True
            assert send_once(session) is session
            assert session._retry_connection is False
        finally:
            await session.close()

"""An aiohttp session that never resends a request on its own.

aiohttp resends an "idempotent" request (PUT, DELETE) once when a pooled
connection drops under it. Upstreams change state with PUT and DELETE, and
only ``upstreams.http`` decides what is sent again: a call that changes state
goes once. aiohttp has no public switch for this; the session's private
``_retry_connection`` is it. Guarded by ``tests/fastpath/test_aiohttp_once_guard.py``.
"""

from __future__ import annotations

import aiohttp


def send_once(session: aiohttp.ClientSession) -> aiohttp.ClientSession:
    """``session``, its silent resend on a dropped keep-alive connection turned off."""
    session._retry_connection = False
    return session

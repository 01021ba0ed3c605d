"""Every credential the sandboxes of this process have issued.

Session ids and tokens are made at run time, so unlike configured passwords
nothing outside the sandbox knows them. A test run reads them here to prove
that none reached a client or a log line. The most recent ``LIMIT`` are kept,
so a long-running sandbox does not grow without end.
"""

from __future__ import annotations

import threading
from collections import deque

LIMIT = 100_000

_issued: deque[str] = deque(maxlen=LIMIT)
_lock = threading.Lock()


def record(secret: str) -> str:
    """Remember ``secret`` as issued; returns it, so issuing reads as one expression."""
    with _lock:
        _issued.append(secret)
    return secret


def issued() -> list[str]:
    """The credentials issued so far, oldest first."""
    with _lock:
        return list(_issued)

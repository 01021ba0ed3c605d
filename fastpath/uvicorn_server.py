"""A uvicorn ``Server`` that leaves signals to whoever started it.

``Server.serve`` installs its own SIGINT and SIGTERM handlers for as long as
it runs, through ``capture_signals``, and raises the signals it caught again
once it stops. The gateway (and the sandboxes, and the benchmark) decide
themselves when a server stops, and drain and close around it; uvicorn has
no setting for that, so this overrides the undocumented method. Guarded by
``tests/fastpath/test_uvicorn_server_guard.py``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import uvicorn


class QuietServer(uvicorn.Server):
    """uvicorn's server without its own signal handling: ``should_exit`` stops it."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

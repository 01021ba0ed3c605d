"""A uvicorn ``Server`` that leaves signals to whoever started it, and stops its requests whole.

``Server.serve`` installs its own SIGINT and SIGTERM handlers for as long as
it runs, through ``capture_signals``, and raises the signals it caught again
once it stops. The gateway (and the sandboxes, and the benchmark) decide
themselves when a server stops, and drain and close around it; uvicorn has
no setting for that, so this overrides the undocumented method.

At shutdown uvicorn cancels the requests still running after its graceful
timeout (their tasks, in ``server_state.tasks``) but does not wait for them
to unwind: a request's cleanup (an answer in parts stopping the work it
started, releasing its loaders) would then run while the pools it used are
being closed, or never, once the loop ends. ``shutdown`` here waits for
them, up to the same timeout again. Guarded by
``tests/fastpath/test_uvicorn_server_guard.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn


class QuietServer(uvicorn.Server):
    """uvicorn's server without its own signal handling: ``should_exit`` stops it."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets)
        cancelled = [task for task in self.server_state.tasks if not task.done()]
        if cancelled:
            await asyncio.wait(cancelled, timeout=self.config.timeout_graceful_shutdown)

"""Fixtures shared by all tests: serving an ASGI app on loopback over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from starlette.types import ASGIApp

from upstreams.sandboxing import RunningServer, serve_in_thread

Serve = Callable[[ASGIApp], RunningServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Serve apps with uvicorn on 127.0.0.1 free ports; stopped after the test."""
    running: list[RunningServer] = []

    def start(app: ASGIApp) -> RunningServer:
        server = serve_in_thread(app)
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()

"""Fixtures shared by all tests: serving an ASGI app on loopback over real HTTP,
a real redis-server (``redis_url``), and the whole run's checks that no upstream
credential reached a response or a log line, and that no userError message
speaks an upstream's wire vocabulary."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from starlette.types import ASGIApp

from gateway.redaction import hide_upstream_query_strings
from tests.leaks import RECORDING, LineRecorder, leaks
from tests.redis_server import redis_url
from tests.wire_words import in_user_errors
from upstreams.sandboxing import RunningServer, serve_in_thread

Serve = Callable[[ASGIApp], RunningServer]

__all__ = ["redis_url"]  # a fixture: any test may ask for a running redis-server


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


@pytest.fixture(scope="session", autouse=True)
def no_credentials_leak() -> Iterator[None]:
    """Record every log line (INFO and up) of the run; at its end, search them and
    every gateway response for the sandboxes' credentials, and every userError
    message for an upstream's wire words."""
    # The tests' own httpx clients call the sandboxes with credentials in query
    # strings (as the gateway does); the same filter the gateway installs keeps
    # them out of log lines whichever test happens to run first.
    hide_upstream_query_strings()
    root = logging.getLogger()
    handler = LineRecorder(RECORDING.log_lines)
    level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, logging.INFO))
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    if RECORDING.gateways and not RECORDING.responses:
        pytest.fail("gateways ran but no response was recorded: the leak check saw nothing")
    if RECORDING.responses and not RECORDING.log_lines:
        pytest.fail("responses were recorded but no log line: the log recorder is not attached")
    texts = [
        *RECORDING.log_lines,
        *(body.decode("utf-8", "replace") for body in RECORDING.responses),
    ]
    found = leaks(texts)
    if found:
        pytest.fail("upstream credentials leaked: " + ", ".join(sorted(set(found))[:20]))
    worded = in_user_errors(texts[len(RECORDING.log_lines) :])
    if worded:
        pytest.fail("userError messages in upstream terms: " + "; ".join(sorted(set(worded))[:20]))

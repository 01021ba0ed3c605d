"""Guard: ``fastpath/uvicorn_door.py`` reaches into uvicorn's private httptools protocol.

It fails loudly when another uvicorn is installed than the ones the module
was checked against, or when one of the members it overrides or relies on
is gone or changed shape, before any connection bound silently stops
holding. When it fails: read uvicorn's ``protocols/http/httptools_impl.py``
of the new version against ``fastpath/uvicorn_door.py``, run
``tests/ops/test_http_door.py`` and ``tests/ops/test_load_shedding.py``, and
add the version to ``TESTED_WITH``.
"""

from __future__ import annotations

import asyncio
import inspect

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle
from uvicorn.server import ServerState

from fastpath import uvicorn_door
from gateway.server import uvicorn_config
from gateway.server_limits import ServerLimits


def test_the_installed_uvicorn_is_one_the_door_was_checked_against() -> None:
    installed = ".".join(uvicorn.__version__.split(".")[:2])
    assert installed in uvicorn_door.TESTED_WITH, (
        f"uvicorn {uvicorn.__version__} is installed; fastpath/uvicorn_door.py was checked "
        f"against {uvicorn_door.TESTED_WITH}: see this module's docstring"
    )


def test_the_members_the_door_overrides_and_reads_are_where_it_expects() -> None:
    signatures = {
        "connection_made": ["self", "transport"],
        "connection_lost": ["self", "exc"],
        "data_received": ["self", "data"],
        "on_message_begin": ["self"],
        "on_headers_complete": ["self"],
        "on_message_complete": ["self"],
        "on_response_complete": ["self"],
    }
    assert set(signatures) == set(uvicorn_door.OVERRIDDEN)
    for name, parameters in signatures.items():
        method = getattr(HttpToolsProtocol, name)
        assert list(inspect.signature(method).parameters) == parameters, name
    loop = asyncio.new_event_loop()
    try:
        config = uvicorn_config(Starlette(), "127.0.0.1", 0)
        config.load()
        protocol = HttpToolsProtocol(config, ServerState(), {}, _loop=loop)
        for name in uvicorn_door.RELIED_ON:
            assert hasattr(protocol, name), name
    finally:
        loop.close()
    cycle_init = inspect.getsource(RequestResponseCycle.__init__)
    for name in uvicorn_door.CYCLE_RELIED_ON:
        assert f"self.{name} =" in cycle_init, name
    # The request's task reads the very scope the door put its ClientWatch in, and a
    # finished response calls back into the protocol.
    headers_complete = inspect.getsource(HttpToolsProtocol.on_headers_complete)
    assert "scope=self.scope" in headers_complete
    assert "on_response=self.on_response_complete" in headers_complete
    # Between two requests uvicorn's keep-alive timer, from this attribute, bounds idleness.
    assert "self.timeout_keep_alive" in inspect.getsource(HttpToolsProtocol.on_response_complete)


def test_uvicorn_builds_the_guarded_protocol_from_what_serve_passes() -> None:
    limits = ServerLimits(max_connections=7)
    config = uvicorn_config(Starlette(), "127.0.0.1", 0, limits=limits)
    config.load()
    loop = asyncio.new_event_loop()
    try:
        protocol = config.http_protocol_class(  # type: ignore[call-arg]
            config=config, server_state=ServerState(), app_state={}, _loop=loop
        )
    finally:
        loop.close()
    assert isinstance(protocol, uvicorn_door.GuardedHttpToolsProtocol)
    assert protocol.timeout_keep_alive == limits.idle_timeout
    assert config.ws_protocol_class is None  # no upgrade hands a connection elsewhere

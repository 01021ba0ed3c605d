"""Guard: ``fastpath/uvicorn_server.py`` overrides uvicorn's undocumented ``capture_signals``.

It fails loudly when ``Server.serve`` no longer installs its signal handlers
through that method, before a gateway under SIGTERM silently stops without
draining, or re-raises a signal its caller had handled; and when
``Server.shutdown`` no longer cancels the requests left in
``server_state.tasks``, which ``QuietServer.shutdown`` waits for. When it fails: read
uvicorn's ``server.py`` of the new version against
``fastpath/uvicorn_server.py`` and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import inspect
import signal

import uvicorn
from starlette.applications import Starlette

from fastpath.uvicorn_server import QuietServer


def test_serve_installs_its_signal_handlers_only_through_capture_signals() -> None:
    serve = inspect.getsource(uvicorn.Server.serve)
    assert "with self.capture_signals():" in serve
    assert list(inspect.signature(uvicorn.Server.capture_signals).parameters) == ["self"]
    assert "signal.signal(" in inspect.getsource(uvicorn.Server.capture_signals)
    assert "signal" not in inspect.getsource(uvicorn.Server._serve)


def test_the_quiet_server_leaves_the_handlers_as_they_were() -> None:
    before = signal.getsignal(signal.SIGTERM)
    server = QuietServer(uvicorn.Config(app=Starlette()))
    with server.capture_signals():
        assert signal.getsignal(signal.SIGTERM) is before


def test_shutdown_cancels_the_requests_it_tracks_in_server_state_tasks() -> None:
    shutdown = inspect.getsource(uvicorn.Server.shutdown)
    assert "for t in self.server_state.tasks:" in shutdown
    assert "t.cancel(" in shutdown
    assert list(inspect.signature(uvicorn.Server.shutdown).parameters) == ["self", "sockets"]
    server = QuietServer(uvicorn.Config(app=Starlette()))
    assert isinstance(server.server_state.tasks, set)

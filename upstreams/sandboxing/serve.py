"""Run an ASGI app with uvicorn on a loopback port, in a thread or in this loop.

Tests serve each sandbox from a thread, so it answers while the test's own
event loop is blocked or busy; ``gateway serve`` starts all of them in its
own loop. Binding the socket first means the port is known before start.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field

import uvicorn
from starlette.types import ASGIApp

from fastpath.uvicorn_server import QuietServer


@dataclass
class RunningServer:
    """A started server; ``base_url`` is ``http://host:port`` with no trailing slash."""

    base_url: str
    server: uvicorn.Server
    thread: threading.Thread | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def stop(self) -> None:
        """Stop a server started by ``serve_in_thread`` and wait for it."""
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)

    async def aclose(self) -> None:
        """Stop a server started by ``start_server`` and wait for it."""
        self.server.should_exit = True
        if self.task is not None:
            await self.task


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets that say so,
    # and without it Nagle's algorithm holds small answers for a delayed ACK (~40 ms).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _server(app: ASGIApp, lifespan: bool = False) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on" if lifespan else "off",
        timeout_graceful_shutdown=1,
    )
    # Whoever started it decides when it stops.
    return QuietServer(config)


def _url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve_in_thread(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, *, lifespan: bool = False
) -> RunningServer:
    """Serve ``app`` from a daemon thread with its own event loop; return once it listens.

    ``lifespan`` runs the app's startup and shutdown in that loop: the only
    place pools bound to it (aiohttp's sessions) can be closed.
    """
    sock = _bind(host, port)
    server = _server(app, lifespan)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.01)
    if not server.started:
        raise RuntimeError("sandbox server failed to start")
    return RunningServer(_url(host, sock), server, thread=thread)


async def start_server(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve ``app`` as a task of the running loop; return once it listens."""
    sock = _bind(host, port)
    server = _server(app)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():  # noqa: ASYNC110 (uvicorn offers no event)
        await asyncio.sleep(0.01)
    if not server.started:
        await task
        raise RuntimeError("sandbox server failed to start")
    return RunningServer(_url(host, sock), server, task=task)

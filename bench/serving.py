"""Serve a bench app as ``gateway serve`` does, until the benchmark closes the child's stdin."""

from __future__ import annotations

import asyncio
import sys

from starlette.types import ASGIApp

from fastpath.uvicorn_server import QuietServer
from gateway.server import uvicorn_config


async def serve_until_stdin_closes(app: ASGIApp, label: str) -> None:
    """Serve ``app`` on a free loopback port; print ``<label> at <url>``; stop at stdin's end."""
    server = QuietServer(uvicorn_config(app, "127.0.0.1", 0))
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():  # noqa: ASYNC110 (uvicorn offers no event)
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    print(f"{label} at http://127.0.0.1:{port}/graphql", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    server.should_exit = True
    await task

"""A real redis-server for tests: on a free loopback port, in a temp dir.

``./dev test`` installs redis-server (Debian's package) before the suite runs.
Servers keep their keys in an append-only file, as the gateway requires for
money, unless a test asks for a volatile one; ``RedisServer`` can be stopped
(SIGTERM), killed (SIGKILL) and started again on the same port and files.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server process in ``workdir``; ``fsync`` is its appendfsync policy."""

    def __init__(self, workdir: Path, *, persistent: bool = True, fsync: str = "everysec") -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing: run the tests with ./dev test"
        self.port = free_port()
        self.workdir = workdir
        self.args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        if persistent:
            self.args += ["--appendonly", "yes", "--appendfsync", fsync]
        else:
            self.args += ["--appendonly", "no"]
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.args, cwd=self.workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            assert self.process.poll() is None, "redis-server exited at start"
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        """End the server with ``how`` (SIGTERM: a clean shutdown; SIGKILL: a crash)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(how)
            self.process.wait(timeout=10)
        self.process = None

    def restart(self, how: signal.Signals = signal.SIGTERM) -> None:
        self.stop(how)
        self.start()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis://127.0.0.1:<port>/0`` of a redis-server (append-only file on) for this module."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    try:
        yield server.url
    finally:
        server.stop()

"""Raw HTTP/1.1 over loopback and a process's memory, for the door's tests.

The door's bounds are about bytes and time on a socket (a head that never
ends, a body that stops, a connection that says nothing), which an HTTP
client library would not send; these helpers write the bytes themselves.
"""

from __future__ import annotations

import asyncio
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import orjson


def rss_mib(pid: int) -> float:
    """The process's resident memory (``VmRSS``) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def settled_rss_mib(pid: int, ceiling: float, within: float = 30.0) -> float:
    """The process's RSS once it is at most ``ceiling`` MiB, or after ``within`` seconds."""
    deadline = time.monotonic() + within
    while (resident := rss_mib(pid)) > ceiling and time.monotonic() < deadline:
        time.sleep(0.25)
    return resident


def post_bytes(document: str, variables: dict[str, Any] | None = None, *, extra: str = "") -> bytes:
    """A complete ``POST /graphql`` request; ``extra`` is more header lines (each ending CRLF)."""
    body = orjson.dumps({"query": document, "variables": variables})
    head = (
        "POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


def read_answer(sock: socket.socket, timeout: float) -> tuple[int | None, bytes]:
    """The status and raw bytes of what the server sends until it closes (or ``timeout``)."""
    sock.settimeout(timeout)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    status = int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/1.1 ") else None
    return status, received


def read_one(sock: socket.socket, timeout: float = 10) -> tuple[int, bytes]:
    """One answer on a kept-alive connection: its status and body (by Content-Length)."""
    sock.settimeout(timeout)
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"closed mid-answer: {received[:200]!r}")
        received += chunk
    head, body = received.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += sock.recv(65536)
    return int(head.split(b" ", 2)[1]), body


def closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed ``sock`` within ``seconds``, and what it said first."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        return False, received
    except ConnectionResetError:
        pass
    return True, received


def still_open(sock: socket.socket) -> bool:
    """Nothing to read and no end of stream: the server keeps ``sock`` open."""
    sock.setblocking(False)
    try:
        data = sock.recv(1)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
    return data != b""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> Answer:
    """Send one request on a kept-alive connection and read its answer (Content-Length)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Answer(status, headers, body)


def get_bytes(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: gateway\r\n\r\n".encode()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@dataclass
class Served:
    """A ``gateway serve`` process; the sandboxes' URLs when it runs its own."""

    process: subprocess.Popen[str]
    url: str
    log: IO[str]
    sandbox_urls: dict[str, str] = field(default_factory=dict)

    @property
    def address(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        assert parts.hostname is not None and parts.port is not None
        return parts.hostname, parts.port

    def stop(self) -> str:
        """SIGTERM, wait (bounded), and return what it wrote to stderr (once)."""
        if self.log.closed:
            return ""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        self.log.seek(0)
        written = self.log.read()
        self.log.close()
        return written


def limit_files(nofile: int) -> Callable[[], None]:
    """For ``preexec_fn``: the child's open-file limit, soft and hard."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    return apply


def serve(
    args: list[str],
    *,
    env: dict[str, str] | None = None,
    nofile: int | None = None,
    gateway: Sequence[str] = (sys.executable, "-m", "gateway"),
    cwd: Path | None = None,
) -> Served:
    """Start ``gateway serve ARGS``; wait (bounded) until it says where it listens.

    ``gateway`` is the command (an installed ``.../bin/gateway``, say), run in ``cwd``.
    Its log goes to a file, not a pipe: a pipe nobody reads fills after some 220
    access lines, and the gateway then blocks writing its log.
    """
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (lives as long as the process)
    process = subprocess.Popen(
        [*gateway, "serve", *args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env=env,
        cwd=cwd,
        preexec_fn=limit_files(nofile) if nofile is not None else None,
    )
    assert process.stdout is not None
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("sandbox "):
            _, name, url = line.split()
            urls[name] = url
        if line.startswith("GraphQL at "):
            return Served(process, line.split()[2].removesuffix("/graphql"), log, urls)
    process.kill()
    process.communicate()
    log.seek(0)
    raise AssertionError(f"gateway did not start: {log.read()[-2000:]}")

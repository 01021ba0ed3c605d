"""The aiohttp engine under UpstreamHTTP, against real sockets on loopback.

What matters most is ``request_sent``: only a connection never made may say
"not sent", because that frees a write's idempotency key. Each failure mode is
played by a tiny asyncio server that misbehaves on purpose.
"""

from __future__ import annotations

import asyncio
import datetime
import gc
import gzip
import ipaddress
import json
import socket
import ssl
import tracemalloc
import warnings
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from upstreams.aiohttp_engine import AiohttpEngine, _mapped
from upstreams.client_settings import ClientSettings
from upstreams.errors import BadUpstreamResponse, Unavailable, UpstreamTimeout
from upstreams.http import UpstreamHTTP

ENDPOINT = "POST /credit"


@dataclass
class Received:
    """One request as it arrived on the wire."""

    head: str
    body: bytes

    @property
    def request_line(self) -> str:
        return self.head.split("\r\n", 1)[0]

    @property
    def headers(self) -> dict[str, str]:
        lines = self.head.split("\r\n")[1:]
        pairs = (line.split(":", 1) for line in lines if line)
        return {name.strip().lower(): value.strip() for name, value in pairs}


Behaviour = Callable[["RawServer", Received, asyncio.StreamWriter], Awaitable[bool]]
"""Answers one request; returns whether to keep the connection for another."""


@dataclass
class RawServer:
    """A loopback HTTP/1.1 server with hand-written answers; records what arrived."""

    behaviour: Behaviour
    requests: list[Received] = field(default_factory=list)
    connections: int = 0
    got_request: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        assert task is not None
        self.handlers.add(task)
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                received = Received(head, b"")
                length = int(received.headers.get("content-length", "0"))
                received.body = await reader.readexactly(length)
                self.requests.append(received)
                self.got_request.set()
                if not await self.behaviour(self, received, writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def stop(self, server: asyncio.Server) -> None:
        """Stop listening and end every connection, a hanging one too."""
        server.close()
        for task in self.handlers:
            task.cancel()
        await asyncio.gather(*self.handlers, return_exceptions=True)
        await server.wait_closed()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[Behaviour], Awaitable[RawServer]]]:
    servers: list[tuple[RawServer, asyncio.Server]] = []

    async def start(behaviour: Behaviour) -> RawServer:
        raw = RawServer(behaviour)
        server = await asyncio.start_server(raw.handle, "127.0.0.1", 0)
        raw.port = server.sockets[0].getsockname()[1]
        servers.append((raw, server))
        return raw

    yield start
    for raw, server in servers:
        await raw.stop(server)


def answer(status: int, body: bytes, *headers: str) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


async def ok_json(raw: RawServer, received: Received, writer: asyncio.StreamWriter) -> bool:
    writer.write(answer(200, b'{"ok": true}', "Content-Type: application/json"))
    await writer.drain()
    return True


def replying(reply: bytes) -> Behaviour:
    """A server that answers each request with ``reply``."""

    async def behaviour(raw: RawServer, received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(reply)
        await writer.drain()
        return True

    return behaviour


async def close_without_answer(
    raw: RawServer, received: Received, writer: asyncio.StreamWriter
) -> bool:
    return False


async def never_answer(raw: RawServer, received: Received, writer: asyncio.StreamWriter) -> bool:
    await asyncio.sleep(3600)
    return False


def client(base_url: str, **settings: float) -> UpstreamHTTP:
    given = ClientSettings(base_url=base_url, read_retries=0)
    values = {name: getattr(given, name) for name in given.__slots__}
    values.update(settings)
    return UpstreamHTTP("prepaid", ClientSettings(**values))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_default_engine_is_aiohttp() -> None:
    http = UpstreamHTTP("prepaid", ClientSettings(base_url="http://127.0.0.1:1"))
    assert isinstance(http.engine, AiohttpEngine)
    await http.aclose()


async def test_a_refused_connection_was_certainly_not_sent() -> None:
    http = client(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Unavailable) as caught:
        await http.send("POST", "/credit", endpoint=ENDPOINT, read=False, json={"a": 1})
    assert caught.value.request_sent is False
    assert "127.0.0.1" not in str(caught.value)
    await http.aclose()


async def test_a_connection_closed_after_the_request_maybe_sent_it(raw_server) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(close_without_answer)
    http = client(raw.base_url)
    with pytest.raises(Unavailable) as caught:
        await http.send("POST", "/credit", endpoint=ENDPOINT, read=False, json={"a": 1})
    assert caught.value.request_sent is True
    assert len(raw.requests) == 1
    await http.aclose()


async def test_no_answer_is_a_read_timeout_after_sending(raw_server) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(never_answer)
    http = client(raw.base_url, read_timeout=0.3, total_timeout=60.0)
    with pytest.raises(UpstreamTimeout) as caught:
        await http.send("POST", "/credit", endpoint=ENDPOINT, read=False, json={"a": 1})
    assert caught.value.request_sent is True
    # The read timeout fired, not the call's whole budget (a different message).
    assert "budget" not in caught.value.message
    assert len(raw.requests) == 1
    await http.aclose()


async def test_waiting_for_a_pooled_connection_is_not_sending(raw_server) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(never_answer)
    http = client(raw.base_url, max_connections=1, pool_timeout=0.2, total_timeout=60.0)
    first = asyncio.create_task(http.send("POST", "/credit", endpoint=ENDPOINT, read=False))
    await raw.got_request.wait()
    with pytest.raises(UpstreamTimeout) as caught:
        await http.send("POST", "/credit", endpoint=ENDPOINT, read=False)
    assert caught.value.request_sent is False
    assert (raw.connections, len(raw.requests)) == (1, 1)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    await http.aclose()


async def test_a_full_backlog_is_a_connect_timeout() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers: list[socket.socket] = []
    try:
        # Linux queues backlog+1 handshakes and then drops SYNs: the next connect hangs.
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        probe = socket.socket()
        probe.settimeout(0.3)
        try:
            probe.connect(("127.0.0.1", port))
            pytest.skip("this kernel accepted a connection beyond a full backlog")
        except TimeoutError:
            pass
        finally:
            probe.close()
        http = client(f"http://127.0.0.1:{port}", connect_timeout=0.3, total_timeout=60.0)
        with pytest.raises(UpstreamTimeout) as caught:
            await http.send("POST", "/credit", endpoint=ENDPOINT, read=False)
        assert caught.value.request_sent is False
        assert "budget" not in caught.value.message
        await http.aclose()
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_a_put_on_a_dropped_keepalive_connection_goes_once(raw_server) -> None:  # type: ignore[no-untyped-def]
    async def answer_once(raw: RawServer, received: Received, writer: asyncio.StreamWriter) -> bool:
        if len(raw.requests) == 1:
            return await ok_json(raw, received, writer)
        return False

    raw = await raw_server(answer_once)
    http = client(raw.base_url)
    await http.send("PUT", "/contact", endpoint="PUT /contact", read=False, json={"v": 1})
    with pytest.raises(Unavailable) as caught:
        await http.send("PUT", "/contact", endpoint="PUT /contact", read=False, json={"v": 2})
    assert caught.value.request_sent is True
    # aiohttp on its own would resend the PUT on a fresh connection: 3 requests.
    assert len(raw.requests) == 2
    assert raw.connections == 1
    await http.aclose()


async def test_a_gzip_answer_is_decoded_once(raw_server) -> None:  # type: ignore[no-untyped-def]
    body = gzip.compress(b'{"balance": 12.5}')
    gzipped = answer(200, body, "Content-Type: application/json", "Content-Encoding: gzip")
    raw = await raw_server(replying(gzipped))
    http = client(raw.base_url)
    response = await http.send("GET", "/balance", endpoint="GET /balance", read=True)
    assert response.json() == {"balance": 12.5}
    await http.aclose()


def _deflated(body: bytes, raw: bool) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "packed"),
    [
        ("deflate", _deflated(b'{"balance": 3}', raw=False)),
        ("deflate", _deflated(b'{"balance": 3}', raw=True)),  # as some servers send it
        ("gzip, deflate", _deflated(gzip.compress(b'{"balance": 3}'), raw=False)),
        ("identity", b'{"balance": 3}'),
        ("br", b'{"balance": 3}'),  # never asked for: passed as it came, as httpx does
    ],
)
async def test_each_content_coding_is_undone_as_httpx_undoes_it(  # type: ignore[no-untyped-def]
    raw_server, coding: str, packed: bytes
) -> None:
    coded = answer(200, packed, "Content-Type: application/json", f"Content-Encoding: {coding}")
    raw = await raw_server(replying(coded))
    http = client(raw.base_url)
    response = await http.send("GET", "/balance", endpoint="GET /balance", read=True)
    assert response.status_code == 200 and response.is_success
    assert response.json() == {"balance": 3}
    assert response.headers.get("content-type") == response.headers.get("Content-Type")
    await http.aclose()


async def test_a_body_its_coding_cannot_undo_is_a_bad_answer(raw_server) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(replying(answer(200, b"not gzip at all", "Content-Encoding: gzip")))
    http = client(raw.base_url)
    with pytest.raises(BadUpstreamResponse) as caught:
        await http.send("GET", "/balance", endpoint="GET /balance", read=True)
    assert caught.value.__cause__ is None and "127.0.0.1" not in str(caught.value)
    await http.aclose()


LIMIT = 64 * 1024
"""``max_answer_bytes`` of the tests of the answer's size: small, so a body past it is cheap."""


def chunked(body: bytes, *, end: bool = True) -> bytes:
    """A 200 of ``body`` in 4 KiB chunks, no length declared; ``end``: the closing chunk too."""
    head = b"HTTP/1.1 200 X\r\nTransfer-Encoding: chunked\r\n\r\n"
    pieces = [body[at : at + 4096] for at in range(0, len(body), 4096)]
    framed = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    return head + framed + (b"0\r\n\r\n" if end else b"")


def framed(body: bytes, framing: str) -> bytes:
    """A 200 of ``body``: of declared length, chunked, or gzipped (decoded, ``body`` again)."""
    if framing == "declared":
        return answer(200, body)
    if framing == "chunked":
        return chunked(body)
    return answer(200, gzip.compress(body), "Content-Encoding: gzip")


def then_hang(reply: bytes) -> Behaviour:
    """A server that sends ``reply`` and then nothing more, never ending the answer."""

    async def behaviour(raw: RawServer, received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(reply)
        await writer.drain()
        await asyncio.sleep(3600)
        return False

    return behaviour


def bomb(coding: str, size: int) -> bytes:
    """``size`` zero bytes, compressed: about a thousandth of it on the wire."""
    packer = zlib.compressobj(wbits=zlib.MAX_WBITS | 16 if coding == "gzip" else zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


@pytest.mark.parametrize("framing", ["declared", "chunked", "gzip"])
async def test_an_answer_exactly_at_the_limit_is_taken(raw_server, framing: str) -> None:  # type: ignore[no-untyped-def]
    body = bytes(range(256)) * (LIMIT // 256)
    raw = await raw_server(replying(framed(body, framing)))
    http = client(raw.base_url, max_answer_bytes=LIMIT)
    response = await http.send("GET", "/statement", endpoint="GET /statement", read=True)
    assert response.content == body
    await http.aclose()


@pytest.mark.parametrize("framing", ["declared", "chunked", "gzip"])
async def test_one_byte_past_the_limit_is_a_bad_answer(raw_server, framing: str) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(replying(framed(bytes(LIMIT + 1), framing)))
    http = client(raw.base_url, max_answer_bytes=LIMIT)
    with pytest.raises(BadUpstreamResponse) as caught:
        await http.send("GET", "/statement", endpoint="GET /statement", read=True)
    assert caught.value.message == f"prepaid sent an answer larger than {LIMIT} bytes"
    assert caught.value.__cause__ is None and "127.0.0.1" not in str(caught.value)
    await http.aclose()


async def test_a_declared_length_past_the_limit_is_refused_before_its_body(raw_server) -> None:  # type: ignore[no-untyped-def]
    # The body never comes: reading it would end in a read timeout, not this error.
    head = b"HTTP/1.1 200 X\r\nContent-Length: %d\r\n\r\n" % (LIMIT + 1)
    raw = await raw_server(then_hang(head))
    http = client(raw.base_url, max_answer_bytes=LIMIT, read_timeout=2.0, total_timeout=60.0)
    with pytest.raises(BadUpstreamResponse) as caught:
        await http.send("GET", "/statement", endpoint="GET /statement", read=True)
    assert caught.value.message == f"prepaid sent an answer larger than {LIMIT} bytes"
    await http.aclose()


async def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(raw_server) -> None:  # type: ignore[no-untyped-def]
    # One byte past the limit, and then the body stalls: only a read that stops
    # at the limit answers before the read timeout.
    raw = await raw_server(then_hang(chunked(bytes(LIMIT + 1), end=False)))
    http = client(raw.base_url, max_answer_bytes=LIMIT, read_timeout=2.0, total_timeout=60.0)
    with pytest.raises(BadUpstreamResponse) as caught:
        await http.send("GET", "/statement", endpoint="GET /statement", read=True)
    assert caught.value.message == f"prepaid sent an answer larger than {LIMIT} bytes"
    await http.aclose()


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
async def test_a_compression_bomb_is_refused_without_inflating_it(raw_server, coding: str) -> None:  # type: ignore[no-untyped-def]
    inflated = 64 * 1024 * 1024
    packed = bomb(coding, inflated)
    assert len(packed) < LIMIT  # small on the wire: only its decoding can catch it
    raw = await raw_server(replying(answer(200, packed, f"Content-Encoding: {coding}")))
    http = client(raw.base_url, max_answer_bytes=LIMIT)
    tracemalloc.start()
    try:
        with pytest.raises(BadUpstreamResponse) as caught:
            await http.send("GET", "/statement", endpoint="GET /statement", read=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.message == f"prepaid sent an answer larger than {LIMIT} bytes"
    # Inflating it whole would hold 64 MiB at once; stopping at the limit, a few
    # times the limit at most.
    assert peak < 16 * LIMIT, peak
    await http.aclose()


@pytest.mark.parametrize("read", [False, True])
async def test_an_oversize_answer_is_sent_once_and_maybe_acted_on(raw_server, read: bool) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(replying(answer(200, bytes(LIMIT + 1))))
    http = client(raw.base_url, max_answer_bytes=LIMIT, read_retries=3, retry_backoff_seconds=0)
    with pytest.raises(BadUpstreamResponse) as caught:
        await http.send("POST", "/credit", endpoint=ENDPOINT, read=read, json={"a": 1})
    # Not an error that says "not sent" (which would free a write's idempotency
    # key): a bad answer, which the top-up settles by proof, never by a resend.
    assert not hasattr(caught.value, "request_sent")
    assert len(raw.requests) == 1
    await http.aclose()


async def test_no_cookie_is_carried_to_the_next_call(raw_server) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(replying(answer(200, b"{}", "Set-Cookie: session=alice; Path=/")))
    http = client(raw.base_url)
    await http.send("GET", "/a", endpoint="GET /a", read=True)
    await http.send("GET", "/b", endpoint="GET /b", read=True)
    assert [r.headers.get("cookie") for r in raw.requests] == [None, None]
    await http.aclose()


Send = Callable[..., Awaitable[object]]
"""``UpstreamHTTP.send``'s signature: method, url, then keywords."""


async def send_each(send: Send) -> None:
    """One call of every shape an adapter sends."""
    await send(
        "GET",
        "/q",
        endpoint="GET /q",
        read=True,
        params={"where": "a b&c=d", "n": 2, "ü": "é", "on": True, "many": ["x", "y"]},
        headers={"X-Api-Key": "k"},
    )
    await send("GET", "/a b/ü.json", endpoint="GET /a b", read=True, params={"k": "1"})
    await send("POST", "/form", endpoint="POST /form", read=False, data={"x": "1 2"})
    await send("POST", "/json", endpoint="POST /json", read=False, json={"a": [1, "ü"]})
    await send("PUT", "/raw", endpoint="PUT /raw", read=False, content=b"<a/>")
    await send(
        "PUT",
        "/typed",
        endpoint="PUT /typed",
        read=False,
        content="<ü/>",
        headers={"Content-Type": "application/xml", "accept": "application/xml"},
    )
    await send("DELETE", "/gone", endpoint="DELETE /gone", read=False)


async def test_requests_arrive_as_httpx_sends_them(raw_server) -> None:  # type: ignore[no-untyped-def]
    raw = await raw_server(ok_json)
    sent: dict[str, list[Received]] = {}
    http = client(raw.base_url)
    await send_each(http.send)
    await http.aclose()
    sent["aiohttp"] = list(raw.requests)
    raw.requests.clear()
    async with httpx.AsyncClient(base_url=raw.base_url) as reference:

        async def by_httpx(method: str, url: str, endpoint: str, read: bool, **given: Any) -> None:
            await reference.request(method, url, **given)

        await send_each(by_httpx)
    sent["httpx"] = list(raw.requests)
    ours, theirs = sent["aiohttp"], sent["httpx"]
    assert [r.request_line for r in ours] == [r.request_line for r in theirs]
    assert [r.body for r in ours] == [r.body for r in theirs]
    our_headers = [r.headers for r in ours]
    # The one difference: aiohttp states an empty DELETE's length (valid HTTP).
    assert our_headers[-1].pop("content-length") == "0"
    assert our_headers == [r.headers for r in theirs]
    assert json.loads(ours[3].body) == {"a": [1, "ü"]}
    assert ours[0].headers["x-api-key"] == "k"


def self_signed(directory: Path) -> ssl.SSLContext:
    """A server context with a certificate for 127.0.0.1 that no CA signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


async def test_https_verifies_the_certificate(tmp_path: Path) -> None:
    raw = RawServer(ok_json)
    server = await asyncio.start_server(raw.handle, "127.0.0.1", 0, ssl=self_signed(tmp_path))
    port = server.sockets[0].getsockname()[1]
    http = client(f"https://127.0.0.1:{port}")
    with pytest.raises(Unavailable) as caught:
        await http.send("POST", "/credit", endpoint=ENDPOINT, read=False, json={"a": 1})
    # Refused at the handshake, before any byte of the request: certainly not sent.
    assert caught.value.request_sent is False
    assert raw.requests == []
    await http.aclose()
    await raw.stop(server)


def test_sessions_close_across_event_loops_without_warnings() -> None:
    async def one_round(base_url: str) -> None:
        http = client(base_url)
        await http.send("GET", "/", endpoint="GET /", read=True)
        await http.aclose()

    async def serve_and_call() -> None:
        raw = RawServer(ok_json)
        server = await asyncio.start_server(raw.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        await one_round(f"http://127.0.0.1:{port}")
        await raw.stop(server)

    gc.collect()  # earlier tests' garbage is not this test's to judge
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            asyncio.run(serve_and_call())
        gc.collect()
    assert [str(w.message) for w in caught if "nclosed" in str(w.message)] == []


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (aiohttp.ConnectionTimeoutError("t"), httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError("t"), httpx.ReadTimeout),
        (aiohttp.ServerTimeoutError("t"), httpx.ReadTimeout),
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientOSError(104, "reset"), httpx.ReadError),
        (aiohttp.ClientPayloadError("cut"), httpx.RemoteProtocolError),
        (aiohttp.ClientConnectionError("closed"), httpx.ReadError),
        (RuntimeError("?"), httpx.ReadError),
    ],
)
def test_only_connect_failures_map_to_not_sent(raised: Exception, expected: type) -> None:
    assert type(_mapped(raised)) is expected

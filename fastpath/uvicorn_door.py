"""The connection bounds, enforced inside uvicorn's httptools protocol.

WHY THIS REACHES INTO UVICORN'S PRIVATE PARTS: uvicorn's public settings
cannot say any of this. Its httptools protocol buffers a request head
without limit (a few connections sending large heads grow the process by
hundreds of megabytes), has no time limit for a head or a body, arms no timer
on a connection that never sends a byte, and its only connection bound
(``limit_concurrency``) answers 503 to newcomers instead of closing the
connection idle the longest. So this subclass of ``HttpToolsProtocol``
counts a head's bytes before the parser sees them, times each phase of a
request, and tells the request's watch when a client leaves mid-request. The
members it relies on are listed in ``OVERRIDDEN`` and ``RELIED_ON``, and
``tests/fastpath/test_uvicorn_door_guard.py`` fails loudly when an uvicorn
outside ``TESTED_WITH`` is installed or one of them changed.

What it enforces is the gateway's (``gateway.http_protocol`` binds it): the
limits, the count of open connections, and the watch each request's scope
carries come in as arguments.

Phases of a connection: idle (no byte of a request yet), head (bytes of a
request line and headers), body (head complete, body not yet whole). One
timer per connection bounds the phase it is in: ``idle_timeout`` before the
first request (between requests uvicorn's own keep-alive timer does it, set
to the same value), ``header_timeout`` for a head and ``body_timeout`` for a
body. A request arriving in one packet arms no timer at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

import orjson
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

TESTED_WITH = ("0.55",)
OVERRIDDEN = (
    "connection_made",
    "connection_lost",
    "data_received",
    "on_message_begin",
    "on_headers_complete",
    "on_message_complete",
    "on_response_complete",
)
# Protocol attributes read or set here, and what is read of a request cycle.
RELIED_ON = ("transport", "loop", "cycle", "scope", "pipeline", "timeout_keep_alive")
CYCLE_RELIED_ON = ("scope", "response_started", "response_complete", "disconnected")

C = TypeVar("C")


class DoorLimits(Protocol):
    """The bounds a connection is held to."""

    @property
    def max_header_bytes(self) -> int: ...
    @property
    def header_timeout(self) -> float: ...
    @property
    def body_timeout(self) -> float: ...
    @property
    def idle_timeout(self) -> float: ...


class Connections(Protocol[C]):
    """A worker's open connections: ``opened`` answers the one to close, if any."""

    def opened(self, connection: C) -> C | None: ...
    def busy(self, connection: C) -> None: ...
    def idle(self, connection: C) -> None: ...
    def closed(self, connection: C) -> None: ...


class Watch(Protocol):
    """What a request's task is told when its client leaves before the answer."""

    def client_left(self) -> None: ...


IDLE, HEAD, BODY = 0, 1, 2
FRESH, NONE = 3, -1  # timer kinds besides HEAD and BODY: before the first request, none
LINGER_SECONDS = 2.0  # after a 431, read and drop what the client still sends, then reset


def _answer(status: int, reason: str, code: str, message: str) -> bytes:
    """A complete HTTP/1.1 answer that closes the connection, with a GraphQL-shaped error."""
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


HEADERS_TOO_LARGE = _answer(
    431,
    "Request Header Fields Too Large",
    "REQUEST_HEADERS_TOO_LARGE",
    "The request's headers are larger than this server accepts",
)
HEAD_TIMEOUT = _answer(
    408, "Request Timeout", "REQUEST_TIMEOUT", "The request's headers did not arrive in time"
)
BODY_TIMEOUT = _answer(
    408, "Request Timeout", "REQUEST_TIMEOUT", "The request's body did not arrive in time"
)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol under ``DoorLimits``; one per connection."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: DoorLimits,
        connections: Connections[GuardedHttpToolsProtocol],
        watch: Callable[[], Watch],
        watch_key: str,
    ) -> None:
        """``watch`` makes each request's watch, kept in its scope under ``watch_key``."""
        super().__init__(config, server_state, app_state, _loop)
        # uvicorn's keep-alive timer bounds the idleness between two requests.
        self.timeout_keep_alive = limits.idle_timeout  # type: ignore[assignment]
        self._door_limits = limits
        self._door_connections = connections
        self._door_watch = watch
        self._door_watch_key = watch_key
        self._door_phase = IDLE
        self._door_head_bytes = 0
        self._door_heads = 0
        self._door_timer: asyncio.TimerHandle | None = None
        self._door_timed = NONE  # what the timer bounds: FRESH, HEAD, BODY or NONE
        self._door_discarding = False

    # Connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        victim = self._door_connections.opened(self)
        if victim is not None:
            victim._door_close()
        if victim is not self:
            self._door_arm(FRESH, self._door_limits.idle_timeout, self._door_close)

    def connection_lost(self, exc: Exception | None) -> None:
        cycle = self.cycle
        self._door_disarm()
        self._door_connections.closed(self)
        super().connection_lost(exc)
        if cycle is not None and not cycle.response_complete:
            watch: Watch | None = cast(dict[str, Any], cycle.scope).get(self._door_watch_key)
            if watch is not None:
                watch.client_left()

    def data_received(self, data: bytes) -> None:
        if self._door_discarding:
            return  # answered and closing: what still comes is dropped, never buffered
        if self._door_phase != BODY:
            self._door_phase = HEAD
            room = self._door_limits.max_header_bytes - self._door_head_bytes
            if len(data) > room:
                heads = self._door_heads
                self._door_head_bytes += room
                super().data_received(data[:room])
                if self._door_heads == heads:  # the head did not end within the cap
                    self._door_refuse_head()
                    return
                data = data[room:]
            else:
                self._door_head_bytes += len(data)
        super().data_received(data)
        if not self.transport.is_closing():
            self._door_time_phase()

    # Parser callbacks

    def on_message_begin(self) -> None:
        self._door_phase = HEAD
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self._door_phase = BODY
        self._door_head_bytes = 0
        self._door_heads += 1
        self._door_connections.busy(self)
        # Before uvicorn creates the request's task, which reads it from the scope.
        cast(dict[str, Any], self.scope)[self._door_watch_key] = self._door_watch()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._door_phase = IDLE
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.pipeline and (self.cycle is None or self.cycle.response_complete):
            self._door_connections.idle(self)

    # Bounds

    def _door_time_phase(self) -> None:
        """After bytes were parsed: the timer of the phase the connection is now in."""
        phase = self._door_phase
        wanted = NONE if phase == IDLE else phase  # IDLE: the request is whole, being answered
        if wanted == self._door_timed:
            return
        self._door_disarm()
        limits = self._door_limits
        if wanted == HEAD:
            self._door_arm(HEAD, limits.header_timeout, self._door_head_expired)
        elif wanted == BODY:
            self._door_arm(BODY, limits.body_timeout, self._door_body_expired)

    def _door_arm(self, phase: int, seconds: float, expired: Callable[[], None]) -> None:
        self._door_timed = phase
        self._door_timer = self.loop.call_later(seconds, expired)

    def _door_disarm(self) -> None:
        if self._door_timer is not None:
            self._door_timer.cancel()
            self._door_timer = None
        self._door_timed = NONE

    def _door_answering(self) -> bool:
        """An earlier request of this connection is still being answered: no answer may cut in."""
        return self.cycle is not None and not self.cycle.response_complete

    def _door_head_expired(self) -> None:
        self._door_timer = None
        if not self._door_answering() and not self.transport.is_closing():
            self._door_discarding = True
            self.transport.write(HEAD_TIMEOUT)
        self._door_close()

    def _door_body_expired(self) -> None:
        """408 when the request's answer has not begun; its task then sees the client gone."""
        self._door_timer = None
        cycle = self.cycle
        if cycle is not None and not cycle.response_started and not self.transport.is_closing():
            cycle.disconnected = True  # the app may no longer write after our answer
            self._door_discarding = True
            self.transport.write(BODY_TIMEOUT)
        self._door_close()

    def _door_refuse_head(self) -> None:
        """431, then drop what the client still sends for a moment, so it can read the answer."""
        self._door_disarm()
        if self._door_answering() or self.transport.is_closing():
            self._door_close()
            return
        self._door_discarding = True
        self.transport.write(HEADERS_TOO_LARGE)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._door_timer = self.loop.call_later(LINGER_SECONDS, self.transport.abort)

    def _door_close(self) -> None:
        """Close this connection (idle too long, or the oldest idle one at the cap)."""
        self._door_disarm()
        if not self.transport.is_closing():
            self.transport.close()

"""ASGI middleware that counts each call and applies the sandbox's switches.

It sits outside the sandbox's own routes, so the API code stays a faithful
API and every fault looks, to a client, as it would from the real network.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable

from lxml import etree
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from upstreams.sandboxing.state import SandboxState

EndpointKey = Callable[[Scope, bytes], Awaitable[str]]
"""Names the endpoint a call is counted under, from its scope and body."""

SchemaBreaker = Callable[[bytes, str], bytes]
"""Turns a well-formed body (and its content type) into one that breaks the documented shape."""

CONTROL_PREFIX = "/_sandbox/"


def route_key(routes: list[BaseRoute]) -> EndpointKey:
    """Count calls as ``METHOD /path/{template}`` of the route they match."""

    async def key(scope: Scope, body: bytes) -> str:
        for route in routes:
            match, _ = route.matches(scope)
            if match is not Match.NONE:
                return f"{scope['method']} {getattr(route, 'path', scope['path'])}"
        return f"{scope['method']} {scope['path']}"

    return key


def break_schema(body: bytes, content_type: str) -> bytes:
    """Default schema breaker: rename the XML root, or wrap the JSON document."""
    if "xml" in content_type:
        try:
            root = etree.fromstring(body)
        except etree.XMLSyntaxError:
            return body
        qname = etree.QName(root)
        root.tag = f"{{{qname.namespace}}}Unexpected" if qname.namespace else "Unexpected"
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    try:
        return json.dumps({"unexpected": json.loads(body)}).encode()
    except ValueError:
        return body


class FaultMiddleware:
    """Counts, rate-limits, delays, hangs, fails and damages calls per the switches."""

    def __init__(
        self,
        app: ASGIApp,
        state: SandboxState,
        endpoint_key: EndpointKey,
        schema_breaker: SchemaBreaker = break_schema,
    ) -> None:
        self.app = app
        self.state = state
        self.endpoint_key = endpoint_key
        self.schema_breaker = schema_breaker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        endpoint = await self.endpoint_key(scope, body)
        state, switches = self.state, self.state.switches
        state.count(endpoint)

        wait = state.limiter.check() if switches.rate_limit and state.limiter else 0.0
        state.log(endpoint, limited=wait > 0)
        if wait > 0:
            state.count_fault("rate_limit")
            await _send_429(send, math.ceil(wait))
            return
        faulty = switches.applies_to(endpoint)
        if faulty and state.roll(switches.throttle_rate):
            state.count_fault("throttle")
            await _send_429(send, switches.retry_after_seconds)
            return
        delay = switches.latency_ms + switches.jitter_ms * state.rng.random()
        if delay > 0:
            await asyncio.sleep(delay / 1000)
        hang = faulty and state.roll(switches.hang_rate)
        if hang:
            state.count_fault("hang")
        if hang and switches.hang_phase == "before":
            await asyncio.sleep(switches.hang_seconds)
        if faulty and state.roll(switches.error_rate):
            state.count_fault("error")
            await _send_5xx(send, state.rng.choice((500, 502, 503)))
            return

        start, chunks = await _capture(self.app, scope, body)
        if hang and switches.hang_phase == "after":
            await asyncio.sleep(switches.hang_seconds)
        payload = b"".join(chunks)
        if faulty and state.roll(switches.malformed_rate):
            state.count_fault("malformed")
            payload = self._damage(payload, _content_type(start))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(payload)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": payload, "more_body": False})

    def _damage(self, payload: bytes, content_type: str) -> bytes:
        if self.state.switches.malformed_kind == "truncate":
            return payload[: len(payload) // 2]
        return self.schema_breaker(payload, content_type)


async def _read_body(receive: Receive) -> bytes:
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)


async def _capture(app: ASGIApp, scope: Scope, body: bytes) -> tuple[Message, list[bytes]]:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # the body was read; wait like a quiet client
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    start: Message = {}
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return start, chunks


def _content_type(start: Message) -> str:
    for key, value in start.get("headers", []):
        if key.lower() == b"content-type":
            return str(value.decode("latin-1"))
    return ""


async def _send_429(send: Send, retry_after: int) -> None:
    body = b'{"message":"Too many requests"}'
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(retry_after).encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _send_5xx(send: Send, status: int) -> None:
    body = f"<html><body><h1>{status} Server Error</h1></body></html>".encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""An incremental answer on the wire: ``multipart/mixed``, one JSON part per payload.

The layout is the one Apollo Client's, urql's and the routers' readers expect
for ``deferSpec=20220824``: the boundary ``-``, each part opened by
``\\r\\n---`` and a ``content-type`` header, the body closed by
``\\r\\n-----``. Each part is written as soon as its payload exists, so the
client sees the first before the slowest upstream has answered, and is
written with the delimiter that ends it: those readers split on delimiters,
so a part whose delimiter waited for the next part's would reach the
application only with the next one.

The request's work goes on while the parts are written: the deadline it
was given covers the later payloads too, and its context (its dataloaders)
is released only after the last part, or when the client leaves first, which
also stops the work still running for it. Should the later work fail in a
way nothing foresaw, the answer still ends well-formed, with a last part
holding an ``INTERNAL`` error and nothing of the failure's text.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import orjson
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from resolvers.errors import INTERNAL_MESSAGE
from upstreams.deadline import resumed_deadline

LOG = logging.getLogger("gateway.graphql")

MULTIPART = "multipart/mixed"
CONTENT_TYPE = b'multipart/mixed; boundary="-"; deferSpec=20220824'
_DELIMITER = b"\r\n---"
_HEAD = b"\r\ncontent-type: application/json; charset=utf-8\r\n\r\n"
# After the last part's delimiter: what makes it the closing one.
_CLOSE = b"--\r\n"
# The last part when the later work failed unforeseen: no data, one coded error.
_FAILED = orjson.dumps(
    {
        "errors": [{"message": INTERNAL_MESSAGE, "extensions": {"code": "INTERNAL"}}],
        "hasNext": False,
    }
)


class Parts(Protocol):
    """The payloads after the first; ``aclose`` ends the work making them, however far it got."""

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]: ...

    async def aclose(self) -> None: ...


class MultipartAnswer(Response):
    """The first payload, then each of ``rest`` as it comes; ``done`` runs once all is sent."""

    def __init__(
        self,
        first: dict[str, Any],
        rest: Parts,
        *,
        deadline: float | None,
        done: Callable[[], None],
    ) -> None:
        self.status_code = 200
        self.background = None
        self.media_type = MULTIPART
        self.first = first
        self.rest = rest
        self.deadline = deadline
        self.done = done
        # No length: the parts are sent as they are made (chunked).
        self.raw_headers = [(b"content-type", CONTENT_TYPE), (b"cache-control", b"no-cache")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            await send(_body(_DELIMITER + _part(orjson.dumps(self.first))))
            with resumed_deadline(self.deadline):
                try:
                    async for payload in self.rest:
                        await send(_body(_part(orjson.dumps(payload))))
                except Exception as failure:
                    LOG.error("incremental answer failed error=%s", type(failure).__name__)
                    await send(_body(_part(_FAILED)))
            await send({"type": "http.response.body", "body": _CLOSE, "more_body": False})
        finally:
            # However it ended (all sent, the client gone, a write failed, the
            # server stopping): the work stops and the context goes, once.
            try:
                await self.rest.aclose()
            finally:
                self.done()


def _part(payload: bytes) -> bytes:
    """A part after its opening delimiter: its header, its JSON, and the delimiter that ends it."""
    return _HEAD + payload + _DELIMITER


def _body(chunk: bytes) -> dict[str, Any]:
    return {"type": "http.response.body", "body": chunk, "more_body": True}

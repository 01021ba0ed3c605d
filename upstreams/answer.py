"""An upstream's answer as the adapters read it: its status, headers and (decoded) body.

The engine (``upstreams.aiohttp_engine``) makes one per call from what
aiohttp read, with the attributes and names of ``httpx.Response`` that the
adapters use (``status_code``, ``headers.get``, ``content``, ``is_success``,
``json()``), so their code reads an answer as it always did. An
``httpx.Response`` built per call cost more than the rest of the engine's
own work on an answer: its header model, its byte stream and its decoder
chain, for a body already in memory.

Its own module because the transport (``upstreams.http``) and the engine
under it both name it, and the engine must not import the layer above it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from typing import Any

import httpx


class Answer:
    """One answer: ``headers`` look up a name whatever its case (the first value of a name)."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content

    @property
    def is_success(self) -> bool:
        """A 2xx status."""
        return 200 <= self.status_code < 300

    def json(self) -> Any:
        """The body read as JSON (``ValueError`` when it is not)."""
        return json.loads(self.content)


class AnswerTooLarge(httpx.DecodingError):
    """The answer's body, as sent or once decoded, passed the upstream's ``max_answer_bytes``.

    A ``DecodingError`` so that whatever reads an undecodable answer as a bad
    one reads this one so too; its own type so the transport can say which
    limit it passed. Its message is fixed: it never carries the body or the URL.
    """

    def __init__(self) -> None:
        super().__init__("the answer was larger than the upstream's limit")


def decoded(content: bytes, encoding: str | None, limit: int) -> bytes:
    """``content`` undone of the ``Content-Encoding`` it names, as ``httpx.Response`` undoes it.

    gzip and deflate (zlib-wrapped, or raw as some servers send it), applied
    last first; ``identity`` and codings nobody asked for pass unchanged.
    Raises ``httpx.DecodingError`` for a body its coding cannot undo, and
    ``AnswerTooLarge`` as soon as a decoded body passes ``limit`` bytes: a few
    kilobytes of gzip can stand for gigabytes, so a body is never inflated
    past it.
    """
    if not encoding:
        return content
    for coding in reversed(encoding.split(",")):
        coding = coding.strip().lower()
        try:
            if coding == "gzip":
                content = _undo(zlib.decompressobj(zlib.MAX_WBITS | 16), content, limit)
            elif coding == "deflate":
                content = _inflated(content, limit)
        except zlib.error:
            raise httpx.DecodingError(f"the answer's {coding} body could not be decoded") from None
    return content


def _inflated(content: bytes, limit: int) -> bytes:
    try:
        return _undo(zlib.decompressobj(), content, limit)
    except zlib.error:
        return _undo(zlib.decompressobj(-zlib.MAX_WBITS), content, limit)


def _undo(decompressor: Any, content: bytes, limit: int) -> bytes:
    # One byte past the limit is enough to know it is passed; zlib stops there.
    inflated: bytes = decompressor.decompress(content, limit + 1)
    if len(inflated) > limit:
        raise AnswerTooLarge
    rest: bytes = decompressor.flush()
    if len(inflated) + len(rest) > limit:
        raise AnswerTooLarge
    return inflated + rest if rest else inflated

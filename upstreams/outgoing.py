"""A call as an adapter asks for it, and shaped into what goes on the wire, as httpx would send it.

Calls go out through aiohttp (``upstreams.aiohttp_engine``) without httpx's
client, whose URL and header models cost more CPU per call than the whole
exchange. The request still reads as httpx's client writes it (same query
encoding, body encoding and default headers;
``tests/upstreams/test_aiohttp_engine.py`` compares the two on the wire), so
upstreams see what any httpx caller would send.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx

DEFAULT_HEADERS: tuple[tuple[str, str], ...] = (
    ("Accept", "*/*"),
    # What httpx.Response decodes without optional packages.
    ("Accept-Encoding", "gzip, deflate"),
    ("Connection", "keep-alive"),
    ("User-Agent", f"python-httpx/{httpx.__version__}"),
)
_PATH_SAFE = "/!$&'()*+,;=:@"


@dataclass(frozen=True, slots=True)
class Call:
    """One call as an adapter asks for it, before it is shaped into bytes.

    ``url`` is a path under the upstream's base URL (or an absolute URL);
    at most one of ``data`` (a form), ``json`` and ``content`` is given.
    """

    method: str
    url: str
    endpoint: str
    params: Mapping[str, Any] | None = None
    data: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | str | None = None
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """The bytes of one request: ``headers`` lack ``Host``, which the engine adds from the URL."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes | None


class Shaper:
    """Shapes calls for one upstream's base URL (``https://host[:port][/prefix]``)."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")

    def shape(self, call: Call) -> Outgoing:
        url = self._url(call.url, call.params)
        headers = {name.lower(): (name, value) for name, value in DEFAULT_HEADERS}
        for name, value in (call.headers or {}).items():
            headers[name.lower()] = (name, value)
        body, content_type = _body(call)
        if body is not None:
            headers.setdefault("content-length", ("Content-Length", str(len(body))))
            if content_type is not None:
                headers.setdefault("content-type", ("Content-Type", content_type))
        return Outgoing(call.method, url, list(headers.values()), body)

    def _url(self, target: str, params: Mapping[str, Any] | None) -> str:
        if target.startswith(("http://", "https://")):
            url = target
        else:
            url = f"{self.base}/{quote(target.lstrip('/'), safe=_PATH_SAFE)}"
        if params:
            url += ("&" if "?" in url else "?") + urlencode(_pairs(params.items()))
        return url


def _body(call: Call) -> tuple[bytes | None, str | None]:
    """The body and the Content-Type httpx would give it."""
    if call.content is not None:
        content = call.content
        return (content.encode() if isinstance(content, str) else content), None
    if call.data is not None:
        return urlencode(_pairs(call.data.items())).encode(), "application/x-www-form-urlencoded"
    if call.json is not None:
        text = jsonlib.dumps(call.json, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode(), "application/json"
    return None, None


def _pairs(items: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Form or query pairs as httpx writes values: lists repeat the key, booleans are lowercase."""
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        if isinstance(value, list | tuple):
            pairs.extend((key, _text(item)) for item in value)
        else:
            pairs.append((key, _text(value)))
    return pairs


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)

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
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus

import httpx

DEFAULT_HEADERS: tuple[tuple[str, str], ...] = (
    ("Accept", "*/*"),
    # What httpx.Response decodes without optional packages.
    ("Accept-Encoding", "gzip, deflate"),
    ("Connection", "keep-alive"),
    ("User-Agent", f"python-httpx/{httpx.__version__}"),
)
_DEFAULTS = {name.lower(): (name, value) for name, value in DEFAULT_HEADERS}
_PATH_SAFE = "/!$&'()*+,;=:@"
_UNRESERVED = string.ascii_letters + string.digits + "_.-~"
"""What ``quote_plus`` never escapes: a text of these alone is its own quoting."""
QUOTED_KEPT = 512
"""How many parameter names and paths are kept quoted: the names are a few dozen, and a
path that names a record (``Account/1001``) makes room for others when it is not asked again."""


@dataclass(slots=True)  # not frozen: made per call (bench/report.py, MEASURED_APART)
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


@dataclass(slots=True)  # not frozen: made per call (bench/report.py, MEASURED_APART)
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
        headers = _DEFAULTS.copy()
        if call.headers:
            for name, value in call.headers.items():
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
            url = f"{self.base}/{_path(target)}"
        if params:
            url += ("&" if "?" in url else "?") + form(params.items())
        return url


def _body(call: Call) -> tuple[bytes | None, str | None]:
    """The body and the Content-Type httpx would give it."""
    if call.content is not None:
        content = call.content
        return (content.encode() if isinstance(content, str) else content), None
    if call.data is not None:
        return form(call.data.items()).encode(), "application/x-www-form-urlencoded"
    if call.json is not None:
        text = jsonlib.dumps(call.json, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode(), "application/json"
    return None, None


def form(items: Iterable[tuple[str, Any]]) -> str:
    """Form or query pairs as httpx writes them: ``urlencode``'s bytes exactly.

    Lists repeat the key, booleans are lowercase, ``None`` is empty. Names
    are quoted once and kept (``QUOTED_KEPT``); a value of unreserved
    characters alone (ids, session ids, action names) is its own quoting, so
    only the rest goes through ``quote_plus``.
    """
    parts: list[str] = []
    for key, value in items:
        name = _name(key)
        if isinstance(value, list | tuple):
            parts.extend(f"{name}={_quoted(_text(item))}" for item in value)
        else:
            parts.append(f"{name}={_quoted(_text(value))}")
    return "&".join(parts)


def _quoted(text: str) -> str:
    return text if not text.strip(_UNRESERVED) else quote_plus(text)


@lru_cache(maxsize=QUOTED_KEPT)
def _name(key: str) -> str:
    return quote_plus(str(key))


@lru_cache(maxsize=QUOTED_KEPT)
def _path(target: str) -> str:
    return quote(target.lstrip("/"), safe=_PATH_SAFE)


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)

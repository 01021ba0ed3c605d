"""A raw reader of incremental answers (``multipart/mixed;deferSpec=20220824``) over HTTP.

Independent of the gateway's own code: it splits the bytes on the boundary
the response names and merges each part into the data the way the 2022
format says (a deferred part's ``data`` at its ``path``; streamed ``items``
from the index that ends their ``path``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

# What Apollo Client's HttpLink sends for an operation with @defer or @stream.
ACCEPT = (
    "multipart/mixed;deferSpec=20220824,application/graphql-response+json,application/json;q=0.9"
)


@contextmanager
def incremental(
    http: httpx.Client,
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    accept: str = ACCEPT,
) -> Iterator[tuple[httpx.Response, Iterator[dict[str, Any]]]]:
    """POST ``query`` asking for parts; the response and its payloads as they arrive."""
    with http.stream(
        "POST", url, json={"query": query, "variables": variables}, headers={"accept": accept}
    ) as response:
        yield response, _parts(response)


def _parts(response: httpx.Response) -> Iterator[dict[str, Any]]:
    content_type = response.headers["content-type"]
    assert content_type.startswith("multipart/mixed"), content_type
    assert "deferSpec=20220824" in content_type
    boundary = content_type.split('boundary="', 1)[1].split('"', 1)[0]
    delimiter = f"\r\n--{boundary}".encode()
    buffer = b""
    for chunk in response.iter_bytes():
        buffer += chunk
        while True:
            start = buffer.find(delimiter)
            following = buffer.find(delimiter, start + len(delimiter)) if start >= 0 else -1
            if following < 0:
                break
            yield _body(buffer[start + len(delimiter) : following])
            buffer = buffer[following:]
    assert buffer.startswith(delimiter + b"--"), buffer[:40]


def _body(part: bytes) -> dict[str, Any]:
    headers, _, body = part.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in headers.lower(), headers
    payload: dict[str, Any] = json.loads(body)
    return payload


def merged(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole answer the payloads make, with every part's errors (``data`` and ``errors``)."""
    first, *rest = payloads
    data = first["data"]
    errors = list(first.get("errors", []))
    for payload in rest:
        for part in payload.get("incremental", []):
            errors.extend(part.get("errors", []))
            if "items" in part:
                *where, index = part["path"]
                target = _at(data, where)
                assert len(target) == index, (part["path"], len(target))
                target.extend(part["items"] or [])
            elif part["data"] is not None:
                _at(data, part["path"]).update(part["data"])
    answer: dict[str, Any] = {"data": data}
    if errors:
        answer["errors"] = errors
    return answer


def _at(data: Any, path: list[str | int]) -> Any:
    for key in path:
        data = data[key]
    return data

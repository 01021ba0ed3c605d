"""Which media type to answer in, from the request's ``Accept`` header.

The GraphQL-over-HTTP specification defines two: ``application/graphql-response+json``,
whose status codes say whether the request was valid, and the legacy
``application/json``, which answers 200 to every well-formed request. A client
that sends no ``Accept`` (or ``*/*``) gets the legacy type, as the specification
asks of servers during its transition period.

Incremental delivery (``@defer``, ``@stream``) is a separate question: a
client that lists ``multipart/mixed`` (with ``deferSpec=20220824``, or with no
format named) may be answered in parts (``accepts_incremental``); it still
names a JSON type for answers that come whole, and one that names none is
answered in legacy JSON.
"""

from __future__ import annotations

import functools

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

# Best first: on equal quality the specification's own type wins.
_SUPPORTED = (GRAPHQL_RESPONSE, JSON)
_WILDCARDS = {"*/*": JSON, "application/*": JSON}
# Longer headers are negotiated afresh each time; the cache holds short ones only.
MAX_REMEMBERED = 256


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or ``None`` when the client accepts neither.

    Clients send the same few ``Accept`` values, so each answer is remembered.
    """
    if accept is None or len(accept) > MAX_REMEMBERED:
        return _negotiate(accept)
    return _remembered(accept)


def _negotiate(accept: str | None) -> str | None:
    if accept is None or not accept.strip():
        return JSON
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for part in accept.split(","):
        media_type, quality = _parse(part)
        if quality <= 0:
            continue
        if media_type in _SUPPORTED:
            candidate = media_type
        elif media_type in _WILDCARDS:
            candidate = _WILDCARDS[media_type]
        else:
            continue
        # Higher quality first, then the more specific match, then our preference.
        rank = (quality, 2 if media_type in _SUPPORTED else 1)
        if (
            best is None
            or rank > best
            or (rank == best and _SUPPORTED.index(candidate) < _SUPPORTED.index(chosen or JSON))
        ):
            best, chosen = rank, candidate
    return chosen


_remembered = functools.lru_cache(maxsize=128)(_negotiate)


def accepts_incremental(accept: str | None) -> bool:
    """Whether the client reads an answer in parts, in the format of ``deferSpec=20220824``.

    Apollo Client names the format (``multipart/mixed;deferSpec=20220824``);
    GraphiQL and urql send a bare ``multipart/mixed`` and read that same format.
    A client that names only another (``incrementalSpec=v0.2``) is answered whole.
    """
    if accept is None or "multipart/mixed" not in accept:
        return False
    for part in accept.split(","):
        media_type, quality = _parse(part)
        if media_type == "multipart/mixed" and quality > 0:
            spec = _spec(part)
            if spec is None or spec == ("deferspec", "20220824"):
                return True
    return False


def _spec(part: str) -> tuple[str, str] | None:
    """The incremental format a ``multipart/mixed`` entry names, if it names one."""
    for parameter in part.split(";")[1:]:
        name, _, value = parameter.partition("=")
        name = name.strip().lower()
        if name in ("deferspec", "incrementalspec"):
            return name, value.strip().strip('"')
    return None


def accepts_html(accept: str | None) -> bool:
    """Whether a browser is asking for a page (GraphiQL) rather than a GraphQL answer."""
    return accept is not None and "text/html" in accept


def _parse(part: str) -> tuple[str, float]:
    pieces = [piece.strip() for piece in part.split(";")]
    media_type = pieces[0].lower()
    quality = 1.0
    for parameter in pieces[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return media_type, quality

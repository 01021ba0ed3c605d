"""Addresses in the configuration, checked when read: a malformed one stops ``check-config``.

A base URL without a host, or with a scheme the client cannot speak, would
otherwise pass every check and fail only on the first request that needs it.
Like every configuration error these name the key and never repeat the
value, which may hold a password (``redis://:secret@host``).
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from gateway.config_error import ConfigError


def http_url(value: str, where: str) -> None:
    """An upstream's base URL: ``http`` or ``https``, a host, perhaps a port and a path."""
    parts = _url(value, where, ("http", "https"))
    if parts.query or parts.fragment:
        raise ConfigError(where, "must not have a query string or fragment")


def redis_url(value: str, where: str) -> None:
    """``redis://``, ``rediss://`` (TLS) or ``unix://`` (a socket path)."""
    _url(value, where, ("redis", "rediss", "unix"))


def origins(value: str, where: str) -> None:
    """Comma-separated browser origins, each exactly ``scheme://host[:port]``.

    A browser's ``Origin`` header has no path, not even ``/``, so an entry
    with one would never match.
    """
    for number, origin in enumerate((part.strip() for part in value.split(",")), start=1):
        if not origin:
            continue
        entry = f"{where} (entry {number})"
        parts = _url(origin, entry, ("http", "https"))
        if parts.path or parts.query or parts.fragment or parts.username is not None:
            raise ConfigError(entry, "must be an origin, scheme://host[:port], with no path")


def listen_host(value: str, where: str) -> None:
    """An address or host name to listen on: no scheme, port or path."""
    if any(char.isspace() or char in "/@" for char in value) or value.count(":") == 1:
        raise ConfigError(
            where, "must be a bare address or host name (like 0.0.0.0), without scheme or port"
        )


def _url(value: str, where: str, schemes: tuple[str, ...]) -> SplitResult:
    expected = " or ".join(f"{scheme}://" for scheme in schemes)
    if any(char.isspace() for char in value):
        raise ConfigError(where, f"must be a URL ({expected}...) without spaces")
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        raise ConfigError(where, f"must be a URL starting with {expected}")
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError(where, f"must name a host after {parts.scheme}://")
    try:
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
    except ValueError:
        raise ConfigError(where, "must have a port from 0 to 65535") from None
    return parts

"""Keep credentials out of log lines, whatever code wrote them.

Four nets: values that look like credentials (``password=...``, ``api_key=...``,
``Bearer ...``, ``SessionId=...``); the exact secret values the configuration
holds, wherever they appear; the query strings of upstream URLs in httpx's
records, since InvoiceXpress (``api_key``) and Saasu (``wsaccesskey``) take
credentials there and httpx logs every URL at INFO; and exceptions that a
library logs as an argument, whose text names hosts, ports and URLs
(OpenTelemetry's exporter logs ``requests``' "HTTPConnectionPool(host=...)").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import httpx

from gateway.config import GatewayConfig

MASK = "[REDACTED]"

_LOOKS_SECRET = re.compile(
    r"(?i)\b(password|passwd|secret|token|api_key|apikey|wsaccesskey|sessionid|session_id"
    r"|client_secret|access_token|refresh_token|authorization)"
    r"""(["']?\s*[=:]\s*["']?)([^\s&"',;]+)"""
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


class Redactor:
    """Masks credential-looking values and the given known secrets in text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
        text = _LOOKS_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
        return _URL_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}@", text)


def config_secrets(config: GatewayConfig) -> Iterator[str]:
    """The secret values a configuration holds: passwords, keys, the Redis password."""
    upstreams = config.upstreams
    if upstreams is not None:
        yield upstreams.prepaid.password
        yield upstreams.billing.password
        yield upstreams.billing.client_id
        yield upstreams.invoicexpress.api_key
        for value in (upstreams.saasu.ws_access_key, upstreams.saasu.password):
            if value is not None:
                yield value
    url = config.section("redis")["url"]
    if url:
        password = urlsplit(url).password
        if password:
            yield password


HIDDEN = "<query hidden>"


class HideQueryStrings(logging.Filter):
    """Replaces every URL argument of a record with the URL minus its query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_hidden(argument) for argument in record.args)
        return True


class FailureKinds(logging.Filter):
    """Writes an exception given as a record's argument as its kind alone.

    The project's own lines already pass ``type(error).__name__``; this holds
    libraries to the same rule, as the formatters do for ``exc_info``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, BaseException) for a in args):
            record.args = tuple(
                type(a).__name__ if isinstance(a, BaseException) else a for a in args
            )
        return True


def _hidden(argument: object) -> object:
    if isinstance(argument, httpx.URL) and argument.query:
        return f"{argument.copy_with(query=None)}?{HIDDEN}"
    return argument


def hide_upstream_query_strings() -> None:
    """Install the filter on httpx's logger, once per process."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(existing, HideQueryStrings) for existing in logger.filters):
        logger.addFilter(HideQueryStrings())

"""Upstream URLs in log lines lose their query strings.

httpx logs every request's full URL at INFO, and some upstreams take their
credentials in the query string (InvoiceXpress ``api_key``, Saasu
``wsaccesskey``): an operator turning on INFO logging must not thereby write
secrets to disk. The filter rewrites the URL argument of httpx's records
before any handler formats them.
"""

from __future__ import annotations

import logging

import httpx

HIDDEN = "<query hidden>"


class HideQueryStrings(logging.Filter):
    """Replaces every URL argument of a record with the URL minus its query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_hidden(argument) for argument in record.args)
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

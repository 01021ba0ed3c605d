"""Logging for the gateway process.

httpx and httpcore log every request's full URL at INFO, and two upstreams
carry a credential in the query string (InvoiceXpress ``api_key``, Saasu
``WsAccessKey``), so those loggers stay at WARNING whatever the level.
"""

from __future__ import annotations

import logging

QUIET = ("httpx", "httpcore")


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))

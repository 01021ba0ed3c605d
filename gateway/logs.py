"""Logging for the gateway process.

httpx, httpcore and aiohttp (the engine under httpx) may log a request's
full URL, and two upstreams carry a credential in the query string
(InvoiceXpress ``api_key``, Saasu ``WsAccessKey``), so those loggers stay at
WARNING whatever the level.
"""

from __future__ import annotations

import logging

QUIET = ("httpx", "httpcore", "aiohttp")


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))

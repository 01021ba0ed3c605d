"""Structured logs: one JSON object per line, credentials redacted.

Unless ``logging.format`` (or ``--log-format``) says otherwise, a person at a
terminal gets readable text and anything else (a file, a collector) JSON.

Each line has ``ts``, ``level``, ``logger``, ``message`` and the request's
``request_id`` when written during a request, plus any ``extra`` fields a
caller passes under ``fields`` (the access log's operation, status, duration).
Redaction runs on the finished line's text parts, so no formatter path can
slip a secret past it.
"""

from __future__ import annotations

import datetime
import functools
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

import orjson

from gateway.log_repeats import HoldRepeats
from gateway.redaction import FailureKinds, Redactor
from gateway.request_id import current_request_id

# httpx, httpcore and aiohttp may log a request's full URL, and two upstreams
# carry a credential in the query string (InvoiceXpress ``api_key``, Saasu
# ``WsAccessKey``), so these loggers stay at WARNING whatever the level.
QUIET = ("httpx", "httpcore", "aiohttp")

# Loggers that libraries may give handlers of their own (uvicorn prints a
# whole traceback for a failed request): here they write through ours.
TAKEN_OVER = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")

# Short texts repeat from line to line (every access line says "POST /graphql 200"),
# so their redacted form is remembered: redaction is the costliest part of a line.
SHORT_TEXT = 256
REMEMBERED_TEXTS = 1024


def remembering(redact: Redactor) -> Callable[[str], str]:
    """``redact``, with the answers for short texts kept in a bounded LRU."""
    remembered = functools.lru_cache(maxsize=REMEMBERED_TEXTS)(redact)

    def cached(text: str) -> str:
        return remembered(text) if len(text) <= SHORT_TEXT else redact(text)

    return cached


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = remembering(redact)

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        if request_id is not None:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for name, value in fields.items():
                line[name] = self.redact(value) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    """The plain format, for a developer's terminal; redacted all the same."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict) and "repeated" in fields:
            text += f" (and {fields['repeated']} more like it held back)"
        return self.redact(text)

    def formatException(self, ei: Any) -> str:
        """The failure's kind only: a traceback names files and its message may name hosts."""
        kind = ei[0].__name__ if ei and ei[0] is not None else "unknown"
        return f"error={kind}"

    def formatStack(self, stack_info: str) -> str:
        return ""


def chosen_format(fmt: str | None, stream: TextIO) -> str:
    """``fmt`` when set; unset, ``text`` when ``stream`` is a terminal and ``json`` otherwise."""
    if fmt is not None:
        return fmt
    try:
        return "text" if stream.isatty() else "json"
    except (AttributeError, ValueError):  # no stream, or a closed one
        return "json"


def configure_logging(
    level: str = "info", fmt: str | None = None, secrets: Iterable[str] = ()
) -> None:
    """Send every logger's lines to stderr in ``fmt`` (``chosen_format``), masking ``secrets``."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(sys.stderr)
    json_lines = chosen_format(fmt, sys.stderr) == "json"
    handler.setFormatter(JsonFormatter(redact) if json_lines else TextFormatter(redact))
    handler.addFilter(FailureKinds())
    handler.addFilter(HoldRepeats())  # after FailureKinds: it compares finished messages
    root = logging.getLogger()
    root.handlers[:] = [handler]
    numeric = logging.getLevelNamesMapping()[level.upper()]
    root.setLevel(numeric)
    _skip_unused_record_fields()
    for name in QUIET:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    for name in TAKEN_OVER:
        taken = logging.getLogger(name)
        taken.handlers.clear()
        taken.propagate = True


def _skip_unused_record_fields() -> None:
    """Stop filling in record fields neither formatter writes, as the logging HOWTO's
    "Optimization" section describes: the caller's file and line (a walk up the
    stack for every line), thread, process and process name. They were a third
    of the access log's cost per request.
    """
    logging._srcfile = None  # the HOWTO's own switch
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False

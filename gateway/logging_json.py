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

import functools
import logging
import math
import sys
import time
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


class UtcStamps:
    """``datetime.fromtimestamp(created, UTC).isoformat()``, with each second's text kept.

    Every line of one second shares its date and time of day, and building
    them through ``datetime`` is a large part of a line's cost; the
    microseconds are rounded as ``datetime`` rounds them (half to even), and
    left out when zero, as ``isoformat`` leaves them out.
    """

    def __init__(self) -> None:
        self.second = -1
        self.text = ""

    def __call__(self, created: float) -> str:
        fraction, whole = math.modf(created)
        second = int(whole)
        micro = round(fraction * 1_000_000)
        if micro >= 1_000_000:
            second += 1
            micro -= 1_000_000
        elif micro < 0:
            second -= 1
            micro += 1_000_000
        if second != self.second:
            t = time.gmtime(second)
            self.text = (
                f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                f"T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
            )
            self.second = second
        return f"{self.text}.{micro:06d}+00:00" if micro else f"{self.text}+00:00"


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = remembering(redact)
        self.stamp = UtcStamps()

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": self.stamp(record.created),
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


class LineHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A ``StreamHandler`` that flushes each line under the lock ``handle`` already holds,
    rather than taking it a second time for ``flush``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stream = self.stream
            stream.write(self.format(record) + self.terminator)
            if hasattr(stream, "flush"):
                stream.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)


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
    handler = LineHandler(sys.stderr)
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

"""One line per outage, not one per request: warnings that repeat word for word are held back.

While a Redis or an upstream is down, every request meets the same failure
and logs the same warning; hundreds of identical lines a second bury
everything else in the log and cost CPU in the middle of an incident. So a
warning (or worse) is written when first seen and then at most once per
``window`` seconds; the next one written carries ``repeated``: how many like
it were held back since the last. Lines below WARNING (the access log, a
client's bad input) are always written: each says something about its own request.

What is remembered of a line is a 16-byte digest of its text, never the text:
a caller can make a warning long (a value it sent, quoted), and the memory
must not grow with it. So ``MAX_LINES`` entries of a few hundred bytes each
bound the memory in bytes too, whatever the lines' lengths.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

WINDOW = 10.0
"""Seconds during which a repeat of a written warning is held back."""

MAX_LINES = 1000
"""Distinct warnings remembered at once; the least recently written is forgotten first."""

Line = tuple[str, int, bytes]
"""What identifies a warning: logger name, level and the digest of its message."""


class HoldRepeats(logging.Filter):
    """A handler filter: the first of identical warnings passes, repeats within the window wait."""

    def __init__(
        self,
        window: float = WINDOW,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_lines: int = MAX_LINES,
    ) -> None:
        super().__init__()
        self.window = window
        self.clock = clock
        self.max_lines = max_lines
        # line -> [when it was last written, repeats held back since]
        self._seen: OrderedDict[Line, list[Any]] = OrderedDict()
        self._lock = threading.Lock()  # handlers filter outside their own lock

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        try:
            message = record.getMessage().encode("utf-8", "surrogatepass")
        except Exception:  # arguments that do not fit: the handler reports it when it formats
            return True
        line = (record.name, record.levelno, hashlib.blake2b(message, digest_size=16).digest())
        now = self.clock()
        with self._lock:
            seen = self._seen.get(line)
            if seen is not None and now - seen[0] < self.window:
                seen[1] += 1
                return False
            held = seen[1] if seen is not None else 0
            self._seen[line] = [now, 0]
            self._seen.move_to_end(line)
            while len(self._seen) > self.max_lines:
                self._seen.popitem(last=False)
        if held:
            fields = getattr(record, "fields", None)
            record.fields = {**(fields if isinstance(fields, dict) else {}), "repeated": held}
        return True

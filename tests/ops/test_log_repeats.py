"""The log-repeat memory stays small in bytes however long the warnings a caller provokes.

Measured with ``tracemalloc``: what the filter keeps after thousands of
distinct long warnings, not what it says it keeps.
"""

from __future__ import annotations

import gc
import logging
import tracemalloc

from gateway.log_repeats import MAX_LINES, HoldRepeats

LINE = 64 * 1024


def warning(number: int, size: int = LINE) -> logging.LogRecord:
    message = f"upstream refused the value {number}: " + "x" * size
    return logging.LogRecord("gateway.x", logging.WARNING, __file__, 1, message, None, None)


def test_long_distinct_warnings_never_grow_the_memory_with_their_length() -> None:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        hold = HoldRepeats(10.0, clock=lambda: 0.0)
        for number in range(2 * MAX_LINES):  # 128 MB of distinct warnings
            assert hold.filter(warning(number))
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < MAX_LINES * 1024, grown  # about 300 bytes a line, never 64 KiB
    assert not hold.filter(warning(2 * MAX_LINES - 1))  # the latest is still remembered
    assert hold.filter(warning(0))  # the oldest was forgotten


def test_a_long_warning_repeated_is_still_held_back() -> None:
    hold = HoldRepeats(10.0, clock=lambda: 0.0)
    assert hold.filter(warning(1, 1024 * 1024))
    assert not hold.filter(warning(1, 1024 * 1024))
    assert hold.filter(warning(1, 1024 * 1024 - 1))  # another text: another line

"""The two stamps the server writes on an account: row versions and UTC times.

``LastUpdatedId`` is the Base64 of an 8-byte row version (as SQL Server's
``rowversion``); times are kept as 100-nanosecond ticks so they print with the
seven fractional digits .NET writes (``2023-10-23T20:18:47.9325532Z``).
"""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta

TICKS_PER_SECOND = 10_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})?"
)


def encode_version(row_version: int) -> str:
    """The ``LastUpdatedId`` of a row version."""
    return base64.b64encode(row_version.to_bytes(8, "big")).decode("ascii")


def now_ticks() -> int:
    return time.time_ns() // 100


def ticks_at(moment: datetime) -> int:
    """Ticks of an aware datetime, to the microsecond."""
    delta = moment - _EPOCH
    return (delta.days * 86400 + delta.seconds) * TICKS_PER_SECOND + delta.microseconds * 10


def format_utc(ticks: int) -> str:
    """``yyyy-MM-ddTHH:mm:ss.fffffffZ``, as the docs' samples write dates."""
    seconds, fraction = divmod(ticks, TICKS_PER_SECOND)
    moment = _EPOCH + timedelta(seconds=seconds)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{fraction:07d}Z"


def is_date(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 date and time a .NET ``DateTime`` would bind."""
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True

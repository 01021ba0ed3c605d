"""Dates as the billing API writes and reads them: ISO 8601, UTC, milliseconds, ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

ONE_MILLISECOND = timedelta(milliseconds=1)


def wire(moment: datetime | None) -> str | None:
    """``2021-04-26T15:25:27.587Z``, the form every sample in the docs uses."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def parse(text: str) -> datetime | None:
    """Read an ISO 8601 date or date-time; one without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def after(previous: datetime | None) -> datetime:
    """Now, but always later than ``previous``: a write must move ``updated`` forward."""
    now = datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    if previous is not None and now <= previous:
        return previous + ONE_MILLISECOND
    return now

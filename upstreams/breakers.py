"""The breakers of one upstream: its own, and one for each record that keeps failing.

A failure that follows one record (an account whose stored data the upstream
can no longer answer, say) says nothing about the upstream: reading that
record again and again must not open the circuit for every other record.
So a call that names its record feeds two breakers:

- the record's own (keyed by endpoint and record), which opens after
  ``failures`` failures of that record and then fails its calls fast, so
  repeating them costs the upstream nothing until a probe after
  ``reset_seconds``;
- the upstream's, to which one record counts once per run of failures (the
  failures since the last success): only failures spread over ``failures``
  distinct records, or of calls that name none, open the whole upstream.

A record's breaker exists only while the record has failed more recently than
it succeeded; at most ``max_records`` are kept, the least recently failed
forgotten first, so callers naming endless failing records cannot fill memory.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from upstreams.breaker import BreakerState, CircuitBreaker, Ticket

RecordKey = tuple[str, str]
"""``(endpoint, record)``: ``("AccountRead", "AccountId=17")``."""

MAX_RECORDS = 1024


class Scope(StrEnum):
    """Which circuit refused a call."""

    UPSTREAM = "upstream"
    RECORD = "record"


@dataclass(slots=True)  # not frozen: made per call (bench/report.py, MEASURED_APART)
class Pass:
    """Permission for one call from both breakers it concerns."""

    upstream: Ticket
    record: Ticket | None
    key: RecordKey | None


class UpstreamBreakers:
    """The upstream's circuit breaker and its records' ones; see the module docstring."""

    def __init__(
        self,
        failures: int,
        reset_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_records: int = MAX_RECORDS,
    ) -> None:
        self.upstream = CircuitBreaker(failures, reset_seconds, clock)
        self.max_records = max_records
        self._settings = (failures, reset_seconds, clock)
        self._records: OrderedDict[RecordKey, CircuitBreaker] = OrderedDict()
        self._run: set[RecordKey] = set()

    @property
    def state(self) -> BreakerState:
        """The upstream's circuit (a record's open circuit is not the upstream's)."""
        return self.upstream.state

    def record_state(self, key: RecordKey) -> BreakerState:
        breaker = self._records.get(key)
        return BreakerState.CLOSED if breaker is None else breaker.state

    def held_records(self) -> int:
        return len(self._records)

    def admit(self, key: RecordKey | None) -> Pass | Scope:
        """A pass when the call may go now, else which circuit refused it."""
        record = self._records.get(key) if key is not None else None
        record_ticket = record.admit() if record is not None else None
        if record is not None and record_ticket is None:
            return Scope.RECORD
        upstream_ticket = self.upstream.admit()
        if upstream_ticket is None:
            if record is not None and record_ticket is not None:
                record.released(record_ticket)
            return Scope.UPSTREAM
        return Pass(upstream_ticket, record_ticket, key)

    def succeeded(self, granted: Pass) -> None:
        self.upstream.succeeded(granted.upstream)
        self._run.clear()
        if granted.key is not None:
            self._records.pop(granted.key, None)

    def failed(self, granted: Pass) -> None:
        key = granted.key
        if key is None:
            self.upstream.failed(granted.upstream)
        else:
            self._record(key).failed(granted.record or Ticket(probe=False))
            if key in self._run:  # this record already counted in this run
                self.upstream.released(granted.upstream)
            else:
                self._run.add(key)
                self.upstream.failed(granted.upstream)
        if self.upstream.state is not BreakerState.CLOSED:
            self._run.clear()  # the upstream's verdict is in; the run's records no longer matter

    def released(self, granted: Pass) -> None:
        """The call ended without a verdict: free whichever probe it held."""
        self.upstream.released(granted.upstream)
        record = self._records.get(granted.key) if granted.key is not None else None
        if record is not None and granted.record is not None:
            record.released(granted.record)

    def _record(self, key: RecordKey) -> CircuitBreaker:
        breaker = self._records.get(key)
        if breaker is None:
            breaker = self._records[key] = CircuitBreaker(*self._settings)
            while len(self._records) > self.max_records:
                self._records.popitem(last=False)
        self._records.move_to_end(key)
        return breaker

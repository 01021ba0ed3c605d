"""How fast this machine is right now, as the CPU time of one fixed pure-Python workload.

The benchmark's machine is a shared VM whose speed drifts: in one session the
same gateway took 38 and then 63 ms of CPU for the same request, and uvicorn
alone 46 and 76 µs. Absolute figures from two runs compare only alongside
this reference, taken at the start and the end of each run.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass


@dataclass(slots=True)
class _Row:
    identity: int
    name: str
    balance: float


def _workload() -> int:
    """Object-heavy work of the gateway's kind: records built, read, encoded, decoded."""
    rows = [_Row(i, f"account {i}", i * 1.5) for i in range(20_000)]
    shaped = [{"id": row.identity, "name": row.name, "balance": row.balance} for row in rows]
    decoded = json.loads(json.dumps(shaped))
    return sum(len(item["name"]) for item in decoded)


def reference_ms(repeats: int = 5) -> float:
    """Milliseconds of CPU for the workload, best of ``repeats`` (lower is faster)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        _workload()
        best = min(best, time.process_time() - started)
    return round(best * 1000, 2)

"""The resident memory of a process over time, and whether it stayed flat.

Flat means: the mean of the last third of the run (after warm-up) is no more
than ``max_growth`` above the mean of the first third. Means, not single
samples, so one garbage collection does not decide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean


def rss_bytes(pid: int) -> int:
    """The process's resident set size, from ``/proc`` (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass(frozen=True, slots=True)
class Flatness:
    early_mb: float
    late_mb: float
    growth: float
    max_growth: float

    @property
    def flat(self) -> bool:
        return self.growth <= self.max_growth


def flatness(samples: list[tuple[float, int]], warmup: float, max_growth: float) -> Flatness:
    """Compare the first and last thirds of the samples taken after ``warmup`` seconds."""
    kept = [rss for at, rss in samples if at >= warmup]
    if len(kept) < 3:
        raise ValueError("too few memory samples after warm-up to judge")
    third = len(kept) // 3
    early, late = fmean(kept[:third]), fmean(kept[-third:])
    return Flatness(early / 2**20, late / 2**20, late / early - 1, max_growth)

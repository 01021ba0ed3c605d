"""Start and measure the benchmark's processes: sandboxes, gateways, load generator.

Each runs as a child process of the benchmark so that the gateway's CPU time
and peak memory are read from its own ``/proc/<pid>`` and nothing else's.
A child serves until its stdin closes, so nothing outlives the benchmark.

Placement: with two CPUs or more, a single gateway gets CPU 0 to itself and
the sandboxes and the load generator share CPU 1, so the load generator no
longer takes CPU from the gateway it measures. Several gateway workers are
left to the scheduler (they need more CPUs than one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parent.parent
CPUS = sorted(os.sched_getaffinity(0))
PINNED = len(CPUS) >= 2
GATEWAY_CPUS = {CPUS[0]} if PINNED else None
OTHER_CPUS = set(CPUS[1:]) if PINNED else None


def placement() -> str:
    """The CPU placement, in words for the results."""
    if not PINNED:
        return "one CPU: load generator, sandboxes and gateway share it"
    return (
        f"a single gateway pinned to CPU {CPUS[0]}; sandboxes and load generator on CPU "
        f"{', '.join(map(str, CPUS[1:]))}; several workers unpinned"
    )


def _pin(cpus: set[int] | None) -> Callable[[], None] | None:
    if cpus is None:
        return None
    return lambda: os.sched_setaffinity(0, cpus)


@dataclass
class Child:
    """A started child process and the first line it printed."""

    process: subprocess.Popen[str]
    line: str

    def cpu_seconds(self) -> float:
        """User plus system CPU time so far, from ``/proc/<pid>/stat``."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def cpu_ns(self) -> int:
        """CPU time so far in nanoseconds: Linux's CPU clock of the whole process.

        Every thread's, read to the nanosecond and up to the moment it is read
        (a slice the process is running counts), where ``/proc/<pid>/stat``
        counts in clock ticks: fine enough for one request's part. The clock
        id is the kernel's for another process's scheduler clock
        (``CPUCLOCK_SCHED``, ``(~pid << 3) | 2``).
        """
        return time.clock_gettime_ns(((~self.process.pid) << 3) | 2)

    def peak_rss_mib(self) -> float:
        """Peak resident memory (VmHWM) in MiB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0


@contextmanager
def child(*args: str, cpus: set[int] | None = None) -> Iterator[Child]:
    """Run ``python -m <args>`` until the block ends; yield it once it printed a line.

    Its stderr (a gateway's JSON log lines) goes to a scratch file, shown if it fails to start.
    """
    with tempfile.TemporaryFile(mode="w+") as log:
        yield from _run(args, cpus, log)


def _run(args: tuple[str, ...], cpus: set[int] | None, log: IO[str]) -> Iterator[Child]:
    process = subprocess.Popen(
        [sys.executable, "-m", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        cwd=ROOT,
        preexec_fn=_pin(cpus),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line:
            log.seek(0)
            raise RuntimeError(f"{args[0]} exited before it was ready:\n{log.read()[-2000:]}")
        yield Child(process, line)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def sandboxes() -> Iterator[dict[str, str]]:
    """The four sandboxes in one child; yields their base URLs by upstream."""
    with child("bench.sandbox_process", cpus=OTHER_CPUS) as running:
        yield dict(json.loads(running.line))


@contextmanager
def gateways(
    urls: dict[str, str],
    *,
    workers: int = 1,
    naive: bool = False,
    read_cache: bool = False,
    extra: list[str] | None = None,
) -> Iterator[list[tuple[Child, str]]]:
    """``workers`` gateway processes over the sandboxes; yields (child, /graphql URL) pairs.

    Several workers are separate processes on their own ports; the load
    generator spreads its connections over them, as a load balancer would.
    """
    flags = [*(["--naive"] if naive else []), *(["--read-cache"] if read_cache else [])]
    args = [json.dumps(urls), *flags, *(extra or [])]
    cpus = GATEWAY_CPUS if workers == 1 else None
    with _many(workers, args, cpus) as started:
        yield [(c, c.line.rpartition(" ")[2]) for c in started]


@contextmanager
def floor(kind: str) -> Iterator[list[tuple[Child, str]]]:
    """The HTTP floor app ``kind`` (``bench.floor_app``) where a single gateway would run."""
    with child("bench.floor_app", kind, cpus=GATEWAY_CPUS) as running:
        yield [(running, running.line.rpartition(" ")[2])]


@contextmanager
def _many(count: int, args: list[str], cpus: set[int] | None) -> Iterator[list[Child]]:
    if count == 0:
        yield []
        return
    with (
        child("bench.gateway_process", *args, cpus=cpus) as first,
        _many(count - 1, args, cpus) as rest,
    ):
        yield [first, *rest]


@contextmanager
def as_load_generator() -> Iterator[None]:
    """This process on the load generator's CPUs for the block, as ``load``'s processes are.

    For a client timed in the bench's own process (``bench.incremental``):
    left anywhere, the scheduler may run it on the gateway's CPU, where it
    waits for whatever the gateway does after writing (a deferred query's
    later parts) before it can read what it is timing.
    """
    if OTHER_CPUS is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, OTHER_CPUS)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def load(job: dict[str, Any]) -> dict[str, Any]:
    """Run one load job in a fresh load-generator process and return its result."""
    return job_in("bench.load", job, OTHER_CPUS)


def call_floor(job: dict[str, Any]) -> dict[str, Any]:
    """Run the call floor (``bench.call_floor``) on the gateway's CPU, as the gateway would."""
    return job_in("bench.call_floor", job, GATEWAY_CPUS)


def job_in(module: str, job: dict[str, Any], cpus: set[int] | None) -> dict[str, Any]:
    """Run ``python -m module`` with ``job`` as JSON on stdin; its JSON stdout is the result."""
    done = subprocess.run(
        [sys.executable, "-m", module],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=float(job.get("seconds", 30)) * 10 + 400,
        preexec_fn=_pin(cpus),
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


class Sandboxes:
    """The sandboxes' control routes: call counts and switches."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.http = httpx.Client(timeout=30)

    def reset_calls(self) -> None:
        for url in self.urls.values():
            self.http.delete(f"{url}/_sandbox/calls").raise_for_status()

    def calls(self) -> dict[str, dict[str, int]]:
        """Calls per endpoint per upstream since the last reset (upstreams with none left out)."""
        out = {}
        for name, url in self.urls.items():
            endpoints = self.http.get(f"{url}/_sandbox/calls").json()["endpoints"]
            if endpoints:
                out[name] = dict(endpoints)
        return out

    def set_latency(self, ms: float) -> None:
        for url in self.urls.values():
            answer = self.http.patch(f"{url}/_sandbox/switches", json={"latency_ms": ms})
            answer.raise_for_status()

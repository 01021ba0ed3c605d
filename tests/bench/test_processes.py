"""Where the bench's own timed client runs: on the load generator's CPUs, off the gateway's."""

from __future__ import annotations

import os

import pytest

from bench import processes


@pytest.mark.skipif(not processes.PINNED, reason="one CPU: nothing is pinned")
def test_a_client_timed_in_the_bench_process_runs_off_the_gateways_cpu() -> None:
    before = os.sched_getaffinity(0)
    with processes.as_load_generator():
        inside = os.sched_getaffinity(0)
    assert inside == processes.OTHER_CPUS
    assert processes.GATEWAY_CPUS is not None and not inside & processes.GATEWAY_CPUS
    assert os.sched_getaffinity(0) == before


@pytest.mark.skipif(not processes.PINNED, reason="one CPU: nothing is pinned")
def test_the_placement_is_given_back_when_the_timed_block_fails() -> None:
    before = os.sched_getaffinity(0)
    with pytest.raises(RuntimeError), processes.as_load_generator():
        raise RuntimeError("the client failed")
    assert os.sched_getaffinity(0) == before

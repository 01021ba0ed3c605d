"""The fan-out targets alone: ``python -m bench.fan_out [--rounds N]``, a minute a round.

Issue 23's fan-out targets (CPU per upstream call <= 2x the call floor's)
measured as ``bench.run`` measures them, without the rest of its hour: the
scenarios' calls recorded from a gateway, replayed by the call floor, then
the gateway's CPU per request at 1 client with no added latency, floor and
gateway taking turns each round. Prints each round's ratio and their
median; writes nothing, so a change's before and after can be run side by
side on the same machine state.
"""

from __future__ import annotations

import argparse
import statistics
import sys

import httpx

from bench import processes, recorded
from bench.report import FAN_OUT
from bench.run import _budgets, _calls, _load_phase
from bench.scenarios import SCENARIOS

FLOOR_BUDGET = (1500, 4.0)
"""Requests and seconds of the call floor per scenario, as ``bench.run`` gives it."""


def run(rounds: int) -> dict[str, list[float]]:
    """Each fan-out scenario's ratio of gateway CPU per call to the call floor's, per round."""
    scenarios = [s for s in SCENARIOS if s.name in FAN_OUT]
    ratios: dict[str, list[float]] = {s.name: [] for s in scenarios}
    with processes.sandboxes() as urls:
        calls = recorded.capture(urls, scenarios)
        control = processes.Sandboxes(urls)
        with processes.gateways(urls) as gateways:
            url = gateways[0][1]
            for _ in range(rounds):
                job = {"calls": calls, "requests": FLOOR_BUDGET[0], "seconds": FLOOR_BUDGET[1]}
                floors = processes.call_floor(job)
                for scenario in scenarios:
                    for _ in range(3):  # warm-up: sessions, tokens, documents, pools
                        httpx.post(url, json=scenario.body(), timeout=60)
                    made = _calls(scenario, url, control)["total"]
                    phase = _load_phase(scenario.body(), gateways, 1, _budgets(False)[1])
                    per_call = phase["cpu_ms_per_request"] / made
                    floor = floors[scenario.name]["cpu_ms_per_call"]
                    ratios[scenario.name].append(per_call / floor)
                    print(
                        f"{scenario.name}: {phase['cpu_ms_per_request']} ms CPU/request over "
                        f"{made} calls = {per_call:.4f} ms/call; floor {floor} ms/call: "
                        f"{per_call / floor:.2f}x",
                        flush=True,
                    )
    return ratios


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.fan_out", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="floor and gateway turns")
    args = parser.parse_args(argv)
    for name, values in run(args.rounds).items():
        shown = ", ".join(f"{value:.2f}x" for value in values)
        print(f"{name}: {shown}; median {statistics.median(values):.2f}x", file=sys.stdout)


if __name__ == "__main__":
    main()

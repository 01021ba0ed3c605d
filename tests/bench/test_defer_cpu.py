"""``bench.defer_cpu`` times the same first payload with and without ``@defer``."""

from __future__ import annotations

import asyncio

from bench import defer_cpu


def test_the_deferred_first_part_is_the_page_asked_alone() -> None:
    _, deferred = asyncio.run(defer_cpu.first_part(defer_cpu.DEFERRED))
    _, alone = asyncio.run(defer_cpu.first_part(defer_cpu.ALONE))
    assert deferred == alone
    nodes = [edge["node"] for edge in alone["customerAccounts"]["edges"]]
    assert len(nodes) == 50
    assert nodes[0]["contacts"] == [{"firstName": "Harper", "lastName": "Roy"}] * 2
    assert "prepaidAccount" not in nodes[0]


def test_measure_reports_both_and_their_difference() -> None:
    figures = asyncio.run(defer_cpu.measure(3))
    assert figures["defer_overhead_us"] == figures["deferred_us"] - figures["alone_us"]
    assert figures["alone_us"] > 0

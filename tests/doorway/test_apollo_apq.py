"""Apollo Client's own persisted-query link against the gateway: the protocol as it speaks it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.graph.conftest import Graph, running_graph
from tests.node_scripts import run_script

JS = Path(__file__).parent / "js"


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    with running_graph() as running:
        yield running


def run_apq(url: str, method: str) -> dict[str, Any]:
    return run_script(JS / "apq.mjs", url, method)


@pytest.mark.parametrize("method", ["post", "get"])
def test_apollo_sends_the_hash_alone_once_the_gateway_knows_it(graph: Graph, method: str) -> None:
    graph.reset_calls()
    summary = run_apq(graph.url, method)
    requests = summary["requests"]
    wire = "GET" if method == "get" else "POST"
    # Run 1: hash only -> PersistedQueryNotFound, then hash + query. Run 2: hash only.
    assert [(r["method"], r["hasQuery"]) for r in requests] == [
        (wire, False),
        (wire, True),
        (wire, False),
    ]
    assert len({r["hash"] for r in requests}) == 1
    assert all(r["status"] == 200 for r in requests)
    first, second = summary["results"]
    assert first == second
    assert first["invoicingAccount"]["id"]
    # Each run resolved the field once: the not-found answer made no upstream call.
    assert sum(graph.calls("invoicexpress").values()) == 2

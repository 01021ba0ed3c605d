"""A request's records go when it is answered, not at the next garbage collection.

graphql-core's executor is a reference cycle that holds the request's
context, and the context's loaders hold every record read. The endpoint
releases the context once the answer is written, so reference counting frees
the records at once; with the collector tuned to run rarely
(``gateway.collector``), waiting for it would hold many requests' records.
"""

from __future__ import annotations

import gc

from tests.graph.conftest import Graph
from upstreams.billing.models import BillingAccount

PAGE = "{ customerAccounts(first: 50) { edges { node { identity name contacts { firstName } } } } }"


def _live_accounts() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, BillingAccount))


def test_the_records_of_an_answered_request_are_freed_without_a_collection(graph: Graph) -> None:
    assert "errors" not in graph.execute(PAGE)
    gc.collect()
    gc.disable()  # only reference counting frees anything from here on
    try:
        before = _live_accounts()
        for _ in range(3):
            body = graph.execute(PAGE)
            assert len(body["data"]["customerAccounts"]["edges"]) == 50
        after = _live_accounts()
    finally:
        gc.enable()
    # Three pages of 50 would be 150 accounts still alive, had their context stayed.
    assert after - before < 10

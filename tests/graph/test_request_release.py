"""A request's records go when it is answered, not at the next garbage collection.

graphql-core's executor is a reference cycle that holds the request's
context, and the context's loaders hold every record read. The endpoint
releases the context once the answer is written, so reference counting frees
the records at once; with the collector tuned to run rarely
(``gateway.collector``), waiting for it would hold many requests' records.
"""

from __future__ import annotations

import gc
import time

from tests.graph.conftest import Graph
from upstreams.billing.models import BillingAccount

PAGE = "{ customerAccounts(first: 50) { edges { node { identity name contacts { firstName } } } } }"


def _live_accounts() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, BillingAccount))


def _settled_count(before: int) -> int:
    """The live accounts once the server has finished the last request.

    The client has the answer as soon as its last byte is written; the
    server releases the request's context just after, on its own thread. So
    the count is read again, for a bounded while, until it is back near
    ``before``: how soon is not the point, that no collection is needed is.
    """
    count = _live_accounts()
    for _ in range(100):
        if count - before < 10:
            break
        time.sleep(0.02)
        count = _live_accounts()
    return count


def test_the_records_of_an_answered_request_are_freed_without_a_collection(graph: Graph) -> None:
    assert "errors" not in graph.execute(PAGE)
    gc.collect()
    gc.disable()  # only reference counting frees anything from here on
    try:
        before = _live_accounts()
        for _ in range(3):
            body = graph.execute(PAGE)
            assert len(body["data"]["customerAccounts"]["edges"]) == 50
        after = _settled_count(before)
    finally:
        gc.enable()
    # Three pages of 50 would be 150 accounts still alive, had their context stayed.
    assert after - before < 10

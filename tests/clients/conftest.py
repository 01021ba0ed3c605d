"""A running gateway for the client-library tests, and the records they use.

Each test module gets its own gateway and sandboxes. The mutations add notes
to billing accounts 1981..1984, one per module, which no other test reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.clients.documents import document
from tests.graph.conftest import WORLD, Graph, running_graph

# A billing account with a prepaid account behind it: reading both spans two upstreams.
LINKED = next(b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b))


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    """Logged in to billing and prepaid already, so the tests count only their own calls."""
    with running_graph() as running:
        warm = running.execute(document("account_with_prepaid"), {"identity": LINKED})
        assert "errors" not in warm, warm
        yield running


@contextmanager
def prepaid_failing(graph: Graph) -> Iterator[None]:
    """Every AccountRead fails with a 5xx while inside; billing keeps answering."""
    graph.switch("prepaid", only_endpoints=["AccountRead"], error_rate=1.0)
    try:
        yield
    finally:
        graph.reset_switches()

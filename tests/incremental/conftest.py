"""A gateway whose module's tests ask for answers in parts (``@defer``, ``@stream``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.graph.conftest import Graph, open_sessions, running_graph


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    """Logged in to billing and prepaid already, so the tests count only their own calls."""
    with running_graph() as running:
        open_sessions(running)
        yield running


@pytest.fixture(autouse=True)
def fresh(graph: Graph) -> Iterator[None]:
    graph.reset_calls()
    yield
    graph.reset_switches()

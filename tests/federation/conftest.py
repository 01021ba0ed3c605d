"""The running gateway of tests/graph, for the federation tests that speak to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.graph.conftest import Graph, running_graph


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    with running_graph() as running:
        yield running

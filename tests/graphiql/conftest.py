"""One running gateway over running sandboxes for all of GraphiQL's tests.

Package-scoped, since starting five servers per module would dominate the run;
the examples test changes only the records the examples name, and the other
tests read none of them except the tour account, which no example changes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.graph.conftest import Graph, running_graph


@pytest.fixture(scope="package")
def graph() -> Iterator[Graph]:
    with running_graph() as running:
        yield running


@pytest.fixture(scope="package")
def base_url(graph: Graph) -> str:
    """The gateway's origin, e.g. ``http://127.0.0.1:41234``."""
    return graph.url.removesuffix("/graphql")

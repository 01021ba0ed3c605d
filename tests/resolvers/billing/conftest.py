"""The billing part's tests run against the whole graph, like every graph test."""

from __future__ import annotations

from tests.graph.conftest import graph

__all__ = ["graph"]  # a fixture: the graph over served sandboxes, one per test module

"""Each benchmark scenario makes exactly the least upstream calls its answer allows.

Over a running gateway and sandboxes (real HTTP both ways): the counts the
benchmark reports for the gateway are the ones asserted here, exactly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.minimal import MINIMAL
from bench.scenarios import SCENARIOS, Scenario
from tests.graph.conftest import Graph, running_graph


@pytest.fixture(scope="module")
def warm() -> Iterator[Graph]:
    """A gateway whose upstream sessions and tokens exist, so only the query's calls count."""
    with running_graph() as graph:
        graph.execute(
            "{ customerAccount(identity: 1001) { name }"
            " prepaidAccount(accountNumber: 50001) { name } }"
        )
        yield graph


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_makes_the_minimal_calls(warm: Graph, scenario: Scenario) -> None:
    warm.reset_calls()
    body = warm.execute(scenario.query, scenario.variables)
    assert "errors" not in body, body
    made = {name: calls for name in warm.sandboxes if (calls := warm.calls(name))}
    assert made == MINIMAL[scenario.name](body["data"])


def test_the_50_account_page_links_records_so_the_minimum_is_not_trivial(warm: Graph) -> None:
    """The scenario exercises loaders: linked prepaid accounts and outside invoicers exist."""
    scenario = next(s for s in SCENARIOS if s.name == "accounts_50")
    body = warm.execute(scenario.query)
    minimal = MINIMAL["accounts_50"](body["data"])
    assert minimal["prepaid"]["AccountRead"] >= 30
    assert sum(minimal["billing"].values()) >= 1

"""Apollo Client (npm) reads @defer and @stream answers from the gateway in parts.

js/apollo_incremental.mjs reports the payloads Apollo's HttpLink read and the
steps its watchQuery showed the application ("streaming", then "complete").
"""

from __future__ import annotations

from typing import Any

from tests.clients.node import JS
from tests.graph.conftest import WORLD, Graph, data
from tests.graph.test_named_queries import FIFTY_ACCOUNTS, HUNDRED_INVOICES
from tests.incremental.test_defer_stream import FIFTY_DEFERRED, HUNDRED_STREAMED, LEDGER_DEFERRED
from tests.node_scripts import run_script


def apollo(graph: Graph, query: str) -> dict[str, Any]:
    return run_script(JS / "apollo_incremental.mjs", graph.url, query)


def untyped(value: Any) -> Any:
    """``value`` without the ``__typename`` fields Apollo adds to every selection."""
    if isinstance(value, dict):
        return {key: untyped(item) for key, item in value.items() if key != "__typename"}
    if isinstance(value, list):
        return [untyped(item) for item in value]
    return value


def parts(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [part for payload in payloads[1:] for part in payload.get("incremental", [])]


def test_fifty_customers_first_then_their_prepaid_balances(graph: Graph) -> None:
    graph.reset_calls()
    answer = apollo(graph, FIFTY_DEFERRED)
    first = answer["payloads"][0]
    nodes = [edge["node"] for edge in first["data"]["customerAccounts"]["edges"]]
    assert len(nodes) == 50 and first["hasNext"] is True
    assert all("prepaidAccount" not in node for node in nodes)
    deferred = parts(answer["payloads"])
    assert sorted(part["path"][2] for part in deferred) == list(range(50))
    assert answer["steps"][0] == "streaming" and answer["steps"][-1] == "complete"
    calls = graph.calls("billing"), graph.calls("prepaid")

    graph.reset_calls()
    whole = data(graph.execute(FIFTY_ACCOUNTS))
    assert (graph.calls("billing"), graph.calls("prepaid")) == calls
    assert answer["final"]["errors"] is None
    assert untyped(answer["final"]["data"]) == whole


def test_a_hundred_invoices_ten_first_then_the_rest_streamed(graph: Graph) -> None:
    graph.reset_calls()
    answer = apollo(graph, HUNDRED_STREAMED)
    assert len(answer["payloads"][0]["data"]["invoices"]["edges"]) == 10
    streamed = parts(answer["payloads"])
    assert streamed[0]["path"] == ["invoices", "edges", 10]
    assert sum(len(part["items"]) for part in streamed) == 90
    # Apollo's 2022 handler merges streamed items as they come, but marks a result
    # "streaming" only while a @defer is pending: the application sees the whole list.
    assert answer["steps"] == ["complete"]
    calls = graph.calls("prepaid")

    graph.reset_calls()
    whole = data(graph.execute(HUNDRED_INVOICES))
    assert graph.calls("prepaid") == calls
    assert untyped(answer["final"]["data"]) == whole


def test_a_failing_deferred_saasu_part_fails_alone(graph: Graph) -> None:
    graph.switch("saasu", error_rate=1.0)
    try:
        answer = apollo(graph, LEDGER_DEFERRED)
    finally:
        graph.reset_switches()
    first = answer["payloads"][0]
    assert "errors" not in first
    identities = [edge["node"]["identity"] for edge in first["data"]["customerAccounts"]["edges"]]
    assert identities == list(WORLD.billing_ids())[:5]
    (part,) = parts(answer["payloads"])
    assert part["label"] == "ledger" and part["data"]["ledgerAccounts"] is None
    final = answer["final"]
    assert untyped(final["data"])["ledgerAccounts"] is None
    assert len(untyped(final["data"])["customerAccounts"]["edges"]) == 5
    assert [error["extensions"]["code"] for error in final["errors"]] == ["UPSTREAM_UNAVAILABLE"]
    assert final["errors"][0]["path"] == ["ledgerAccounts"]

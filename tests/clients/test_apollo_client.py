"""Apollo Client (npm, run by node) against the running gateway.

The script js/apollo.mjs prints what Apollo handed the application; see it for
where Apollo puts data and errors under each errorPolicy.
"""

from __future__ import annotations

from tests.clients import expect
from tests.clients.conftest import LINKED, prepaid_failing
from tests.clients.node import run_node
from tests.graph.conftest import Graph

ACCOUNT = 1981


def test_query_with_variables(graph: Graph) -> None:
    graph.reset_calls()
    answer = run_node("apollo.mjs", graph.url, "customer_account", {"identity": ACCOUNT})
    assert answer["error"] is None
    expect.account_read(graph, answer["data"], ACCOUNT)
    # Apollo's cache asks for __typename in every selection: the request was Apollo's own.
    assert answer["data"]["customerAccount"]["__typename"] == "CustomerAccount"


def test_mutation(graph: Graph) -> None:
    graph.reset_calls()
    variables = {"input": expect.note_input(ACCOUNT, "Apollo Client")}
    answer = run_node("apollo.mjs", graph.url, "create_note", variables)
    assert answer["error"] is None
    expect.note_added(graph, answer["data"], ACCOUNT, "Apollo Client")


def test_partial_result_rejects_with_data_and_errors_by_default(graph: Graph) -> None:
    graph.reset_calls()
    with prepaid_failing(graph):
        answer = run_node("apollo.mjs", graph.url, "account_with_prepaid", {"identity": LINKED})
    thrown = answer["thrown"]
    assert thrown["kind"] == "CombinedGraphQLErrors"
    expect.partial(graph, thrown["data"], thrown["errors"])


def test_partial_result_resolves_with_error_policy_all(graph: Graph) -> None:
    graph.reset_calls()
    with prepaid_failing(graph):
        answer = run_node(
            "apollo.mjs", graph.url, "account_with_prepaid", {"identity": LINKED}, "all"
        )
    assert "thrown" not in answer
    assert answer["error"]["kind"] == "CombinedGraphQLErrors"
    expect.partial(graph, answer["data"], answer["error"]["errors"])

"""graphql-request (npm, run by node) against the running gateway.

The script js/graphql_request.mjs prints what the library handed the
application: data from request(), ClientError.response on errors, or
rawRequest()'s data and errors under errorPolicy "all".
"""

from __future__ import annotations

from tests.clients import expect
from tests.clients.conftest import LINKED, prepaid_failing
from tests.clients.node import run_node
from tests.graph.conftest import Graph

ACCOUNT = 1982
SCRIPT = "graphql_request.mjs"


def test_query_with_variables(graph: Graph) -> None:
    graph.reset_calls()
    answer = run_node(SCRIPT, graph.url, "customer_account", {"identity": ACCOUNT})
    expect.account_read(graph, answer["data"], ACCOUNT)


def test_mutation(graph: Graph) -> None:
    graph.reset_calls()
    variables = {"input": expect.note_input(ACCOUNT, "graphql-request")}
    answer = run_node(SCRIPT, graph.url, "create_note", variables)
    expect.note_added(graph, answer["data"], ACCOUNT, "graphql-request")


def test_partial_result_throws_client_error_with_the_response(graph: Graph) -> None:
    graph.reset_calls()
    with prepaid_failing(graph):
        answer = run_node(SCRIPT, graph.url, "account_with_prepaid", {"identity": LINKED})
    thrown = answer["thrown"]
    assert thrown["kind"] == "ClientError"
    assert thrown["status"] == 200
    expect.partial(graph, thrown["data"], thrown["errors"])


def test_partial_result_with_error_policy_all(graph: Graph) -> None:
    graph.reset_calls()
    with prepaid_failing(graph):
        answer = run_node(SCRIPT, graph.url, "account_with_prepaid", {"identity": LINKED}, "all")
    assert "thrown" not in answer
    assert answer["status"] == 200
    expect.partial(graph, answer["data"], answer["errors"])

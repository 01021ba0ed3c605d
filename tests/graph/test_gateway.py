"""The gateway's HTTP surface, independent of any one upstream's part of the graph."""

from __future__ import annotations

from tests.graph.conftest import Graph


def test_post_and_get_both_answer_queries(graph: Graph) -> None:
    assert graph.execute("{ __typename }") == {"data": {"__typename": "Query"}}
    assert graph.execute("{ __typename }", get=True) == {"data": {"__typename": "Query"}}


def test_a_validation_error_carries_a_code(graph: Graph) -> None:
    body = graph.execute("{ noSuchField }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_a_malformed_global_id_is_bad_user_input_not_a_crash(graph: Graph) -> None:
    body = graph.execute('{ node(id: "not-a-global-id") { id } }')
    error = body["errors"][0]
    assert error["extensions"]["code"] in ("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED")
    assert "Traceback" not in error["message"]

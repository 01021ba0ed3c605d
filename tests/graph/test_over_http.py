"""The GraphQL-over-HTTP specification, checked over real HTTP against the gateway."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.persisted import PersistedQueries
from tests.graph.conftest import Graph, running_graph

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def post(
    graph: Graph, body: Any, accept: str | None = GRAPHQL_RESPONSE, **kw: Any
) -> httpx.Response:
    headers = {"accept": accept} if accept is not None else {}
    return graph.http.post(graph.url, json=body, headers=headers, **kw)


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]


def test_the_answer_comes_in_the_media_type_the_client_accepts(graph: Graph) -> None:
    for accept, expected in [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (JSON, JSON),
        (None, JSON),
        ("*/*", JSON),
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
    ]:
        response = post(graph, {"query": "{ __typename }"}, accept)
        assert response.status_code == 200
        assert response.headers["content-type"] == f"{expected}; charset=utf-8", accept
        assert response.json() == {"data": {"__typename": "Query"}}


def test_a_client_accepting_neither_media_type_gets_406(graph: Graph) -> None:
    response = post(graph, {"query": "{ __typename }"}, "text/plain")
    assert response.status_code == 406
    assert codes(response) == ["NOT_ACCEPTABLE"]


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ __typename", None, "GRAPHQL_PARSE_FAILED"),
        ("{ noSuchField }", None, "GRAPHQL_VALIDATION_FAILED"),
        (
            "query($id: Int!) { prepaidAccount(accountNumber: $id) { id } }",
            {"id": "not a number"},
            "BAD_USER_INPUT",
        ),
        ("query($id: Int!) { prepaidAccount(accountNumber: $id) { id } }", {}, "BAD_USER_INPUT"),
    ],
)
def test_a_request_that_never_executes_is_400_with_no_data_under_graphql_response_json(
    graph: Graph, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    graph.reset_calls()
    response = post(graph, {"query": query, "variables": variables})
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert codes(response) == [code] * len(body["errors"])
    assert all(graph.calls(upstream) == {} for upstream in graph.sandboxes)


def test_the_same_failures_are_200_under_legacy_json(graph: Graph) -> None:
    for query in ("{ __typename", "{ noSuchField }"):
        response = post(graph, {"query": query}, JSON)
        assert response.status_code == 200
        assert "data" not in response.json()


def test_an_operation_that_cannot_be_chosen_is_400(graph: Graph) -> None:
    document = "query A { __typename } query B { __typename }"
    assert codes(post(graph, {"query": document})) == ["OPERATION_RESOLUTION_FAILURE"]
    missing = post(graph, {"query": document, "operationName": "C"})
    assert missing.status_code == 400
    assert codes(missing) == ["OPERATION_RESOLUTION_FAILURE"]
    chosen = post(graph, {"query": document, "operationName": "B"})
    assert chosen.json() == {"data": {"__typename": "Query"}}


def test_field_errors_during_execution_are_200_with_data(graph: Graph) -> None:
    response = post(graph, {"query": '{ node(id: "not-a-global-id") { id } }'})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"node": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_runs_queries_with_json_encoded_variables(graph: Graph) -> None:
    response = graph.http.get(
        graph.url,
        params={
            "query": "query Q($id: ID!) { node(id: $id) { id } }",
            "variables": '{"id": "bm90LWEtZ2xvYmFsLWlk"}',
            "operationName": "Q",
        },
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 200
    assert "data" in response.json()


def test_get_refuses_a_mutation_with_405_and_changes_nothing(graph: Graph) -> None:
    graph.reset_calls()
    for accept in (GRAPHQL_RESPONSE, JSON):
        response = graph.http.get(
            graph.url,
            params={"query": 'mutation { deleteNote(input: {id: "x"}) { deletedIds } }'},
            headers={"accept": accept},
        )
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert codes(response) == ["METHOD_NOT_ALLOWED"]
    assert all(graph.calls(upstream) == {} for upstream in graph.sandboxes)


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", JSON, 400, "BAD_REQUEST"),
        (b'"a string"', JSON, 400, "BAD_REQUEST"),
        (b'{"query": 42}', JSON, 400, "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "variables": [1]}', JSON, 400, "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "operationName": 1}', JSON, 400, "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "extensions": "x"}', JSON, 400, "BAD_REQUEST"),
        (b"{}", JSON, 400, "BAD_REQUEST"),
        (b"[]", JSON, 400, "BAD_REQUEST"),
        (b"query={__typename}", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"query": "{ __typename }"}', "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
    ],
)
def test_malformed_bodies_get_a_clear_4xx(
    graph: Graph, content: bytes, content_type: str, status: int, code: str
) -> None:
    for accept in (GRAPHQL_RESPONSE, JSON):
        response = graph.http.post(
            graph.url, content=content, headers={"content-type": content_type, "accept": accept}
        )
        assert response.status_code == status, (content, accept)
        assert codes(response) == [code]


def test_get_with_broken_variables_json_is_400(graph: Graph) -> None:
    response = graph.http.get(graph.url, params={"query": "{ __typename }", "variables": "{oops"})
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


def test_other_methods_are_405(graph: Graph) -> None:
    response = graph.http.put(graph.url, json={"query": "{ __typename }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_an_oversized_body_is_413(graph: Graph) -> None:
    response = post(graph, {"query": "{ __typename }", "padding": "x" * 1_100_000})
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]


def test_a_body_sent_in_chunks_is_read_whole(graph: Graph) -> None:
    """A chunked upload reaches the endpoint as several messages; all are read."""
    body = b'{"query": "{ a: __typename }", "padding": "' + b"x" * 200_000 + b'"}'
    pieces = [body[i : i + 16_384] for i in range(0, len(body), 16_384)]
    response = graph.http.post(
        graph.url,
        content=iter(pieces),
        headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
    )
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 200
    assert response.json() == {"data": {"a": "Query"}}


def test_a_chunked_body_over_the_limit_is_413(graph: Graph) -> None:
    """Without a Content-Length to refuse early, the size is counted as chunks arrive."""
    pieces = [b'{"query": "{ __typename }", "padding": "'] + [b"x" * 65_536] * 17 + [b'"}']
    response = graph.http.post(
        graph.url,
        content=iter(pieces),
        headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]


def test_header_names_are_matched_whatever_their_case(graph: Graph) -> None:
    response = graph.http.post(
        graph.url,
        content=b'{"query": "{ __typename }"}',
        headers={"CONTENT-TYPE": "Application/JSON", "ACCEPT": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"


def test_a_batch_answers_each_operation_in_order(graph: Graph) -> None:
    response = post(
        graph,
        [{"query": "{ __typename }"}, {"query": "{ nope }"}, {"query": "{ a: __typename }"}],
    )
    assert response.status_code == 200
    first, second, third = response.json()
    assert first == {"data": {"__typename": "Query"}}
    assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert third == {"data": {"a": "Query"}}


def test_a_batch_over_the_limit_is_refused_whole(graph: Graph) -> None:
    graph.reset_calls()
    response = post(graph, [{"query": "{ __typename }"}] * 11)
    assert response.status_code == 400
    assert codes(response) == ["BATCH_LIMIT_EXCEEDED"]


class BrokenStore:
    """A document store failing in a way nothing foresees, its message naming a host."""

    async def get(self, key: str) -> str | None:
        raise RuntimeError("lookup at 10.9.8.7:6379 failed")

    async def put(self, key: str, text: str) -> None:
        raise RuntimeError("write at 10.9.8.7:6379 failed")

    async def aclose(self) -> None:
        """Nothing to close."""


def test_an_unforeseen_failure_is_a_graphql_500_logged_by_its_kind_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    persisted = PersistedQueries(BrokenStore())
    with running_graph(persisted=persisted) as broken:
        response = post(
            broken, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab" * 32}}}
        )
        assert post(broken, {"query": "{ __typename }"}).json() == {
            "data": {"__typename": "Query"}
        }  # the gateway goes on answering
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json() == {
        "errors": [{"message": "Internal error", "extensions": {"code": "INTERNAL"}}]
    }
    [line] = [r for r in caplog.records if r.name == "gateway.graphql"]
    assert line.levelname == "ERROR" and line.exc_info is None
    assert line.getMessage() == "request failed unexpectedly error=RuntimeError"

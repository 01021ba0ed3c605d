"""Cross-site requests change nothing; only allowed origins may read answers (CORS)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from gateway.cors import varied
from tests.graph.conftest import Graph, running_graph

ALLOWED = "https://app.example.test"
OTHER = "https://evil.example.test"
UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")


def mutation() -> str:
    """A top-up of a missing account, with a fresh idempotency key (never a replay)."""
    return (
        'mutation { addCredit(input: {prepaidAccountId: "UHJlcGFpZEFjY291bnQ6OTk5OTk5OTk5",'
        " amount: 100,"
        f' idempotencyKey: "{uuid.uuid4()}"}}) {{ __typename }} }}'
    )


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    with running_graph(cors_origins=[ALLOWED]) as running:
        yield running


def no_upstream_calls(graph: Graph) -> bool:
    return all(graph.calls(upstream) == {} for upstream in UPSTREAMS)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", f"query={mutation()}"),
        ("text/plain", f'{{"query": "{mutation()}"}}'),
        (
            "multipart/form-data; boundary=x",
            f'--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{mutation()}\r\n--x--\r\n',
        ),
    ],
)
def test_a_cross_site_simple_post_changes_nothing(
    graph: Graph, content_type: str, body: str
) -> None:
    graph.reset_calls()
    response = graph.http.post(
        graph.url, content=body, headers={"content-type": content_type, "origin": OTHER}
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert "access-control-allow-origin" not in response.headers
    assert no_upstream_calls(graph)


def test_a_mutation_over_get_is_refused(graph: Graph) -> None:
    graph.reset_calls()
    response = graph.http.get(graph.url, params={"query": mutation()}, headers={"origin": OTHER})
    assert response.status_code == 405
    assert no_upstream_calls(graph)


def test_an_allowed_origin_may_read_the_answer(graph: Graph) -> None:
    response = graph.http.post(
        graph.url, json={"query": "{ __typename }"}, headers={"origin": ALLOWED}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_another_origin_gets_no_cors_header(graph: Graph) -> None:
    response = graph.http.post(
        graph.url, json={"query": "{ __typename }"}, headers={"origin": OTHER}
    )
    assert "access-control-allow-origin" not in response.headers


def test_preflight_for_an_allowed_origin_allows_json_and_credentials_headers(graph: Graph) -> None:
    response = graph.http.options(
        graph.url,
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed
    assert "authorization" in allowed


def test_preflight_from_another_origin_is_refused(graph: Graph) -> None:
    graph.reset_calls()
    response = graph.http.options(
        graph.url,
        headers={"origin": OTHER, "access-control-request-method": "POST"},
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    assert no_upstream_calls(graph)


def test_a_request_without_an_origin_gets_only_vary_origin(graph: Graph) -> None:
    """No Origin, no CORS to work out; a cache is still told the answer varies by it."""
    response = graph.http.post(graph.url, json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.headers.get_list("vary") == ["Origin"]
    assert not [name for name in response.headers if name.startswith("access-control-")]


def test_an_answer_that_already_varies_gets_origin_added_as_starlette_adds_it() -> None:
    headers = [(b"Vary", b"Accept"), (b"content-type", b"text/html"), (b"vary", b"Cookie")]
    assert varied(headers) == [
        (b"vary", b"Accept, Cookie, Origin"),
        (b"content-type", b"text/html"),
    ]

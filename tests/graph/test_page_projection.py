"""A page of detail is read for what the operation selects of it, and the rest never.

The gateway reaches billing through a proxy that gives every account on a
page of detail a ``created`` that is no date (``tests.graph.detail_proxy``).
Read whole, that page fails wherever it is read; read for a selection
without ``created``, nothing in it is looked at, so such a query answers
whole, which is how these tests see that nothing was read beyond the
selection, deferred parts included. Selecting ``created`` still meets the
broken property and fails as it always did, naming where, never the value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bench.incremental import ACCOUNTS_50_DEFERRED
from bench.scenarios import ACCOUNTS_50
from tests.graph.conftest import Graph
from tests.graph.detail_proxy import detail_pages_rewritten, page_calls
from tests.incremental.multipart import incremental, merged

NO_DATE = "the ides of march"


def break_created(body: bytes) -> bytes:
    document = json.loads(body)
    for item in document["pagedResults"]["items"]:
        item["created"] = NO_DATE
    return json.dumps(document).encode()


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    with detail_pages_rewritten(break_created) as served:
        yield served


def test_the_list_answers_whole_without_reading_what_it_does_not_select(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(ACCOUNTS_50.query, ACCOUNTS_50.variables)
    assert "errors" not in body, body["errors"]
    edges = body["data"]["customerAccounts"]["edges"]
    assert len(edges) == 50
    assert all(edge["node"]["invoicerAccount"]["name"] for edge in edges)
    assert page_calls(graph) == 1


def test_deferred_parts_are_read_with_the_page_they_share(graph: Graph) -> None:
    graph.reset_calls()
    with incremental(graph.http, graph.url, ACCOUNTS_50_DEFERRED.query) as (_, parts):
        payloads = list(parts)
    assert len(payloads) > 1
    body = merged(payloads)
    assert body.get("errors", []) == []
    edges = body["data"]["customerAccounts"]["edges"]
    assert len(edges) == 50
    assert all(edge["node"]["invoicerAccount"]["name"] for edge in edges)
    assert page_calls(graph) == 1


def test_selecting_the_broken_property_fails_as_the_whole_page_did(graph: Graph) -> None:
    body = graph.execute(
        "{ customerAccounts(first: 5) { edges { node { name created contacts { firstName } } } } }"
    )
    (error,) = body["errors"]
    assert error["path"] == ["customerAccounts"]
    assert error["extensions"]["code"] == "BAD_UPSTREAM_RESPONSE"
    assert error["message"].endswith(
        "answer.pagedResults.items[0].created is not an ISO 8601 date and time"
    )
    assert NO_DATE not in json.dumps(body)
    assert body["data"]["customerAccounts"] is None

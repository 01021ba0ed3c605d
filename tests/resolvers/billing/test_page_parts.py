"""A page of detail reads each account's parts when a field first reads them.

The gateway reaches the billing sandbox through a proxy that breaks one
part of one account in every ``Account/Paged/Detail`` answer
(``tests.graph.detail_proxy``), the way a faulty upstream would: a
contact's address whose latitude is a word. A query that does not select
that address loses nothing; one that does gets a ``BAD_UPSTREAM_RESPONSE``
error on that one address, naming where the answer broke and none of its
values, and every other account, contact and address answered.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest

from tests.graph.conftest import Graph
from tests.graph.detail_proxy import detail_pages_rewritten, page_calls

BROKEN_WORD = "northwards"
PAGE = "{ customerAccounts(first: 20) { edges { node { identity contacts { firstName %s } } } } }"


@dataclasses.dataclass
class Breaking:
    """Which account (index in the page) the proxy broke, once it has."""

    broken_index: int | None = None
    broken_contact: int | None = None


def break_one_address(body: bytes, breaking: Breaking) -> bytes:
    """The answer with the first contact address of the page's second account onwards broken."""
    document = json.loads(body)
    for index, item in enumerate(document["pagedResults"]["items"]):
        if index == 0:
            continue  # the first account stays whole, so its neighbour's break is seen alone
        for position, contact in enumerate(item["details"]["contacts"]):
            address = (contact.get("details") or {}).get("address")
            if address:
                address["latitude"] = BROKEN_WORD
                breaking.broken_index, breaking.broken_contact = index, position
                return json.dumps(document).encode()
    raise AssertionError("the seed should give some contact an address")


@pytest.fixture(scope="module")
def broken() -> Iterator[tuple[Graph, Breaking]]:
    breaking = Breaking()
    with detail_pages_rewritten(lambda body: break_one_address(body, breaking)) as graph:
        yield graph, breaking


def test_a_broken_part_nobody_selects_loses_nothing(broken: tuple[Graph, Breaking]) -> None:
    graph, breaking = broken
    graph.reset_calls()
    body = graph.execute(PAGE % "lastName contactPoints { value }")
    assert "errors" not in body, body["errors"]
    edges = body["data"]["customerAccounts"]["edges"]
    assert len(edges) == 20
    assert breaking.broken_index is not None
    assert edges[breaking.broken_index]["node"]["contacts"]
    assert page_calls(graph) == 1


def test_a_broken_part_fails_the_field_that_reads_it(broken: tuple[Graph, Breaking]) -> None:
    graph, breaking = broken
    graph.reset_calls()
    body = graph.execute(PAGE % "address { cityName latitude }")
    index, position = breaking.broken_index, breaking.broken_contact
    assert index is not None and position is not None
    (error,) = body["errors"]
    path = ["customerAccounts", "edges", index, "node", "contacts", position, "address"]
    assert error["path"] == path
    assert error["extensions"]["code"] == "BAD_UPSTREAM_RESPONSE"
    assert error["extensions"]["upstream"] == "billing"
    assert error["message"].endswith("details.address.latitude is not a number")
    assert BROKEN_WORD not in json.dumps(body)
    assert "http" not in error["message"] and "Traceback" not in json.dumps(body)
    edges = body["data"]["customerAccounts"]["edges"]
    assert edges[index]["node"]["contacts"][position]["address"] is None
    answered = [
        contact["address"]
        for i, edge in enumerate(edges)
        for p, contact in enumerate(edge["node"]["contacts"])
        if (i, p) != (index, position)
    ]
    assert any(address is not None for address in answered)
    assert page_calls(graph) == 1

"""A page of accounts with their detail answers its detail-backed fields from the page.

``customerAccounts`` reads ``Account/Paged/Detail`` when its nodes ask for a
detail-backed field, and each account's view keeps the detail it came with
(``CustomerAccount.from_detail``), so ``contacts`` and the other such fields
answer from it (``fastpath.held_first``). Before, each of those fields of
each account looked the detail up in the request's detail loader, in a
coroutine that graphql-core ran as a task of its own: the page below took
251 lookups and 301 tasks for 50 accounts against 6 and 6 for one; now 1
and 1 (the page's own read) for either.

Counted in the gateway (which serves from a thread of this process) while it
answers real HTTP requests: every ``DataLoader.load`` and every task whose
coroutine is the graph's (graphql-core's, Strawberry's, the resolvers' or the
executor's), around an unchanged loader and event loop.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiodataloader import DataLoader
from strawberry.relay import to_base64

from tests.graph.conftest import Graph, data, open_sessions

PAGE = """query Page($first: Int!) { customerAccounts(first: $first) { edges { node {
  id identity name
  contacts { id firstName contactPoints { value } address { cityName } }
  summary { balance { amount } }
  currentRatePlan { name } taxAddresses { name } priceBookRegions { name }
} } } }"""

GRAPH_CODE = ("/graphql/", "/strawberry/", "/resolvers/", "/fastpath/", "/aiodataloader/")


def global_id(identity: int) -> str:
    return to_base64("CustomerAccount", str(identity))


def _graphs(task_coroutine: Any) -> bool:
    code = getattr(task_coroutine, "cr_code", None) or getattr(task_coroutine, "gi_code", None)
    return code is not None and any(part in code.co_filename for part in GRAPH_CODE)


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts of loader lookups and graph tasks made while the block runs."""
    counts: Counter[str] = Counter()
    load = DataLoader.load
    create_task = asyncio.BaseEventLoop.create_task

    def counted_load(self: DataLoader, key: Any) -> Any:  # type: ignore[type-arg]
        counts["lookups"] += 1
        return load(self, key)

    def counted_task(self: asyncio.BaseEventLoop, coro: Any, **options: Any) -> Any:
        if _graphs(coro):
            counts["tasks"] += 1
        return create_task(self, coro, **options)

    with monkeypatch.context() as patch:
        patch.setattr(DataLoader, "load", counted_load)
        patch.setattr(asyncio.BaseEventLoop, "create_task", counted_task)
        yield counts


def page(graph: Graph, monkeypatch: pytest.MonkeyPatch, first: int) -> Counter[str]:
    """What answering the page of ``first`` accounts took, and its one upstream call."""
    graph.reset_calls()
    with counting(monkeypatch) as counts:
        edges = data(graph.execute(PAGE, {"first": first}))["customerAccounts"]["edges"]
    assert len(edges) == first
    assert any(edge["node"]["contacts"] for edge in edges)
    assert graph.calls("billing") == {"GET /Account/Paged/Detail": 1}
    return counts


def test_the_detail_backed_fields_of_a_page_take_no_lookup_or_task_per_account(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_sessions(graph)
    page(graph, monkeypatch, 1)  # the documents parsed and planned once
    one = page(graph, monkeypatch, 1)
    fifty = page(graph, monkeypatch, 50)
    assert one["lookups"] >= 1  # the page's own read is counted: the count sees the loaders
    assert fifty["lookups"] - one["lookups"] == 0
    assert fifty["tasks"] - one["tasks"] == 0


def test_an_account_without_its_detail_reads_it_and_answers_the_same(graph: Graph) -> None:
    fields = (
        "identity contacts { id firstName contactPoints { value } } summary { balance { amount } }"
    )
    listed = data(
        graph.execute(f"{{ customerAccounts(first: 3) {{ edges {{ node {{ {fields} }} }} }} }}")
    )
    account = listed["customerAccounts"]["edges"][2]["node"]
    graph.reset_calls()
    # By global id the account is read without its detail: its fields go to the detail loader.
    by_id = global_id(account["identity"])
    body = graph.execute(f'{{ node(id: "{by_id}") {{ ... on CustomerAccount {{ {fields} }} }} }}')
    assert data(body)["node"] == account
    assert graph.calls("billing") == {
        "GET /Account/{id}": 1,
        "GET /Account/{id}/Detail": 1,
    }

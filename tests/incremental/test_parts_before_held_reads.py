"""Parts of an answer that do not need a held upstream read arrive while it is held.

Prepaid accounts are read one call each (``AccountRead``); the prepaid
sandbox holds the reads of the accounts a test names until the test lets go,
and the gateway may send only ``SLOTS`` prepaid calls at a time. What does
not need those reads must arrive while they are held: a streamed list's
first items, and the deferred parts whose own reads have answered. So no
read waits for another key's answer (a loader settles each key as its own
read answers), the reads a part needs are sent before those it does not,
and each part is complete to the client when it is written (its closing
delimiter goes with it). Nothing is timed: a gateway that waits for the
held reads sends its parts only once the hold lets go on its own, and the
test sees who let go.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from strawberry.relay import from_base64

from gateway.config import UpstreamSettings
from tests.graph.conftest import WORLD, Graph, data, open_sessions, running_graph
from tests.incremental.held import HeldReads
from tests.incremental.multipart import incremental, merged
from tests.incremental.test_defer_stream import FIFTY_DEFERRED, HUNDRED_STREAMED
from upstreams.prepaid import sandbox as prepaid
from upstreams.sandboxing import serve_in_thread

HELD = HeldReads(prepaid.create_app(prepaid.SandboxConfig(world=WORLD)))
SLOTS = 10
INVOICE_ACCOUNTS = (
    "query InvoiceAccounts { invoices(first: 100) { edges { node { prepaidAccountId } } } }"
)
CUSTOMERS = "query Customers { customerAccounts(first: 50) { edges { node { identity } } } }"


@pytest.fixture(scope="module")
def graph() -> Iterator[Graph]:
    """A gateway whose prepaid calls go through the hold, ``SLOTS`` at a time."""
    server = serve_in_thread(HELD)

    def through_hold(settings: UpstreamSettings) -> UpstreamSettings:
        client = dataclasses.replace(
            settings.prepaid.client, base_url=server.base_url, max_concurrency=SLOTS
        )
        return dataclasses.replace(
            settings, prepaid=dataclasses.replace(settings.prepaid, client=client)
        )

    try:
        with running_graph(through_hold) as running:
            running.sandboxes["prepaid"] = server.base_url
            open_sessions(running)
            yield running
    finally:
        HELD.release()
        server.stop()


def invoice_accounts(graph: Graph) -> list[int]:
    """The prepaid account of each of the first 100 invoices, in order (one browse, no reads)."""
    edges = data(graph.execute(INVOICE_ACCOUNTS))["invoices"]["edges"]
    return [int(from_base64(edge["node"]["prepaidAccountId"])[1]) for edge in edges]


def customer_accounts(graph: Graph) -> list[int]:
    """The prepaid account each of the first 50 customers links, in order (none for some)."""
    edges = data(graph.execute(CUSTOMERS))["customerAccounts"]["edges"]
    found = (WORLD.prepaid_id_for_billing(edge["node"]["identity"]) for edge in edges)
    return [prepaid for prepaid in found if prepaid is not None]


def parts_while_held(
    graph: Graph, query: str, held: frozenset[int], enough: Callable[[list[Any]], bool]
) -> tuple[list[Any], list[Any], str | None]:
    """The payloads read while the reads of ``held`` accounts wait, until ``enough`` of them.

    Also the payloads after the hold ends, and what had ended it by then (``None``: nothing).
    """
    HELD.hold(held)
    try:
        with incremental(graph.http, graph.url, query) as (_, payloads):
            read = [next(payloads)]
            while not enough(read):
                read.append(next(payloads))
            ended_by = HELD.ended_by
            HELD.release()
            return read, list(payloads), ended_by
    finally:
        HELD.release()


def test_the_first_ten_streamed_invoices_arrive_while_the_later_reads_are_held(
    graph: Graph,
) -> None:
    accounts = invoice_accounts(graph)
    later = frozenset(accounts[10:])
    assert len(later) == 90 and not later & set(accounts[:10])
    graph.reset_calls()
    (first,), rest, ended_by = parts_while_held(graph, HUNDRED_STREAMED, later, lambda _: True)
    assert ended_by is None, "the first payload waited for the held reads"
    assert "errors" not in first and first["hasNext"] is True
    edges = first["data"]["invoices"]["edges"]
    assert [edge["node"]["prepaidAccount"]["accountNumber"] for edge in edges] == accounts[:10]
    assert all(edge["node"]["prepaidAccount"]["name"] for edge in edges)
    streamed = merged([first, *rest])["data"]["invoices"]["edges"]
    assert [edge["node"]["prepaidAccount"]["accountNumber"] for edge in streamed] == accounts
    assert graph.calls("prepaid") == {"AccountInvoiceBrowse": 1, "AccountRead": 100}


def deferred_accounts(later_payloads: list[Any]) -> list[int]:
    """The prepaid accounts the deferred parts of later payloads carry."""
    parts = (part for payload in later_payloads for part in payload.get("incremental", []))
    found = (part["data"] and part["data"]["prepaidAccount"] for part in parts)
    return [account["accountNumber"] for account in found if account]


def test_deferred_balances_arrive_as_their_own_reads_answer(graph: Graph) -> None:
    accounts = customer_accounts(graph)
    graph.reset_calls()

    def ten_balances(read: list[Any]) -> bool:
        return len(deferred_accounts(read[1:])) >= 10

    held = frozenset(accounts[10:])
    read, rest, ended_by = parts_while_held(graph, FIFTY_DEFERRED, held, ten_balances)
    assert ended_by is None, "the unheld balances waited for the held reads"
    assert sorted(deferred_accounts(read[1:])) == sorted(accounts[:10])
    answer = merged([*read, *rest])
    assert "errors" not in answer
    assert graph.calls("prepaid") == {"AccountRead": len(accounts)}

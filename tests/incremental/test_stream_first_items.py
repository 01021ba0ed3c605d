"""A streamed list's first items do not wait for the reads of the items after them.

The 100 invoices' accounts are 100 reads of one call each (``AccountRead``);
the prepaid sandbox holds the reads of the last 90 invoices' accounts until
the test lets go, and the gateway may send only 10 prepaid calls at a time.
The first payload, with the first 10 invoices and their accounts, must
arrive while those 90 reads are still held: it neither shares a batch with
them nor queues behind them for the upstream's slots. Nothing is timed: a
gateway that waits for the held reads gets its first payload only once the
hold lets go on its own, and the test sees who let go.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from strawberry.relay import from_base64

from gateway.config import UpstreamSettings
from tests.graph.conftest import WORLD, Graph, data, open_sessions, running_graph
from tests.incremental.held import HeldReads
from tests.incremental.multipart import incremental, merged
from tests.incremental.test_defer_stream import HUNDRED_STREAMED
from upstreams.prepaid import sandbox as prepaid
from upstreams.sandboxing import serve_in_thread

HELD = HeldReads(prepaid.create_app(prepaid.SandboxConfig(world=WORLD)))
SLOTS = 10
ACCOUNTS = "query InvoiceAccounts { invoices(first: 100) { edges { node { prepaidAccountId } } } }"


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
    edges = data(graph.execute(ACCOUNTS))["invoices"]["edges"]
    return [int(from_base64(edge["node"]["prepaidAccountId"])[1]) for edge in edges]


def test_the_first_ten_streamed_invoices_arrive_while_the_later_reads_are_held(
    graph: Graph,
) -> None:
    accounts = invoice_accounts(graph)
    later = frozenset(accounts[10:])
    assert len(later) == 90 and not later & set(accounts[:10])
    graph.reset_calls()
    HELD.hold(later)
    try:
        with incremental(graph.http, graph.url, HUNDRED_STREAMED) as (_, payloads):
            first = next(payloads)
            ended_by_then = HELD.ended_by
            HELD.release()
            rest = list(payloads)
    finally:
        HELD.release()
    assert ended_by_then is None, "the first payload waited for the held reads"
    assert "errors" not in first and first["hasNext"] is True
    edges = first["data"]["invoices"]["edges"]
    assert [edge["node"]["prepaidAccount"]["accountNumber"] for edge in edges] == accounts[:10]
    assert all(edge["node"]["prepaidAccount"]["name"] for edge in edges)
    streamed = merged([first, *rest])["data"]["invoices"]["edges"]
    assert [edge["node"]["prepaidAccount"]["accountNumber"] for edge in streamed] == accounts
    assert graph.calls("prepaid") == {"AccountInvoiceBrowse": 1, "AccountRead": 100}

"""Cursors over HTTP: opaque, and good only in the sequence that made them.

Before, a cursor was the base64 of a bare offset: one from ``customerAccounts``
paged ``ledgerAccounts``, one made under ``orderBy: ACCOUNT_ID`` paged the
descending order, and ``first`` with ``last`` silently dropped ``last``. Each
of those is now ``BAD_USER_INPUT`` on the connection's own field, before any
call; the paging tests elsewhere keep their exact call counts.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest

from resolvers.cursors import Listing
from tests.graph.conftest import WORLD, Graph

PREPAID = WORLD.prepaid_ids()[:2]
LISTING = Listing("Query.customerAccounts")


def calls(graph: Graph) -> dict[str, dict[str, int]]:
    """Every sandbox's calls since the last reset, leaving out the ones with none."""
    counted = {name: graph.calls(name) for name in graph.sandboxes}
    return {name: endpoints for name, endpoints in counted.items() if endpoints}


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def refused(graph: Graph, query: str, variables: dict[str, Any], path: list[str]) -> str:
    """Run ``query``, expecting only the field at ``path`` refused; its error message."""
    graph.reset_calls()
    body = graph.execute(query, variables)
    [error] = body["errors"]
    assert error["path"] == path
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    message: str = error["message"]
    return message


@pytest.fixture(scope="module")
def cursors(graph: Graph) -> dict[str, str]:
    """One end cursor from each sequence the tests below mix up."""
    data = ok(
        graph.execute(
            f"""{{ accounts: customerAccounts(first: 2) {{ pageInfo {{ endCursor }} }}
            ledger: ledgerAccounts(first: 2) {{ pageInfo {{ endCursor }} }}
            active: ledgerAccounts(first: 2, isActive: true) {{ pageInfo {{ endCursor }} }}
            byAccount: invoices(first: 2, orderBy: ACCOUNT_ID) {{ pageInfo {{ endCursor }} }}
            notes: customerAccount(identity: 1002) {{ notes(first: 1) {{
                pageInfo {{ endCursor }} }} }}
            one: prepaidAccount(accountNumber: {PREPAID[0]}) {{ invoices(first: 1) {{
                pageInfo {{ endCursor }} }} }} }}"""
        )
    )
    return {
        "accounts": data["accounts"]["pageInfo"]["endCursor"],
        "ledger": data["ledger"]["pageInfo"]["endCursor"],
        "active": data["active"]["pageInfo"]["endCursor"],
        "byAccount": data["byAccount"]["pageInfo"]["endCursor"],
        "notes": data["notes"]["notes"]["pageInfo"]["endCursor"],
        "prepaidInvoices": data["one"]["invoices"]["pageInfo"]["endCursor"],
    }


@pytest.fixture(autouse=True)
def counted(graph: Graph, cursors: dict[str, str]) -> Iterator[None]:
    graph.reset_calls()
    yield


def test_cursors_are_opaque_and_name_no_offset(cursors: dict[str, str]) -> None:
    for cursor in cursors.values():
        assert "offset" not in base64.b64decode(cursor).decode()
    assert len(set(cursors.values())) == len(cursors)


def test_a_cursor_of_another_connection_is_refused(graph: Graph, cursors: dict[str, str]) -> None:
    message = refused(
        graph,
        "query($a: String) { ledgerAccounts(first: 2, after: $a) { totalCount } }",
        {"a": cursors["accounts"]},
        ["ledgerAccounts"],
    )
    assert message == (
        "`after` is a cursor of another connection: page Query.ledgerAccounts "
        "with the cursors it gives"
    )
    assert calls(graph) == {}


def test_a_cursor_under_another_order_is_refused(graph: Graph, cursors: dict[str, str]) -> None:
    message = refused(
        graph,
        "query($b: String) { invoices(last: 1, before: $b, orderBy: ACCOUNT_INVOICE_ID_DESC) "
        "{ totalCount } }",
        {"b": cursors["byAccount"]},
        ["invoices"],
    )
    assert message == (
        "`before` was given under other ordering or filter arguments (orderBy): "
        "keep them while paging"
    )
    assert calls(graph) == {}


def test_a_cursor_under_other_filters_is_refused(graph: Graph, cursors: dict[str, str]) -> None:
    message = refused(
        graph,
        "query($a: String) { ledgerAccounts(first: 2, after: $a) { totalCount } }",
        {"a": cursors["active"]},
        ["ledgerAccounts"],
    )
    assert "(isActive)" in message
    assert calls(graph) == {}


def test_a_cursor_of_another_parent_is_refused(graph: Graph, cursors: dict[str, str]) -> None:
    """One account's invoices are not another's, nor every account's."""
    query = """query($id: Int!, $a: String) { prepaidAccount(accountNumber: $id) {
        invoices(first: 1, after: $a) { totalCount } } }"""
    refused(
        graph,
        query,
        {"id": PREPAID[1], "a": cursors["prepaidInvoices"]},
        ["prepaidAccount", "invoices"],
    )
    assert calls(graph) == {"prepaid": {"AccountRead": 1}}
    refused(
        graph,
        "query($a: String) { invoices(first: 1, after: $a) { totalCount } }",
        {"a": cursors["prepaidInvoices"]},
        ["invoices"],
    )
    notes = """query($a: String) { customerAccount(identity: 1003) {
        notes(first: 1, after: $a) { totalCount } } }"""
    refused(graph, notes, {"a": cursors["notes"]}, ["customerAccount", "notes"])


def _tampered(cursor: str, **changes: Any) -> str:
    payload = json.loads(base64.b64decode(cursor))
    payload.update(changes)
    return base64.b64encode(json.dumps(payload).encode()).decode()


def test_tampered_and_garbage_cursors_are_refused(graph: Graph, cursors: dict[str, str]) -> None:
    good = cursors["accounts"]
    bad = [
        "notbase64!!",
        "",
        base64.b64encode(b"offset:5").decode(),  # the old bare offset
        base64.b64encode(b"[1, 2]").decode(),
        _tampered(good, v=2),
        _tampered(good, i=-1),
        _tampered(good, i="5"),
        _tampered(good, c="Query.ledgerAccounts"),
        _tampered(good, extra=1),
        good + "AAAA",
        "A" * 5000,
    ]
    query = "query($a: String) { customerAccounts(first: 2, after: $a) { totalCount } }"
    for cursor in bad:
        message = refused(graph, query, {"a": cursor}, ["customerAccounts"])
        assert message.startswith("`after` "), message
    assert calls(graph) == {}


def test_a_cursor_walks_its_own_sequence_with_first_or_last(
    graph: Graph, cursors: dict[str, str]
) -> None:
    """``first``/``last`` are not part of the sequence: any page size may follow a cursor."""
    data = ok(
        graph.execute(
            """query($c: String) { after: customerAccounts(first: 3, after: $c) { totalCount }
            before: customerAccounts(last: 1, before: $c) { edges { node { identity } } } }""",
            {"c": cursors["accounts"]},
        )
    )
    assert data["before"]["edges"][0]["node"]["identity"] == 1001


def test_first_with_last_is_refused(graph: Graph) -> None:
    message = refused(
        graph, "{ customerAccounts(first: 5, last: 2) { totalCount } }", {}, ["customerAccounts"]
    )
    assert message == "Give `first` or `last`, not both"
    assert calls(graph) == {}


ENCODINGS = """{ customerAccounts(first: 50) { edges { %s node { identity } } %s } }"""


@pytest.mark.parametrize(
    ("edge_cursor", "page_info", "encoded"),
    [
        ("", "", 0),
        ("cursor", "", 50),
        ("", "pageInfo { startCursor endCursor }", 2),
        ("cursor", "pageInfo { startCursor endCursor }", 50),
    ],
)
def test_a_cursor_is_encoded_only_when_asked_for_and_once(
    graph: Graph, monkeypatch: pytest.MonkeyPatch, edge_cursor: str, page_info: str, encoded: int
) -> None:
    """Counted in the gateway serving this request from a thread of this process.

    Before, every edge's cursor was encoded whether or not the query read it:
    50 for this page with no cursor asked for.
    """
    made: list[int] = []
    cursor = Listing.cursor

    def counted(listing: Listing, position: int) -> str:
        made.append(position)
        return cursor(listing, position)

    monkeypatch.setattr(Listing, "cursor", counted)
    data = ok(graph.execute(ENCODINGS % (edge_cursor, page_info)))
    assert len(made) == encoded
    edges = data["customerAccounts"]["edges"]
    assert len(edges) == 50
    if edge_cursor:
        assert [edge["cursor"] for edge in edges] == [cursor(LISTING, i) for i in range(50)]
    if page_info:
        info = data["customerAccounts"]["pageInfo"]
        assert (info["startCursor"], info["endCursor"]) == (cursor(LISTING, 0), cursor(LISTING, 49))

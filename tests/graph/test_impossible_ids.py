"""Record numbers no record can have are refused before any upstream call.

Every id of the four upstreams is a whole number from 1 (the prepaid docs say
"a positive integer"; billing and Saasu number their records from 1 too). A
value below that is answered ``BAD_USER_INPUT``, not ``NOT_FOUND``: the
argument is outside its documented range, as ``first: 101`` is, so the
client's code is at fault, not the data; and ``NOT_FOUND`` keeps meaning
"asked the upstream, and it has no such record". The same holds wherever a
record number comes in: a root argument, a filter, the number inside a
global id (there ``node`` answers null with the error) and a federation key
(``tests/federation/test_entities.py``). Before, ``customerAccount(identity:
0)`` and ``ledgerAccount(accountNumber: -2147483648)`` each cost a call first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from strawberry import relay

from tests.graph.conftest import Graph


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


IMPOSSIBLE = [
    ("customerAccount", "customerAccount(identity: 0) { id }"),
    ("customerAccount", "customerAccount(identity: -1) { id }"),
    ("customerAccount", "customerAccount(identity: 0) { id contacts { id } }"),
    ("ledgerAccount", "ledgerAccount(accountNumber: -2147483648) { id }"),
    ("ledgerAccount", "ledgerAccount(accountNumber: 0) { id }"),
    ("ledgerAccounts", "ledgerAccounts(headerAccountId: 0) { totalCount }"),
    ("prepaidAccount", "prepaidAccount(accountNumber: 0) { id }"),
    ("invoice", "invoice(invoiceNumber: -7) { id }"),
    *(
        ("node", f'node(id: "{gid(type_name, key)}") {{ id }}')
        for type_name, key in [
            ("CustomerAccount", 0),
            ("CustomerAccount", -1),
            ("Note", "1002:0"),
            ("Contact", "-1:1"),
            ("LedgerAccount", -2147483648),
            ("PrepaidAccount", 0),
            ("Invoice", 0),
            ("InvoicingAccount", 0),
        ]
    ),
]


@pytest.fixture(autouse=True)
def counted(graph: Graph) -> Iterator[None]:
    graph.reset_calls()
    yield


@pytest.mark.parametrize(("field", "selection"), IMPOSSIBLE)
def test_an_id_no_record_can_have_is_bad_input_without_a_call(
    graph: Graph, field: str, selection: str
) -> None:
    body = graph.execute("{ __typename " + selection + " }")
    assert body["data"] == {"__typename": "Query", field: None}
    [error] = body["errors"]
    assert error["path"] == [field]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert {name: graph.calls(name) for name in graph.sandboxes} == {
        name: {} for name in graph.sandboxes
    }


def test_the_message_names_the_argument_and_the_range(graph: Graph) -> None:
    body = graph.execute("{ customerAccount(identity: 0) { id } }")
    assert body["errors"][0]["message"] == (
        "`identity` must be a whole number from 1 to 2147483647: no record has 0"
    )

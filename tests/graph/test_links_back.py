"""From a prepaid account or an invoice back to the billing customer that names it.

The billing API has no lookup by ``externalAccountIdentifier``: following
the link costs one ``GET Account/`` per request however many records follow
it, and nothing per record.
"""

from __future__ import annotations

import pytest
from strawberry.relay import from_base64

from tests.graph.conftest import WORLD, Graph, data, open_sessions


@pytest.fixture(autouse=True)
def warmed(graph: Graph) -> None:
    open_sessions(graph)


def test_a_prepaid_account_leads_back_to_its_billing_customer(graph: Graph) -> None:
    linked = WORLD.prepaid_ids()[3]
    unlinked = WORLD.prepaid_ids()[-1]
    answer = data(
        graph.execute(
            "query Back($linked: Int!, $unlinked: Int!) {"
            " linked: prepaidAccount(accountNumber: $linked) {"
            "   customerAccount { identity externalAccountIdentifier"
            "     prepaidAccount { accountNumber } }"
            " }"
            " unlinked: prepaidAccount(accountNumber: $unlinked) {"
            "   customerAccount { identity } } }",
            {"linked": linked, "unlinked": unlinked},
        )
    )
    assert answer["linked"]["customerAccount"] == {
        "identity": WORLD.billing_id_for_prepaid(linked),
        "externalAccountIdentifier": str(linked),
        "prepaidAccount": {"accountNumber": linked},
    }
    assert answer["unlinked"] == {"customerAccount": None}
    assert graph.calls("billing") == {"GET /Account/": 1}
    assert graph.calls("prepaid") == {"AccountRead": 2}


def test_a_page_of_invoices_follows_the_link_with_one_billing_call(graph: Graph) -> None:
    edges = data(
        graph.execute(
            "{ invoices(first: 100) { edges { node {"
            " prepaidAccountId customerAccount { identity name } } } } }"
        )
    )["invoices"]["edges"]
    nodes = [edge["node"] for edge in edges]
    assert len(nodes) == 100
    for node in nodes:
        expected = WORLD.billing_id_for_prepaid(int(from_base64(node["prepaidAccountId"])[1]))
        found = node["customerAccount"]
        assert (found and found["identity"]) == expected
    assert any(node["customerAccount"] for node in nodes)
    assert graph.calls("billing") == {"GET /Account/": 1}
    assert graph.calls("prepaid") == {"AccountInvoiceBrowse": 1}


def test_there_and_back_again_across_a_page_and_at_several_depths(graph: Graph) -> None:
    answer = data(
        graph.execute(
            "{ customerAccounts(first: 50) { edges { node { identity"
            "   prepaidAccount { customerAccount { identity }"
            "     invoices(first: 1) { edges { node { customerAccount { identity } } } } }"
            " } } } }"
        )
    )
    nodes = [edge["node"] for edge in answer["customerAccounts"]["edges"]]
    linked = [node for node in nodes if node["prepaidAccount"]]
    assert len(linked) == len({WORLD.prepaid_id_for_billing(n["identity"]) for n in nodes} - {None})
    for node in linked:
        prepaid = node["prepaidAccount"]
        assert prepaid["customerAccount"] == {"identity": node["identity"]}
        for invoice in prepaid["invoices"]["edges"]:
            assert invoice["node"]["customerAccount"] == {"identity": node["identity"]}
    assert graph.calls("billing") == {"GET /Account/Paged": 1, "GET /Account/": 1}
    assert graph.calls("prepaid") == {
        "AccountRead": len(linked),
        "AccountInvoiceBrowse": len(linked),
    }


def test_the_customer_found_is_primed_for_what_follows_it(graph: Graph) -> None:
    prepaid = WORLD.prepaid_ids()[5]
    answer = data(
        graph.execute(
            "query Q($id: Int!) { prepaidAccount(accountNumber: $id) {"
            " customerAccount { identity name } }"
            " again: prepaidAccount(accountNumber: $id) { customerAccount {"
            "   identity name prepaidAccount { customerAccount { identity } } } } }",
            {"id": prepaid},
        )
    )
    assert answer["again"]["customerAccount"]["identity"] == WORLD.billing_id_for_prepaid(prepaid)
    assert graph.calls("billing") == {"GET /Account/": 1}
    assert graph.calls("prepaid") == {"AccountRead": 1}

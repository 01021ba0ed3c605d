"""The issue's named queries: each costs exactly the least the documented endpoints allow.

Billing reads a page of accounts with their details in one call; the prepaid
Web API has no batch read, so each distinct linked prepaid account is one
AccountRead; Saasu and InvoiceXpress are not touched.
"""

from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD, Graph, data, open_sessions

FIFTY_ACCOUNTS = """
query FiftyAccounts {
  customerAccounts(first: 50) {
    totalCount
    edges { node {
      identity name invoicerAccountName
      contacts { firstName lastName }
      prepaidAccount { accountNumber balance { amount currency } }
    } }
  }
}"""

HUNDRED_INVOICES = """
query HundredInvoices {
  invoices(first: 100) {
    edges { node { invoiceNumber total { amount currency } prepaidAccount { accountNumber name } } }
  }
}"""

ONE_ACCOUNT_WITH_EVERYTHING = """
query OneAccount($identity: Int!) {
  customerAccount(identity: $identity) {
    identity name displayName currencyName billDay created updated externalAccountIdentifier
    invoicerAccountId invoicerAccount { identity name }
    contacts { firstName lastName contactPoints { value } address { cityName } }
    summary { balance { amount currency } balanceDue { amount currency } }
    currentRatePlan { name } taxAddresses { name }
    notes(first: 20) { totalCount edges { node { subject text } } }
    prepaidAccount {
      accountNumber name balance { amount } creditLimit { amount }
      contact { name email state } creditCard { lastFour expired }
      autoRecharge { enabled threshold { amount } level { amount } }
      invoices(first: 10) { totalCount edges { node { invoiceNumber total { amount } } } }
      upcomingInvoice { total { amount } }
    }
  }
}"""


@pytest.fixture(autouse=True)
def warmed(graph: Graph) -> None:
    open_sessions(graph)


def assert_untouched(graph: Graph, *upstreams: str) -> None:
    for upstream in upstreams:
        assert graph.calls(upstream) == {}, upstream


def test_fifty_billing_accounts_with_invoicer_name_contacts_and_prepaid_balance(
    graph: Graph,
) -> None:
    nodes = [e["node"] for e in data(graph.execute(FIFTY_ACCOUNTS))["customerAccounts"]["edges"]]
    assert len(nodes) == 50
    linked = {WORLD.prepaid_id_for_billing(n["identity"]) for n in nodes} - {None}
    assert {n["prepaidAccount"]["accountNumber"] for n in nodes if n["prepaidAccount"]} == linked
    assert graph.calls("billing") == {"GET /Account/Paged/Detail": 1}
    assert graph.calls("prepaid") == {"AccountRead": len(linked)}
    assert_untouched(graph, "saasu", "invoicexpress")


def test_hundred_invoices_with_their_account_names(graph: Graph) -> None:
    nodes = [e["node"] for e in data(graph.execute(HUNDRED_INVOICES))["invoices"]["edges"]]
    assert len(nodes) == 100
    assert all(n["prepaidAccount"]["name"] for n in nodes)
    distinct = {n["prepaidAccount"]["accountNumber"] for n in nodes}
    assert graph.calls("prepaid") == {"AccountInvoiceBrowse": 1, "AccountRead": len(distinct)}
    assert_untouched(graph, "billing", "saasu", "invoicexpress")


def test_one_account_with_everything(graph: Graph) -> None:
    page = data(
        graph.execute(
            "{ customerAccounts(first: 100) { edges { node { id identity invoicerAccountId } } } }"
        )
    )["customerAccounts"]["edges"]
    identity = next(
        e["node"]["identity"]
        for e in page
        if e["node"]["invoicerAccountId"] not in (None, e["node"]["id"])
        and WORLD.prepaid_id_for_billing(e["node"]["identity"])
    )
    graph.reset_calls()
    account = data(graph.execute(ONE_ACCOUNT_WITH_EVERYTHING, {"identity": identity}))[
        "customerAccount"
    ]
    assert account["invoicerAccountId"] == to_base64(
        "CustomerAccount", account["invoicerAccount"]["identity"]
    )
    assert account["prepaidAccount"]["accountNumber"] == WORLD.prepaid_id_for_billing(identity)
    assert graph.calls("billing") == {
        "GET /Account/{id}/Detail": 1,
        "GET /Account/{id}": 1,  # the invoicer, another account
        "GET /Account/{id}/Note/Paged": 1,
    }
    assert graph.calls("prepaid") == {
        "AccountRead": 1,
        "AccountInvoiceBrowse": 1,
        "AccountInvoiceRead": 1,
    }
    assert_untouched(graph, "saasu", "invoicexpress")

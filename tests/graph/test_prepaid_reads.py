"""Prepaid reads over real HTTP: exact upstream call counts, paging, node, partial data."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

import pytest
from graphql.pyutils import Path
from strawberry import relay

from resolvers.context import GraphContext, Info, Upstreams
from resolvers.prepaid.enums import InvoiceOrder
from resolvers.prepaid.loaders import prepaid_invoices
from resolvers.prepaid.types import invoice_connection
from tests.graph.conftest import WORLD, Graph
from upstreams.client_settings import ClientSettings
from upstreams.prepaid import sandbox as prepaid_sandbox
from upstreams.prepaid.adapter import PrepaidAdapter, PrepaidSettings
from upstreams.prepaid.sandbox.records import Account
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts

ACCOUNTS: dict[int, Account] = seed_accounts(WORLD)
WITH_CARD = next(a for a in ACCOUNTS.values() if a.card is not None)
NO_CARD = next(a for a in ACCOUNTS.values() if a.card is None)

ACCOUNT_QUERY = """
query ($id: Int!) {
  prepaidAccount(accountNumber: $id) {
    id accountNumber source name
    contact { name organization address city state zipcode countryId country phone email }
    creditCard { type name lastFour expirationMonth expirationYear expired }
    balance { amount currency }
    creditLimit { amount currency }
    autoRecharge { enabled threshold { amount } level { amount } }
    created modified
    invoices(first: 10) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id invoiceNumber prepaidAccountId preliminary periodStart total { amount } } }
    }
    upcomingInvoice {
      preliminary periodStart periodEnd prepaidAccountId
      lines { description quantity unitPrice { amount } amount { amount currency } }
      subtotal { amount } tax { amount } total { amount }
    }
  }
}
"""


def number(global_id: str) -> int:
    """The prepaid AccountId inside a PrepaidAccount global id."""
    return int(relay.from_base64(global_id)[1])


@pytest.fixture(scope="module")
def warm(graph: Graph) -> Iterator[Graph]:
    """A graph whose prepaid session is open, so counts hold no ``SessionCreate``."""
    body = graph.execute(
        "query ($id: Int!) { prepaidAccount(accountNumber: $id) { name } }",
        {"id": WITH_CARD.account_id},
    )
    assert "errors" not in body, body
    yield graph


def _global(type_name: str, key: int) -> str:
    return relay.to_base64(type_name, key)


def test_one_account_with_everything_costs_one_call_per_upstream_read(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute(ACCOUNT_QUERY, {"id": WITH_CARD.account_id})
    assert "errors" not in body, body
    assert warm.calls("prepaid") == {
        "AccountRead": 1,
        "AccountInvoiceBrowse": 1,
        "AccountInvoiceRead": 1,
    }
    account = body["data"]["prepaidAccount"]
    seeded = WITH_CARD
    assert account["id"] == _global("PrepaidAccount", seeded.account_id)
    assert account["accountNumber"] == seeded.account_id
    assert account["source"] == "PREPAID"
    assert account["name"] == (seeded.contact.name or seeded.contact.organization)
    assert account["contact"]["state"] == seeded.contact.state
    assert account["contact"]["countryId"] == seeded.contact.country_id
    assert account["contact"]["country"]
    assert seeded.card is not None
    card = account["creditCard"]
    assert card["lastFour"] == seeded.card.last_four
    assert card["expirationYear"] == seeded.card.expiration_year
    assert Decimal(account["balance"]["amount"]) == Decimal(seeded.balance_cents) / 100
    assert account["balance"]["currency"] == "USD"
    assert account["autoRecharge"]["enabled"] == seeded.recharge
    assert Decimal(account["autoRecharge"]["level"]["amount"]) == seeded.recharge_level
    invoices = account["invoices"]
    assert 0 < len(invoices["edges"]) <= 10
    assert invoices["totalCount"] >= len(invoices["edges"])
    assert {number(edge["node"]["prepaidAccountId"]) for edge in invoices["edges"]} == {
        seeded.account_id
    }
    assert all(edge["node"]["preliminary"] is False for edge in invoices["edges"])
    upcoming = account["upcomingInvoice"]
    assert upcoming["preliminary"] is True
    assert number(upcoming["prepaidAccountId"]) == seeded.account_id
    line_sum = sum(Decimal(line["amount"]["amount"]) for line in upcoming["lines"])
    assert line_sum == Decimal(upcoming["subtotal"]["amount"])
    assert Decimal(upcoming["subtotal"]["amount"]) + Decimal(upcoming["tax"]["amount"]) == Decimal(
        upcoming["total"]["amount"]
    )


def test_an_account_without_a_card_has_a_null_card(warm: Graph) -> None:
    body = warm.execute(
        "query ($id: Int!) { prepaidAccount(accountNumber: $id) { creditCard { lastFour } } }",
        {"id": NO_CARD.account_id},
    )
    assert body == {"data": {"prepaidAccount": {"creditCard": None}}}


def test_a_missing_account_is_null_with_not_found(warm: Graph) -> None:
    body = warm.execute("{ prepaidAccount(accountNumber: 49999) { name } }")
    assert body["data"] == {"prepaidAccount": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_non_positive_id_is_refused_without_a_call(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute("{ prepaidAccount(accountNumber: 0) { name } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert warm.calls("prepaid") == {}


@pytest.mark.parametrize(
    ("order", "shared"),
    [("ACCOUNT_ID", True), ("ACCOUNT_INVOICE_ID", False)],
)
def test_a_hundred_invoices_with_account_names_cost_one_read_per_distinct_account(
    warm: Graph, order: str, shared: bool
) -> None:
    warm.reset_calls()
    body = warm.execute(
        "query ($order: InvoiceOrder!) { invoices(first: 100, orderBy: $order) { totalCount "
        "edges { node { invoiceNumber prepaidAccountId"
        " prepaidAccount { accountNumber name } } } } }",
        {"order": order},
    )
    assert "errors" not in body, body
    edges = body["data"]["invoices"]["edges"]
    assert len(edges) == 100
    distinct = {number(edge["node"]["prepaidAccountId"]) for edge in edges}
    # By account, invoices share accounts; by invoice id (billing-run order) they do not.
    assert (len(distinct) < 50) is shared
    assert warm.calls("prepaid") == {"AccountInvoiceBrowse": 1, "AccountRead": len(distinct)}
    for edge in edges:
        node = edge["node"]
        assert node["prepaidAccount"]["accountNumber"] == number(node["prepaidAccountId"])
        seeded = ACCOUNTS[node["prepaidAccount"]["accountNumber"]].contact
        assert node["prepaidAccount"]["name"] == (seeded.name or seeded.organization)


def test_more_than_a_hundred_is_bad_user_input_with_no_call(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute("{ invoices(first: 500) { edges { cursor } } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert warm.calls("prepaid") == {}


def test_last_and_before_page_backwards(warm: Graph) -> None:
    forward = _page(warm, 10)["edges"]
    warm.reset_calls()
    body = warm.execute(
        "query ($before: String!) { invoices(last: 3, before: $before, orderBy: ACCOUNT_ID) {"
        " pageInfo { hasPreviousPage } edges { cursor node { invoiceNumber } } } }",
        {"before": forward[5]["cursor"]},
    )
    backward = body["data"]["invoices"]
    assert backward["edges"] == [
        {"cursor": e["cursor"], "node": {"invoiceNumber": e["node"]["invoiceNumber"]}}
        for e in forward[2:5]
    ]
    assert backward["pageInfo"]["hasPreviousPage"] is True
    assert warm.calls("prepaid") == {"AccountInvoiceBrowse": 1}


def test_last_alone_reads_the_end_with_one_more_call_for_the_total(warm: Graph) -> None:
    total = _page(warm, 1)["totalCount"]
    warm.reset_calls()
    body = warm.execute(
        "{ invoices(last: 4) { totalCount pageInfo { hasNextPage }"
        " edges { node { invoiceNumber } } } }"
    )
    invoices = body["data"]["invoices"]
    assert len(invoices["edges"]) == 4
    assert invoices["totalCount"] == total
    assert invoices["pageInfo"]["hasNextPage"] is False
    assert warm.calls("prepaid") == {"AccountInvoiceBrowse": 2}


def _page(graph: Graph, first: int, after: str | None = None, order: str = "ACCOUNT_ID") -> Any:
    body = graph.execute(
        "query ($first: Int!, $after: String, $order: InvoiceOrder!) {"
        " invoices(first: $first, after: $after, orderBy: $order) {"
        " totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
        " edges { cursor node { invoiceNumber prepaidAccountId } } } }",
        {"first": first, "after": after, "order": order},
    )
    assert "errors" not in body, body
    return body["data"]["invoices"]


def test_cursors_page_through_invoices_in_order(warm: Graph) -> None:
    whole = _page(warm, 6)
    first = _page(warm, 3)
    second = _page(warm, 3, first["pageInfo"]["endCursor"])
    ids = [edge["node"]["invoiceNumber"] for edge in whole["edges"]]
    assert [e["node"]["invoiceNumber"] for e in first["edges"] + second["edges"]] == ids
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert first["pageInfo"]["hasNextPage"] is True
    assert whole["totalCount"] == first["totalCount"] >= 5000
    keys = [
        (number(e["node"]["prepaidAccountId"]), e["node"]["invoiceNumber"]) for e in whole["edges"]
    ]
    assert keys == sorted(keys)


def test_the_last_page_has_no_next_page(warm: Graph) -> None:
    total = _page(warm, 1)["totalCount"]
    from resolvers.cursors import Listing

    after = Listing("Query.invoices", arguments={"orderBy": "ACCOUNT_ID"}).cursor(total - 3)
    last = _page(warm, 5, after)
    assert len(last["edges"]) == 2
    assert last["pageInfo"]["hasNextPage"] is False


def test_descending_order(warm: Graph) -> None:
    page = _page(warm, 5, order="ACCOUNT_INVOICE_ID_DESC")
    ids = [edge["node"]["invoiceNumber"] for edge in page["edges"]]
    assert ids == sorted(ids, reverse=True)


def test_a_foreign_cursor_is_bad_input_without_a_call(warm: Graph) -> None:
    warm.reset_calls()
    body = warm.execute('{ invoices(after: "bm90LWEtY3Vyc29y") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert warm.calls("prepaid") == {}


def test_an_accounts_invoices_page_with_their_own_cursors(warm: Graph) -> None:
    query = """
    query ($id: Int!, $after: String) {
      prepaidAccount(accountNumber: $id) {
        invoices(first: 2, after: $after, orderBy: ACCOUNT_INVOICE_ID_DESC) {
          totalCount pageInfo { endCursor } edges { node { invoiceNumber prepaidAccountId } }
        }
      }
    }
    """
    one = warm.execute(query, {"id": WITH_CARD.account_id})["data"]["prepaidAccount"]["invoices"]
    after = one["pageInfo"]["endCursor"]
    two = warm.execute(query, {"id": WITH_CARD.account_id, "after": after})
    page = two["data"]["prepaidAccount"]["invoices"]
    ids = [e["node"]["invoiceNumber"] for e in one["edges"] + page["edges"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4
    assert {number(e["node"]["prepaidAccountId"]) for e in one["edges"] + page["edges"]} == {
        WITH_CARD.account_id
    }


def test_invoice_by_id_and_its_account(warm: Graph) -> None:
    invoice_id = _page(warm, 1)["edges"][0]["node"]["invoiceNumber"]
    warm.reset_calls()
    body = warm.execute(
        "query ($id: Int!) { invoice(invoiceNumber: $id) { id invoiceNumber preliminary "
        "lines { quantity } prepaidAccount { accountNumber } } }",
        {"id": invoice_id},
    )
    assert "errors" not in body, body
    invoice = body["data"]["invoice"]
    assert invoice["id"] == _global("Invoice", invoice_id)
    assert invoice["preliminary"] is False
    assert warm.calls("prepaid") == {"AccountInvoiceRead": 1, "AccountRead": 1}


def test_node_and_nodes_resolve_accounts_and_invoices_through_loaders(warm: Graph) -> None:
    invoice_id = _page(warm, 1)["edges"][0]["node"]["invoiceNumber"]
    account_ids = [WITH_CARD.account_id, NO_CARD.account_id]
    ids = [_global("PrepaidAccount", key) for key in account_ids]
    ids += [_global("Invoice", invoice_id), _global("PrepaidAccount", 49999)]
    warm.reset_calls()
    body = warm.execute(
        "query ($ids: [ID!]!, $one: ID!) {"
        " nodes(ids: $ids) { __typename ... on PrepaidAccount { accountNumber }"
        " ... on Invoice { invoiceNumber } }"
        " node(id: $one) { ... on PrepaidAccount { accountNumber name } } }",
        {"ids": ids, "one": ids[0]},
    )
    assert "errors" not in body, body
    assert body["data"]["nodes"] == [
        {"__typename": "PrepaidAccount", "accountNumber": account_ids[0]},
        {"__typename": "PrepaidAccount", "accountNumber": account_ids[1]},
        {"__typename": "Invoice", "invoiceNumber": invoice_id},
        None,
    ]
    assert body["data"]["node"]["accountNumber"] == account_ids[0]
    # The account asked for twice (node and nodes) is read once.
    assert warm.calls("prepaid") == {"AccountRead": 3, "AccountInvoiceRead": 1}


def test_prepaid_down_nulls_only_prepaid_fields(warm: Graph) -> None:
    warm.switch("prepaid", error_rate=1.0)
    try:
        body = warm.execute(
            "query ($id: Int!) { __typename prepaidAccount(accountNumber: $id) { name } }",
            {"id": WITH_CARD.account_id},
        )
    finally:
        warm.reset_switches()
    assert body["data"] == {"__typename": "Query", "prepaidAccount": None}
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert body["errors"][0]["path"] == ["prepaidAccount"]


def test_account_reads_failing_leave_the_invoices_standing(warm: Graph) -> None:
    warm.switch("prepaid", error_rate=1.0, only_endpoints=["AccountRead"])
    try:
        body = warm.execute(
            "{ invoices(first: 3) { edges { node { invoiceNumber prepaidAccount { name } } } } }"
        )
    finally:
        warm.reset_switches()
    edges = body["data"]["invoices"]["edges"]
    assert len(edges) == 3
    assert all(
        edge["node"]["invoiceNumber"] and edge["node"]["prepaidAccount"] is None for edge in edges
    )
    assert {error["extensions"]["code"] for error in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}


def test_a_failing_link_nulls_only_that_link(warm: Graph) -> None:
    warm.switch("prepaid", error_rate=1.0, only_endpoints=["AccountInvoiceRead"])
    try:
        body = warm.execute(
            "query ($id: Int!) { prepaidAccount(accountNumber: $id) { accountNumber "
            "invoices(first: 1) { totalCount } upcomingInvoice { total { amount } } } }",
            {"id": WITH_CARD.account_id},
        )
    finally:
        warm.reset_switches()
    account = body["data"]["prepaidAccount"]
    assert account["accountNumber"] == WITH_CARD.account_id
    assert account["invoices"]["totalCount"] > 0
    assert account["upcomingInvoice"] is None
    assert [error["path"] for error in body["errors"]] == [["prepaidAccount", "upcomingInvoice"]]
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


async def test_a_browse_page_primes_the_invoice_loader(warm: Graph) -> None:
    """Root query fields run concurrently, so no single query shows priming; this drives
    the connection resolver directly over the same sandbox, with a real adapter."""
    config = prepaid_sandbox.SandboxConfig()
    settings = PrepaidSettings(
        client=ClientSettings(base_url=warm.sandboxes["prepaid"]),
        username=config.username,
        password=config.password,
    )
    async with PrepaidAdapter(settings) as adapter:
        absent: Any = None  # this test reads the prepaid API only
        context = GraphContext(Upstreams(adapter, absent, absent, absent, 0))
        # What invoice_connection reads of its info: the loaders, and the field it pages.
        where = Path(None, "invoices", "Query")
        info = cast(Info, SimpleNamespace(context=context, path=where, field_name="invoices"))
        page = await invoice_connection(
            info, order_by=InvoiceOrder.ACCOUNT_INVOICE_ID, first=3, after=None
        )
        ids = [edge.node.invoice_number for edge in page.edges]
        warm.reset_calls()
        loaded = await context.loader(prepaid_invoices).load_many(ids)
    assert [invoice.account_invoice_id for invoice in loaded] == ids
    assert warm.calls("prepaid") == {}

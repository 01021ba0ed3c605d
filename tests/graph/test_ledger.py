"""The Saasu part of the graph read over HTTP: fields, links, paging, batching, failures.

Saasu allows about one call a second and a daily cap, so every test that
reads counts the calls exactly. The expected records come from the seeded
chart the sandbox serves (``seed_accounts(WORLD)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from strawberry.relay import to_base64

from resolvers.cursors import Listing
from resolvers.ledger.paging import plan
from tests.graph.conftest import WORLD, Graph
from upstreams.saasu.sandbox.chart import seed_accounts

CHART = seed_accounts(WORLD)
BY_ID = {account.id: account for account in CHART}
GET = "GET /Account/{id}"
LIST = "GET /Accounts"
USD = next(a for a in CHART if a.name == "USD Account")
NZD = next(a for a in CHART if a.name == "NZD Account")


def gid(type_name: str, key: int) -> str:
    return to_base64(type_name, key)


@pytest.fixture(autouse=True)
def signed_in(graph: Graph) -> Iterator[None]:
    """The adapter's OAuth token is fetched once, so the counts below are of reads alone."""
    graph.execute(f"{{ ledgerAccount(accountNumber: {CHART[0].id}) {{ id }} }}")
    graph.reset_calls()
    yield
    graph.reset_switches()


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def test_one_account_with_header_and_exchange_costs_three_calls(graph: Graph) -> None:
    data = ok(
        graph.execute(
            """query($id: Int!) { ledgerAccount(accountNumber: $id) {
                id accountNumber source name accountLevel accountType isActive isBuiltIn
                lastUpdatedId defaultTaxCode ledgerCode currency isBankAccount createdDateUtc
                lastModifiedDateUtc includeInForecaster includePendingTransactions
                bankDetails { bsb number bankAccountName bankFileCreationEnabled bankCode }
                headerAccount { name accountLevel bankDetails { bsb } }
                exchangeAccount { name currency isBankAccount }
                merchantFeeAccount { name }
            } }""",
            {"id": USD.id},
        )
    )
    account = data["ledgerAccount"]
    assert account["id"] == gid("LedgerAccount", USD.id)
    assert account["accountNumber"] == USD.id
    assert account["source"] == "LEDGER"
    assert account["name"] == "USD Account"
    assert account["accountLevel"] == "DETAIL"
    assert account["currency"] == "USD"
    assert account["isBankAccount"] is True
    assert account["bankDetails"] is not None
    assert account["createdDateUtc"].startswith("20")
    assert account["headerAccount"] == {
        "name": BY_ID[USD.header_account_id].name,  # type: ignore[index]
        "accountLevel": "HEADER",
        "bankDetails": None,
    }
    assert account["exchangeAccount"]["currency"] == "AUD"
    assert account["exchangeAccount"]["isBankAccount"] is True
    assert account["merchantFeeAccount"] is None
    assert graph.calls("saasu") == {GET: 3}


def test_links_shared_by_two_accounts_are_read_once(graph: Graph) -> None:
    assert USD.header_account_id == NZD.header_account_id
    assert USD.exchange_account_id == NZD.exchange_account_id
    data = ok(
        graph.execute(
            """query($a: Int!, $b: Int!) {
                a: ledgerAccount(accountNumber: $a) {
                    headerAccount { name } exchangeAccount { name } }
                b: ledgerAccount(accountNumber: $b) {
                    headerAccount { name } exchangeAccount { name } }
                again: ledgerAccount(accountNumber: $a) { name }
            }""",
            {"a": USD.id, "b": NZD.id},
        )
    )
    assert data["a"]["headerAccount"] == data["b"]["headerAccount"]
    assert graph.calls("saasu") == {GET: 4}


def test_a_page_with_header_names_costs_one_list_call_plus_headers_not_in_it(
    graph: Graph,
) -> None:
    data = ok(
        graph.execute(
            """query($after: String) { ledgerAccounts(first: 25, after: $after) {
                totalCount pageInfo { hasNextPage hasPreviousPage }
                edges { node { accountNumber name headerAccount { accountNumber name } } }
            } }""",
            {"after": Listing("Query.ledgerAccounts").cursor(99)},
        )
    )
    page = CHART[100:125]
    # Saasu's page is chosen to hold the 25 (and one more, to know whether more follow)
    # in one call; every account on it primes the loader, not only the 25 shown.
    size, numbers = plan(100, 26)
    assert len(numbers) == 1
    listed = {a.id for a in CHART[(numbers[0] - 1) * size : numbers[0] * size]}
    outside = {a.header_account_id for a in page if a.header_account_id} - listed
    assert outside, "the test needs headers outside the page"
    nodes = [edge["node"] for edge in data["ledgerAccounts"]["edges"]]
    assert [n["accountNumber"] for n in nodes] == [a.id for a in page]
    for node, account in zip(nodes, page, strict=True):
        header = account.header_account_id
        assert node["headerAccount"] == (
            {"accountNumber": header, "name": BY_ID[header].name} if header else None
        )
    assert data["ledgerAccounts"]["totalCount"] is None
    assert data["ledgerAccounts"]["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}
    assert graph.calls("saasu") == {LIST: 1, GET: len(outside)}


def test_headers_inside_the_page_cost_nothing_more(graph: Graph) -> None:
    page = CHART[:25]
    headers = {a.header_account_id for a in page if a.header_account_id}
    assert headers and headers <= {a.id for a in page}
    ok(graph.execute("{ ledgerAccounts { edges { node { headerAccount { name } } } } }"))
    assert graph.calls("saasu") == {LIST: 1}


def test_pages_follow_each_other_by_cursor_to_the_end(graph: Graph) -> None:
    query = """query($after: String) { ledgerAccounts(first: 30, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { accountNumber } } } }"""
    seen: list[int] = []
    after = None
    for _ in range(10):
        page = ok(graph.execute(query, {"after": after}))["ledgerAccounts"]
        seen += [edge["node"]["accountNumber"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert seen == [a.id for a in CHART]
    assert graph.calls("saasu") == {LIST: -(-len(CHART) // 30)}


def test_filters_reach_saasu(graph: Graph) -> None:
    data = ok(
        graph.execute(
            """{ banks: ledgerAccounts(first: 100, isBankAccount: true) {
                    edges { node { accountNumber bankDetails { bankCode } } } }
                headers: ledgerAccounts(first: 100, accountLevel: HEADER) {
                    edges { node { accountNumber accountLevel } } }
                income: ledgerAccounts(first: 100, accountType: INCOME, includeBuiltIn: false) {
                    edges { node { accountType isBuiltIn } } }
            }"""
        )
    )
    banks = [e["node"] for e in data["banks"]["edges"]]
    assert [b["accountNumber"] for b in banks] == [a.id for a in CHART if a.is_bank_account]
    assert all(b["bankDetails"] is not None for b in banks)
    headers = [e["node"]["accountNumber"] for e in data["headers"]["edges"]]
    assert headers == [a.id for a in CHART if a.account_level == "Header"]
    income = [e["node"] for e in data["income"]["edges"]]
    assert income and all(i == {"accountType": "INCOME", "isBuiltIn": False} for i in income)
    assert graph.calls("saasu") == {LIST: 3}


def test_the_header_filter_takes_the_header_s_global_id(graph: Graph) -> None:
    header = next(a for a in CHART if a.account_level == "Header")
    under = [a.id for a in CHART if a.header_account_id == header.id]
    assert under, "the chart should have detail accounts under its first header"
    query = """query ($header: ID!) { ledgerAccounts(first: 100, headerAccountId: $header) {
        edges { node { accountNumber headerAccount { id } } } } }"""
    graph.reset_calls()
    found = ok(graph.execute(query, {"header": gid("LedgerAccount", header.id)}))
    nodes = [edge["node"] for edge in found["ledgerAccounts"]["edges"]]
    assert [n["accountNumber"] for n in nodes] == under
    assert {n["headerAccount"]["id"] for n in nodes} == {gid("LedgerAccount", header.id)}
    assert graph.calls("saasu") == {LIST: 1, "GET /Account/{id}": 1}
    graph.reset_calls()
    for wrong in (gid("InvoicingAccount", header.id), str(header.id)):
        refused = graph.execute(query, {"header": wrong})
        assert refused["data"] == {"ledgerAccounts": None}
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert graph.calls("saasu") == {}


def test_bank_details_are_null_on_other_accounts(graph: Graph) -> None:
    plain = next(a for a in CHART if not a.is_bank_account and a.account_level == "Detail")
    data = ok(
        graph.execute(f"{{ ledgerAccount(accountNumber: {plain.id}) {{ bankDetails {{ bsb }} }} }}")
    )
    assert data["ledgerAccount"]["bankDetails"] is None


def test_node_and_nodes_go_through_the_loader(graph: Graph) -> None:
    data = ok(
        graph.execute(
            """query($a: ID!, $ids: [ID!]!) {
                node(id: $a) { id ... on LedgerAccount { name headerAccount { name } } }
                nodes(ids: $ids) { ... on Account { source name } }
            }""",
            {
                "a": gid("LedgerAccount", USD.id),
                "ids": [
                    gid("LedgerAccount", NZD.id),
                    gid("LedgerAccount", 1),
                    gid("LedgerAccount", USD.header_account_id),  # type: ignore[arg-type]
                ],
            },
        )
    )
    assert data["node"]["name"] == "USD Account"
    assert data["nodes"] == [
        {"source": "LEDGER", "name": "NZD Account"},
        None,
        {"source": "LEDGER", "name": data["node"]["headerAccount"]["name"]},
    ]
    assert graph.calls("saasu") == {GET: 4}


def test_a_missing_account_is_null_with_not_found(graph: Graph) -> None:
    body = graph.execute("{ ledgerAccount(accountNumber: 1) { name } }")
    assert body["data"] == {"ledgerAccount": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["path"] == ["ledgerAccount"]


@pytest.mark.parametrize(
    "arguments", ["first: 0", "first: 101", 'after: "not-a-cursor"', 'after: "b2Zmc2V0Oi0x"']
)
def test_bad_paging_is_refused_before_any_call(graph: Graph, arguments: str) -> None:
    body = graph.execute(f"{{ ledgerAccounts({arguments}) {{ edges {{ cursor }} }} }}")
    assert body["data"] == {"ledgerAccounts": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert graph.calls("saasu") == {}


def test_saasu_down_leaves_the_rest_of_the_answer(graph: Graph) -> None:
    graph.switch("saasu", error_rate=1.0)
    try:
        body = graph.execute(
            f"""{{ ledgerAccount(accountNumber: {USD.id}) {{ name }}
                ledgerAccounts(first: 5) {{ edges {{ cursor }} }}
                invoicingAccount {{ name source }} }}"""
        )
    finally:
        graph.reset_switches()
    assert body["data"]["ledgerAccount"] is None
    assert body["data"]["ledgerAccounts"] is None
    assert body["data"]["invoicingAccount"]["source"] == "INVOICING"
    codes = {tuple(e["path"]): e["extensions"]["code"] for e in body["errors"]}
    assert codes == {
        ("ledgerAccount",): "UPSTREAM_UNAVAILABLE",
        ("ledgerAccounts",): "UPSTREAM_UNAVAILABLE",
    }


def test_every_field_is_described_and_the_deprecated_one_says_why(graph: Graph) -> None:
    data = ok(
        graph.execute(
            """{ __type(name: "LedgerAccount") { description
                fields(includeDeprecated: true) { name description isDeprecated deprecationReason }
            } }"""
        )
    )
    fields = {f["name"]: f for f in data["__type"]["fields"]}
    assert all(f["description"] for f in fields.values())
    assert fields["includePendingTransactions"]["isDeprecated"] is True
    assert fields["includePendingTransactions"]["deprecationReason"]
    for name in ("headerAccount", "exchangeAccount", "merchantFeeAccount", "bankDetails"):
        assert name in fields


def test_last_before_pages_backwards_and_last_alone_is_refused(graph: Graph) -> None:
    forward = graph.execute(
        "{ ledgerAccounts(first: 10) { edges { cursor node { accountNumber } } } }"
    )
    edges = forward["data"]["ledgerAccounts"]["edges"]
    backward = graph.execute(
        "query ($before: String!) { ledgerAccounts(last: 4, before: $before) {"
        " edges { cursor node { accountNumber } } } }",
        {"before": edges[8]["cursor"]},
    )
    assert backward["data"]["ledgerAccounts"]["edges"] == edges[4:8]
    graph.reset_calls()
    refused = graph.execute("{ ledgerAccounts(last: 4) { edges { cursor } } }")
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert graph.calls("saasu") == {}

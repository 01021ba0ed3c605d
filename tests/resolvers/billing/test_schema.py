"""Billing reads over HTTP: fields, links, paging, node ids and exact upstream call counts."""

from __future__ import annotations

from typing import Any

from strawberry import relay

from resolvers.cursors import Listing
from tests.graph.conftest import WORLD, Graph

LOGIN = "POST /Access/Login"
ONE = "GET /Account/{id}"
DETAIL = "GET /Account/{id}/Detail"
PAGED = "GET /Account/Paged"
PAGED_DETAIL = "GET /Account/Paged/Detail"


def billing_calls(graph: Graph) -> dict[str, int]:
    """Calls since the last reset, without the login (made once per token, not per query)."""
    calls = graph.calls("billing")
    assert calls.pop(LOGIN, 0) <= 1
    return calls


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


def test_one_account_with_its_invoicer_name_costs_one_call(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccount(identity: 1001) {
            id identity source name invoicerAccountName billDay usageBillDay created
            currencyName vatNumber isReadOnlyBillDay externalAccountIdentifier } }"""
    )
    account = data(body)["customerAccount"]
    assert account["id"] == gid("CustomerAccount", 1001)
    assert account["identity"] == 1001
    assert account["source"] == "BILLING"
    assert account["name"] and account["invoicerAccountName"]
    assert 1 <= account["billDay"] <= 28
    assert account["created"].endswith("+00:00")
    assert billing_calls(graph) == {ONE: 1}


def test_detail_fields_of_one_account_cost_one_detail_call(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccount(identity: 1001) {
            name currencyName
            summary { balance { amount currency } balanceDue { amount currency } }
            contacts { id name firstName contactPoints { contactPointTypeName value }
                       address { cityName countryCode } }
            currentRatePlan { name } currentPricePlan { name }
            taxAddresses { name } priceBookRegions { name } taxExemptions { description } } }"""
    )
    account = data(body)["customerAccount"]
    summary = account["summary"]
    assert summary["balance"]["currency"] == account["currencyName"]
    assert isinstance(summary["balance"]["amount"], str)  # Decimal, never a float
    assert account["contacts"], "1001 has a contact in the default seed"
    assert account["contacts"][0]["contactPoints"]
    assert billing_calls(graph) == {DETAIL: 1}


def test_fifty_accounts_with_contacts_and_summary_cost_one_page_call(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccounts(first: 50) { totalCount edges { node {
            identity name contacts { name contactPoints { value } }
            summary { balance { amount currency } } } } } }"""
    )
    connection = data(body)["customerAccounts"]
    nodes = [edge["node"] for edge in connection["edges"]]
    assert [n["identity"] for n in nodes] == list(range(1001, 1051))
    assert connection["totalCount"] == WORLD.billing_accounts
    assert all(n["summary"]["balance"]["currency"] for n in nodes)
    assert sum(len(n["contacts"]) for n in nodes) > 50  # 0..5 contacts each, 2 on average
    assert billing_calls(graph) == {PAGED_DETAIL: 1}


def test_a_page_of_plain_fields_never_reads_details(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        "{ customerAccounts(first: 30) { edges { node { identity name billDay } } } }"
    )
    assert len(data(body)["customerAccounts"]["edges"]) == 30
    assert billing_calls(graph) == {PAGED: 1}


def test_detail_fields_in_a_fragment_choose_the_detail_page(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """query { customerAccounts(first: 10) { edges { node { ...Owed } } } }
           fragment Owed on CustomerAccount { name summary { balanceDue { amount } } }"""
    )
    assert len(data(body)["customerAccounts"]["edges"]) == 10
    assert billing_calls(graph) == {PAGED_DETAIL: 1}


def test_following_invoicers_costs_one_call_per_distinct_invoicer_not_on_the_page(
    graph: Graph,
) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccounts(first: 50) { edges { node {
            id identity invoicerAccountId invoicerAccountName
            invoicerAccount { id name }
            usageInvoicerAccount { id } } } } }"""
    )
    nodes = [edge["node"] for edge in data(body)["customerAccounts"]["edges"]]
    for node in nodes:
        assert node["invoicerAccount"]["id"] == node["invoicerAccountId"]
        assert node["invoicerAccount"]["name"] == node["invoicerAccountName"]
    on_page = {n["id"] for n in nodes}
    linked = {n["invoicerAccountId"] for n in nodes} | {
        n["usageInvoicerAccount"]["id"] for n in nodes
    }
    expected = len(linked - on_page)
    assert expected > 0, "the seed should invoice some of these through other accounts"
    assert billing_calls(graph) == {PAGED: 1, ONE: expected}


def test_parent_and_top_accounts_come_from_the_detail_page(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccounts(first: 20) { edges { node {
            identity parentAccount { identity } topAccount { identity } } } } }"""
    )
    nodes = [edge["node"] for edge in data(body)["customerAccounts"]["edges"]]
    outside = {
        link["identity"]
        for n in nodes
        for link in (n["parentAccount"], n["topAccount"])
        if link is not None
    } - {n["identity"] for n in nodes}
    calls = billing_calls(graph)
    assert calls == ({PAGED_DETAIL: 1, ONE: len(outside)} if outside else {PAGED_DETAIL: 1})


def test_after_a_cursor_not_on_a_page_boundary_reads_one_covering_page(graph: Graph) -> None:
    first_page = data(graph.execute("{ customerAccounts(first: 3) { edges { cursor } } }"))
    after = first_page["customerAccounts"]["edges"][2]["cursor"]
    graph.reset_calls()
    body = graph.execute(
        """query($after: String) { customerAccounts(first: 7, after: $after) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { identity } } } }""",
        {"after": after},
    )
    connection = data(body)["customerAccounts"]
    assert [e["node"]["identity"] for e in connection["edges"]] == list(range(1004, 1011))
    assert connection["pageInfo"]["hasNextPage"] is True
    assert connection["pageInfo"]["hasPreviousPage"] is True
    assert billing_calls(graph) == {PAGED: 1}
    following = data(
        graph.execute(
            "query($a: String) { customerAccounts(first: 2, after: $a) "
            "{ edges { node { identity } } } }",
            {"a": connection["pageInfo"]["endCursor"]},
        )
    )
    assert [e["node"]["identity"] for e in following["customerAccounts"]["edges"]] == [1011, 1012]


def test_the_last_page_says_no_next_page(graph: Graph) -> None:
    last = WORLD.billing_accounts - 2  # offset of the second-to-last account
    after = Listing("Query.customerAccounts").cursor(last - 1)
    body = graph.execute(
        "query($a: String) { customerAccounts(first: 5, after: $a) { pageInfo { hasNextPage } "
        "edges { node { identity } } } }",
        {"a": after},
    )
    connection = data(body)["customerAccounts"]
    assert len(connection["edges"]) == 2
    assert connection["pageInfo"]["hasNextPage"] is False


def test_first_out_of_range_and_foreign_cursors_are_bad_input_with_no_call(graph: Graph) -> None:
    graph.reset_calls()
    for arguments in ("first: 0", "first: 101", 'after: "bm90LW91cnM="'):
        body = graph.execute(f"{{ customerAccounts({arguments}) {{ totalCount }} }}")
        assert body["data"] == {"customerAccounts": None}
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert billing_calls(graph) == {}


def test_notes_page_with_cursors_and_total(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccount(identity: 1002) { notes(first: 2) { totalCount
            pageInfo { endCursor hasNextPage }
            edges { node { id identity subject text noteTypeName created isImportant
                           customerAccount { identity } } } } } }"""
    )
    notes = data(body)["customerAccount"]["notes"]
    assert notes["totalCount"] >= len(notes["edges"])
    for edge in notes["edges"]:
        assert edge["node"]["customerAccount"]["identity"] == 1002
        assert edge["node"]["id"] == gid("Note", f"1002:{edge['node']['identity']}")
    # The note's account was already read for the root field: no second call.
    assert billing_calls(graph) == {ONE: 1, "GET /Account/{id}/Note/Paged": 1}


def test_node_and_nodes_round_trip_every_billing_node(graph: Graph) -> None:
    body = graph.execute(
        """{ customerAccount(identity: 1001) { id name
            contacts { id name } notes(first: 1) { edges { node { id subject } } } } }"""
    )
    account = data(body)["customerAccount"]
    contact = account["contacts"][0]
    note = account["notes"]["edges"][0]["node"]
    missing = gid("CustomerAccount", 999999)
    graph.reset_calls()
    body = graph.execute(
        """query($ids: [ID!]!) { nodes(ids: $ids) { id
            ... on CustomerAccount { name }
            ... on Contact { contactName: name customerAccount { identity } }
            ... on Note { subject } } }""",
        {"ids": [account["id"], contact["id"], note["id"], missing]},
    )
    nodes = data(body)["nodes"]
    assert nodes[0] == {"id": account["id"], "name": account["name"]}
    assert nodes[1] == {
        "id": contact["id"],
        "contactName": contact["name"],
        "customerAccount": {"identity": 1001},
    }
    assert nodes[2] == {"id": note["id"], "subject": note["subject"]}
    assert nodes[3] is None
    single = data(graph.execute("query($id: ID!) { node(id: $id) { id } }", {"id": contact["id"]}))
    assert single["node"] == {"id": contact["id"]}


def test_a_missing_account_is_not_found(graph: Graph) -> None:
    body = graph.execute("{ customerAccount(identity: 999999) { name } }")
    assert body["data"] == {"customerAccount": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_prepaid_account_through_external_identifier(graph: Graph) -> None:
    linked = next(b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b))
    unlinked = next(b for b in WORLD.billing_ids() if not WORLD.prepaid_id_for_billing(b))
    body = graph.execute(
        """query($a: Int!, $b: Int!) {
            a: customerAccount(identity: $a) { externalAccountIdentifier
                prepaidAccount { id source } }
            b: customerAccount(identity: $b) { prepaidAccount { id } } }""",
        {"a": linked, "b": unlinked},
    )
    answer = data(body)
    prepaid_id = WORLD.prepaid_id_for_billing(linked)
    assert answer["a"]["externalAccountIdentifier"] == str(prepaid_id)
    assert answer["a"]["prepaidAccount"] == {
        "id": gid("PrepaidAccount", prepaid_id),
        "source": "PREPAID",
    }
    assert answer["b"]["prepaidAccount"] is None


def test_billing_down_nulls_only_billing_fields(graph: Graph) -> None:
    try:
        graph.switch("billing", error_rate=1.0)
        body = graph.execute(
            """{ a: customerAccount(identity: 1004) { name }
                 b: customerAccounts(first: 2) { totalCount }
                 __typename }"""
        )
    finally:
        graph.reset_switches()
    assert body["data"] == {"a": None, "b": None, "__typename": "Query"}
    codes = {tuple(e["path"]): e["extensions"]["code"] for e in body["errors"]}
    assert set(codes) == {("a",), ("b",)}
    assert all(code not in ("INTERNAL", None) for code in codes.values())


def test_a_failing_detail_read_nulls_only_the_account_that_needed_it(graph: Graph) -> None:
    data(graph.execute("{ customerAccount(identity: 1005) { name } }"))
    try:
        graph.switch("billing", error_rate=1.0, only_endpoints=[DETAIL])
        body = graph.execute(
            "{ customerAccount(identity: 1005) { name invoicerAccountName } other: "
            "customerAccount(identity: 1006) { name contacts { name } } }"
        )
    finally:
        graph.reset_switches()
    # With a detail field selected the root read is the detail read itself.
    assert body["data"]["customerAccount"]["name"]
    assert body["data"]["other"] is None
    assert body["errors"][0]["path"] == ["other"]


def test_a_detail_page_primes_the_account_loader_too(graph: Graph) -> None:
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccounts(first: 50) { edges { node {
            id invoicerAccountId contacts { name } invoicerAccount { name } } } } }"""
    )
    nodes = [edge["node"] for edge in data(body)["customerAccounts"]["edges"]]
    outside = {n["invoicerAccountId"] for n in nodes} - {n["id"] for n in nodes}
    assert all(n["invoicerAccount"]["name"] for n in nodes)
    assert billing_calls(graph) == {PAGED_DETAIL: 1, ONE: len(outside)}


def test_available_tax_addresses_include_the_accounts_own(graph: Graph) -> None:
    page = graph.execute(
        "{ customerAccounts(first: 100) { edges { node { id identity invoicerAccountId } } } }"
    )["data"]["customerAccounts"]["edges"]
    child = next(
        e["node"] for e in page if e["node"]["invoicerAccountId"] not in (None, e["node"]["id"])
    )
    query = """query Tax($id: Int!) { customerAccount(identity: $id) {
        taxAddresses { name } availableTaxAddresses { name } } }"""
    graph.reset_calls()
    account = graph.execute(query, {"id": child["identity"]})["data"]["customerAccount"]
    own = {a["name"] for a in account["taxAddresses"]}
    assert own <= {a["name"] for a in account["availableTaxAddresses"]}
    assert graph.calls("billing") == {
        "GET /Account/{id}/Detail": 1,
        "GET /Account/{id}/TaxAddress/AvailableFor": 1,
    }


def test_customer_accounts_page_backwards(graph: Graph) -> None:
    query = "{ customerAccounts(first: 10) { edges { cursor node { identity } } } }"
    edges = graph.execute(query)["data"]["customerAccounts"]["edges"]
    graph.reset_calls()
    backward = graph.execute(
        "query ($before: String!) { customerAccounts(last: 3, before: $before) {"
        " pageInfo { hasPreviousPage } edges { cursor node { identity } } } }",
        {"before": edges[7]["cursor"]},
    )["data"]["customerAccounts"]
    assert backward["edges"] == edges[4:7]
    assert backward["pageInfo"]["hasPreviousPage"] is True
    assert graph.calls("billing") == {"GET /Account/Paged": 1}


def test_last_alone_reads_the_final_accounts_after_learning_the_total(graph: Graph) -> None:
    graph.reset_calls()
    tail = graph.execute(
        "{ customerAccounts(last: 2) { totalCount pageInfo { hasNextPage }"
        " edges { node { identity } } } }"
    )["data"]["customerAccounts"]
    assert [e["node"]["identity"] for e in tail["edges"]] == list(WORLD.billing_ids())[-2:]
    assert tail["pageInfo"]["hasNextPage"] is False
    assert graph.calls("billing") == {"GET /Account/Paged": 2}


def test_contacts_of_a_page_link_back_to_their_account_at_no_extra_call(graph: Graph) -> None:
    """Contact.customerAccount reads through the account loader, which the page primed."""
    graph.reset_calls()
    body = graph.execute(
        """{ customerAccounts(first: 20) { edges { node { id identity
            contacts { id customerAccountIdentity customerAccountId customerAccount { id name }
                       contactPoints { contactId } } } } } }"""
    )
    nodes = [edge["node"] for edge in data(body)["customerAccounts"]["edges"]]
    contacts = [(node, contact) for node in nodes for contact in node["contacts"]]
    assert contacts, "the seed should give these accounts contacts"
    for node, contact in contacts:
        assert contact["customerAccountIdentity"] == node["identity"]
        assert contact["customerAccountId"] == node["id"]
        assert contact["customerAccount"]["id"] == node["id"]
        assert all(point["contactId"] == contact["id"] for point in contact["contactPoints"])
    assert billing_calls(graph) == {PAGED_DETAIL: 1}


def test_records_of_an_account_name_it_by_global_id(graph: Graph) -> None:
    body = graph.execute(
        """{ customerAccounts(first: 50) { edges { node { id
            currentPricePlan { customerAccountId } taxAddresses { customerAccountId }
            taxExemptions { customerAccountId } } } } }"""
    )
    nodes = [edge["node"] for edge in data(body)["customerAccounts"]["edges"]]
    named = [
        (node["id"], record["customerAccountId"])
        for node in nodes
        for record in [
            node["currentPricePlan"] or {},
            *node["taxAddresses"],
            *node["taxExemptions"],
        ]
        if record.get("customerAccountId") is not None
    ]
    assert named, "the seed should give these accounts plans or tax records"
    # The account's own plan, tax addresses and exemptions: each names the account itself.
    assert all(own == named_id for own, named_id in named)

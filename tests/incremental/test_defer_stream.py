"""``@defer`` and ``@stream`` over HTTP: the parts, what they cost, and who gets one answer.

A deferred or streamed query costs exactly the upstream calls of the same
query without the directives: the request's dataloaders, and their cache,
serve every part.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.graph.conftest import WORLD, Graph, data
from tests.graph.test_named_queries import FIFTY_ACCOUNTS, HUNDRED_INVOICES
from tests.incremental.multipart import ACCEPT, incremental, merged

FIFTY_DEFERRED = """
query FiftyAccountsDeferred {
  customerAccounts(first: 50) {
    totalCount
    edges { node {
      identity name invoicerAccountName
      contacts { firstName lastName }
      ... @defer(label: "balances") {
        prepaidAccount { accountNumber balance { amount currency } }
      }
    } }
  }
}"""

HUNDRED_STREAMED = """
query HundredInvoicesStreamed {
  invoices(first: 100) {
    edges @stream(initialCount: 10) {
      node { invoiceNumber total { amount currency } prepaidAccount { accountNumber name } }
    }
  }
}"""

LEDGER_DEFERRED = """
query CustomersThenLedger {
  customerAccounts(first: 5) { edges { node { identity name } } }
  ... @defer(label: "ledger") { ledgerAccounts(first: 5) { edges { node { name } } } }
}"""


def parts(graph: Graph, query: str, variables: dict[str, Any] | None = None) -> list[Any]:
    with incremental(graph.http, graph.url, query, variables) as (response, payloads):
        assert response.status_code == 200
        return list(payloads)


def linked(nodes: list[dict[str, Any]]) -> set[int]:
    found = (WORLD.prepaid_id_for_billing(n["identity"]) for n in nodes)
    return {prepaid for prepaid in found if prepaid is not None}


def test_fifty_accounts_arrive_first_and_their_balances_after_for_the_same_calls(
    graph: Graph,
) -> None:
    first, *rest = parts(graph, FIFTY_DEFERRED)
    nodes = [e["node"] for e in first["data"]["customerAccounts"]["edges"]]
    assert len(nodes) == 50 and first["hasNext"] is True
    assert all("prepaidAccount" not in node for node in nodes)
    assert rest[-1]["hasNext"] is False
    deferred = [part for payload in rest for part in payload.get("incremental", [])]
    assert {part["label"] for part in deferred} == {"balances"}
    assert sorted(part["path"][2] for part in deferred) == list(range(50))
    calls = graph.calls("billing"), graph.calls("prepaid")
    assert calls == ({"GET /Account/Paged/Detail": 1}, {"AccountRead": len(linked(nodes))})

    graph.reset_calls()
    whole = graph.execute(FIFTY_ACCOUNTS)
    assert (graph.calls("billing"), graph.calls("prepaid")) == calls
    assert merged([first, *rest]) == whole


def test_a_hundred_invoices_stream_after_the_first_ten_for_the_same_calls(graph: Graph) -> None:
    first, *rest = parts(graph, HUNDRED_STREAMED)
    assert len(first["data"]["invoices"]["edges"]) == 10
    streamed = [part for payload in rest for part in payload.get("incremental", [])]
    assert streamed[0]["path"] == ["invoices", "edges", 10]
    assert sum(len(part["items"]) for part in streamed) == 90
    calls = graph.calls("prepaid")

    graph.reset_calls()
    whole = graph.execute(HUNDRED_INVOICES)
    assert graph.calls("prepaid") == calls
    assert merged([first, *rest]) == whole


def test_a_failing_deferred_saasu_part_carries_its_own_errors(graph: Graph) -> None:
    graph.switch("saasu", error_rate=1.0)
    first, *rest = parts(graph, LEDGER_DEFERRED)
    assert "errors" not in first
    assert len(first["data"]["customerAccounts"]["edges"]) == 5
    (payload,) = [payload for payload in rest if payload.get("incremental")]
    (part,) = payload["incremental"]
    assert part["label"] == "ledger" and part["path"] == []
    assert part["data"] == {"ledgerAccounts": None}
    assert [error["extensions"]["code"] for error in part["errors"]] == ["UPSTREAM_UNAVAILABLE"]
    assert part["errors"][0]["path"] == ["ledgerAccounts"]
    assert rest[-1]["hasNext"] is False


def test_a_client_that_does_not_ask_for_parts_gets_one_whole_answer(graph: Graph) -> None:
    response = graph.http.post(
        graph.url,
        json={"query": FIFTY_DEFERRED},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    nodes = [e["node"] for e in data(response.json())["customerAccounts"]["edges"]]
    assert len(nodes) == 50 and all("prepaidAccount" in node for node in nodes)


def test_nothing_deferred_is_one_json_answer_even_to_a_client_that_reads_parts(
    graph: Graph,
) -> None:
    query = "{ customerAccounts(first: 2) { edges { node { identity } } } }"
    response = graph.http.post(graph.url, json={"query": query}, headers={"accept": ACCEPT})
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert len(data(response.json())["customerAccounts"]["edges"]) == 2


def test_a_mutation_answers_in_one_payload_with_its_deferred_fields_in_place(
    graph: Graph,
) -> None:
    account = WORLD.billing_ids()[-1]
    mutation = """mutation Note($input: CreateNoteInput!) {
      createNote(input: $input) {
        note { subject ... @defer { customerAccount { identity } } }
        userErrors { code }
      }
    }"""
    variables = {
        "input": {
            "customerAccountId": _gid("CustomerAccount", account),
            "subject": "Deferred",
            "text": "Answered whole",
            "noteTypeId": 2,
        }
    }
    response = graph.http.post(
        graph.url, json={"query": mutation, "variables": variables}, headers={"accept": ACCEPT}
    )
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    payload = data(response.json())["createNote"]
    assert payload["userErrors"] == []
    assert payload["note"] == {"subject": "Deferred", "customerAccount": {"identity": account}}


def test_a_query_over_get_may_be_answered_in_parts(graph: Graph) -> None:
    with graph.http.stream(
        "GET", graph.url, params={"query": LEDGER_DEFERRED}, headers={"accept": ACCEPT}
    ) as response:
        assert response.headers["content-type"].startswith("multipart/mixed")
        body = response.read()
    assert body.endswith(b"\r\n-----\r\n")


def test_a_bare_multipart_accept_reads_the_2022_format(graph: Graph) -> None:
    # What GraphiQL and urql send.
    accept = "application/json, multipart/mixed"
    with incremental(graph.http, graph.url, LEDGER_DEFERRED, accept=accept) as (_, payloads):
        assert "ledgerAccounts" in merged(list(payloads))["data"]


def test_a_client_naming_only_another_format_gets_one_whole_answer(graph: Graph) -> None:
    response = httpx.post(
        graph.url,
        json={"query": LEDGER_DEFERRED},
        headers={"accept": "multipart/mixed;incrementalSpec=v0.2, application/json"},
        timeout=30,
    )
    assert response.headers["content-type"].startswith("application/json")
    assert "ledgerAccounts" in response.json()["data"]


def _gid(type_name: str, key: object) -> str:
    from strawberry import relay

    return str(relay.GlobalID(type_name, str(key)))


def test_a_persisted_query_is_answered_in_parts_by_its_hash(graph: Graph) -> None:
    """Apollo's automatic persisted queries: the hash alone, once the gateway knows the text."""
    query = LEDGER_DEFERRED + "\n# persisted"
    extensions = {
        "persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}
    }
    headers = {"accept": ACCEPT}
    unknown = graph.http.post(graph.url, json={"extensions": extensions}, headers=headers)
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    with graph.http.stream(
        "POST", graph.url, json={"query": query, "extensions": extensions}, headers=headers
    ) as response:
        assert response.headers["content-type"].startswith("multipart/mixed")
        response.read()
    with graph.http.stream(
        "POST", graph.url, json={"extensions": extensions}, headers=headers
    ) as response:
        assert response.headers["content-type"].startswith("multipart/mixed")
        assert response.read().endswith(b"\r\n-----\r\n")


def test_defer_on_a_mutations_root_fields_is_refused(graph: Graph) -> None:
    mutation = """mutation { ... @defer { deleteNote(input: {id: "Tm90ZTox"}) { deletedIds } } }"""
    response = graph.http.post(graph.url, json={"query": mutation}, headers={"accept": ACCEPT})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "mutation" in error["message"]
    assert graph.calls("billing") == {}


def test_a_client_that_accepts_only_parts_gets_a_whole_answer_in_legacy_json(
    graph: Graph,
) -> None:
    query = "{ customerAccounts(first: 1) { edges { node { identity } } } }"
    accept = "multipart/mixed;deferSpec=20220824"
    response = graph.http.post(graph.url, json={"query": query}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert len(data(response.json())["customerAccounts"]["edges"]) == 1

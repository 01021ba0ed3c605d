"""Persisted operations over real HTTP: Apollo's APQ protocol, and trusted documents."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from gateway.persisted import MemoryDocumentStore, PersistedQueries, read_manifest
from gateway.persisted_redis import RedisDocumentStore
from gateway.persisted_settings import PersistedSettings
from gateway.protocol.execution import Outcome
from gateway.protocol.params import GraphQLParams
from tests.graph.conftest import Graph, running_graph

GRAPHQL_RESPONSE = "application/graphql-response+json"
UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")
QUERY = "query Org { invoicingAccount { id name } }"
UNLISTED = "query Other { invoicingAccount { id } }"
TRUSTED = PersistedSettings(mode="trusted")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def extension(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}}


def post(graph: Graph, body: dict[str, Any]) -> httpx.Response:
    graph.reset_calls()
    return graph.http.post(graph.url, json=body, headers={"accept": GRAPHQL_RESPONSE})


def get(graph: Graph, params: dict[str, str]) -> httpx.Response:
    graph.reset_calls()
    return graph.http.get(graph.url, params=params, headers={"accept": GRAPHQL_RESPONSE})


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json().get("errors", [])]


def no_upstream_calls(graph: Graph) -> bool:
    return all(graph.calls(upstream) == {} for upstream in UPSTREAMS)


@pytest.fixture(scope="module")
def apq() -> Iterator[Graph]:
    with running_graph() as running:
        yield running


def test_apq_over_post_registers_then_runs_by_hash(apq: Graph) -> None:
    text = "query PostOrg { invoicingAccount { id name } }"
    unknown = post(apq, {"extensions": extension(text)})
    assert unknown.status_code == 200
    assert codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert no_upstream_calls(apq)
    registered = post(apq, {"query": text, "extensions": extension(text)})
    assert registered.status_code == 200
    assert registered.json()["data"]["invoicingAccount"]["id"]
    by_hash = post(apq, {"extensions": extension(text)})
    assert by_hash.json() == registered.json()
    assert apq.calls("invoicexpress") != {}


def test_apq_over_get(apq: Graph) -> None:
    text = "query GetOrg { invoicingAccount { name } }"
    params = {"extensions": json.dumps(extension(text))}
    assert codes(get(apq, params)) == ["PERSISTED_QUERY_NOT_FOUND"]
    first = get(apq, {**params, "query": text})
    assert first.status_code == 200
    again = get(apq, params)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert "name" in again.json()["data"]["invoicingAccount"]


def test_apq_refuses_a_query_that_does_not_match_its_hash(apq: Graph) -> None:
    response = post(apq, {"query": QUERY, "extensions": extension("{ __typename }")})
    assert response.status_code == 400
    assert codes(response) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert no_upstream_calls(apq)
    # Nothing was stored under the hash it claimed.
    assert codes(post(apq, {"extensions": extension("{ __typename }")})) == [
        "PERSISTED_QUERY_NOT_FOUND"
    ]


def test_apq_refuses_an_unknown_version(apq: Graph) -> None:
    body = {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": sha(QUERY)}}}
    response = post(apq, body)
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


def test_apq_stores_only_documents_that_parse_and_validate(apq: Graph) -> None:
    """A registration that would not run is answered with why, and leaves nothing behind."""
    cases = [
        ("query Broken { invoicingAccount { id ", "GRAPHQL_PARSE_FAILED"),
        ("query Unknown { invoicingAccount { noSuchField } }", "GRAPHQL_VALIDATION_FAILED"),
        ("query Bomb { ...A } fragment A on Query { ...A }", "GRAPHQL_VALIDATION_FAILED"),
    ]
    for text, code in cases:
        registered = post(apq, {"query": text, "extensions": extension(text)})
        assert registered.status_code == 400
        assert codes(registered) == [code]
        assert codes(post(apq, {"extensions": extension(text)})) == ["PERSISTED_QUERY_NOT_FOUND"]
        assert no_upstream_calls(apq)


def padded(text: str, size: int, fill: str = "é") -> str:
    """``text`` followed by a comment of ``fill`` that brings it to ``size`` UTF-8 bytes."""
    room = size - len(text.encode()) - 2
    width = len(fill.encode())
    return text + " #" + fill * (room // width) + "x" * (room % width)


def test_apq_refuses_a_document_over_its_size_limit_and_stores_nothing(apq: Graph) -> None:
    over = padded("query Large { invoicingAccount { id } }", 100_001)
    assert len(over) < 100_000  # it is the bytes that count, not the characters
    response = post(apq, {"query": over, "extensions": extension(over)})
    assert response.status_code == 400
    assert codes(response) == ["PERSISTED_QUERY_TOO_LARGE"]
    assert "100000 bytes" in response.json()["errors"][0]["message"]
    assert no_upstream_calls(apq)
    assert codes(post(apq, {"extensions": extension(over)})) == ["PERSISTED_QUERY_NOT_FOUND"]
    at_limit = padded("query Largest { invoicingAccount { id } }", 100_000)
    assert post(apq, {"query": at_limit, "extensions": extension(at_limit)}).status_code == 200
    by_hash = post(apq, {"extensions": extension(at_limit)})
    assert by_hash.json()["data"]["invoicingAccount"]["id"]


def test_the_memory_store_is_bounded_in_bytes() -> None:
    """Five documents of 90 kB in a store of 250 kB: the oldest make room for the newest."""
    store = MemoryDocumentStore(max_bytes=250_000)
    texts = [padded(f"query Q{i} {{ __typename }}", 90_000, "x") for i in range(5)]
    with running_graph(persisted=PersistedQueries(store)) as graph:
        for text in texts:
            assert post(graph, {"query": text, "extensions": extension(text)}).status_code == 200
            assert store.weight <= 250_000
        kept = [codes(post(graph, {"extensions": extension(text)})) == [] for text in texts]
    assert kept == [False, False, False, True, True]
    assert len(store) == 2


def test_a_redis_store_is_written_only_with_documents_that_pass(redis_url: str) -> None:
    """Too large, unparseable, invalid: none reaches Redis; a valid one does."""
    prefix = f"test-{uuid.uuid4()}:"
    client = redis.Redis.from_url(redis_url)
    valid = "query Kept { __typename }"
    refused = [
        padded("query Large { __typename }", 100_001),
        "query Broken { __typename",
        "query Unknown { noSuchField }",
    ]
    store = RedisDocumentStore(redis_url, prefix=prefix)
    try:
        with running_graph(persisted=PersistedQueries(store)) as graph:
            for text in refused:
                assert (
                    post(graph, {"query": text, "extensions": extension(text)}).status_code == 400
                )
            assert client.keys(prefix + "*") == []
            assert post(graph, {"query": valid, "extensions": extension(valid)}).status_code == 200
        assert client.keys(prefix + "*") == [(prefix + sha(valid)).encode()]
    finally:
        client.close()


def manifest(tmp: Path) -> Path:
    path = tmp / "manifest.json"
    path.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [
                    {"id": sha(QUERY), "name": "Org", "type": "query", "body": QUERY},
                ],
            }
        )
    )
    return path


@pytest.fixture(scope="module")
def trusted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    operations = read_manifest(manifest(tmp_path_factory.mktemp("trusted")))
    persisted = PersistedQueries(
        MemoryDocumentStore(max_bytes=TRUSTED.memory_max_bytes), TRUSTED, manifest=operations
    )
    with running_graph(persisted=persisted) as running:
        yield running


def test_trusted_mode_runs_a_registered_operation_by_id(trusted: Graph) -> None:
    response = post(trusted, {"extensions": extension(QUERY)})
    assert response.status_code == 200
    assert response.json()["data"]["invoicingAccount"]["id"]
    assert trusted.calls("invoicexpress") != {}


def test_trusted_mode_runs_a_registered_document_sent_in_full(trusted: Graph) -> None:
    response = post(trusted, {"query": QUERY})
    assert response.status_code == 200
    assert "errors" not in response.json()


def test_trusted_mode_refuses_a_free_form_document(trusted: Graph) -> None:
    for body in ({"query": UNLISTED}, {"query": UNLISTED, "extensions": extension(UNLISTED)}):
        response = post(trusted, body)
        assert response.status_code == 400
        assert codes(response) == ["OPERATION_NOT_TRUSTED"]
        assert no_upstream_calls(trusted)
    # Sending it did not register it.
    assert codes(post(trusted, {"extensions": extension(UNLISTED)})) == [
        "PERSISTED_QUERY_NOT_FOUND"
    ]


async def test_two_instances_share_trusted_documents_through_redis(
    redis_url: str, tmp_path: Path
) -> None:
    operations = read_manifest(manifest(tmp_path))
    prefix = f"test-{uuid.uuid4()}:"
    first_store = RedisDocumentStore(redis_url, prefix=prefix)
    second_store = RedisDocumentStore(redis_url, prefix=prefix)
    first = PersistedQueries(first_store, TRUSTED, manifest=operations)
    second = PersistedQueries(second_store, TRUSTED)
    try:
        # The second instance has no manifest of its own: it knows the document via Redis.
        before = await second(GraphQLParams(None, extensions=extension(QUERY)))
        assert isinstance(before, Outcome)
        assert before.body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        await first(GraphQLParams("{ __typename }"))  # loads the manifest into Redis
        resolved = await second(GraphQLParams(None, extensions=extension(QUERY)))
        assert isinstance(resolved, GraphQLParams)
        assert resolved.query == QUERY
    finally:
        await first_store.aclose()
        await second_store.aclose()


async def test_two_instances_share_apq_registrations_through_redis(redis_url: str) -> None:
    prefix = f"test-{uuid.uuid4()}:"
    first_store = RedisDocumentStore(redis_url, prefix=prefix)
    second_store = RedisDocumentStore(redis_url, prefix=prefix)
    first, second = PersistedQueries(first_store), PersistedQueries(second_store)
    text = "{ invoicingAccount { id } }"
    try:
        assert not isinstance(
            await second(GraphQLParams(None, extensions=extension(text))), GraphQLParams
        )
        assert isinstance(
            await first(GraphQLParams(text, extensions=extension(text))), GraphQLParams
        )
        resolved = await second(GraphQLParams(None, extensions=extension(text)))
        assert isinstance(resolved, GraphQLParams)
        assert resolved.query == text
    finally:
        await first_store.aclose()
        await second_store.aclose()


DOWN_URL = "redis://:not-a-real-secret@127.0.0.1:1/0"  # port 1: nothing listens


def unavailable(outcome: GraphQLParams | Outcome) -> bool:
    """Whether ``outcome`` is the 503 a store that cannot answer gives, safe to show."""
    if not isinstance(outcome, Outcome) or outcome.status != 503:
        return False
    [error] = outcome.body["errors"]
    text = json.dumps(outcome.body)
    return error["extensions"] == {"code": "PERSISTED_QUERY_STORE_UNAVAILABLE"} and not any(
        leak in text for leak in ("127.0.0.1", "not-a-real-secret", "redis")
    )


async def test_a_redis_store_that_is_down_answers_503_at_every_step(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Lookup, registration and loading a manifest each answer 503; none raises."""
    stores = [RedisDocumentStore(DOWN_URL, timeout=2) for _ in range(2)]
    apq, trusted = (
        PersistedQueries(stores[0]),
        PersistedQueries(stores[1], TRUSTED, manifest=read_manifest(manifest(tmp_path))),
    )
    try:
        assert unavailable(await apq(GraphQLParams(None, extensions=extension(QUERY))))
        assert unavailable(await apq(GraphQLParams(QUERY, extensions=extension(QUERY))))
        assert unavailable(await trusted(GraphQLParams(QUERY)))
        assert unavailable(await trusted(GraphQLParams(QUERY)))  # the manifest load is retried
    finally:
        for store in stores:
            await store.aclose()
    warnings = [r for r in caplog.records if r.name == "gateway.persisted_redis"]
    assert len(warnings) == 4
    for record in warnings:
        assert "error=ConnectionError" in record.getMessage()
        assert "127.0.0.1" not in record.getMessage() and record.exc_info is None


async def test_a_redis_store_that_never_answers_is_bounded_by_its_timeout() -> None:
    """A server that accepts and stays silent: the lookup gives up, it does not hang."""

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up and closes
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    store = RedisDocumentStore(f"redis://127.0.0.1:{port}/0", timeout=0.2)
    try:
        outcome = await asyncio.wait_for(
            PersistedQueries(store)(GraphQLParams(None, extensions=extension(QUERY))), 30
        )
        assert unavailable(outcome)
    finally:
        await store.aclose()
        server.close()
        await server.wait_closed()

"""Stores that callers fill are bounded in bytes: a real ``gateway serve``'s RSS says so.

Measured before on this kind of machine: 200 distinct 0.9 MB APQ documents
left RSS 181 MiB higher (each kept by the APQ store, and by the cost cache's
hold on its operation), growing 0.9 MiB a document up to the store's 10,000
entries; 240 distinct documents of 4,000 tokens left it 432 MiB higher (each
parsed document a reference cycle of tokens, left to a collector the serving
process runs rarely). Now each store has a byte budget, the cost cache holds
no document, and a parsed document is no cycle, so the second half of a
flood adds next to nothing.

Validation still leaves each document in reference cycles for a while, and
glibc keeps freed heap pages: before the reclaimer (``gateway.reclaim``),
RSS stayed 25 to 45 MiB above its start after each flood. Each test asserts
that growth stops far below what the documents weigh, that the store keeps
no more than its budget, and that RSS returns to within 20% of its start
within 30 s of the flood's end.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.ops.conftest import (
    ONE_PROCESS,
    GatewayProcess,
    Sandboxes,
    start_gateway,
    upstreams_toml,
)
from tests.ops.door_tools import rss_mib, settled_rss_mib

GRAPHQL_RESPONSE = "application/graphql-response+json"
MIB = 1024 * 1024
# Registrations of documents up to 1 MB allowed, so the store's byte budget (4 MB) is what holds.
CONFIG = """
[persisted]
max_document_bytes = 1000000
memory_max_bytes = 4000000
"""


@pytest.fixture(scope="module")
def gateway(sandboxes: Sandboxes, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    config = tmp_path_factory.mktemp("memory") / "gateway.toml"
    config.write_text(ONE_PROCESS + CONFIG + upstreams_toml(sandboxes))
    running = start_gateway(["--config", str(config), "--port", "0"])
    try:
        yield running
    finally:
        logs = running.stop()
    assert "Traceback" not in logs


def rss(gateway: GatewayProcess) -> float:
    return rss_mib(gateway.process.pid)


def returned(gateway: GatewayProcess, start: float) -> float:
    """RSS once back within 20% of ``start`` (or after 30 s), in MiB."""
    return settled_rss_mib(gateway.process.pid, start * 1.2)


def persisted(text: str) -> dict[str, Any]:
    return {
        "persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(text.encode()).hexdigest()}
    }


def flood(gateway: GatewayProcess, bodies: list[dict[str, Any]], status: int) -> float:
    """Send each body; every answer must be ``status``; the highest RSS seen, in MiB."""
    highest = rss(gateway)
    with httpx.Client(timeout=60) as client:
        for body in bodies:
            response = client.post(
                f"{gateway.url}/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE}
            )
            assert response.status_code == status, response.text[:300]
            highest = max(highest, rss(gateway))
    return highest


def warm(gateway: GatewayProcess) -> None:
    with httpx.Client(timeout=60) as client:
        for index in range(20):
            client.post(
                f"{gateway.url}/graphql", json={"query": f"query W{index} {{ __typename }}"}
            )


def test_apq_registrations_of_large_documents_stay_within_the_store_budget(
    gateway: GatewayProcess,
) -> None:
    warm(gateway)
    texts = [f"query Big{index} {{ __typename }}" + " " * 900_000 for index in range(120)]
    bodies = [{"query": text, "extensions": persisted(text)} for text in texts]
    started = time.monotonic()
    start = rss(gateway)
    first_peak = flood(gateway, bodies[:60], 200)
    half = rss(gateway)
    second_peak = flood(gateway, bodies[60:], 200)
    end = rss(gateway)
    ended = time.monotonic()
    after = returned(gateway, start)
    print(
        f"120 x 0.9 MB registered in {ended - started:.1f} s; RSS MiB: start"
        f" {start:.0f}, peak {max(first_peak, second_peak):.0f}, after 60 {half:.0f},"
        f" after 120 {end:.0f}, {after:.0f} {time.monotonic() - ended:.1f} s later"
    )
    # The documents weigh 108 MiB: before, the second 60 alone added about 54 MiB.
    assert end - half < 24
    assert max(first_peak, second_peak) - start < 100
    assert after <= start * 1.2
    # The store kept the newest few (4 MB), not the 120.
    with httpx.Client(timeout=60) as client:
        found = [
            "errors"
            not in client.post(
                f"{gateway.url}/graphql", json={"extensions": persisted(text)}
            ).json()
            for text in texts
        ]
    print(f"kept in the store: {sum(found)} of {len(found)}")
    assert found[-1] and not found[0]
    assert sum(found) <= 4


def test_unparseable_registrations_are_not_stored(gateway: GatewayProcess) -> None:
    """Nor kept by anything else: their half-built token chains are freed at once."""
    texts = [f"query Broken{index} {{ __typename " + "x" * 900_000 for index in range(20)]
    start = rss(gateway)
    peak = flood(gateway, [{"query": text, "extensions": persisted(text)} for text in texts], 400)
    end = rss(gateway)
    after = returned(gateway, start)
    print(
        f"20 x 0.9 MB unparseable: RSS MiB start {start:.0f}, peak {peak:.0f}, end {end:.0f},"
        f" returned to {after:.0f}"
    )
    # Before, each was stored, and its tokens (a cycle) waited for a rare collection.
    assert end - start < 24
    assert after <= start * 1.2
    with httpx.Client(timeout=60) as client:
        for text in texts:
            answer = client.post(f"{gateway.url}/graphql", json={"extensions": persisted(text)})
            assert answer.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_documents_of_many_tokens_stay_within_the_document_cache_budget(
    gateway: GatewayProcess,
) -> None:
    """Each valid, of 4,000 tokens, kept by the cache (then refused at the ids cap)."""
    warm(gateway)

    def document(index: int) -> str:
        ids = ", ".join(f'"{index}-{one}"' for one in range(4000))
        return f"query Many{index} {{ nodes(ids: [{ids}]) {{ id }} }}"

    bodies = [{"query": document(index)} for index in range(120)]
    started = time.monotonic()
    start = rss(gateway)
    flood(gateway, bodies[:60], 400)
    half = rss(gateway)
    peak = flood(gateway, bodies[60:], 400)
    end = rss(gateway)
    after = returned(gateway, start)
    print(
        f"120 documents of 4,000 tokens in {time.monotonic() - started:.1f} s; RSS MiB: start"
        f" {start:.0f}, after 60 {half:.0f}, after 120 {end:.0f}, peak {peak:.0f},"
        f" returned to {after:.0f}"
    )
    # Before, each stayed cached at about 2.5 MB: the second 60 alone added about 150 MiB.
    assert end - half < 24
    assert peak - start < 64
    # What stays is the document cache's budget (16 MiB), not the flood.
    assert after <= start * 1.2

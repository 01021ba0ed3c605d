"""End to end: this subgraph and a second one, composed and routed by real federation tools.

Both composition libraries (@apollo/composition, @theguild/federation-composition)
must accept the two subgraphs; then an @apollo/gateway router over each
supergraph runs queries that cross both ways, and the upstreams see exactly
the calls the same records cost when read from the gateway directly: the
router's ``_entities`` batches go through the loaders like ``nodes`` does.

Needs node and ``tests/federation/js/node_modules``, which ``./dev test``
installs (``npm_ensure tests/federation/js``).
"""

from __future__ import annotations

import json
import select
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry import relay

from tests.federation.risk_subgraph import RecordingApp, Review, create_app, risk_score
from tests.graph.conftest import WORLD, Graph
from upstreams.sandboxing import RunningServer, serve_in_thread

JS = Path(__file__).resolve().parent / "js"
REVIEWS = 20
ONE = "GET /Account/{id}"
PAGED = "GET /Account/Paged"


def node() -> str:
    found = shutil.which("node")
    if found is None or not (JS / "node_modules").is_dir():
        pytest.fail("node and tests/federation/js/node_modules are needed: run ./dev test")
    return found


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def calls(graph: Graph) -> dict[str, dict[str, int]]:
    """Every sandbox's calls since the last reset, leaving out the ones with none."""
    counted = {name: graph.calls(name) for name in graph.sandboxes}
    return {name: endpoints for name, endpoints in counted.items() if endpoints}


def seed_reviews(graph: Graph) -> list[Review]:
    """Accounts that have a contact and a prepaid invoice, one review each."""
    linked = [b for b in WORLD.billing_ids() if WORLD.prepaid_id_for_billing(b)][: REVIEWS * 3]
    ids = [f'"{gid}"' for gid in (_gid("CustomerAccount", b) for b in linked)]
    nodes = data(
        graph.execute(
            f"""{{ nodes(ids: [{", ".join(ids)}]) {{ ... on CustomerAccount {{
                identity contacts {{ identity }}
                prepaidAccount {{ invoices(first: 1) {{ edges {{ node {{ invoiceNumber }} }} }} }}
            }} }} }}"""
        )
    )["nodes"]
    reviews = [
        Review(
            account=n["identity"],
            contact=n["contacts"][0]["identity"],
            invoice=n["prepaidAccount"]["invoices"]["edges"][0]["node"]["invoiceNumber"],
        )
        for n in nodes
        if n["contacts"] and n["prepaidAccount"] and n["prepaidAccount"]["invoices"]["edges"]
    ]
    assert len(reviews) >= REVIEWS
    return reviews[:REVIEWS]


def _gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


@pytest.fixture(scope="module")
def reviews(graph: Graph) -> list[Review]:
    return seed_reviews(graph)


@pytest.fixture(scope="module")
def risk(reviews: list[Review]) -> Iterator[tuple[RecordingApp, RunningServer]]:
    app = create_app(reviews)
    server = serve_in_thread(app)
    try:
        yield app, server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def subgraphs(graph: Graph, risk: tuple[RecordingApp, RunningServer]) -> list[dict[str, str]]:
    """Both subgraphs' SDL as a router's tooling fetches it: ``_service { sdl }``."""
    risk_url = f"{risk[1].base_url}/graphql"
    ours = data(graph.execute("{ _service { sdl } }"))["_service"]["sdl"]
    theirs = httpx.post(risk_url, json={"query": "{ _service { sdl } }"}, timeout=10).json()
    return [
        {"name": "gateway", "url": graph.url, "sdl": ours},
        {"name": "risk", "url": risk_url, "sdl": theirs["data"]["_service"]["sdl"]},
    ]


def compose(library: str, subgraphs: list[dict[str, str]]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), str(JS / "compose.mjs"), library],
        input=json.dumps(subgraphs),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("library", ["apollo", "guild"])
def test_both_composition_libraries_compose_the_two_subgraphs(
    library: str, subgraphs: list[dict[str, str]]
) -> None:
    composed = compose(library, subgraphs)
    assert composed.returncode == 0, composed.stderr
    supergraph = composed.stdout
    assert "join__Graph" in supergraph
    assert "riskScore" in supergraph and "riskReviews" in supergraph
    assert "upstreamId" in supergraph and "@inaccessible" in supergraph


# A third team's subgraph with Relay paging and money of its own: the value
# types it shares with ours must compose (@shareable on both sides).
PAYMENTS = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])
scalar Decimal
interface Node { id: ID! }
type Money @shareable { amount: Decimal! currency: String! }
type PageInfo @shareable {
  hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String
}
type Payment implements Node @key(fields: "id") { id: ID! amount: Money! }
type PaymentEdge { cursor: String! node: Payment! }
type PaymentConnection { pageInfo: PageInfo! edges: [PaymentEdge!]! }
type Query { payments: PaymentConnection! }
"""


@pytest.mark.parametrize("library", ["apollo", "guild"])
def test_value_types_another_subgraph_also_defines_compose(
    library: str, subgraphs: list[dict[str, str]]
) -> None:
    payments = {"name": "payments", "url": "http://127.0.0.1:9/graphql", "sdl": PAYMENTS}
    composed = compose(library, [*subgraphs, payments])
    assert composed.returncode == 0, composed.stderr
    assert "payments" in composed.stdout


@pytest.fixture(scope="module", params=["apollo", "guild"])
def router(
    request: pytest.FixtureRequest,
    subgraphs: list[dict[str, str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """An @apollo/gateway router over the supergraph one library composed; yields its URL."""
    composed = compose(request.param, subgraphs)
    assert composed.returncode == 0, composed.stderr
    folder = tmp_path_factory.mktemp(f"supergraph-{request.param}")
    supergraph = folder / "supergraph.graphql"
    supergraph.write_text(composed.stdout)
    log = (folder / "router.log").open("w")
    process = subprocess.Popen(
        [node(), str(JS / "router.mjs"), str(supergraph)],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        url = process.stdout.readline().strip() if ready else ""
        assert url.startswith("http://127.0.0.1:"), (folder / "router.log").read_text()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def through(router: str, query: str) -> dict[str, Any]:
    response = httpx.post(router, json={"query": query}, timeout=60)
    body: dict[str, Any] = response.json()
    return data(body)


@pytest.fixture(autouse=True)
def signed_in(graph: Graph) -> None:
    """Billing logs in once per token: do it now, so the counts below are reads alone."""
    data(graph.execute(f"{{ customerAccount(identity: {min(WORLD.billing_ids())}) {{ id }} }}"))
    graph.reset_calls()


def test_their_reviews_resolve_our_accounts_contacts_and_invoices_in_one_batch(
    router: str, graph: Graph, reviews: list[Review], risk: tuple[RecordingApp, RunningServer]
) -> None:
    """risk subgraph first, then our ``_entities`` for 20 accounts, contacts and invoices."""
    direct = data(
        graph.execute(
            """query($ids: [ID!]!) { nodes(ids: $ids) {
                ... on CustomerAccount { identity name }
                ... on Contact { customerAccountIdentity identity contactName: name }
                ... on Invoice { invoiceNumber total { amount currency } }
            } }""",
            {
                "ids": [_gid("CustomerAccount", r.account) for r in reviews]
                + [_gid("Contact", f"{r.account}:{r.contact}") for r in reviews]
                + [_gid("Invoice", r.invoice) for r in reviews]
            },
        )
    )["nodes"]
    read_directly = calls(graph)
    graph.reset_calls()
    risk[0].entity_batches.clear()

    routed = through(
        router,
        """{ riskReviews {
            reason
            account { identity name riskScore }
            contact { customerAccountIdentity identity contactName: name }
            invoice { invoiceNumber total { amount currency } }
        } }""",
    )["riskReviews"]

    assert read_directly == {
        "billing": {ONE: REVIEWS, "GET /Account/{id}/Detail": REVIEWS},
        "prepaid": {"AccountInvoiceRead": REVIEWS},
    }
    assert calls(graph) == read_directly
    assert risk[0].entity_batches == []  # riskScore came with the reviews themselves
    accounts, contacts, invoices = direct[:REVIEWS], direct[REVIEWS:-REVIEWS], direct[-REVIEWS:]
    assert [r["account"] for r in routed] == [
        {**a, "riskScore": risk_score(a["identity"])} for a in accounts
    ]
    assert [r["contact"] for r in routed] == contacts
    assert [r["invoice"] for r in routed] == invoices
    assert [r["reason"] for r in routed] == [f"review {i}" for i in range(REVIEWS)]


def test_our_accounts_get_their_risk_score_in_one_entities_batch(
    router: str, graph: Graph, risk: tuple[RecordingApp, RunningServer]
) -> None:
    """Our page of 20 accounts first, then one ``_entities`` batch of 20 to the risk subgraph."""
    page = "customerAccounts(first: 20) { edges { node { identity name"
    direct = data(graph.execute(f"{{ {page} }} }} }} }}"))["customerAccounts"]["edges"]
    read_directly = calls(graph)
    graph.reset_calls()
    risk[0].entity_batches.clear()

    routed = through(router, f"{{ {page} riskScore }} }} }} }}")["customerAccounts"]["edges"]

    assert read_directly == {"billing": {PAGED: 1}}
    assert calls(graph) == read_directly
    assert risk[0].entity_batches == [20]
    assert [e["node"] for e in routed] == [
        {**e["node"], "riskScore": risk_score(e["node"]["identity"])} for e in direct
    ]

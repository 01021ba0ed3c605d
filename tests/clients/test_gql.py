"""gql (PyPI), with its httpx transport, against the running gateway.

gql validates each operation against schema.graphql before sending it, so a
document the exported schema does not allow fails here too. A response with
errors raises TransportQueryError, whose .data and .errors hold the partial
result.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.client import SyncClientSession
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport
from graphql import GraphQLError

from tests.clients import expect
from tests.clients.conftest import LINKED, prepaid_failing
from tests.clients.documents import document
from tests.graph.conftest import Graph
from tests.published_schema import published_schema

ACCOUNT = 1983
SCHEMA = Path(__file__).parents[2] / "schema.graphql"


@pytest.fixture
def session(graph: Graph) -> Iterator[SyncClientSession]:
    client = Client(transport=HTTPXTransport(url=graph.url), schema=published_schema())
    with client as connected:
        yield connected


def request(operation: str, variables: dict[str, Any]) -> GraphQLRequest:
    return GraphQLRequest(document(operation), variable_values=variables)


def test_query_with_variables(graph: Graph, session: SyncClientSession) -> None:
    graph.reset_calls()
    data = session.execute(request("customer_account", {"identity": ACCOUNT}))
    expect.account_read(graph, data, ACCOUNT)


def test_mutation(graph: Graph, session: SyncClientSession) -> None:
    graph.reset_calls()
    data = session.execute(request("create_note", {"input": expect.note_input(ACCOUNT, "gql")}))
    expect.note_added(graph, data, ACCOUNT, "gql")


def test_partial_result_raises_transport_query_error(
    graph: Graph, session: SyncClientSession
) -> None:
    graph.reset_calls()
    with prepaid_failing(graph), pytest.raises(TransportQueryError) as raised:
        session.execute(request("account_with_prepaid", {"identity": LINKED}))
    assert raised.value.errors is not None
    expect.partial(graph, raised.value.data, raised.value.errors)


def test_an_operation_the_schema_forbids_is_refused_before_sending(
    session: SyncClientSession,
) -> None:
    wrong = GraphQLRequest("query { customerAccount(identity: 1983) { noSuchField } }")
    # A GraphQLError, not the TransportQueryError of a server's answer: gql refused it.
    with pytest.raises(GraphQLError, match="noSuchField"):
        session.execute(wrong)

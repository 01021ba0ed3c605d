"""The typed client that ariadne-codegen generates from schema.graphql, called live.

Its methods are named after the committed operations and return pydantic
models; a response with errors raises GraphQLClientGraphQLMultiError with
the partial data and each error's extensions.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.clients import expect
from tests.clients.conftest import LINKED, prepaid_failing
from tests.clients.typed_client import generate
from tests.graph.conftest import Graph

ACCOUNT = 1984


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate(tmp_path_factory.mktemp("typed_client"))


@pytest.fixture
def client(generated: ModuleType, graph: Graph) -> Iterator[Any]:
    with generated.Client(url=graph.url) as connected:
        yield connected


def test_generated_methods_follow_the_operations(generated: ModuleType) -> None:
    methods = {"customer_account", "create_note", "account_with_prepaid"}
    assert methods <= set(vars(generated.Client))
    assert set(generated.CreateNoteInput.model_fields) >= {"customer_account_id", "subject", "text"}


def test_query_with_variables(graph: Graph, client: Any) -> None:
    graph.reset_calls()
    answer = client.customer_account(identity=ACCOUNT)
    account = answer.customer_account
    assert type(account).__name__ == "CustomerAccountCustomerAccount"
    expect.account_read(graph, answer.model_dump(by_alias=True), ACCOUNT)


def test_mutation(graph: Graph, generated: ModuleType, client: Any) -> None:
    graph.reset_calls()
    fields = expect.note_input(ACCOUNT, "typed client")
    note = generated.CreateNoteInput(
        customer_account_id=fields["customerAccountId"],
        subject=fields["subject"],
        text=fields["text"],
        note_type_id=fields["noteTypeId"],
    )
    answer = client.create_note(input=note)
    expect.note_added(graph, answer.model_dump(by_alias=True), ACCOUNT, "typed client")


def test_partial_result_raises_with_data_and_errors(
    graph: Graph, generated: ModuleType, client: Any
) -> None:
    graph.reset_calls()
    with prepaid_failing(graph), pytest.raises(generated.GraphQLClientGraphQLMultiError) as raised:
        client.account_with_prepaid(identity=LINKED)
    errors = [{"path": error.path, "extensions": error.extensions} for error in raised.value.errors]
    expect.partial(graph, raised.value.data, errors)

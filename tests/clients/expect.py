"""What every client must hand its application, whichever library it is.

The libraries differ only in where they put data and errors; these checks are
the same for all, so each test extracts the two and calls one of them. They
also assert the upstream calls, so a client that answered from a cache or
sent the operation twice would fail.
"""

from __future__ import annotations

from typing import Any

from tests.clients.conftest import LINKED
from tests.graph.conftest import Graph
from tests.resolvers.billing.test_schema import gid

ACCOUNT_READ = {"GET /Account/{id}": 1}
NOTE_ADDED = {"POST /Account/{id}/Note": 1, "GET /Account/{id}": 1}


def account_read(graph: Graph, data: dict[str, Any], identity: int) -> None:
    """``customer_account`` answered for ``identity``, with one billing read."""
    account = data["customerAccount"]
    assert account["id"] == gid("CustomerAccount", identity)
    assert account["identity"] == identity
    assert account["name"]
    assert graph.calls("billing") == ACCOUNT_READ
    assert graph.calls("prepaid") == {}


def note_added(graph: Graph, data: dict[str, Any], identity: int, subject: str) -> None:
    """``create_note`` added the note, and the gateway now reads it back."""
    payload = data["createNote"]
    assert payload["userErrors"] == []
    note = payload["note"]
    assert note["subject"] == subject
    assert note["noteTypeName"] == "Billing"
    assert note["customerAccount"]["identity"] == identity
    assert graph.calls("billing") == NOTE_ADDED
    stored = graph.execute(
        "query($id: ID!) { node(id: $id) { ... on Note { subject text } } }", {"id": note["id"]}
    )
    assert stored == {"data": {"node": {"subject": subject, "text": note["text"]}}}


def partial(graph: Graph, data: dict[str, Any] | None, errors: list[dict[str, Any]]) -> None:
    """``account_with_prepaid`` while prepaid fails: billing's half plus prepaid's error."""
    assert data is not None
    account = data["customerAccount"]
    assert account["identity"] == LINKED
    assert account["name"]
    assert account["prepaidAccount"] is None
    [error] = errors
    assert error["path"] == ["customerAccount", "prepaidAccount"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["extensions"]["upstream"] == "prepaid"
    assert graph.calls("billing") == ACCOUNT_READ
    # A read is tried once and retried twice (the default read_retries) before
    # the gateway gives up on it; every attempt met the injected 5xx.
    assert graph.calls("prepaid") == {"AccountRead": 3}


def note_input(identity: int, subject: str) -> dict[str, Any]:
    """``create_note``'s ``input`` for a billing note on account ``identity``."""
    return {
        "customerAccountId": gid("CustomerAccount", identity),
        "subject": subject,
        "text": "Asked for a paper invoice",
        "noteTypeId": 2,
    }

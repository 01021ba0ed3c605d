"""userErrors speak one language: the same code for the same kind of problem on every
upstream, the field as a path in the input, the message in the input's terms.

Each case drives one refusal over HTTP, from the gateway's own checks or from
the upstream's answer (an upstream's codes and property names are translated).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from strawberry.relay import to_base64

from tests.graph.conftest import WORLD, Graph
from tests.wire_words import wire_words
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts as prepaid_seed
from upstreams.saasu.sandbox.chart import seed_accounts as ledger_seed

ERRORS = "userErrors { field message code }"
PREPAID = list(prepaid_seed(WORLD).values())
NO_CARD = next(a for a in PREPAID if a.card is None)
GOOD_CARD = next(
    a
    for a in PREPAID
    if a.card and not a.card.expired(datetime.now(UTC).date()) and not a.card.issuer_declines
)
CHART = ledger_seed(WORLD)
PLAIN = [
    a for a in CHART if a.account_level == "Detail" and not a.is_built_in and not a.is_bank_account
]

ADD_CREDIT = f"mutation($input: AddCreditInput!) {{ addCredit(input: $input) {{ {ERRORS} }} }}"
EDIT_CONTACT = (
    "mutation($input: ReplacePrepaidContactInput!) "
    f"{{ replacePrepaidContact(input: $input) {{ {ERRORS} }} }}"
)
PATCH = f"mutation($input: UpdateAccountInput!) {{ updateAccount(input: $input) {{ {ERRORS} }} }}"
CREATE_NOTE = f"mutation($input: CreateNoteInput!) {{ createNote(input: $input) {{ {ERRORS} }} }}"
UPDATE_NOTE = f"mutation($input: UpdateNoteInput!) {{ updateNote(input: $input) {{ {ERRORS} }} }}"
PATCH_MANY = (
    "mutation($input: PatchCustomerAccountsInput!) "
    f"{{ patchCustomerAccounts(input: $input) {{ {ERRORS} }} }}"
)

CODES = {
    "out of range": "OUT_OF_RANGE",
    "bad format": "INVALID",
    "too long": "TOO_LONG",
    "missing": "REQUIRED",
    "no such record": "NOT_FOUND",
    "empty patch": "EMPTY_PATCH",
    "null refused": "NOT_CLEARABLE",
    "stale version": "CONFLICT",
    "card declined": "DECLINED",
}
"""Each kind of problem and its one code, whichever upstream's input it concerns."""


def gid(type_name: str, key: int | str) -> str:
    return to_base64(type_name, key)


def contact(**changes: Any) -> dict[str, Any]:
    return {
        "prepaidAccountId": gid("PrepaidAccount", PREPAID[-3].account_id),
        "name": "Ada Lovelace",
        "organization": "",
        "address": "",
        "city": "Springfield",
        "state": "IL",
        "zipcode": "62701",
        "countryId": 1,
        "phone": "",
        "email": "ada@example.com",
        **changes,
    }


def top_up(account_id: int, amount: int, key: str | None = None) -> dict[str, Any]:
    return {
        "prepaidAccountId": gid("PrepaidAccount", account_id),
        "amount": amount,
        "idempotencyKey": key or str(uuid.uuid4()),
    }


def note(**changes: Any) -> dict[str, Any]:
    return {
        "customerAccountId": gid("CustomerAccount", 1003),
        "subject": "s",
        "text": "t",
        **changes,
    }


def customer(identity: int, **changes: Any) -> dict[str, Any]:
    return {"customer": {"id": gid("CustomerAccount", identity), **changes}}


def patch_items(patch_type: str, **item: Any) -> dict[str, Any]:
    """A patchCustomerAccounts input of one item, sent to an existing account."""
    return {"id": gid("CustomerAccount", 1983), "items": [{"patchType": patch_type, **item}]}


def ledger(target: int, **changes: Any) -> dict[str, Any]:
    return {"ledger": {"id": gid("LedgerAccount", target), "lastUpdatedId": "AAAA", **changes}}


def invoicing(target: int, **changes: Any) -> dict[str, Any]:
    return {"invoicing": {"id": gid("InvoicingAccount", target), **changes}}


@dataclass(frozen=True)
class Case:
    upstream: str
    kind: str
    document: str
    input: dict[str, Any]
    field: str
    """The path in the input, dotted; empty for the input as a whole."""
    message: str | None = None
    """The whole message, where it shows an upstream's words translated."""

    @property
    def name(self) -> str:
        return f"{self.upstream}: {self.kind} at {self.field}"


NO_ACCOUNT = "'invoicerAccountId' 999999 names no account."
NOWHERE = gid("CustomerAccount", 999999)
A_DETAIL = gid("LedgerAccount", PLAIN[52].id)
UPDATE, DELETE = "UPDATE", "DELETE"
P, B, S, X = "prepaid", "billing", "saasu", "invoicexpress"
# fmt: off
CASES = [
    Case(P, "out of range", ADD_CREDIT, top_up(GOOD_CARD.account_id, 10001), "input.amount"),
    Case(B, "out of range", PATCH, customer(1980, billDay=29), "input.customer.billDay"),
    # the gateway's check, or the upstream's answer with its names translated
    Case(P, "bad format", EDIT_CONTACT, contact(state="ILL"), "input.state"),
    Case(P, "bad format", EDIT_CONTACT, contact(countryId=999), "input.countryId",
         "countryId does not reference a known country."),
    Case(S, "bad format", PATCH, ledger(PLAIN[50].id, currency="aud"), "input.ledger.currency"),
    Case(S, "bad format", PATCH, ledger(PLAIN[51].id, headerAccountId=A_DETAIL),
         "input.ledger.headerAccountId", "headerAccountId must be the id of a Header account."),
    Case(X, "bad format", PATCH, invoicing(11002, postalCode="1234"), "input.invoicing.postalCode"),
    Case(B, "bad format", PATCH, customer(1981, taxSettingAccountId=gid("Note", "1:2")),
         "input.customer.taxSettingAccountId"),
    Case(P, "too long", ADD_CREDIT, top_up(GOOD_CARD.account_id, 10, "k" * 256),
         "input.idempotencyKey"),
    Case(B, "too long", CREATE_NOTE, note(subject="s" * 256), "input.subject"),
    Case(S, "too long", PATCH, ledger(PLAIN[53].id, name="n" * 76), "input.ledger.name"),
    Case(P, "missing", EDIT_CONTACT, contact(name=" "), "input.name"),
    Case(B, "missing", CREATE_NOTE, note(text=" "), "input.text"),
    Case(S, "missing", PATCH, ledger(PLAIN[54].id, lastUpdatedId="", name="x"),
         "input.ledger.lastUpdatedId"),
    # the record to change, or one a field points at
    Case(P, "no such record", EDIT_CONTACT, contact(prepaidAccountId=gid("PrepaidAccount", 49999)),
         "input.prepaidAccountId"),
    Case(B, "no such record", PATCH, customer(1982, invoicerAccountId=NOWHERE),
         "input.customer.invoicerAccountId", NO_ACCOUNT),
    Case(B, "no such record", PATCH_MANY, patch_items(UPDATE, invoicerAccountId=NOWHERE),
         "input.items.0.invoicerAccountId", NO_ACCOUNT),
    Case(B, "no such record", PATCH_MANY, patch_items(DELETE, customerAccountId=NOWHERE),
         "input.items.0.customerAccountId",
         "'customerAccountId' names no account: 999999 was not found."),
    Case(S, "no such record", PATCH, ledger(1, name="x"), "input.ledger.id"),
    Case(X, "no such record", PATCH, invoicing(99999, city="Porto"), "input.invoicing.id"),
    Case(B, "empty patch", PATCH, customer(1984), "input.customer"),
    Case(B, "empty patch", UPDATE_NOTE, {"id": gid("Note", "1003:1")}, "input"),
    Case(S, "empty patch", PATCH, ledger(PLAIN[55].id), "input.ledger"),
    Case(X, "empty patch", PATCH, invoicing(11002), "input.invoicing"),
    Case(B, "null refused", PATCH, customer(1985, billDay=None), "input.customer.billDay"),
    Case(S, "null refused", PATCH, ledger(PLAIN[56].id, isActive=None), "input.ledger.isActive"),
    Case(X, "null refused", PATCH, invoicing(11002, email=None), "input.invoicing.email"),
    # Saasu's 409: the record changed since the version the input names
    Case(S, "stale version", PATCH, ledger(PLAIN[57].id, lastUpdatedId="AAAAAAAAAAA=", name="x"),
         "input.ledger.lastUpdatedId"),
    # the prepaid API's refusal of the card on file
    Case(P, "card declined", ADD_CREDIT, top_up(NO_CARD.account_id, 10), ""),
]
# fmt: on


def refusals(graph: Graph, case: Case) -> list[dict[str, Any]]:
    body = graph.execute(case.document, {"input": case.input})
    assert "errors" not in body, body["errors"]
    [payload] = body["data"].values()
    errors: list[dict[str, Any]] = payload["userErrors"]
    return errors


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_one_code_per_kind_a_path_in_the_input_and_the_inputs_words(
    graph: Graph, case: Case
) -> None:
    errors = refusals(graph, case)
    found = [(".".join(e["field"] or []), e["code"]) for e in errors]
    assert found == [(case.field, CODES[case.kind])]
    [error] = errors
    assert wire_words(error["message"]) == []
    if case.message is not None:
        assert error["message"] == case.message


def test_every_kind_is_shown_through_more_than_one_upstream_where_more_can_refuse_it() -> None:
    upstreams: dict[str, set[str]] = {}
    for case in CASES:
        upstreams.setdefault(case.kind, set()).add(case.upstream)
    single = {"stale version", "card declined"}  # only Saasu versions, only prepaid charges
    assert {kind for kind, found in upstreams.items() if len(found) < 2} == single
    assert upstreams.keys() == CODES.keys()


def test_the_code_is_an_enum_of_the_contract(graph: Graph) -> None:
    body = graph.execute(
        '{ __type(name: "UserErrorCode") { kind enumValues { name description } } }'
    )
    found = body["data"]["__type"]
    assert found["kind"] == "ENUM"
    names = {value["name"] for value in found["enumValues"]}
    assert set(CODES.values()) | {"REJECTED"} <= names
    assert all(value["description"] for value in found["enumValues"])
    field = graph.execute(
        '{ __type(name: "UserError") { fields { name type { ofType { name kind } } } } }'
    )["data"]["__type"]["fields"]
    code = next(f for f in field if f["name"] == "code")
    assert code["type"]["ofType"] == {"name": "UserErrorCode", "kind": "ENUM"}

"""The seeded world hangs together: a billing account and the prepaid account it
links describe one customer, read through the graph as a client reads them.

The billing account's name is its business (or, for a household, its person
as ``"Last, First"``); its primary contact is the same person, email, phone and
address as the prepaid account's contact. The sandboxes make it so from the
same plan without talking to each other; both are also the same from one
start to the next.
"""

from __future__ import annotations

from typing import Any

from tests.graph.conftest import Graph
from upstreams.billing.sandbox.seed import seed_store
from upstreams.prepaid.sandbox.seed_accounts import seed_accounts
from upstreams.sandboxing import World

PAGE = """{ customerAccounts(first: 100) { edges { node {
  identity name accountTypeName
  contacts { firstName lastName contactTypeName isUsedForTax
    contactPoints { contactPointTypeName value }
    address { address1 address2 cityName stateCode countryCode zipCode } }
  prepaidAccount { accountNumber
    contact { name organization address city state zipcode country phone email } }
} } } }"""

COUNTRIES = {"US": "United States", "CA": "Canada"}


def linked_pairs(graph: Graph) -> list[dict[str, Any]]:
    body = graph.execute(PAGE)
    assert "errors" not in body, body["errors"]
    nodes = [edge["node"] for edge in body["data"]["customerAccounts"]["edges"]]
    return [node for node in nodes if node["prepaidAccount"]]


def digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())[-10:]


def test_a_linked_billing_and_prepaid_account_describe_one_customer(graph: Graph) -> None:
    pairs = linked_pairs(graph)
    assert len(pairs) >= 50
    households = 0
    for billing in pairs:
        prepaid = billing["prepaidAccount"]["contact"]
        primary = billing["contacts"][0] if billing["contacts"] else None
        if billing["accountTypeName"] == "Residential":
            households += 1
            last, first = billing["name"].split(", ")
            assert prepaid["name"] == f"{first} {last}", billing
            assert prepaid["organization"] == ""
        else:
            assert prepaid["organization"] == billing["name"], billing
        if primary is None:
            continue
        assert (primary["contactTypeName"], primary["isUsedForTax"]) == ("Primary", True)
        assert prepaid["name"] == f"{primary['firstName']} {primary['lastName']}"
        points = {p["contactPointTypeName"]: p["value"] for p in primary["contactPoints"]}
        assert prepaid["email"] == points["Email"]
        assert digits(prepaid["phone"]) == digits(points["Phone"])
        address = primary["address"]
        street = ", ".join(part for part in (address["address1"], address["address2"]) if part)
        assert prepaid["address"] == street
        assert prepaid["city"] == address["cityName"]
        assert prepaid["state"] == address["stateCode"]
        assert prepaid["zipcode"] == address["zipCode"]
        assert prepaid["country"] == COUNTRIES[address["countryCode"]]
    assert 0 < households < len(pairs)  # both kinds of customer are in the story


def test_the_same_world_seeds_the_same_customers() -> None:
    world = World(billing_accounts=120)
    first, again = seed_store(world), seed_store(world)
    assert [(a.name, a.contacts) for a in first.accounts.values()] == [
        (a.name, a.contacts) for a in again.accounts.values()
    ]
    assert seed_accounts(world) == seed_accounts(world)

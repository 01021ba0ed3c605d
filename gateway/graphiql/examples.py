"""The example operations GraphiQL opens with, one tab each: a tour of the graph.

The operations live in ``examples/*.graphql``; their variables live here, next
to the ids they name, so a reader sees which seeded record each one uses. The
ids are the sandboxes' seeded data (``upstreams.sandboxing.World``'s default
seed): against real upstreams the operations still show the shape, and the
user swaps in their own ids. Each mutation uses its own record, so running
every example once succeeds, and they touch records (billing 1700, 1702 to
1704 and 1709, prepaid 50700 and 50702) that the tests under ``tests/graph``
leave alone.

The tabs tell two customers' stories, each one customer in both upstreams
(``upstreams.sandboxing.customers``): the reads tour Copper Creek Energy LLC
(billing 1700, prepaid 50700, its contact Harper Roy in Chicago); the writes
follow Coastal Energy Group (billing 1702, prepaid 50702, its contact Logan
Lopez in Austin) as it adds a colleague, moves office and tops up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strawberry import relay

OPERATIONS = Path(__file__).with_name("examples")

TOUR_ACCOUNT = 1700
"""A billing customer with contacts, notes and a linked prepaid account with invoices."""
TOUR_PREPAID_ACCOUNT = 50700
"""The tour customer's prepaid account (its ``externalAccountIdentifier``)."""
TOUR_NOTE = 106942
"""The tour customer's first note."""
WRITTEN_ACCOUNT = 1702
"""The billing customer the mutation examples change: its notes, contacts and properties."""
PREPAID_ACCOUNT = 50702
"""The same customer's prepaid account, with a valid card on file, for the prepaid mutations."""
REPLACED_ACCOUNT = 1703
"""A billing customer that invoices itself, for replaceCustomerAccount."""
PATCH_ANCHOR = 1704
"""The billing customer patchCustomerAccounts sends its PATCH to."""
DELETED_ACCOUNT = 1709
"""A billing customer no other account is invoiced through, so it can be deleted."""


def gid(type_name: str, key: object) -> str:
    """A global id as the graph spells it (Relay: base64 of ``Type:key``)."""
    return str(relay.GlobalID(type_name, str(key)))


@dataclass(frozen=True, slots=True)
class Example:
    """One tab: an operation from ``examples/<file>`` and the variables it runs with."""

    file: str
    variables: dict[str, Any]

    @property
    def query(self) -> str:
        return (OPERATIONS / self.file).read_text(encoding="utf-8")


EXAMPLES: tuple[Example, ...] = (
    Example("account_tour.graphql", {"identity": TOUR_ACCOUNT}),
    Example("customer_accounts.graphql", {"first": 5, "after": None}),
    Example("ledger_accounts.graphql", {"type": "ASSET"}),
    Example("invoicing_account.graphql", {}),
    Example(
        "nodes.graphql",
        {
            "ids": [
                gid("CustomerAccount", TOUR_ACCOUNT),
                gid("PrepaidAccount", TOUR_PREPAID_ACCOUNT),
                gid("Note", f"{TOUR_ACCOUNT}:{TOUR_NOTE}"),
            ]
        },
    ),
    Example("deferred_balances.graphql", {"first": 10}),
    Example(
        "create_note.graphql",
        {
            "input": {
                "customerAccountId": gid("CustomerAccount", WRITTEN_ACCOUNT),
                "subject": "Moving office",
                "text": "Logan Lopez called: the team moves to Congress Ave next month.",
                "noteTypeId": 2,
                "isImportant": False,
            }
        },
    ),
    Example(
        "update_note.graphql",
        {
            "input": {
                "id": gid("Note", f"{WRITTEN_ACCOUNT}:106978"),
                "text": "Renewal signed for two more years.",
                "isImportant": True,
            }
        },
    ),
    Example("delete_note.graphql", {"input": {"id": gid("Note", f"{WRITTEN_ACCOUNT}:106979")}}),
    Example(
        "create_contact.graphql",
        {
            "input": {
                "customerAccountId": gid("CustomerAccount", WRITTEN_ACCOUNT),
                "title": "Ms.",
                "firstName": "Mei",
                "lastName": "Chen",
                "contactTypeId": 3,
            }
        },
    ),
    Example(
        "update_contact.graphql",
        {"input": {"id": gid("Contact", f"{WRITTEN_ACCOUNT}:11553"), "title": "Dr."}},
    ),
    Example(
        "delete_contact.graphql", {"input": {"id": gid("Contact", f"{WRITTEN_ACCOUNT}:11554")}}
    ),
    Example(
        "replace_prepaid_contact.graphql",
        {
            "input": {
                "prepaidAccountId": gid("PrepaidAccount", PREPAID_ACCOUNT),
                "name": "Logan Lopez",
                "organization": "Coastal Energy Group",
                "address": "200 Congress Ave, Suite 1500",
                "city": "Austin",
                "state": "TX",
                "zipcode": "78701",
                "countryId": 1,
                "phone": "(512) 555-1281",
                "email": "logan.lopez@coastalenergy.example.com",
            }
        },
    ),
    Example(
        "add_credit.graphql",
        {
            "input": {
                "prepaidAccountId": gid("PrepaidAccount", PREPAID_ACCOUNT),
                "amount": 25,
                "idempotencyKey": "graphiql-example-top-up-1",
            }
        },
    ),
    Example(
        "set_recharge.graphql",
        {
            "input": {
                "prepaidAccountId": gid("PrepaidAccount", PREPAID_ACCOUNT),
                "enabled": True,
                "threshold": 20,
                "level": 100,
            }
        },
    ),
    Example(
        "update_account.graphql",
        {
            "input": {
                "customer": {
                    "id": gid("CustomerAccount", WRITTEN_ACCOUNT),
                    "displayName": "Coastal Energy",
                    "vatNumber": "US-1702",
                    "effectiveCancel": None,
                }
            }
        },
    ),
    Example(
        "create_customer_account.graphql",
        {
            "input": {
                "name": "Lakeside Print Studio LLC",
                "displayName": "Lakeside Print",
                "billDay": 15,
                "currencyId": 1,
            }
        },
    ),
    Example(
        "replace_customer_account.graphql",
        {
            "input": {
                "id": gid("CustomerAccount", REPLACED_ACCOUNT),
                "name": "Copper Creek Media Partners",
                "displayName": "Copper Creek",
                "currencyId": 1,
                "accountStatusTypeId": 1,
                "billGroupId": 4,
                "invoiceDeliveryId": 3,
                "accountsReceivableTermsId": 4,
                "accountTypeId": 3,
                "billDay": 2,
                "usageBillDay": 2,
                "accountTaxCategoryId": 1,
                "taxCodeId": 1,
                "createdByUserId": 3,
                "lifeline": False,
                "zeroInclusiveTaxWhenExempt": False,
                "externalAccountIdentifier": "50703",
            }
        },
    ),
    Example(
        "patch_customer_accounts.graphql",
        {
            "input": {
                "id": gid("CustomerAccount", PATCH_ANCHOR),
                "items": [
                    {"patchType": "UPDATE", "displayName": "Kenji Wilson", "effectiveCancel": None},
                    {"patchType": "CREATE", "patchClientId": 1, "name": "Wilson, Mei"},
                ],
            }
        },
    ),
    Example(
        "delete_customer_account.graphql",
        {"input": {"id": gid("CustomerAccount", DELETED_ACCOUNT)}},
    ),
)


def examples_json() -> bytes:
    """The examples as GraphiQL's boot script reads them: a list of tabs."""
    tabs = [
        {"query": example.query, "variables": json.dumps(example.variables, indent=2)}
        for example in EXAMPLES
    ]
    return json.dumps(tabs).encode()

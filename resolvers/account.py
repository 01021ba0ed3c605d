"""The ``Account`` interface: one word, four upstream meanings.

"Account" is a billing customer (billing v8), a prepaid customer (the Web
API), a ledger account (Saasu) and the invoicing organisation (InvoiceXpress).
Merging them into one type would leave most fields null on most records, and
a frontend could not tell which fields to expect. So ``Account`` is an
interface with what all four share (a global id, the source, a name), and
each upstream's record is its own type with all its documented fields:
``CustomerAccount``, ``PrepaidAccount``, ``LedgerAccount``, ``InvoicingAccount``.
A client selects common fields on ``Account`` and the rest with fragments.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import relay

from resolvers.errors import UserError
from resolvers.payloads import REFUSALS


@strawberry.enum(description="Which upstream system an account lives in.")
class AccountSource(Enum):
    BILLING = strawberry.enum_value(
        "BILLING", description="The billing system (LogiSense Billing v8): customer accounts."
    )
    PREPAID = strawberry.enum_value(
        "PREPAID", description="The prepaid Web API: prepaid customers, balances and invoices."
    )
    LEDGER = strawberry.enum_value("LEDGER", description="Saasu: accounts of the general ledger.")
    INVOICING = strawberry.enum_value(
        "INVOICING", description="InvoiceXpress: the invoicing organisation's own account."
    )


@strawberry.interface(description="An account in any of the four upstream systems.")
class Account(relay.Node):
    source: AccountSource = strawberry.field(description="The upstream the account lives in.")
    name: str = strawberry.field(description="The account's name as its upstream shows it.")


@strawberry.type(description="The outcome of updateAccount.")
class UpdateAccountPayload:
    account: Account | None = strawberry.field(
        description="The account as it is after the change; null when nothing changed."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)

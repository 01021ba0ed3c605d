"""Root fields of the prepaid Web API part, mixed into ``Query`` and ``Mutation``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.context import Info
from resolvers.prepaid.loaders import prepaid_accounts, prepaid_invoices
from resolvers.prepaid.mutations import PrepaidMutation
from resolvers.prepaid.types import (
    Invoice,
    PrepaidAccount,
    browse_invoices,
)
from resolvers.record_numbers import REFUSED, record_number

__all__ = ["PrepaidMutation", "PrepaidQuery"]


@strawberry.type
class PrepaidQuery:
    """Root query fields of the prepaid Web API."""

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="A prepaid account by its AccountId (AccountRead); null with a "
        f"NOT_FOUND error when there is none; {REFUSED}."
    )
    async def prepaid_account(
        self,
        info: Info,
        account_number: Annotated[
            int,
            strawberry.argument(
                description="The account's own number: a positive integer which references "
                "a unique Account (AccountId)."
            ),
        ],
    ) -> PrepaidAccount | None:
        loader = info.context.loader(prepaid_accounts)
        number = record_number(account_number, "accountNumber")
        return PrepaidAccount.from_model(await loader.load(number))

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="A stored prepaid invoice by its AccountInvoiceId (AccountInvoiceRead); "
        f"null with a NOT_FOUND error when there is none; {REFUSED}."
    )
    async def invoice(
        self,
        info: Info,
        invoice_number: Annotated[
            int,
            strawberry.argument(
                description="The invoice's own number: a positive integer which references "
                "a unique Invoice (AccountInvoiceId)."
            ),
        ],
    ) -> Invoice | None:
        loader = info.context.loader(prepaid_invoices)
        number = record_number(invoice_number, "invoiceNumber")
        return Invoice.from_model(await loader.load(number))

    invoices = strawberry.field(
        resolver=browse_invoices,
        description="Every account's stored prepaid invoices, a page at a time "
        "(AccountInvoiceBrowse); null with an error when the API fails or the paging "
        "arguments are refused.",
    )

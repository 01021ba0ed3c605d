"""Root fields of the prepaid Web API part, mixed into ``Query`` and ``Mutation``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.errors import bad_input
from resolvers.prepaid.loaders import prepaid_accounts, prepaid_invoices
from resolvers.prepaid.mutations import PrepaidMutation
from resolvers.prepaid.types import (
    Info,
    Invoice,
    PrepaidAccount,
    browse_invoices,
)

__all__ = ["PrepaidMutation", "PrepaidQuery"]


def _positive(value: int, name: str) -> int:
    """The API's ids are positive integers: refuse others before any call."""
    if value < 1:
        raise bad_input(f"`{name}` must be a positive integer")
    return value


@strawberry.type
class PrepaidQuery:
    """Root query fields of the prepaid Web API."""

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="A prepaid account by its AccountId (AccountRead); null with a "
        "NOT_FOUND error when there is none."
    )
    async def prepaid_account(
        self,
        info: Info,
        account_id: Annotated[
            int,
            strawberry.argument(
                description="A positive integer which references a unique Account."
            ),
        ],
    ) -> PrepaidAccount | None:
        loader = info.context.loader(prepaid_accounts)
        return PrepaidAccount.from_model(await loader.load(_positive(account_id, "accountId")))

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="A stored prepaid invoice by its AccountInvoiceId (AccountInvoiceRead); "
        "null with a NOT_FOUND error when there is none."
    )
    async def invoice(
        self,
        info: Info,
        invoice_id: Annotated[
            int,
            strawberry.argument(
                description="A positive integer which references a unique Invoice."
            ),
        ],
    ) -> Invoice | None:
        loader = info.context.loader(prepaid_invoices)
        return Invoice.from_model(await loader.load(_positive(invoice_id, "invoiceId")))

    invoices = strawberry.field(
        resolver=browse_invoices,
        description="Every account's stored prepaid invoices, a page at a time "
        "(AccountInvoiceBrowse).",
    )

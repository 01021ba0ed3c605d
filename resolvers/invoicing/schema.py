"""Root fields of the InvoiceXpress part: the gateway's own invoicing account."""

from __future__ import annotations

import strawberry

from resolvers.invoicing.loaders import invoicing_account_loader
from resolvers.invoicing.types import InvoicingAccount


@strawberry.type
class InvoicingQuery:
    """Root query fields of the InvoiceXpress part (other accounts: ``node``)."""

    @strawberry.field(
        description="The invoicing organisation's own InvoiceXpress account, the one this "
        "gateway is configured with."
    )  # type: ignore[untyped-decorator]
    async def invoicing_account(self, info: strawberry.Info) -> InvoicingAccount | None:
        account_id = info.context.upstreams.invoicing_account_id
        record = await info.context.loader(invoicing_account_loader).load(account_id)
        return InvoicingAccount.from_model(record)


@strawberry.type
class InvoicingMutation:
    """Root mutation fields of the InvoiceXpress part (changes go through updateAccount)."""

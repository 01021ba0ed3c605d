"""``updateAccount``: one mutation for the three upstreams whose accounts can be patched.

The input is ``@oneOf``: exactly one of ``customer`` (billing PATCH),
``ledger`` (Saasu PUT guarded by ``lastUpdatedId``) or ``invoicing``
(InvoiceXpress update) is given, and says which upstream is changed.

Like every mutation payload here it is nullable: when the upstream fails, only
this field is null (with the error's code), and the other mutations of the
same document keep the results of what they changed.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.account import UpdateAccountPayload
from resolvers.billing.account_inputs import CustomerAccountPatch
from resolvers.billing.account_mutations import patch_customer_account as patch_customer
from resolvers.invoicing.inputs import InvoicingAccountPatch
from resolvers.invoicing.mutations import patch as patch_invoicing
from resolvers.ledger.inputs import LedgerAccountPatch
from resolvers.ledger.mutations import patch as patch_ledger


@strawberry.input(
    one_of=True,
    description="Which account to change and how; give exactly one of the fields.",
)
class UpdateAccountInput:
    customer: CustomerAccountPatch | None = strawberry.field(
        default=strawberry.UNSET,
        description="Change a billing customer account (billing PATCH Account/{id}).",
    )
    ledger: LedgerAccountPatch | None = strawberry.field(
        default=strawberry.UNSET,
        description="Change a Saasu ledger account; needs its current lastUpdatedId.",
    )
    invoicing: InvoicingAccountPatch | None = strawberry.field(
        default=strawberry.UNSET,
        description="Change the InvoiceXpress invoicing organisation's account.",
    )


@strawberry.type
class UpdateAccountMutation:
    @strawberry.mutation(description="Change an account in billing, Saasu or InvoiceXpress.")  # type: ignore[untyped-decorator]
    async def update_account(
        self,
        info: strawberry.Info,
        input: Annotated[
            UpdateAccountInput,
            strawberry.argument(description="The account to change, in exactly one upstream."),
        ],
    ) -> UpdateAccountPayload | None:
        if input.customer:
            return await patch_customer(info, input.customer)
        if input.ledger:
            return await patch_ledger(info, input.ledger)
        assert input.invoicing  # @oneOf guarantees exactly one field is set
        return await patch_invoicing(info, input.invoicing)

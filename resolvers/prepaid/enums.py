"""The prepaid Web API's closed sets as GraphQL enums, mapped to the adapter's own."""

from __future__ import annotations

from enum import Enum

import strawberry

from upstreams.prepaid import models


@strawberry.enum(
    description="The brand of the credit card on file, as the prepaid Web API reports it."
)
class CreditCardType(Enum):
    VISA = strawberry.enum_value("VISA", description="Visa.")
    MASTERCARD = strawberry.enum_value("MASTERCARD", description="MasterCard.")
    AMERICAN_EXPRESS = strawberry.enum_value("AMERICAN_EXPRESS", description="American Express.")
    DISCOVER = strawberry.enum_value("DISCOVER", description="Discover.")

    @classmethod
    def from_model(cls, card_type: models.CardType) -> CreditCardType:
        return cls[card_type.name]


@strawberry.enum(
    description="The order of an invoice list (AccountInvoiceBrowse's OrderBy); "
    "ties under an account id order by invoice id, ascending."
)
class InvoiceOrder(Enum):
    ACCOUNT_ID = strawberry.enum_value(
        "ACCOUNT_ID", description="By account id, ascending (OrderBy AccountId)."
    )
    ACCOUNT_ID_DESC = strawberry.enum_value(
        "ACCOUNT_ID_DESC", description="By account id, descending (OrderBy AccountId Desc)."
    )
    ACCOUNT_INVOICE_ID = strawberry.enum_value(
        "ACCOUNT_INVOICE_ID",
        description="By invoice id, ascending (OrderBy AccountInvoiceId): the default.",
    )
    ACCOUNT_INVOICE_ID_DESC = strawberry.enum_value(
        "ACCOUNT_INVOICE_ID_DESC",
        description="By invoice id, descending (OrderBy AccountInvoiceId Desc).",
    )

    def to_model(self) -> models.InvoiceOrder:
        return models.InvoiceOrder[self.name]

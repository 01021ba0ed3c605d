"""``InvoicingAccount``: the InvoiceXpress organisation's account with every documented field.

Descriptions are the accounts.update docs' own. Passwords (the account's and
the credentials') are never read back by the API, so none is offered here.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import relay

from resolvers.account import Account, AccountSource
from resolvers.entities import by_keys
from resolvers.invoicing.loaders import invoicing_account_loader
from resolvers.nodes import nodes_by_id
from resolvers.views import view
from upstreams.invoicexpress import models


@strawberry.enum(description="The account language.")
class InvoicingLanguage(Enum):
    PT = strawberry.enum_value(models.Language.PT, description="Portuguese.")
    EN = strawberry.enum_value(models.Language.EN, description="English.")
    ES = strawberry.enum_value(models.Language.ES, description="Spanish.")


@strawberry.type(
    description="Details about the credentials configured on the account; the password is "
    "never shown."
)
class InvoicingCredentials:
    username: str = strawberry.field(description="Credentials username, in the format 123456789/X.")
    type: str = strawberry.field(
        description="Institution the credentials will be used for. Possible values: AT."
    )
    context: str = strawberry.field(
        description="Context of the credentials. Possible values: Sequences."
    )


@strawberry.federation.type(
    keys=["id", "accountNumber"],
    description="The invoicing organisation's own account in InvoiceXpress.",
)
class InvoicingAccount(Account):
    id: relay.NodeID[int]
    account_number: int = strawberry.field(
        description="The account's own number in InvoiceXpress (its account id)."
    )
    source: AccountSource = strawberry.field(
        default=AccountSource.INVOICING,
        description="Always INVOICING: the account lives in InvoiceXpress.",
    )
    name: str = strawberry.field(description="The name of the company (organization_name).")
    organization_name: str = strawberry.field(description="The name of the company.")
    first_name: str | None = strawberry.field(description="The user's first name.")
    last_name: str | None = strawberry.field(description="The user's last name.")
    email: str = strawberry.field(description="The account email.")
    phone: str | None = strawberry.field(description="The account phone number.")
    fiscal_id: str | None = strawberry.field(
        description="The company fiscal ID (vat number); unique in the system and, once set, "
        "unchangeable."
    )
    tax_country: str | None = strawberry.field(
        description="The account country: 1 (Portugal); 2 (Ireland); 3 (UK); more in the "
        "API's appendix."
    )
    language: InvoicingLanguage | None = strawberry.field(description="The account language.")
    address: str | None = strawberry.field(description="The company's address.")
    postal_code: str | None = strawberry.field(
        description="The company's postal code, in the format DDDD-DDD."
    )
    city: str | None = strawberry.field(description="The company's city.")
    terms: bool = strawberry.field(description="Whether the terms and conditions are accepted.")
    marketing: bool | None = strawberry.field(
        description="Whether the account signed up to receive the marketing newsletter."
    )
    credentials: InvoicingCredentials | None = strawberry.field(
        description="The credentials configured on the account; null when none are set."
    )

    @classmethod
    def from_model(cls, record: models.InvoicingAccount) -> InvoicingAccount:
        credentials = record.credentials
        return view(
            cls,
            record,
            account_number=record.id,
            name=record.organization_name,
            language=InvoicingLanguage(record.language) if record.language else None,
            credentials=view(InvoicingCredentials, credentials) if credentials else None,
        )

    resolve_reference = by_keys
    resolve_nodes = nodes_by_id(
        invoicing_account_loader, lambda _key, record: InvoicingAccount.from_model(record)
    )

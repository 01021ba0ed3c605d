"""The input of ``patchAccount`` for an InvoiceXpress account (accounts.update).

A field left out keeps its value; ``null`` clears it where InvoiceXpress
can (the names, phone, address and city) and is refused elsewhere. The
credentials, when given, are all replaced.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from resolvers.invoicing.types import InvoicingLanguage

UNSET: Any = strawberry.UNSET


@strawberry.input(
    description="Tax-authority credentials to configure on the account (all are replaced)."
)
class InvoicingCredentialsInput:
    username: str = strawberry.field(
        description="Credentials username. Must be in the format 123456789/X (^\\d{9}/)."
    )
    password: str = strawberry.field(
        description="Credentials password, in plain text: the gateway encodes it in Base64 "
        "as the API requires. Never shown back."
    )
    type: str = strawberry.field(
        default="AT",
        description="Institution the credentials will be used for. Case sensitive. "
        "Possible values: AT (the default).",
    )
    context: str = strawberry.field(
        default="Sequences",
        description="Context of the credentials. Case sensitive. Possible values: Sequences "
        "(the default).",
    )


@strawberry.input(
    description="Changes to an InvoiceXpress account (accounts.update): a field left out "
    "keeps its value, null clears it where InvoiceXpress can clear it."
)
class InvoicingAccountPatch:
    id: relay.GlobalID = strawberry.field(
        description="Global id of the InvoicingAccount to change."
    )
    organization_name: str | None = strawberry.field(
        default=UNSET, description="The name of the company; cannot be blank. Cannot be null."
    )
    email: str | None = strawberry.field(
        default=UNSET, description="The account email. Cannot be null."
    )
    password: str | None = strawberry.field(
        default=UNSET,
        description="The account password, to log in to InvoiceXpress: not empty. Never shown "
        "back. Cannot be null.",
    )
    phone: str | None = strawberry.field(
        default=UNSET, description="The account phone number. Null clears it."
    )
    first_name: str | None = strawberry.field(
        default=UNSET, description="The user's first name. Null clears it."
    )
    last_name: str | None = strawberry.field(
        default=UNSET, description="The user's last name. Null clears it."
    )
    fiscal_id: str | None = strawberry.field(
        default=UNSET,
        description="The company fiscal ID (vat number); must be unique in the system and "
        "cannot be changed once set. Cannot be null.",
    )
    tax_country: str | None = strawberry.field(
        default=UNSET,
        description="The account country: 1 (Portugal); 2 (Ireland); 3 (UK); more in the "
        "API's appendix. Cannot be null.",
    )
    language: InvoicingLanguage | None = strawberry.field(
        default=UNSET, description="The account language. Cannot be null."
    )
    address: str | None = strawberry.field(
        default=UNSET, description="The company's address. Null clears it."
    )
    postal_code: str | None = strawberry.field(
        default=UNSET, description="The company's postal code: DDDD-DDD. Cannot be null."
    )
    city: str | None = strawberry.field(
        default=UNSET, description="The company's city. Null clears it."
    )
    terms: bool | None = strawberry.field(
        default=UNSET,
        description="The terms and conditions: true (accepted) or false. Cannot be null.",
    )
    marketing: bool | None = strawberry.field(
        default=UNSET, description="Signing up to receive the marketing newsletter. Cannot be null."
    )
    credentials: InvoicingCredentialsInput | None = strawberry.field(
        default=UNSET,
        description="The credentials to configure; username and password are required. "
        "Cannot be null: InvoiceXpress cannot remove them.",
    )

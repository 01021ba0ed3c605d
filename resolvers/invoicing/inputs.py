"""The input of ``updateAccount`` for an InvoiceXpress account (accounts.update).

A field left out keeps its value; ``null`` clears it where InvoiceXpress
can (``upstreams.invoicexpress.models.CLEARABLE``) and is refused elsewhere. The
credentials, when given, are all replaced.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from resolvers.invoicing.types import InvoicingLanguage
from resolvers.patch_rules import patch_field
from upstreams.invoicexpress.models import CLEARABLE


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


def _field(name: str, description: str) -> Any:
    """A patch field, saying whether ``null`` clears ``AccountUpdate.<name>``."""
    return patch_field(description, name in CLEARABLE)


@strawberry.input(
    description="Changes to an InvoiceXpress account (accounts.update): a field left out "
    "keeps its value, null clears it where InvoiceXpress can clear it."
)
class InvoicingAccountPatch:
    id: relay.GlobalID = strawberry.field(
        description="Global id of the InvoicingAccount to change."
    )
    organization_name: str | None = _field(
        "organization_name", "The name of the company; cannot be blank."
    )
    email: str | None = _field("email", "The account email.")
    password: str | None = _field(
        "password",
        "The account password, to log in to InvoiceXpress: not empty. Never shown back.",
    )
    phone: str | None = _field("phone", "The account phone number.")
    first_name: str | None = _field("first_name", "The user's first name.")
    last_name: str | None = _field("last_name", "The user's last name.")
    fiscal_id: str | None = _field(
        "fiscal_id",
        "The company fiscal ID (vat number); must be unique in the system and cannot be "
        "changed once set.",
    )
    tax_country: str | None = _field(
        "tax_country",
        "The account country: 1 (Portugal); 2 (Ireland); 3 (UK); more in the API's appendix.",
    )
    language: InvoicingLanguage | None = _field("language", "The account language.")
    address: str | None = _field("address", "The company's address.")
    postal_code: str | None = _field("postal_code", "The company's postal code: DDDD-DDD.")
    city: str | None = _field("city", "The company's city.")
    terms: bool | None = _field("terms", "The terms and conditions: true (accepted) or false.")
    marketing: bool | None = _field("marketing", "Signing up to receive the marketing newsletter.")
    credentials: InvoicingCredentialsInput | None = _field(
        "credentials",
        "The credentials to configure; username and password are required. InvoiceXpress "
        "cannot remove them.",
    )

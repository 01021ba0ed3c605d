"""``patchAccount`` for an InvoiceXpress account: its input and how it is applied.

accounts.update changes only the fields sent, so the input maps one to one
onto ``AccountUpdate``. The rules the docs state in full (postal code
``DDDD-DDD``, credentials username ``^\\d{9}/``, type ``AT``, context
``Sequences``) are checked first, with the docs' own messages, so refused
input costs no call; the rest (a fiscal id already set or taken, an unknown
tax country, ...) come back from the API's 422 as user errors on the same
paths. The update is sent once; its answer is the account as it now is,
which primes the loader so no second read is needed.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from resolvers.account import PatchAccountPayload
from resolvers.errors import UserError, user_errors
from resolvers.invoicing.checks import ROOT, check
from resolvers.invoicing.loaders import invoicing_account_loader
from resolvers.invoicing.types import InvoicingAccount, InvoicingLanguage
from upstreams.errors import InvalidInput, NotFound
from upstreams.invoicexpress.models import AccountUpdate, CredentialsInput, Language

UNSET: Any = strawberry.UNSET

FIELDS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "organization_name": "organizationName",
    "phone": "phone",
    "email": "email",
    "fiscal_id": "fiscalId",
    "tax_country": "taxCountry",
    "language": "language",
    "terms": "terms",
    "marketing": "marketing",
    "address": "address",
    "postal_code": "postalCode",
    "city": "city",
    "credentials.username": "credentials.username",
    "credentials.password": "credentials.password",
    "credentials.type": "credentials.type",
    "credentials.context": "credentials.context",
}
"""The adapter's field names (from the API's 422 messages) to this input's paths."""


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
    description="Changes to an InvoiceXpress account (accounts.update); fields left out (or "
    "null) keep their values."
)
class InvoicingAccountPatch:
    id: relay.GlobalID = strawberry.field(
        description="Global id of the InvoicingAccount to change."
    )
    organization_name: str | None = strawberry.field(
        default=UNSET, description="The name of the company; cannot be blank."
    )
    email: str | None = strawberry.field(default=UNSET, description="The account email.")
    phone: str | None = strawberry.field(default=UNSET, description="The account phone number.")
    first_name: str | None = strawberry.field(default=UNSET, description="The user's first name.")
    last_name: str | None = strawberry.field(default=UNSET, description="The user's last name.")
    fiscal_id: str | None = strawberry.field(
        default=UNSET,
        description="The company fiscal ID (vat number); must be unique in the system and "
        "cannot be changed once set.",
    )
    tax_country: str | None = strawberry.field(
        default=UNSET,
        description="The account country: 1 (Portugal); 2 (Ireland); 3 (UK); more in the "
        "API's appendix.",
    )
    language: InvoicingLanguage | None = strawberry.field(
        default=UNSET, description="The account language."
    )
    address: str | None = strawberry.field(default=UNSET, description="The company's address.")
    postal_code: str | None = strawberry.field(
        default=UNSET, description="The company's postal code: DDDD-DDD."
    )
    city: str | None = strawberry.field(default=UNSET, description="The company's city.")
    terms: bool | None = strawberry.field(
        default=UNSET, description="The terms and conditions: true (accepted) or false."
    )
    marketing: bool | None = strawberry.field(
        default=UNSET, description="Signing up to receive the marketing newsletter."
    )
    credentials: InvoicingCredentialsInput | None = strawberry.field(
        default=UNSET,
        description="The credentials to configure; username and password are required.",
    )


async def patch(info: strawberry.Info, patch: InvoicingAccountPatch) -> PatchAccountPayload:
    """Apply ``patch``; refused input comes back as user errors."""
    checked = check(patch)
    if isinstance(checked, list):
        return PatchAccountPayload(account=None, user_errors=checked)
    account_id = checked
    loader = info.context.loader(invoicing_account_loader)
    try:
        record = await info.context.upstreams.invoicexpress.update_account(
            account_id, _update(patch)
        )
    except NotFound as exc:
        error = UserError(field=[*ROOT, "id"], message=exc.message, code="NOT_FOUND")
        return PatchAccountPayload(account=None, user_errors=[error])
    except InvalidInput as exc:
        return PatchAccountPayload(account=None, user_errors=_input_errors(exc))
    finally:
        loader.clear(account_id)
    loader.prime(account_id, record)
    return PatchAccountPayload(account=InvoicingAccount.from_record(record), user_errors=[])


def _update(patch: InvoicingAccountPatch) -> AccountUpdate:
    """Only the fields given; ``None`` leaves a field out of the API call."""

    def given(value: Any) -> Any:
        return None if value is UNSET else value

    credentials = given(patch.credentials)
    language = given(patch.language)
    return AccountUpdate(
        first_name=given(patch.first_name),
        last_name=given(patch.last_name),
        organization_name=given(patch.organization_name),
        phone=given(patch.phone),
        email=given(patch.email),
        fiscal_id=given(patch.fiscal_id),
        tax_country=given(patch.tax_country),
        language=Language[language.name] if language else None,
        terms=given(patch.terms),
        marketing=given(patch.marketing),
        address=given(patch.address),
        postal_code=given(patch.postal_code),
        city=given(patch.city),
        credentials=CredentialsInput(
            username=credentials.username,
            password=credentials.password,
            type=credentials.type,
            context=credentials.context,
        )
        if credentials
        else None,
    )


def _input_errors(error: InvalidInput) -> list[UserError]:
    """The API's 422 messages as user errors at ``["input", "invoicing", ...]``."""
    return [
        UserError(field=_path(e.field), message=e.message, code=e.code)
        for e in user_errors(error, FIELDS, root="invoicing")
    ]


def _path(field: list[str] | None) -> list[str] | None:
    """``["invoicing", "credentials.username"]``: ``["input", "invoicing", "credentials", ...]``."""
    if not field:
        return None
    return ["input", *(part for name in field for part in name.split("."))]

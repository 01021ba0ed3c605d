"""The rules accounts.update documents in full, checked before the API is called.

Each refusal carries the docs' own message, at the input path the API's 422
would have named, so a client sees the same error whether we or InvoiceXpress
caught it. Text XML cannot hold is refused too (``resolvers.xml_text``): the
API serves the account as XML as well as JSON. Rules that need the stored
account (a fiscal id is unique and, once set, unchangeable) or lists the docs
leave open (tax countries: "see the Appendix") stay the API's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from strawberry import UNSET

from resolvers.errors import UserError
from resolvers.nodes import own_key
from resolvers.xml_text import xml_text_errors

if TYPE_CHECKING:
    from resolvers.invoicing.inputs import InvoicingAccountPatch

ROOT = ["input", "invoicing"]
TYPE_NAME = "InvoicingAccount"
CODE = "INVALID"
POSTAL_CODE = re.compile(r"\d{4}-\d{3}")
USERNAME = re.compile(r"\d{9}/")
CREDENTIAL_TYPES = ("AT",)
CREDENTIAL_CONTEXTS = ("Sequences",)

POSTAL_CODE_FORMAT = "Postal Code must have the following format DDDD-DDD"
USERNAME_BLANK = "Username is not valid."
USERNAME_FORMAT = "Username doesn't match required format."
PASSWORD_INVALID = "Password is not valid."
TYPE_INVALID = "Credential type is invalid."
CONTEXT_INVALID = "Credential context is invalid."
ORGANIZATION_NAME_BLANK = "Organization name can't be blank"
TEXT_FIELDS = {
    "organizationName": "organization_name",
    "email": "email",
    "phone": "phone",
    "firstName": "first_name",
    "lastName": "last_name",
    "fiscalId": "fiscal_id",
    "taxCountry": "tax_country",
    "address": "address",
    "postalCode": "postal_code",
    "city": "city",
}
"""The account's text inputs: their names in the graph, and on the patch."""


def check(patch: InvoicingAccountPatch) -> int | list[UserError]:
    """The account id, or every problem found (in the API's order)."""
    problems: list[UserError] = []

    def refuse(path: list[str], message: str) -> None:
        problems.append(UserError(field=[*ROOT, *path], message=message, code=CODE))

    account_id = own_key(patch.id, TYPE_NAME)
    if account_id is None:
        refuse(["id"], "id must be the global id of an InvoicingAccount.")
    name = patch.organization_name
    if isinstance(name, str) and not name.strip():
        refuse(["organizationName"], ORGANIZATION_NAME_BLANK)
    postal_code = patch.postal_code
    if isinstance(postal_code, str) and not POSTAL_CODE.fullmatch(postal_code):
        refuse(["postalCode"], POSTAL_CODE_FORMAT)
    credentials = patch.credentials
    if credentials is not UNSET and credentials is not None:
        if not credentials.username.strip():
            refuse(["credentials", "username"], USERNAME_BLANK)
        elif not USERNAME.match(credentials.username):
            refuse(["credentials", "username"], USERNAME_FORMAT)
        if not credentials.password:
            refuse(["credentials", "password"], PASSWORD_INVALID)
        if credentials.type not in CREDENTIAL_TYPES:
            refuse(["credentials", "type"], TYPE_INVALID)
        if credentials.context not in CREDENTIAL_CONTEXTS:
            refuse(["credentials", "context"], CONTEXT_INVALID)
    problems += xml_text_errors(_texts(patch))
    if problems or account_id is None:
        return problems
    return account_id


def _texts(patch: InvoicingAccountPatch) -> list[tuple[list[str], object]]:
    """Every string the update writes as text, at its input path.

    The credentials password is left out: it travels in Base64, which carries any character.
    """
    texts: list[tuple[list[str], object]] = [
        ([*ROOT, name], getattr(patch, attribute)) for name, attribute in TEXT_FIELDS.items()
    ]
    credentials = patch.credentials
    if credentials is not UNSET and credentials is not None:
        texts += [
            ([*ROOT, "credentials", name], getattr(credentials, name))
            for name in ("username", "type", "context")
        ]
    return texts

"""The rules accounts.update documents in full, checked before the API is called.

Each refusal carries the docs' own message, at the input path the API's 422
would have named, so a client sees the same error whether we or InvoiceXpress
caught it. Text XML cannot hold is refused too (``resolvers.xml_text``): the
API serves the account as XML as well as JSON. Rules that need the stored
account (a fiscal id is unique and, once set, unchangeable) or lists the docs
leave open (tax countries: "see the Appendix") stay the API's.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from strawberry import UNSET

from resolvers.errors import UserError
from resolvers.nodes import own_key
from resolvers.patch_rules import empty_patch, given, split
from resolvers.user_error_codes import UserErrorCode
from resolvers.xml_text import xml_text_errors
from upstreams.invoicexpress.models import CLEARABLE, AccountUpdate, CredentialsInput, Language

if TYPE_CHECKING:
    from resolvers.invoicing.inputs import InvoicingAccountPatch

ROOT = ["input", "invoicing"]
TYPE_NAME = "InvoicingAccount"
CODE = UserErrorCode.INVALID
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
PASSWORD_EMPTY = "'password' must not be empty: the API would keep the old one."
UPDATE_FIELDS = tuple(f.name for f in dataclasses.fields(AccountUpdate) if f.name != "cleared")
"""The fields a patch can send, by their names on the input and on ``AccountUpdate``."""
CAN_CLEAR = {name: name in CLEARABLE for name in UPDATE_FIELDS}
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
    "password": "password",
}
"""The account's text inputs: their names in the graph, and on the patch."""


def check(patch: InvoicingAccountPatch) -> tuple[int, AccountUpdate] | list[UserError]:
    """The account id and the update to send, or every problem found (in the API's order)."""
    problems: list[UserError] = []

    def refuse(path: list[str], message: str) -> None:
        problems.append(UserError(field=[*ROOT, *path], message=message, code=CODE))

    account_id = own_key(patch.id, TYPE_NAME)
    if account_id is None:
        refuse(["id"], "id must be the global id of an InvoicingAccount.")
    values = {name: getattr(patch, name) for name in UPDATE_FIELDS}
    kept, cleared = split(values, CAN_CLEAR, ROOT, problems)
    if account_id is not None and not any(given(v) for v in values.values()):
        problems.append(empty_patch(ROOT))
    if patch.password == "":
        refuse(["password"], PASSWORD_EMPTY)
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
    return account_id, _update(kept, cleared)


def _update(kept: dict[str, Any], cleared: set[str]) -> AccountUpdate:
    """The checked fields as the adapter's update, graph enums and inputs as its models."""
    language, credentials = kept.pop("language", None), kept.pop("credentials", None)
    return AccountUpdate(
        **kept,
        language=Language[language.name] if language else None,
        credentials=CredentialsInput(
            username=credentials.username,
            password=credentials.password,
            type=credentials.type,
            context=credentials.context,
        )
        if credentials
        else None,
        cleared=frozenset(cleared),
    )


def _texts(patch: InvoicingAccountPatch) -> list[tuple[list[str], object]]:
    """Every string the update writes as text, at its input path.

        The credentials password is left out: it travels in Base64, which carries any character.
    The account password is in: it travels as text.
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

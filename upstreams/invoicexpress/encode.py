"""What an ``AccountUpdate`` sends, before either format writes it.

Both formats send the same fields with the same values, so the choices live
here once: fields left as ``None`` are not sent, ``cleared`` ones go empty
(which clears them), ``terms``/``marketing`` go as
``1``/``0`` (as in the docs' example), the credentials password is
Base64-encoded and the credentials always carry their ``type`` and ``context``.
"""

from __future__ import annotations

import base64

from upstreams.invoicexpress.models import AccountUpdate, CredentialsInput

WireValue = str | int | dict[str, str]

TEXT_FIELDS = (
    "first_name",
    "last_name",
    "organization_name",
    "phone",
    "email",
    "password",
    "fiscal_id",
    "tax_country",
)
PLACE_FIELDS = ("address", "postal_code", "city")


def update_fields(update: AccountUpdate) -> dict[str, WireValue]:
    """The ``account`` object's members, in the docs' parameter order."""
    fields: dict[str, WireValue] = {}
    for name in TEXT_FIELDS:
        text: str | None = "" if name in update.cleared else getattr(update, name)
        if text is not None:
            fields[name] = text
    if update.language is not None:
        fields["language"] = update.language.value
    if update.terms is not None:
        fields["terms"] = int(update.terms)
    if update.marketing is not None:
        fields["marketing"] = int(update.marketing)
    for name in PLACE_FIELDS:
        text = "" if name in update.cleared else getattr(update, name)
        if text is not None:
            fields[name] = text
    if update.credentials is not None:
        fields["credentials"] = credentials_fields(update.credentials)
    return fields


def credentials_fields(credentials: CredentialsInput) -> dict[str, str]:
    """The ``credentials`` object, with the password in Base64 as the API requires."""
    return {
        "username": credentials.username,
        "password": base64.b64encode(credentials.password.encode("utf-8")).decode("ascii"),
        "context": credentials.context,
        "type": credentials.type,
    }

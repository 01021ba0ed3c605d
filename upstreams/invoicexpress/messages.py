"""Which account field each known HTTP 422 message is about.

InvoiceXpress names no field in its errors, only a sentence, so the field
comes from the sentence's known text: the docs' own, and the contract's for
fields the docs give no text for. Matching ignores case, surrounding space and
a final full stop; an unknown sentence concerns no known field (``None``).
"""

from __future__ import annotations

from upstreams.errors import Problem

CODE = "INVALID"
"""InvoiceXpress gives no error codes; every 422 message is an invalid value."""

FIELDS: dict[str, str | None] = {
    # documented in accounts.update
    "Postal Code must have the following format DDDD-DDD": "postal_code",
    "Vat Number can't be changed": "fiscal_id",
    "Vat Number is already used in another account": "fiscal_id",
    "Username is not valid.": "credentials.username",
    "Username doesn't match required format.": "credentials.username",
    "Password is not valid.": "credentials.password",
    "Credential type is invalid.": "credentials.type",
    "Credential context is invalid.": "credentials.context",
    # the contract's, in the same style, where the docs give no text
    "Organization name can't be blank": "organization_name",
    "Email is invalid": "email",
    "Terms must be accepted": "terms",
    "Tax country is invalid": "tax_country",
    "Language is invalid": "language",
    "Marketing is invalid": "marketing",
    "Request body is invalid": None,
}


def _key(message: str) -> str:
    return message.strip().rstrip(".").casefold()


_BY_KEY = {_key(message): field for message, field in FIELDS.items()}


def field_for(message: str) -> str | None:
    """The field a 422 message is about, or ``None`` when the text is not a known one."""
    return _BY_KEY.get(_key(message))


def problems(messages: list[str]) -> list[Problem]:
    """One ``Problem`` per message, in the upstream's order, each message kept as given."""
    return [Problem(field=field_for(message), message=message, code=CODE) for message in messages]

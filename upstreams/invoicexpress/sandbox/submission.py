"""What an update body asks for, once either format has been read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ACCOUNT_FIELDS = (
    "first_name",
    "last_name",
    "organization_name",
    "phone",
    "email",
    "password",
    "fiscal_id",
    "tax_country",
    "language",
    "terms",
    "marketing",
    "address",
    "postal_code",
    "city",
)
CREDENTIAL_FIELDS = ("username", "password", "type", "context")

# What XML 1.0 cannot carry: every account must stay readable in both formats.
NOT_XML_TEXT = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class InvalidBody(Exception):
    """The body cannot be read as an update: unparseable, no ``account``, or off-shape."""


@dataclass(frozen=True)
class Submission:
    """Each member sent, as text; ``credentials`` is ``None`` when not sent at all.

    Members left out (or JSON ``null``) are absent here, so they keep their values.
    """

    fields: dict[str, str] = field(default_factory=dict)
    credentials: dict[str, str] | None = None


def checked_text(value: str) -> str:
    """``value``, unless it holds characters an XML answer could not carry."""
    if NOT_XML_TEXT.search(value):
        raise InvalidBody
    return value

"""The stored account, with its secrets kept apart from what the API shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Credentials:
    """Tax-authority credentials; ``password`` is the Base64 text as sent, never shown."""

    username: str
    password: str = field(repr=False)
    type: str = "AT"
    context: str = "Sequences"


@dataclass
class Account:
    """One organisation account. Text fields are ``None`` when never set or cleared.

    ``password_digest`` stands for the account password: the sandbox keeps a
    digest only, as a real service would, and the API never shows it.
    """

    id: int
    organization_name: str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    fiscal_id: str | None = None
    tax_country: str = "1"
    language: str = "pt"
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    terms: str = "1"
    marketing: str = "0"
    credentials: Credentials | None = None
    password_digest: str = field(default="", repr=False)

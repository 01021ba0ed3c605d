"""The invoicing organisation's account as the adapter hands it out and takes changes.

Plain data with no wire details: ``terms`` and ``marketing`` are booleans (the
wire's ``1``/``0``), the credentials password is the plain one (the adapter
Base64-encodes it, as the API wants), and no password is ever read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Language(StrEnum):
    """The account languages the API offers."""

    PT = "pt"
    EN = "en"
    ES = "es"


@dataclass(frozen=True, slots=True)
class CredentialsInfo:
    """Tax-authority credentials set on the account; the API never returns their password."""

    username: str
    type: str
    context: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoicingAccount:
    """The account as it is now.

    ``tax_country`` is the API's country code as text (``"1"`` Portugal,
    ``"2"`` Ireland, ``"3"`` UK, ...). ``credentials`` is ``None`` when none are set.
    """

    id: int
    organization_name: str
    first_name: str | None
    last_name: str | None
    email: str
    phone: str | None
    fiscal_id: str | None
    tax_country: str | None
    language: Language | None
    address: str | None
    postal_code: str | None
    city: str | None
    terms: bool
    marketing: bool | None
    credentials: CredentialsInfo | None


@dataclass(frozen=True, slots=True)
class CredentialsInput:
    """Credentials to set: ``username`` like ``123456789/1``, ``password`` in plain text."""

    username: str
    password: str = field(repr=False)
    type: str = "AT"
    context: str = "Sequences"


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountUpdate:
    """The fields to change; ``None`` leaves a field out, so it keeps its value.

    The upstream checks every field sent (postal code ``DDDD-DDD``, a fiscal id
    that is unique and, once set, unchangeable, ...) and reports all problems at once.
    ``cleared`` names fields to empty; only the ``CLEARABLE`` ones can be.
    """

    first_name: str | None = None
    last_name: str | None = None
    organization_name: str | None = None
    phone: str | None = None
    email: str | None = None
    password: str | None = field(default=None, repr=False)
    fiscal_id: str | None = None
    tax_country: str | None = None
    language: Language | None = None
    terms: bool | None = None
    marketing: bool | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    credentials: CredentialsInput | None = None
    cleared: frozenset[str] = frozenset()


CLEARABLE = frozenset({"first_name", "last_name", "phone", "address", "city"})
"""The ``AccountUpdate`` fields the API clears when sent empty; the others cannot be cleared."""

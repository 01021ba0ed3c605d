"""Read an account answer: check its decoded members and build the ``InvoicingAccount``.

Both formats hand over a mapping of member name to value: JSON with its own
types, XML with text only. The checks accept either spelling of a value
(``11001`` or ``"11001"``, ``1`` or ``"1"``), since the docs type ``terms``
as a string yet show it as a number. An empty text counts as absent, because
XML cannot tell the two apart. Anything else off-shape is a ``ShapeError``
naming the member, never its value.
"""

from __future__ import annotations

from collections.abc import Mapping

from upstreams.invoicexpress.codec import Codec, ShapeError
from upstreams.invoicexpress.errors import error_for, off_shape
from upstreams.invoicexpress.models import CredentialsInfo, InvoicingAccount, Language

FLAGS = {"1": True, "0": False, "true": True, "false": False}


def read_account(status: int, body: bytes, codec: Codec, account_id: int) -> InvoicingAccount:
    """The account of a 200 answer; raise the shared error any other answer means."""
    if status != 200:
        raise error_for(status, body, codec, account_id)
    try:
        return codec.decode_account(body)
    except ShapeError as exc:
        raise off_shape(exc) from None


def account_from(members: Mapping[str, object]) -> InvoicingAccount:
    """The account from its members; ``credentials`` is a mapping or ``None``."""
    return InvoicingAccount(
        id=whole_number(members, "id"),
        organization_name=required_text(members, "organization_name"),
        first_name=text(members, "first_name"),
        last_name=text(members, "last_name"),
        email=required_text(members, "email"),
        phone=text(members, "phone"),
        fiscal_id=text(members, "fiscal_id"),
        tax_country=code(members, "tax_country"),
        language=language(members),
        address=text(members, "address"),
        postal_code=text(members, "postal_code"),
        city=text(members, "city"),
        terms=required_flag(members, "terms"),
        marketing=flag(members, "marketing"),
        credentials=credentials(members.get("credentials")),
    )


def credentials(value: object) -> CredentialsInfo | None:
    """Credentials from their members; ``None`` or an empty object means none are set."""
    if value is None or (isinstance(value, Mapping) and not value):
        return None
    if not isinstance(value, Mapping):
        raise ShapeError("credentials is not an object")
    return CredentialsInfo(
        username=required_text(value, "username", "credentials.username"),
        type=text(value, "type", "credentials.type") or "AT",
        context=text(value, "context", "credentials.context") or "Sequences",
    )


def text(members: Mapping[str, object], name: str, label: str | None = None) -> str | None:
    value = members.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ShapeError(f"{label or name} is not text")
    return value


def required_text(members: Mapping[str, object], name: str, label: str | None = None) -> str:
    value = text(members, name, label)
    if value is None:
        raise ShapeError(f"{label or name} is missing")
    return value


def whole_number(members: Mapping[str, object], name: str) -> int:
    value = members.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise ShapeError(f"{name} is missing or not a whole number")


def code(members: Mapping[str, object], name: str) -> str | None:
    """A numeric code the docs type as a string; kept as its decimal text."""
    value = members.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(members, name)


def flag(members: Mapping[str, object], name: str) -> bool | None:
    value = members.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str) and str(value).strip().lower() in FLAGS:
        return FLAGS[str(value).strip().lower()]
    raise ShapeError(f"{name} is not 1 or 0")


def required_flag(members: Mapping[str, object], name: str) -> bool:
    value = flag(members, name)
    if value is None:
        raise ShapeError(f"{name} is missing")
    return value


def language(members: Mapping[str, object]) -> Language | None:
    value = text(members, "language")
    if value is None:
        return None
    try:
        return Language(value)
    except ValueError:
        raise ShapeError("language is not one of pt, en, es") from None

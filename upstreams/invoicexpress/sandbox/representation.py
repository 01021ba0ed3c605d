"""The account as the API shows it: the contract's members, in its order, no passwords."""

from __future__ import annotations

from upstreams.invoicexpress.sandbox.records import Account

Members = dict[str, int | str | dict[str, str] | None]

SHOWN_FIELDS = (
    "organization_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "fiscal_id",
    "tax_country",
    "language",
    "address",
    "postal_code",
    "city",
    "terms",
    "marketing",
)


def public_members(account: Account) -> Members:
    """``id``, the shown fields (``None`` when unset), then ``credentials`` or ``None``.

    Built field by field from a fixed list, so no password can slip in.
    """
    members: Members = {"id": account.id}
    for name in SHOWN_FIELDS:
        members[name] = getattr(account, name)
    credentials = account.credentials
    members["credentials"] = (
        None
        if credentials is None
        else {
            "username": credentials.username,
            "type": credentials.type,
            "context": credentials.context,
        }
    )
    return members

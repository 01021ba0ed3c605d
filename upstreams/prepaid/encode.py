"""The parameters of the prepaid actions that take more than an id, as the API spells them.

Every parameter travels as text (query string or form field): integers in
decimal, booleans as ``true``/``false``.
"""

from __future__ import annotations

import dataclasses

from upstreams.prepaid.models import ContactInput, InvoiceOrder, wire_name


def boolean(value: bool) -> str:
    return "true" if value else "false"


def contact_params(account_id: int, contact: ContactInput) -> dict[str, str]:
    """``AccountEditContact``: the whole new contact, each parameter named as its attribute."""
    params = {"AccountId": str(account_id)}
    for field in dataclasses.fields(ContactInput):
        params[wire_name(field.name)] = str(getattr(contact, field.name))
    return params


def recharge_params(
    account_id: int, *, recharge: bool, threshold: int, level: int
) -> dict[str, str]:
    """``AccountEditRecharge``: the auto-recharge settings."""
    return {
        "AccountId": str(account_id),
        "Recharge": boolean(recharge),
        "RechargeThreshold": str(threshold),
        "RechargeLevel": str(level),
    }


def browse_params(
    *, order_by: InvoiceOrder, limit: int, offset: int, calc_found: bool, account_id: int | None
) -> dict[str, str]:
    """``AccountInvoiceBrowse``: order, page and the optional account filter."""
    params = {
        "OrderBy": order_by.value,
        "Limit": str(limit),
        "Offset": str(offset),
        "CalcFound": boolean(calc_found),
    }
    if account_id is not None:
        params["AccountId"] = str(account_id)
    return params

"""A prepaid account as JSON, so a top-up's first answer can be given again from the key store.

A repeat must get the account as the first top-up left it (its balance just
after that charge), not as it is now, so the record is kept whole.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from upstreams.prepaid import models


def account_to_json(account: models.PrepaidAccount) -> dict[str, Any]:
    card = account.credit_card
    return {
        "account_id": account.account_id,
        "contact": {
            name: getattr(account.contact, name)
            for name in models.PrepaidContact.__dataclass_fields__
        },
        "credit_card": None
        if card is None
        else {
            "type": card.type.value,
            "name": card.name,
            "last_four": card.last_four,
            "expiration_month": card.expiration_month,
            "expiration_year": card.expiration_year,
        },
        "balance": str(account.balance),
        "credit_limit": str(account.credit_limit),
        "recharge": account.recharge,
        "recharge_threshold": account.recharge_threshold,
        "recharge_level": account.recharge_level,
        "created": account.created.isoformat(),
        "modified": account.modified.isoformat(),
        "currency": account.currency,
    }


def account_from_json(data: dict[str, Any]) -> models.PrepaidAccount:
    card = data["credit_card"]
    return models.PrepaidAccount(
        account_id=data["account_id"],
        contact=models.PrepaidContact(**data["contact"]),
        credit_card=None
        if card is None
        else models.MaskedCreditCard(**{**card, "type": models.CardType(card["type"])}),
        balance=Decimal(data["balance"]),
        credit_limit=Decimal(data["credit_limit"]),
        recharge=data["recharge"],
        recharge_threshold=data["recharge_threshold"],
        recharge_level=data["recharge_level"],
        created=datetime.fromisoformat(data["created"]),
        modified=datetime.fromisoformat(data["modified"]),
        currency=data["currency"],
    )

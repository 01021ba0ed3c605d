"""A prepaid account as JSON, so a top-up's first answer can be given again from the key store.

A repeat must get the account as the first top-up left it (its balance just
after that charge), not as it is now, so the record is kept whole: every
field of the model, with only the values JSON cannot carry written as text.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from typing import Any

from upstreams.prepaid import models


def account_to_json(account: models.PrepaidAccount) -> dict[str, Any]:
    data = dataclasses.asdict(account)
    card = data["credit_card"]
    if card is not None:
        card["type"] = card["type"].value
    return {
        **data,
        "balance": str(account.balance),
        "credit_limit": str(account.credit_limit),
        "created": account.created.isoformat(),
        "modified": account.modified.isoformat(),
    }


def account_from_json(data: dict[str, Any]) -> models.PrepaidAccount:
    card = data["credit_card"]
    return models.PrepaidAccount(
        **{
            **data,
            "contact": models.PrepaidContact(**data["contact"]),
            "credit_card": None
            if card is None
            else models.MaskedCreditCard(**{**card, "type": models.CardType(card["type"])}),
            "balance": Decimal(data["balance"]),
            "credit_limit": Decimal(data["credit_limit"]),
            "created": datetime.fromisoformat(data["created"]),
            "modified": datetime.fromisoformat(data["modified"]),
        }
    )

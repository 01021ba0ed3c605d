"""Money as an exact decimal with its currency, never a float."""

from __future__ import annotations

from decimal import Decimal

import strawberry


# @shareable: a value type, not an entity; any subgraph may define (and resolve) the
# same Money, and the supergraph merges the definitions instead of refusing them.
@strawberry.federation.type(
    shareable=True,
    description="An amount of money: an exact decimal and its ISO 4217 currency.",
)
class Money:
    amount: Decimal = strawberry.field(
        description='The amount as an exact decimal string, e.g. "24.59"; never a float.'
    )
    currency: str = strawberry.field(description='ISO 4217 currency code, e.g. "USD".')

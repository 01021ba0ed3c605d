"""``patchAccount`` for a Saasu ledger account: its input and how it is applied.

Placeholder until this part is written.
"""

from __future__ import annotations

import strawberry

from resolvers.account import PatchAccountPayload
from resolvers.errors import GraphError


@strawberry.input(description="Changes to a Saasu ledger account.")
class LedgerAccountPatch:
    id: strawberry.ID = strawberry.field(description="Global id of the account to change.")


async def patch(info: strawberry.Info, patch: LedgerAccountPatch) -> PatchAccountPayload:
    """Apply ``patch``; refused input comes back as user errors."""
    raise GraphError("INTERNAL", "not yet available")

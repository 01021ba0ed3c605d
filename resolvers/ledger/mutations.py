"""``updateAccount`` for a Saasu ledger account: how the change is applied.

Saasu's ``PUT Account/{id}`` replaces the whole account and is guarded by
``LastUpdatedId``. So the patch reads the account, changes only the fields
given, and sends the CLIENT's ``lastUpdatedId`` (never the one just read,
which would always be the latest and so defeat the concurrency check): a
client that saw an older version gets ``CONFLICT`` and must read again.
The documented ranges are checked first, so refused input costs no call of
Saasu's daily cap. The PUT is sent once and never retried.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from resolvers.account import UpdateAccountPayload
from resolvers.errors import UserError, user_errors
from resolvers.ledger.checks import BANK, LINKS, PLAIN, ROOT, check
from resolvers.ledger.inputs import LedgerAccountPatch
from resolvers.ledger.loaders import ledger_account_loader
from resolvers.ledger.types import LedgerAccount, LedgerAccountLevel, LedgerAccountType
from resolvers.user_error_codes import UserErrorCode
from upstreams.errors import Conflict, InvalidInput, NotFound
from upstreams.saasu.models import AccountLevel, AccountType, LedgerAccountUpdate
from upstreams.saasu.wire import ACCOUNT_FIELDS

INPUTS = {"id", "last_updated_id", *PLAIN, *BANK, *LINKS}
"""The model's attributes this input sets; each input field is named after its attribute."""
FIELDS = {f.wire: to_camel_case(f.attr) for f in ACCOUNT_FIELDS if f.attr in INPUTS}
"""Saasu's ``ModelState`` property names to this input's field names, from its wire table."""

CONFLICT_MESSAGE = (
    "The account changed since this lastUpdatedId was read; read the account again "
    "and apply the change to what it is now."
)


async def patch(info: strawberry.Info, patch: LedgerAccountPatch) -> UpdateAccountPayload:
    """Apply ``patch``; refused input comes back as user errors, a stale version as CONFLICT."""
    checked = check(patch)
    if isinstance(checked, list):
        return UpdateAccountPayload(account=None, user_errors=checked)
    account_id, changes = checked
    loader = info.context.loader(ledger_account_loader)
    try:
        # Fresh, never cached: the update replaces every field with these.
        current = await info.context.upstreams.saasu.get_account(account_id, fresh=True)
    except NotFound as exc:
        return _refused(
            UserError(field=[*ROOT, "id"], message=exc.message, code=UserErrorCode.NOT_FOUND)
        )
    update = dataclasses.replace(
        LedgerAccountUpdate.from_account(current),
        **_upstream_values(changes),
        last_updated_id=patch.last_updated_id,
    )
    try:
        await info.context.upstreams.saasu.update_account(account_id, update)
    except Conflict:
        field = [*ROOT, "lastUpdatedId"]
        return _refused(
            UserError(field=field, message=CONFLICT_MESSAGE, code=UserErrorCode.CONFLICT)
        )
    except InvalidInput as exc:
        return UpdateAccountPayload(account=None, user_errors=user_errors(exc, FIELDS, at=ROOT))
    finally:
        loader.clear(account_id)
    return UpdateAccountPayload(
        account=LedgerAccount.from_model(await loader.load(account_id)), user_errors=[]
    )


def _upstream_values(changes: dict[str, Any]) -> dict[str, Any]:
    """Graph enum values as the model's."""
    values = dict(changes)
    if isinstance(values.get("account_level"), LedgerAccountLevel):
        values["account_level"] = AccountLevel[values["account_level"].name]
    if isinstance(values.get("account_type"), LedgerAccountType):
        values["account_type"] = AccountType[values["account_type"].name]
    return values


def _refused(error: UserError) -> UpdateAccountPayload:
    return UpdateAccountPayload(account=None, user_errors=[error])

"""``updateAccount`` for an InvoiceXpress account: how the change is applied.

accounts.update changes only the fields sent, so the input maps one to one
onto ``AccountUpdate`` (``checks`` builds it). The rules the docs state in full (postal code
``DDDD-DDD``, credentials username ``^\\d{9}/``, type ``AT``, context
``Sequences``) are checked first, with the docs' own messages, so refused
input costs no call; the rest (a fiscal id already set or taken, an unknown
tax country, ...) come back from the API's 422 as user errors on the same
paths. The update is sent once; its answer is the account as it now is,
which primes the loader so no second read is needed.
"""

from __future__ import annotations

import strawberry
from strawberry.utils.str_converters import to_camel_case

from resolvers.account import UpdateAccountPayload
from resolvers.errors import UserError, user_errors
from resolvers.invoicing.checks import ROOT, check
from resolvers.invoicing.inputs import InvoicingAccountPatch
from resolvers.invoicing.loaders import invoicing_account_loader
from resolvers.invoicing.types import InvoicingAccount
from resolvers.user_error_codes import UserErrorCode
from upstreams.errors import InvalidInput, NotFound
from upstreams.invoicexpress import errors

FIELDS = {
    name: ".".join(to_camel_case(part) for part in name.split("."))
    for name in errors.FIELDS.values()
    if name
}
"""The adapter's field names (from the API's 422 messages) to this input's paths."""


async def patch(info: strawberry.Info, patch: InvoicingAccountPatch) -> UpdateAccountPayload:
    """Apply ``patch``; refused input comes back as user errors."""
    checked = check(patch)
    if isinstance(checked, list):
        return UpdateAccountPayload(account=None, user_errors=checked)
    account_id, update = checked
    loader = info.context.loader(invoicing_account_loader)
    try:
        record = await info.context.upstreams.invoicexpress.update_account(account_id, update)
    except NotFound as exc:
        error = UserError(field=[*ROOT, "id"], message=exc.message, code=UserErrorCode.NOT_FOUND)
        return UpdateAccountPayload(account=None, user_errors=[error])
    except InvalidInput as exc:
        return UpdateAccountPayload(account=None, user_errors=user_errors(exc, FIELDS, at=ROOT))
    finally:
        loader.clear(account_id)
    loader.prime(account_id, record)
    return UpdateAccountPayload(account=InvoicingAccount.from_model(record), user_errors=[])

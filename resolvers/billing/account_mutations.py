"""Writes of billing customer accounts: create, replace, delete, and PATCH, one item or many.

Each checks its input first (no upstream call on a bad one), sends exactly
one write (never retried: a write whose answer never came may have
happened), and maps billing's refusal to ``userErrors`` at the input's own
paths. The answer's records then replace what the request's loaders hold
(pages included, as a create or delete changes them), so a payload shows
what a fresh read shows.

``updateAccount``'s customer is one ``PATCH Account/{id}`` with one account
``update`` item; ``patchCustomerAccounts`` sends several items in one PATCH,
which billing validates together and applies all or none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import strawberry

from resolvers.account import UpdateAccountPayload
from resolvers.billing.account_inputs import (
    FIELD_NAMES,
    CreateCustomerAccountInput,
    CustomerAccountPatch,
    CustomerAccountPatchItem,
    CustomerAccountPatchType,
    DeleteCustomerAccountInput,
    PatchCustomerAccountsInput,
    ReplaceCustomerAccountInput,
)
from resolvers.billing.checks import Write, account_input, account_key, problem_fields
from resolvers.billing.loaders import (
    billing_account_detail_pages,
    billing_account_details,
    billing_account_pages,
    billing_accounts,
    prime_accounts,
)
from resolvers.billing.mutations import DeletePayload, write_once
from resolvers.billing.types import CustomerAccount, child_id
from resolvers.connections import MAX_PAGE
from resolvers.context import GraphContext, Info
from resolvers.errors import UserError, user_errors
from resolvers.nodes import global_id
from resolvers.patch_rules import given
from resolvers.payloads import REFUSALS, payload_of
from resolvers.user_error_codes import UserErrorCode
from upstreams.billing.models import (
    AccountInput,
    AccountPatch,
    BillingAccount,
    PatchOutcome,
    PatchType,
)
from upstreams.errors import InvalidInput, NotFound

ACCOUNT_FIELDS = problem_fields(AccountInput)
ITEM_FIELDS = {**ACCOUNT_FIELDS, "identity": "customerAccountId"}
"""An item of ``patchCustomerAccounts`` names its account in ``customerAccountId``."""
MAX_ITEMS = MAX_PAGE
"""The most items one PATCH carries: the graph's page size, so one request stays one
bounded upstream call however large a body the door lets in."""
PATCH_TYPES: dict[CustomerAccountPatchType, PatchType] = {
    CustomerAccountPatchType.CREATE: "create",
    CustomerAccountPatchType.UPDATE: "update",
    CustomerAccountPatchType.DELETE: "delete",
}


@strawberry.type(description="The outcome of an account write.")
class CustomerAccountPayload:
    account: CustomerAccount | None = strawberry.field(
        description="The account as stored; null when the input was refused."
    )
    user_errors: list[UserError] = strawberry.field(description=REFUSALS)


CreateCustomerAccountPayload = payload_of("createCustomerAccount", CustomerAccountPayload)
ReplaceCustomerAccountPayload = payload_of("replaceCustomerAccount", CustomerAccountPayload)
DeleteCustomerAccountPayload = payload_of("deleteCustomerAccount", DeletePayload)


@strawberry.type(
    description="What billing did for one item of patchCustomerAccounts, or for a record a "
    "deleted account took with it, in the order billing reports them."
)
class CustomerAccountPatchOutcome:
    action: str = strawberry.field(description="What happened: created, updated or deleted.")
    dto_type_key: str = strawberry.field(
        description="The kind of record: account, or (taken with a deleted account) contact, "
        "note, contactPoint, address, taxAddress."
    )
    identity: int = strawberry.field(description="The record's numeric identifier in billing.")
    record_id: strawberry.ID | None = strawberry.field(
        description="Global id of the record (a CustomerAccount, Contact or Note); null for "
        "kinds the graph does not show."
    )
    patch_client_id: int | None = strawberry.field(
        description="The item's patchClientId, echoed; null on the records a delete took along."
    )
    account: CustomerAccount | None = strawberry.field(
        description="The account as stored after a create or update; null otherwise."
    )


@strawberry.type(description="The outcome of patchCustomerAccounts.")
class PatchCustomerAccountsPayload:
    outcomes: list[CustomerAccountPatchOutcome] = strawberry.field(
        description="Every change billing made; empty when the input was refused (then "
        "nothing changed)."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why the input was refused, placed at the item (input.items.<index>); "
        "empty on success."
    )


def _forget(context: GraphContext, identities: Iterable[int]) -> None:
    """Drop what the request read of accounts a write changed, and every page of accounts."""
    for identity in identities:
        context.loader(billing_accounts).clear(identity)
        context.loader(billing_account_details).clear(identity)
    context.loader(billing_account_pages).clear_all()
    context.loader(billing_account_detail_pages).clear_all()


async def patch_customer_account(info: Info, patch: CustomerAccountPatch) -> UpdateAccountPayload:
    """``updateAccount``'s customer: one ``update`` item with the fields given."""
    path = ["input", "customer"]
    errors: list[UserError] = []
    target = account_key(patch.id, [*path, "id"], errors)
    fields = account_input(patch, Write.PATCH, path, errors)
    item = AccountPatch(patch_type="update", fields=fields)
    result = await write_once(
        info,
        target,
        lambda billing, key: billing.patch_account(key, [item]),
        errors,
        ACCOUNT_FIELDS,
        at=path,
    )
    if result is None or target is None:
        return UpdateAccountPayload(account=None, user_errors=errors)
    context = info.context
    _forget(context, [target])
    changed = [
        o.instance
        for o in result.outcomes
        if isinstance(o.instance, BillingAccount) and o.instance.identity == target
    ]
    if changed:
        prime_accounts(context, changed)
        account = changed[0]
    else:  # the answer did not carry the record: read it as it is now
        account = await context.loader(billing_accounts).load(target)
    return UpdateAccountPayload(account=CustomerAccount.from_model(account), user_errors=[])


def _outcomes(outcomes: Iterable[PatchOutcome]) -> list[CustomerAccountPatchOutcome]:
    """Billing's report as outcomes; a contact or note follows the account it went with."""
    shown: list[CustomerAccountPatchOutcome] = []
    owner = 0
    for outcome in outcomes:
        record_id: strawberry.ID | None = None
        if outcome.dto_type_key == "account":
            owner = outcome.identity
            record_id = global_id("CustomerAccount", owner)
        elif outcome.dto_type_key in ("contact", "note"):
            type_name = outcome.dto_type_key.capitalize()
            record_id = global_id(type_name, child_id(owner, outcome.identity))
        account = outcome.instance if outcome.action != "deleted" else None
        shown.append(
            CustomerAccountPatchOutcome(
                action=outcome.action,
                dto_type_key=outcome.dto_type_key,
                identity=outcome.identity,
                record_id=record_id,
                patch_client_id=outcome.patch_client_id,
                account=CustomerAccount.from_model(account)
                if isinstance(account, BillingAccount)
                else None,
            )
        )
    return shown


def _item(
    item: CustomerAccountPatchItem, index: int, errors: list[UserError]
) -> AccountPatch | None:
    """One input item as the adapter's, checked; ``None`` when it cannot be one."""
    path = ["input", "items", str(index)]
    at = [*path, "customerAccountId"]
    found: list[UserError] = []
    identity = None
    if item.customer_account_id is not None:
        identity = account_key(item.customer_account_id, at, found)
        if item.patch_type is CustomerAccountPatchType.CREATE:
            message = (
                "'customerAccountId' names the account to update or delete; a create takes none."
            )
            found.append(UserError(field=at, message=message, code=UserErrorCode.INVALID))
    elif item.patch_type is CustomerAccountPatchType.DELETE:
        message = "'customerAccountId' is required to delete."
        found.append(UserError(field=at, message=message, code=UserErrorCode.REQUIRED))
    errors += found
    if item.patch_type is CustomerAccountPatchType.DELETE:
        fields = AccountInput()
        if any(given(getattr(item, name)) for name in FIELD_NAMES):
            message = "A delete item takes no account fields."
            errors.append(UserError(field=path, message=message, code=UserErrorCode.INVALID))
    else:
        write = Write.CREATE if item.patch_type is CustomerAccountPatchType.CREATE else Write.PATCH
        fields = account_input(item, write, path, errors)
    if found:
        return None
    return AccountPatch(
        patch_type=PATCH_TYPES[item.patch_type],
        fields=fields,
        identity=identity,
        patch_client_id=item.patch_client_id,
    )


@strawberry.type
class AccountMutations:
    """Account writes, mixed into ``BillingMutation``."""

    @strawberry.mutation(
        graphql_type=CreateCustomerAccountPayload | None,
        description="Create a billing customer account (POST Account/).",
    )  # type: ignore[untyped-decorator]
    async def create_customer_account(
        self,
        info: Info,
        input: Annotated[
            CreateCustomerAccountInput, strawberry.argument(description="The new account.")
        ],
    ) -> CustomerAccountPayload | None:
        errors: list[UserError] = []
        fields = account_input(input, Write.CREATE, ["input"], errors)
        written = await write_once(
            info,
            fields,
            lambda billing, fields: billing.create_account(fields),
            errors,
            ACCOUNT_FIELDS,
        )
        if written is None:
            return CreateCustomerAccountPayload(account=None, user_errors=errors)
        context = info.context
        _forget(context, [written.record.identity])
        prime_accounts(context, [written.record])
        return CreateCustomerAccountPayload(
            account=CustomerAccount.from_model(written.record), user_errors=[]
        )

    @strawberry.mutation(
        graphql_type=ReplaceCustomerAccountPayload | None,  # type: ignore[untyped-decorator]
        description="Replace a billing customer account's writable properties "
        "(PUT Account/{id}): what the input leaves out is cleared.",
    )
    async def replace_customer_account(
        self,
        info: Info,
        input: Annotated[
            ReplaceCustomerAccountInput,
            strawberry.argument(description="The account and its new state."),
        ],
    ) -> CustomerAccountPayload | None:
        errors: list[UserError] = []
        target = account_key(input.id, ["input", "id"], errors)
        fields = account_input(input, Write.REPLACE, ["input"], errors)
        written = await write_once(
            info,
            target,
            lambda billing, target: billing.update_account(target, fields),
            errors,
            ACCOUNT_FIELDS,
        )
        if written is None or target is None:
            return ReplaceCustomerAccountPayload(account=None, user_errors=errors)
        context = info.context
        _forget(context, [target])
        prime_accounts(context, [written.record])
        return ReplaceCustomerAccountPayload(
            account=CustomerAccount.from_model(written.record), user_errors=[]
        )

    @strawberry.mutation(
        graphql_type=DeleteCustomerAccountPayload | None,  # type: ignore[untyped-decorator]
        description="Delete a billing customer account with its contacts and notes "
        "(DELETE Account/{id}); refused while another account is invoiced through it.",
    )
    async def delete_customer_account(
        self,
        info: Info,
        input: Annotated[
            DeleteCustomerAccountInput, strawberry.argument(description="What to delete.")
        ],
    ) -> DeletePayload | None:
        errors: list[UserError] = []
        target = account_key(input.id, ["input", "id"], errors)
        record = await write_once(
            info,
            target,
            lambda billing, target: billing.delete_account(target),
            errors,
            ACCOUNT_FIELDS,
        )
        if record is None or target is None:
            return DeleteCustomerAccountPayload(deleted_ids=[], user_errors=errors)
        _forget(info.context, [target])
        outcomes = _outcomes(
            PatchOutcome(identity=i.identity, action=i.action, dto_type_key=i.dto_type_key)
            for i in record.items
            if i.identity is not None
        )
        ids = [o.record_id for o in outcomes if o.record_id is not None]
        return DeleteCustomerAccountPayload(deleted_ids=ids, user_errors=[])

    @strawberry.mutation(  # type: ignore[untyped-decorator]
        description="Create, update and delete billing customer accounts in one "
        "PATCH Account/{id}: all items are applied or none."
    )
    async def patch_customer_accounts(
        self,
        info: Info,
        input: Annotated[
            PatchCustomerAccountsInput,
            strawberry.argument(description="Where to send the PATCH and its items."),
        ],
    ) -> PatchCustomerAccountsPayload | None:
        errors: list[UserError] = []
        if len(input.items) > MAX_ITEMS:
            message = f"Give at most {MAX_ITEMS} items; send more in further calls."
            refused = UserError(
                field=["input", "items"], message=message, code=UserErrorCode.OUT_OF_RANGE
            )
            return PatchCustomerAccountsPayload(outcomes=[], user_errors=[refused])
        anchor = account_key(input.id, ["input", "id"], errors)
        items = [_item(item, index, errors) for index, item in enumerate(input.items)]
        if not input.items:
            message = "Give at least one item."
            errors.append(
                UserError(field=["input", "items"], message=message, code=UserErrorCode.REQUIRED)
            )
        if errors or anchor is None:
            return PatchCustomerAccountsPayload(outcomes=[], user_errors=errors)
        context = info.context
        sent = [item for item in items if item is not None]
        try:
            result = await context.upstreams.billing.patch_account(anchor, sent)
        except InvalidInput as error:
            return PatchCustomerAccountsPayload(outcomes=[], user_errors=_item_errors(error))
        except NotFound as error:
            missing = UserError(
                field=["input", "id"], message=error.message, code=UserErrorCode.NOT_FOUND
            )
            return PatchCustomerAccountsPayload(outcomes=[], user_errors=[missing])
        touched = [o.identity for o in result.outcomes if o.dto_type_key == "account"]
        _forget(context, [anchor, *touched])
        prime_accounts(
            context,
            (
                o.instance
                for o in result.outcomes
                if isinstance(o.instance, BillingAccount) and o.action != "deleted"
            ),
        )
        return PatchCustomerAccountsPayload(outcomes=_outcomes(result.outcomes), user_errors=[])


def _item_errors(error: InvalidInput) -> list[UserError]:
    """Billing's refusal of a PATCH, each problem at the item it names."""
    placed: list[UserError] = []
    for problem, shown in zip(error.problems, user_errors(error, ITEM_FIELDS), strict=False):
        index = problem.item
        path = ["input", "items", str(index)] if index is not None else ["input"]
        field = [*path, *shown.field[1:]] if shown.field else path
        placed.append(UserError(field=field, message=shown.message, code=shown.code))
    return placed or user_errors(error, ITEM_FIELDS)

"""Root fields of the Saasu part: one ledger account, and the chart of accounts paged."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import strawberry
from strawberry.utils.str_converters import to_camel_case

from resolvers.connections import MAX_PAGE, OWN_CURSOR, window
from resolvers.cursors import Listing
from resolvers.errors import bad_input
from resolvers.ledger.loaders import Filters, ledger_account_loader
from resolvers.ledger.paging import LedgerAccountConnection, list_accounts
from resolvers.ledger.types import LedgerAccount, LedgerAccountLevel, LedgerAccountType
from resolvers.nodes import number_in
from resolvers.record_numbers import REFUSED, record_number
from upstreams.saasu import models

DEFAULT_PAGE = 25


@strawberry.type
class LedgerQuery:
    """Root query fields of the Saasu part."""

    @strawberry.field(
        description="One Saasu ledger account by its Saasu Id (GET Account/{id}); null with a "
        f"NOT_FOUND error when there is none; {REFUSED}."
    )  # type: ignore[untyped-decorator]
    async def ledger_account(
        self,
        info: strawberry.Info,
        account_number: Annotated[
            int,
            strawberry.argument(description="The account's own number: its Id in Saasu."),
        ],
    ) -> LedgerAccount | None:
        number = record_number(account_number, "accountNumber")
        record = await info.context.loader(ledger_account_loader).load(number)
        return LedgerAccount.from_model(record)

    @strawberry.field(
        description="The Saasu file's ledger accounts in Id order (GET Accounts). Saasu gives "
        "no total, so totalCount is null; null with an error when Saasu fails."
    )  # type: ignore[untyped-decorator]
    async def ledger_accounts(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"How many accounts from the start, 1 to {MAX_PAGE} "
                f"({DEFAULT_PAGE} when neither first nor last is given); not with `last`."
            ),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description=f"Start after this cursor ({OWN_CURSOR}).")
        ] = None,
        last: Annotated[
            int | None,
            strawberry.argument(
                description=f"How many accounts before `before`, 1 to {MAX_PAGE}. Saasu gives "
                "no total, so `last` needs `before`; not with `first`."
            ),
        ] = None,
        before: Annotated[
            str | None, strawberry.argument(description=f"End before this cursor ({OWN_CURSOR}).")
        ] = None,
        is_active: Annotated[
            bool | None,
            strawberry.argument(description="Only accounts that are (or are not) active."),
        ] = None,
        is_bank_account: Annotated[
            bool | None,
            strawberry.argument(description="Only accounts that are (or are not) bank accounts."),
        ] = None,
        account_type: Annotated[
            LedgerAccountType | None,
            strawberry.argument(description="Only accounts of this type."),
        ] = None,
        include_built_in: Annotated[
            bool | None,
            strawberry.argument(
                description="Whether the default accounts that come with the subscription are "
                "listed; Saasu's default is true."
            ),
        ] = None,
        header_account_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only the detail accounts under this Header account (its global id)."
            ),
        ] = None,
        account_level: Annotated[
            LedgerAccountLevel | None,
            strawberry.argument(description="Only Header or only Detail accounts."),
        ] = None,
    ) -> LedgerAccountConnection | None:
        header = None
        if header_account_id is not None:
            header = number_in(header_account_id, "LedgerAccount")
            if header is None:
                raise bad_input("`headerAccountId` must be the global id of a LedgerAccount")
        filters = Filters(
            is_active=is_active,
            is_bank_account=is_bank_account,
            account_type=models.AccountType[account_type.name] if account_type else None,
            include_built_in=include_built_in,
            header_account_id=header,
            account_level=models.AccountLevel[account_level.name] if account_level else None,
        )
        # The filters, under their argument names, make the sequence the cursors point into.
        arguments = {to_camel_case(name): value for name, value in asdict(filters).items()}
        listing = Listing.of(info, **arguments)
        span = window(first, after, last, before, listing=listing, default=DEFAULT_PAGE)
        if span.from_end:
            raise bad_input("Saasu gives no total, so `last` needs `before`")
        return await list_accounts(
            info.context, offset=span.offset, first=span.limit, filters=filters, listing=listing
        )


@strawberry.type
class LedgerMutation:
    """Root mutation fields of the Saasu part (changes go through updateAccount)."""

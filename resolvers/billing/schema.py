"""Root fields of the billing part, mixed into ``Query`` and ``Mutation``.

``customerAccounts`` reads ``Account/Paged/Detail`` when the selection asks
for anything from an account's deep detail and ``Account/Paged`` otherwise,
so "50 accounts with contacts" costs one page call, and a page of names does
not pay for 50 deep details. Either page primes the per-id loaders.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import strawberry
from graphql import FieldNode, SelectionNode

from fastpath.resolve_info import field_nodes_and_fragments
from resolvers.billing.account_mutations import AccountMutations
from resolvers.billing.loaders import (
    DetailPageKey,
    PageKey,
    billing_account_detail_pages,
    billing_account_pages,
    cut,
    load_detail,
    pages_for,
    prime_accounts,
    prime_details,
)
from resolvers.billing.mutations import BillingMutations
from resolvers.billing.page_reads import page_reads
from resolvers.billing.selections import Fragments, node_selections, selected
from resolvers.billing.types import CustomerAccount, CustomerAccountConnection
from resolvers.connections import OWN_CURSOR, CountedConnection, connection, window
from resolvers.context import Info
from resolvers.cursors import Listing
from resolvers.record_numbers import REFUSED, record_number

# CustomerAccount fields answered from the account's deep detail.
DETAIL_FIELDS = frozenset(
    {
        "contacts",
        "summary",
        "parentAccount",
        "topAccount",
        "currentRatePlan",
        "currentPricePlan",
        "taxAddresses",
        "priceBookRegions",
        "taxExemptions",
    }
)


def _asks_detail(selections: Iterable[SelectionNode], fragments: Fragments) -> bool:
    """Whether an object's selection (fragments included) names a detail-backed field.

    Walks graphql-core's nodes (``fastpath.resolve_info`` says why). Like
    ``info.selected_fields``, this ignores ``@skip``/``@include``: a skipped
    detail field still reads the detail, which is never a wrong answer.
    """
    for selection in selections:
        if isinstance(selection, FieldNode):
            if selection.name.value in DETAIL_FIELDS:
                return True
        elif _asks_detail(selected(selection, fragments), fragments):
            return True
    return False


@strawberry.type
class BillingQuery:
    """Root query fields of the billing part."""

    @strawberry.field(
        description="A billing customer account by its numeric identity; null with a "
        "NOT_FOUND error when there is none, or with the upstream's error when billing fails; "
        f"{REFUSED}."
    )  # type: ignore[untyped-decorator]
    async def customer_account(
        self,
        info: Info,
        identity: Annotated[
            int,
            strawberry.argument(
                description="This is the unique numeric identifier for the Account."
            ),
        ],
    ) -> CustomerAccount | None:
        context = info.context
        record_number(identity, "identity")
        field_nodes, fragments = field_nodes_and_fragments(info)
        if any(_asks_detail(selected(node, fragments), fragments) for node in field_nodes):
            # One detail read answers both the plain and the detail-backed fields.
            return CustomerAccount.from_detail(await load_detail(context, identity))
        nodes: list[CustomerAccount | None] = await CustomerAccount.resolve_nodes(
            info=info, node_ids=[str(identity)], required=True
        )
        node = nodes[0]
        assert node is not None  # required=True raises NotFound instead
        return node

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="Billing customer accounts in ascending identity, with their total count; "
        "null with an error when billing fails."
    )
    async def customer_accounts(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many accounts to return from the start, 1..100 "
                "(20 when neither first nor last is given); not with `last`."
            ),
        ] = None,
        after: Annotated[
            str | None,
            strawberry.argument(
                description=f"Return the accounts after this cursor ({OWN_CURSOR})."
            ),
        ] = None,
        last: Annotated[
            int | None,
            strawberry.argument(
                description="How many accounts to return from the end, 1..100; without "
                "`before` this costs one more call, to learn the total; not with `first`."
            ),
        ] = None,
        before: Annotated[
            str | None,
            strawberry.argument(
                description=f"Return the accounts before this cursor ({OWN_CURSOR})."
            ),
        ] = None,
    ) -> CustomerAccountConnection | None:
        context = info.context
        listing = Listing.of(info)
        span = window(first, after, last, before, listing=listing)
        if span.from_end:
            counted = await context.loader(billing_account_pages).load(PageKey(1, 1))
            span = span.settle(counted.total or 0)
        offset, first = span.offset, span.limit
        keys = pages_for(offset, first)
        field_nodes, fragments = field_nodes_and_fragments(info)
        wants_detail = any(
            _asks_detail(node_selections(selected(node, fragments), fragments), fragments)
            for node in field_nodes
        )
        built: CountedConnection[CustomerAccount]
        if wants_detail:
            wanted = page_reads(info.field_name, info.operation, fragments)
            detail_pages = await context.loader(billing_account_detail_pages).load_many(
                [DetailPageKey(key.number, key.size, wanted) for key in keys]
            )
            for detail_page in detail_pages:
                prime_details(context, detail_page.items)
            # Each account keeps its detail, so its detail-backed fields need no lookup.
            page = cut(detail_pages, offset, first)
            built = connection(page, CustomerAccount.from_detail, requested=first, listing=listing)
        else:
            plain_pages = await context.loader(billing_account_pages).load_many(keys)
            for plain_page in plain_pages:
                prime_accounts(context, plain_page.items)
            accounts = cut(plain_pages, offset, first)
            built = connection(
                accounts, CustomerAccount.from_model, requested=first, listing=listing
            )
        return CustomerAccountConnection(
            edges=built.edges, page_info=built.page_info, total_count=built.total_count
        )


@strawberry.type
class BillingMutation(BillingMutations, AccountMutations):
    """Root mutation fields of the billing part."""

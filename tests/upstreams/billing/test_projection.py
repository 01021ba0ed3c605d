"""A page of detail read for what the caller says it reads, against the served sandbox.

What a projection reads now and what it leaves to first use must both equal
the page read whole; only when each is read differs. Whether the answer was
read whole is seen on the page reader in the records' ``_origin`` (``Whole.items``),
so the tests can tell "read now" from "read later" without timing anything.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.upstreams.billing.adapter_kit import WORLD, Billing, shared
from upstreams.billing import decode, projection
from upstreams.billing.models import AccountDetails, BillingAccount, BillingContact
from upstreams.billing.projection import DETAILS, Reads, reads
from upstreams.errors import BadUpstreamResponse

LIST = reads(
    ["identity", "id", "name", "invoicer_account_id", "external_account_identifier"],
    {DETAILS: reads(parts={"contacts": reads(["identity", "first_name", "last_name"])})},
)
"""What the bench's 50-customer list reads of each account."""


@pytest.fixture(scope="module")
def billing() -> Iterator[Billing]:
    with shared() as served:
        yield served


def whole_of(account: Any) -> projection.Whole:
    """The page reader behind a projected account (first in its ``_origin``)."""
    whole: projection.Whole = account._origin[0]
    return whole


async def pages(billing: Billing, wanted: Reads | None, number: int = 1, size: int = 50) -> Any:
    async with billing.open() as adapter:
        return await adapter.accounts_detail_page(number, size, reads=wanted)


async def test_projected_records_read_nothing_more_for_what_was_asked(billing: Billing) -> None:
    page = await pages(billing, LIST)
    full = await pages(billing, None)
    assert page.total == full.total == WORLD.billing_accounts
    assert page.offset == full.offset == 0
    asked = ("identity", "id", "name", "invoicer_account_id", "external_account_identifier")
    for (account, details), (whole_account, whole_details) in zip(
        page.items, full.items, strict=True
    ):
        assert isinstance(account, BillingAccount) and isinstance(details, AccountDetails)
        for name in asked:
            assert getattr(account, name) == getattr(whole_account, name)
        assert len(details.contacts) == len(whole_details.contacts)
        for contact, whole_contact in zip(details.contacts, whole_details.contacts, strict=True):
            assert isinstance(contact, BillingContact)
            for name in ("identity", "first_name", "last_name"):
                assert getattr(contact, name) == getattr(whole_contact, name)
    whole = whole_of(page.items[0][0])
    assert whole.objects is None and whole.items == {}


async def test_projected_page_equals_the_page_read_whole(billing: Billing) -> None:
    projected = await pages(billing, LIST, number=2, size=15)
    full = await pages(billing, None, number=2, size=15)
    assert projected.offset == full.offset == 15
    assert projected.total == full.total
    assert len(projected.items) == len(full.items) == 15
    # Equality reads every field, so what was left out is read on first use here.
    assert list(projected.items) == list(full.items)
    assert whole_of(projected.items[0][0]).objects is not None


async def test_a_property_left_out_is_read_from_its_own_account_only(billing: Billing) -> None:
    page = await pages(billing, LIST)
    full = await pages(billing, None)
    index = next(i for i, (_, details) in enumerate(full.items) if details.contacts)
    whole_account, whole_details = full.items[index]
    account, details = page.items[index]
    assert account.created == whole_account.created
    assert details.account_summary == whole_details.account_summary
    contact = details.contacts[0]
    assert contact.contact_points == whole_details.contacts[0].contact_points
    assert contact.updated == whole_details.contacts[0].updated
    assert set(whole_of(account).items) == {index}


async def test_parts_named_whole_are_read_now(billing: Billing) -> None:
    wanted = reads(
        ["identity", "name", "currency_name", "created"],
        {
            DETAILS: reads(
                ["account_summary", "current_rate_plan"],
                {"contacts": reads(["identity", "address", "contact_points"])},
            )
        },
    )
    page = await pages(billing, wanted)
    full = await pages(billing, None)
    for (account, details), (whole_account, whole_details) in zip(
        page.items, full.items, strict=True
    ):
        assert account.created == whole_account.created
        assert account.currency_name == whole_account.currency_name
        assert details.account_summary == whole_details.account_summary
        assert details.current_rate_plan == whole_details.current_rate_plan
        for contact, whole_contact in zip(details.contacts, whole_details.contacts, strict=True):
            assert contact.address == whole_contact.address
            assert contact.contact_points == whole_contact.contact_points
    assert whole_of(page.items[0][0]).objects is None


def test_reads_join_and_compare_by_value() -> None:
    one = reads(["name"], {DETAILS: reads(parts={"contacts": reads(["first_name"])})})
    two = reads(["identity"], {DETAILS: reads(parts={"contacts": reads(["last_name"])})})
    joined = one.join(two)
    assert joined == reads(
        ["name", "identity"],
        {DETAILS: reads(parts={"contacts": reads(["first_name", "last_name"])})},
    )
    assert hash(joined) == hash(two.join(one))
    whole = reads(["contacts"], {"contacts": reads(["first_name"])})
    assert whole.parts == () and whole.names == {"contacts"}


def minimal_page() -> dict[str, Any]:
    """A page in the documented shape, small enough to break by hand."""
    return {
        "trackingId": "t-1",
        "pagination": {"pageNumber": 2, "pageSize": 2},
        "pagedResults": {
            "totalCount": 9,
            "items": [
                {
                    "identity": 3,
                    "name": "Acme",
                    "id": 30,
                    "created": "2024-01-02T03:04:05",
                    "details": {
                        "contacts": [{"identity": 7, "firstName": "Ada", "lastName": "L"}],
                        "accountSummary": {"identity": 1, "balance": 1.25, "balanceDue": 0},
                    },
                },
                {"identity": 4, "name": "Bell", "details": {}},
            ],
        },
    }


def outcome(read: Any) -> tuple[str, Any]:
    """What reading gives, every field read: the records, or the error's message."""
    try:
        page = read()
        # repr reads every field, parts and all, so what is read on first use is read here.
        return "page", (page.offset, page.total, [repr(item) for item in page.items])
    except BadUpstreamResponse as error:
        return "error", str(error)


def both(document: Any) -> tuple[tuple[str, Any], tuple[str, Any]]:
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    whole = outcome(
        lambda: decode.paged(
            decode.answer(decode.parse(content)), decode.account_with_details_later
        )
    )
    return whole, outcome(lambda: projection.detail_page(content, LIST))


def broken(change: Any) -> dict[str, Any]:
    document = minimal_page()
    change(document)
    return document


def items(document: dict[str, Any]) -> Any:
    return document["pagedResults"]["items"]


@pytest.mark.parametrize(
    "document",
    [
        minimal_page(),
        broken(lambda d: items(d).append(5)),
        broken(lambda d: items(d)[1].update(identity="4")),
        broken(lambda d: items(d)[1].update(name=None)),
        broken(lambda d: items(d)[1].update(details=None)),
        broken(lambda d: items(d)[0].pop("details")),
        broken(lambda d: items(d)[0].update(created="soon")),
        broken(lambda d: items(d)[0]["details"].update(contacts={"no": "list"})),
        broken(lambda d: items(d)[0]["details"]["contacts"].append("no object")),
        broken(lambda d: items(d)[0]["details"]["contacts"][0].update(firstName=5)),
        broken(lambda d: items(d)[0]["details"]["accountSummary"].update(balance="1.25")),
        broken(lambda d: d["pagination"].update(pageNumber=0)),
        broken(lambda d: d.pop("trackingId")),
        broken(lambda d: d["pagedResults"].update(totalCount="nine")),
        broken(lambda d: d["pagedResults"].update(items=None)),
        b"not json",
        b'{"trackingId": "t", "pagination": {"pageNumber": 1, "pageSize": 1}, '
        b'"pagedResults": {"items": [{"identity": 1, "name": "A", "id": NaN, "details": {}}]}}',
    ],
)
def test_a_projected_page_gives_what_the_whole_page_gives(document: Any) -> None:
    """Records equal, or the same error naming the same place, however the answer is broken."""
    whole, projected = both(document)
    assert projected == whole


def test_every_property_of_a_page_item_can_be_read_now() -> None:
    """Each attribute a field may name compiles into the reader (its wire key msgspec takes)."""
    contact = reads(f.name for f in dataclasses.fields(BillingContact))
    details = reads(
        (f.name for f in dataclasses.fields(AccountDetails) if f.name != "contacts"),
        {"contacts": contact},
    )
    every = reads((f.name for f in dataclasses.fields(BillingAccount)), {DETAILS: details})
    content = json.dumps(minimal_page()).encode()
    page = projection.detail_page(content, every)
    assert whole_of(page.items[0][0]).objects is None
    whole, _ = both(content)
    assert outcome(lambda: projection.detail_page(content, every)) == whole


def test_compiled_readers_are_bounded_however_many_selections_clients_make() -> None:
    """Selections are the clients': the compiled projections and page readers stay bounded."""
    names = [f.name for f in dataclasses.fields(BillingContact)]
    content = json.dumps(minimal_page()).encode()
    for n, three in enumerate(itertools.combinations(names, 3)):
        contact = reads(three)
        wanted = reads(["identity", "name"], {DETAILS: reads(parts={"contacts": contact})})
        assert projection.detail_page(content, wanted).total == 9
        assert projection._page_decoder.cache_info().currsize <= 64, n
    subsets = itertools.chain.from_iterable(
        itertools.combinations(names, size) for size in range(1, len(names) + 1)
    )
    for made, subset in enumerate(itertools.islice(subsets, projection.KEPT_PROJECTIONS + 10)):
        assert projection.projection(BillingContact, reads(subset)).struct is not None, made
        assert len(projection._PROJECTIONS) <= projection.KEPT_PROJECTIONS

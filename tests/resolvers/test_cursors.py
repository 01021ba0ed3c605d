"""Cursors bound to their sequence (pure: no upstream involved)."""

from __future__ import annotations

import pytest

from resolvers.cursors import Listing
from resolvers.errors import GraphError

INVOICES = Listing("Query.invoices", None, {"orderBy": "ACCOUNT_ID"})


def refusal(listing: Listing, cursor: str) -> str:
    with pytest.raises(GraphError) as caught:
        listing.position(cursor, "after")
    assert caught.value.code == "BAD_USER_INPUT"
    return caught.value.message


def test_a_cursor_names_its_position_in_its_own_sequence() -> None:
    for position in (0, 1, 99, 2**31 - 1):
        assert INVOICES.position(INVOICES.cursor(position), "after") == position


def test_the_same_sequence_is_recognised_however_it_was_built() -> None:
    again = Listing("Query.invoices", None, {"orderBy": "ACCOUNT_ID"})
    assert again.position(INVOICES.cursor(7), "before") == 7


@pytest.mark.parametrize(
    "other",
    [
        Listing("Query.customerAccounts"),
        Listing("PrepaidAccount.invoices", 50001, {"orderBy": "ACCOUNT_ID"}),
    ],
)
def test_another_connection_or_parent_is_refused(other: Listing) -> None:
    assert "another connection" in refusal(INVOICES, other.cursor(3))


def test_other_ordering_or_filters_are_refused_by_name() -> None:
    descending = Listing("Query.invoices", None, {"orderBy": "ACCOUNT_ID_DESC"})
    assert "(orderBy)" in refusal(INVOICES, descending.cursor(3))
    filtered = Listing("Query.invoices", None, {"orderBy": "ACCOUNT_ID", "isActive": True})
    assert "(isActive)" in refusal(INVOICES, filtered.cursor(3))

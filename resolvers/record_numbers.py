"""The upstreams' record numbers: which values can name a record at all.

Every id the four APIs give is a positive whole number (the prepaid docs say
so of ``AccountId``/``AccountInvoiceId``; billing identities and Saasu ids
count from 1 too: the billing sandbox answers a non-positive id as it answers
an unknown one, and Saasu's docs say only "integer" of ids its database
numbers from 1), and the graph shows each as a GraphQL ``Int``. A
value outside 1 to ``Int``'s largest names no record, so it is refused with
``BAD_USER_INPUT`` before any upstream call, in every place that takes one:
root arguments, the number inside a global id, a federation key.
"""

from __future__ import annotations

from graphql import GRAPHQL_MAX_INT

from resolvers.errors import bad_input

LOWEST = 1
RANGE = f"a whole number from {LOWEST} to {GRAPHQL_MAX_INT}"
# Said in the description of each root field that takes one.
REFUSED = "null with a BAD_USER_INPUT error, and no upstream call, for a number below 1"


def record_number(value: int, argument: str) -> int:
    """``value`` when a record can have it; ``bad_input`` naming ``argument`` otherwise."""
    if not LOWEST <= value <= GRAPHQL_MAX_INT:
        raise bad_input(f"`{argument}` must be {RANGE}: no record has {value}")
    return value


def parse_record_number(text: str) -> int | None:
    """The record number ``text`` spells; None when it spells none.

    ASCII digits alone (``isdigit`` also passes "²"), and few enough to
    convert cheaply.
    """
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(GRAPHQL_MAX_INT))):
        return None
    number = int(text)
    return number if LOWEST <= number <= GRAPHQL_MAX_INT else None

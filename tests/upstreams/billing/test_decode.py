"""Reading billing answers into models: exact values, and the first broken property named.

The readers are pure functions of a body, so these tests hand them bodies
written here; the adapter tests cover the same readers over real HTTP.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from upstreams.billing import decode
from upstreams.billing.decode import RecordReader, answer, listed, one, paged, record_reader
from upstreams.billing.models import AccountSummary, Address, BillingContact
from upstreams.errors import BadUpstreamResponse

CONTACT = {
    "identity": 10012,
    "contactTypeId": 1,
    "contactTypeName": "Primary",
    "title": None,
    "firstName": "Samuel",
    "lastName": "Smith",
    "isUsedForTax": True,
    "updated": "2024-02-13T08:24:54.881Z",
    "name": "Samuel Smith",
    "details": {
        "contactPoints": [
            {"identity": 30021, "contactPointTypeId": 1, "value": "s@example.com"},
        ],
        "address": {
            "identity": 60019,
            "address1": "8198 Maple Dr",
            "latitude": 28.52213,
            "longitude": -81,
            "updated": "2024-02-13T08:24:54",
        },
    },
}


account_summary = record_reader(AccountSummary).read


def body(document: object) -> bytes:
    return json.dumps(document).encode()


def contacts_answer(*contacts: object) -> bytes:
    items = list(contacts)
    return body({"trackingId": "t", "instance": {"details": {"totalCount": 1, "items": items}}})


def read_contacts(content: bytes) -> list[BillingContact]:
    return listed(answer(decode.parse(content)).block("instance").block("details"), decode.contact)


def failure(content: bytes) -> str:
    with pytest.raises(BadUpstreamResponse) as caught:
        read_contacts(content)
    return str(caught.value)


def test_a_contact_is_read_with_the_types_the_models_promise() -> None:
    (contact,) = read_contacts(contacts_answer(CONTACT))
    assert contact.identity == 10012
    assert contact.title is None
    assert contact.contact_type_name == "Primary"
    assert contact.is_used_for_tax is True
    assert contact.updated == datetime(2024, 2, 13, 8, 24, 54, 881000, tzinfo=UTC)
    assert contact.contact_points is not None
    assert [p.value for p in contact.contact_points] == ["s@example.com"]
    assert contact.contact_points[0].updated is None  # left out: None, not an error
    assert contact.address == Address(
        identity=60019,
        address1="8198 Maple Dr",
        latitude=28.52213,
        longitude=-81.0,
        updated=datetime(2024, 2, 13, 8, 24, 54, tzinfo=UTC),  # no offset: UTC
    )
    assert type(contact.address.longitude) is float


def test_a_contact_without_details_has_no_points_and_no_address() -> None:
    bare = {key: value for key, value in CONTACT.items() if key != "details"}
    (contact,) = read_contacts(contacts_answer(bare))
    assert (contact.contact_points, contact.address) == (None, None)


def test_offsets_are_kept() -> None:
    shifted = {**CONTACT, "updated": "2024-02-13T10:24:54+02:00"}
    (contact,) = read_contacts(contacts_answer(shifted))
    assert contact.updated is not None
    assert contact.updated.utcoffset() == timedelta(hours=2)
    assert contact.updated == datetime(2024, 2, 13, 10, 24, 54, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("identity", None, "identity is not a whole number"),
        ("identity", "10012", "identity is not a whole number"),
        ("contactTypeId", True, "contactTypeId is not a whole number"),  # bool is no number here
        ("contactTypeId", 1.5, "contactTypeId is not a whole number"),
        ("firstName", 7, "firstName is not a string"),
        ("isUsedForTax", 1, "isUsedForTax is not true or false"),
        ("updated", "13/02/2024", "updated is not an ISO 8601 date and time"),
        ("updated", 1707812694, "updated is not a string"),
        ("details", [], "details is not an object"),
    ],
)
def test_a_wrong_type_names_its_property(key: str, value: object, expected: str) -> None:
    message = failure(contacts_answer(CONTACT, {**CONTACT, key: value}))
    assert message.endswith(f"answer.instance.details.items[1].{expected}")


def test_nested_properties_are_named_by_their_path() -> None:
    address = {**CONTACT["details"]["address"], "latitude": "28.5"}  # type: ignore[index]
    broken = {**CONTACT, "details": {**CONTACT["details"], "address": address}}  # type: ignore[dict-item]
    message = failure(contacts_answer(broken))
    assert message.endswith("items[0].details.address.latitude is not a number")


def test_the_first_broken_property_is_the_one_named() -> None:
    broken = {**CONTACT, "lastName": 1, "updated": "not a time", "contactTypeName": False}
    assert failure(contacts_answer(broken)).endswith("items[0].contactTypeName is not a string")


def test_every_item_must_be_an_object_before_any_is_read() -> None:
    message = failure(contacts_answer({**CONTACT, "identity": "x"}, "not an object"))
    assert message.endswith("answer.instance.details.items[1] is not an object")


def test_money_stays_exact_from_bytes_to_model() -> None:
    exact = b"0.1000000000000000055511151231257827000"  # no float holds this
    content = b'{"trackingId": "t", "instance": {"identity": 1, "balance": %s, "balanceDue": 12}}'
    read = one(answer(decode.parse(content % exact)).block("instance"), account_summary)
    assert read == AccountSummary(
        identity=1, balance=Decimal(exact.decode()), balance_due=Decimal(12)
    )
    assert str(read.balance) == exact.decode()
    assert type(read.balance_due) is Decimal


@pytest.mark.parametrize("amount", [b"NaN", b"Infinity", b'"12.50"', b"true", b"null"])
def test_money_must_be_a_finite_amount(amount: bytes) -> None:
    content = b'{"trackingId": "t", "instance": {"identity": 1, "balance": %s, "balanceDue": 0}}'
    with pytest.raises(BadUpstreamResponse) as caught:
        one(answer(decode.parse(content % amount)).block("instance"), account_summary)
    assert "answer.instance.balance is not a" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        b'{"a": NaN, "b": -Infinity}',  # beyond JSON, but json takes them
        b'\xef\xbb\xbf{"a": 1.50}',  # a byte order mark
        '{"a": 1.50, "b": "\u00e9"}'.encode("utf-16"),
        b'{"a": "\\ud800"}',  # a lone surrogate
        b'{"a": 1, "a": 2.0, "b": [1e400, -0.0, 12345678901234567890123]}',
        b"[" * 600 + b"]" * 600,
    ],
)
def test_decode_gives_what_json_gives(content: bytes) -> None:
    assert repr(decode.parse(content)) == repr(json.loads(content, parse_float=Decimal))


@pytest.mark.parametrize("content", [b'{"a": 1,}', b"", b'{"a": "\xff"}', b"[1] [2]", b"01"])
def test_decode_refuses_what_json_refuses(content: bytes) -> None:
    with pytest.raises(BadUpstreamResponse) as caught:
        decode.parse(content)
    assert str(caught.value).endswith("sent a body that is not JSON")


def test_a_page_reads_its_items_and_offset() -> None:
    content = body(
        {
            "trackingId": "t",
            "pagination": {"pageNumber": 3, "pageSize": 2},
            "pagedResults": {"totalCount": 7, "items": [CONTACT, CONTACT]},
        }
    )
    page = paged(answer(decode.parse(content)), decode.contact)
    assert (page.offset, page.total, len(page.items)) == (4, 7, 2)
    assert page.items[0] == page.items[1]


@dataclass(frozen=True)
class NestedFirst:
    address: Address | None
    identity: int


@dataclass(frozen=True)
class Unreadable:
    identity: int
    tags: list[str]


def test_a_reader_must_find_the_models_plain_attributes_first_and_each_readable() -> None:
    with pytest.raises(TypeError):
        RecordReader(NestedFirst)
    with pytest.raises(TypeError):
        RecordReader(Unreadable)


read_later = record_reader(BillingContact).read_later


def parsed(contact: object) -> dict[str, object]:
    """``contact`` as a body's decode gives it (fractions as ``Decimal``)."""
    value = decode.parse(body(contact))
    assert isinstance(value, dict)
    return value


def broken_address() -> dict[str, object]:
    address = {**CONTACT["details"]["address"], "latitude": "28.5"}  # type: ignore[index]
    return parsed({**CONTACT, "details": {**CONTACT["details"], "address": address}})  # type: ignore[dict-item]


def test_read_later_reads_a_part_only_when_it_is_first_used() -> None:
    contact = read_later(broken_address(), "answer.items[0]")
    assert contact.first_name == "Samuel"
    assert contact.contact_points is not None
    assert [p.value for p in contact.contact_points] == ["s@example.com"]
    with pytest.raises(BadUpstreamResponse) as caught:
        contact.address  # noqa: B018 - the read is the test
    assert str(caught.value).endswith("answer.items[0].details.address.latitude is not a number")


def test_read_later_still_checks_the_plain_properties_at_once() -> None:
    with pytest.raises(BadUpstreamResponse) as caught:
        read_later(parsed({**CONTACT, "firstName": 7}), "answer.items[0]")
    assert str(caught.value).endswith("answer.items[0].firstName is not a string")


def test_a_record_read_later_is_the_record_read_whole() -> None:
    later = read_later(parsed(CONTACT), "answer.items[0]")
    (whole,) = read_contacts(contacts_answer(CONTACT))
    assert later == whole and whole == later
    assert hash(later) == hash(whole)
    assert isinstance(later, BillingContact)
    assert repr(later) == repr(whole)
    assert pickle.loads(pickle.dumps(later)) == whole
    assert type(pickle.loads(pickle.dumps(later))) is BillingContact

"""A view is filled from a record's attributes of the same names; given values win."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import strawberry

from resolvers.views import computed, record_of, view


@dataclass(frozen=True)
class Record:
    name: str
    count: int
    extra: str = "not shown"


@strawberry.type
class Shown:
    name: str
    count: int
    label: str
    kind: str = "default"

    @strawberry.field
    def loud(self) -> str:
        return self.name.upper()


def test_fields_come_from_the_record_and_the_rest_is_given() -> None:
    shown = view(Shown, Record("a", 2), label="A")
    assert (shown.name, shown.count, shown.label, shown.kind) == ("a", 2, "A", "default")


def test_a_given_value_replaces_the_records() -> None:
    assert view(Shown, Record("a", 2), label="A", count=5).count == 5


def test_a_field_the_record_lacks_and_nobody_gives_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        view(Shown, Record("a", 2))


@strawberry.type
class Counted:
    name: str
    shouted: str


reads: list[str] = []


@computed(Counted, "shouted")
def _shouted(shown: Counted) -> str:
    reads.append(shown.name)
    record: Record = record_of(shown)
    return record.name.upper() + "!"


def test_a_view_is_its_type_and_reads_the_record_when_asked() -> None:
    shown = view(Shown, Record("a", 2), label="A")
    assert isinstance(shown, Shown)
    assert type(shown).__qualname__ == "Shown"
    assert record_of(shown) == Record("a", 2)


def test_a_computed_field_is_worked_out_once_when_first_read() -> None:
    shown = view(Counted, Record("b", 1))
    assert reads == []
    assert (shown.shouted, shown.shouted) == ("B!", "B!")
    assert reads == ["b"]


def test_a_computed_field_is_declared_before_the_first_view() -> None:
    with pytest.raises(RuntimeError):
        computed(Counted, "name")(lambda shown: "late")

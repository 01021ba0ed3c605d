"""A view is filled from a record's attributes of the same names; given values win."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import strawberry

from resolvers.views import view


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

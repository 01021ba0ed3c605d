"""Which field each InvoiceXpress 422 sentence is about."""

from __future__ import annotations

import pytest

from upstreams.errors import Problem
from upstreams.invoicexpress.messages import field_for, problems


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("Language is invalid", "language"),
        ("Marketing is invalid", "marketing"),
        ("Request body is invalid", None),
        ("Something nobody documented", None),
        ("  postal code must have the following format dddd-ddd.", "postal_code"),
        ("Username is not valid", "credentials.username"),
    ],
)
def test_field_comes_from_the_known_text(message: str, field: str | None) -> None:
    assert field_for(message) == field


def test_problems_keep_messages_and_order() -> None:
    messages = ["Language is invalid", "Unheard of", "Vat Number can't be changed"]
    assert problems(messages) == [
        Problem("language", "Language is invalid", "INVALID"),
        Problem(None, "Unheard of", "INVALID"),
        Problem("fiscal_id", "Vat Number can't be changed", "INVALID"),
    ]

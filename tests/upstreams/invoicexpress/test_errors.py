"""InvoiceXpress's error answers as the shared errors, checked without a server.

Which field each 422 sentence is about, and the answers the sandbox never
gives (406, undocumented statuses).
"""

from __future__ import annotations

import pytest

from upstreams.errors import BadUpstreamResponse, InvalidInput, Problem
from upstreams.invoicexpress.adapter import Format, codec_for
from upstreams.invoicexpress.errors import error_for, field_for, problems


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


ERRORS = {
    "json": b'{"errors": [{"error": "Invoice is already final"}]}',
    "xml": b"<errors><error>Invoice is already final</error></errors>",
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_invalid_state_keeps_its_messages_and_names_no_field(fmt: Format) -> None:
    error = error_for(406, ERRORS[fmt], codec_for(fmt), 11001)
    assert isinstance(error, InvalidInput)
    assert error.problems == [Problem(None, "Invoice is already final", "INVALID_STATE")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_invalid_state_without_a_body_says_what_the_status_means(fmt: Format) -> None:
    error = error_for(406, b"", codec_for(fmt), 11001)
    assert isinstance(error, InvalidInput)
    assert [problem.field for problem in error.problems] == [None]
    assert error.problems[0].message == "The document is in an invalid state"


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("status", [400, 403, 302])
def test_an_undocumented_status_is_a_bad_upstream_response(fmt: Format, status: int) -> None:
    error = error_for(status, ERRORS[fmt], codec_for(fmt), 11001)
    assert isinstance(error, BadUpstreamResponse)
    assert str(status) in str(error)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_refusal_without_reasons_is_a_bad_upstream_response(fmt: Format) -> None:
    empty = b'{"errors": []}' if fmt == "json" else b"<errors/>"
    assert isinstance(error_for(422, empty, codec_for(fmt), 11001), BadUpstreamResponse)

"""Saasu's error statuses and bodies mapped to the shared errors, with text safe to show."""

from __future__ import annotations

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from upstreams.answer import Answer
from upstreams.errors import BadUpstreamResponse, Conflict, InvalidInput, NotFound
from upstreams.saasu.errors import scrub, status_error


def response(status: int, body: bytes, content_type: str) -> Answer:
    """An answer as the engine makes one (its headers looked up whatever their case)."""
    return Answer(status, CIMultiDictProxy(CIMultiDict({"Content-Type": content_type})), body)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b'{"Message": "The request is invalid.", "ModelState": {"account.Name":'
            b' ["The Name field is required."], "Currency": ["Bad currency.", "Too long."]}}',
            "application/json; charset=utf-8",
        ),
        (
            b"<Error><Message>The request is invalid.</Message><ModelState>"
            b'<Error Property="account.Name">The Name field is required.</Error>'
            b'<Error Property="Currency">Bad currency.</Error>'
            b'<Error Property="Currency">Too long.</Error></ModelState></Error>',
            "application/xml; charset=utf-8",
        ),
    ],
)
def test_model_state_becomes_one_problem_per_message(body: bytes, content_type: str) -> None:
    error = status_error(response(400, body, content_type), subject="ledger account 1", secrets=[])
    assert isinstance(error, InvalidInput)
    assert [(p.field, p.message) for p in error.problems] == [
        ("Name", "The Name field is required."),
        ("Currency", "Bad currency."),
        ("Currency", "Too long."),
    ]


def test_a_400_without_model_state_is_one_problem_without_a_field() -> None:
    body = b'{"Message": "No HTTP resource matches https://api.saasu.com/Account?FileId=9 key-123"}'
    error = status_error(response(400, body, "application/json"), subject="x", secrets=["key-123"])
    assert isinstance(error, InvalidInput)
    [problem] = error.problems
    assert problem.field is None
    assert "https://" not in problem.message and "key-123" not in problem.message
    assert "No HTTP resource matches" in problem.message


def test_status_decides_even_when_the_body_is_unreadable() -> None:
    cut = b'{"Message": "The acc'
    assert isinstance(
        status_error(response(409, cut, "application/json"), subject="a", secrets=[]), Conflict
    )
    assert isinstance(
        status_error(response(404, b"", "text/html"), subject="a", secrets=[]), NotFound
    )
    refused = status_error(response(400, cut, "application/json"), subject="a", secrets=[])
    assert isinstance(refused, InvalidInput) and refused.problems[0].field is None
    assert isinstance(
        status_error(response(418, b"", "text/plain"), subject="a", secrets=[]), BadUpstreamResponse
    )


def test_scrub_removes_addresses_and_secrets() -> None:
    text = scrub("see http://127.0.0.1:9/Account/1?WsAccessKey=s3cret now s3cret", ["s3cret"])
    assert text == "see [address] now [hidden]"

"""Upstream codes as the graph's ``UserErrorCode``, and codes a key record kept before it."""

from __future__ import annotations

from resolvers.user_error_codes import UPSTREAM_CODES, UserErrorCode, stored_code, upstream_code


def test_the_same_kind_is_one_code_whichever_upstream_said_it() -> None:
    assert upstream_code("prepaid", "TooBig") is UserErrorCode.OUT_OF_RANGE
    assert upstream_code("prepaid", "TooSmall") is UserErrorCode.OUT_OF_RANGE
    assert upstream_code("billing", "OutOfRange") is UserErrorCode.OUT_OF_RANGE
    assert upstream_code("billing", "InvalidReference") is UserErrorCode.NOT_FOUND


def test_a_code_the_gateway_does_not_classify_is_rejected() -> None:
    assert upstream_code("billing", "SomethingNew") is UserErrorCode.REJECTED
    assert upstream_code("prepaid", None) is UserErrorCode.REJECTED
    # A code is read in its own upstream's vocabulary only.
    assert upstream_code("saasu", "TooBig") is UserErrorCode.REJECTED
    assert UserErrorCode.REJECTED not in UPSTREAM_CODES.values()


def test_a_top_up_kept_before_the_enum_answers_its_repeat_with_the_new_code() -> None:
    assert stored_code("DECLINED") is UserErrorCode.DECLINED
    assert stored_code("TOO_BIG") is UserErrorCode.OUT_OF_RANGE
    assert stored_code("NOT_ALLOWED") is UserErrorCode.INVALID
    assert stored_code("NO_LONGER_A_CODE") is UserErrorCode.REJECTED

"""The ``pagination`` request header of the paged endpoints, and the page it selects.

The header holds JSON ``{"pageNumber": 1, "pageSize": 20, "excludeTotalCount":
false}``; every key is optional. The answer echoes what was applied beside
``pagedResults``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request

from upstreams.billing.sandbox.problems import ApiError, Problem

T = TypeVar("T")

MAX_PAGE_SIZE = 1000
CODE = "InvalidPagination"


@dataclass(frozen=True, slots=True)
class Pagination:
    page_number: int = 1
    page_size: int = 20
    exclude_total_count: bool = False

    def echo(self) -> dict[str, Any]:
        return {
            "pageNumber": self.page_number,
            "pageSize": self.page_size,
            "excludeTotalCount": self.exclude_total_count,
        }


def read_pagination(request: Request) -> Pagination:
    """The header's page, or ``ApiError`` 400 naming every bad key at once."""
    raw = request.headers.get("pagination", "").strip()
    if not raw:
        return Pagination()
    try:
        given = json.loads(raw)
    except ValueError:
        given = None
    if not isinstance(given, dict):
        raise ApiError(400, [Problem(CODE, "The 'pagination' header must hold a JSON object.")])
    problems: list[Problem] = []
    number = _whole(given, "pageNumber", 1, None, problems)
    size = _whole(given, "pageSize", 1, MAX_PAGE_SIZE, problems)
    exclude = given.get("excludeTotalCount", False)
    if not isinstance(exclude, bool):
        problems.append(Problem(CODE, "'excludeTotalCount' must be true or false."))
    if problems:
        raise ApiError(400, problems)
    return Pagination(
        page_number=1 if number is None else number,
        page_size=20 if size is None else size,
        exclude_total_count=bool(exclude),
    )


def _whole(
    given: dict[str, Any], key: str, low: int, high: int | None, problems: list[Problem]
) -> int | None:
    if key not in given:
        return None
    value = given[key]
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(CODE, f"'{key}' must be a whole number."))
        return None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        problems.append(Problem(CODE, f"'{key}' must be {bound}."))
        return None
    return value


def paged(
    pagination: Pagination, records: Sequence[T], render: Callable[[T], dict[str, Any]]
) -> dict[str, Any]:
    """``pagination`` and ``pagedResults`` for the page of ``records`` (ascending identity)."""
    start = (pagination.page_number - 1) * pagination.page_size
    chosen = records[start : start + pagination.page_size]
    return {
        "pagination": pagination.echo(),
        "pagedResults": {
            "totalCount": None if pagination.exclude_total_count else len(records),
            "items": [render(record) for record in chosen],
        },
    }

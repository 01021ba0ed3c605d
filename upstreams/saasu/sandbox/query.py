"""Query parameters as ASP.NET binds them: names in any case, the first value, empty as absent.

Each reader notes what is wrong in a ``ModelState`` instead of raising, so a
call with several bad parameters hears about all of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from upstreams.saasu.sandbox.account import ACCOUNT_LEVELS, ACCOUNT_TYPES
from upstreams.saasu.sandbox.ledger import AccountFilter
from upstreams.saasu.sandbox.problems import ModelState, note

INT32_MAX = 2**31 - 1
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


class Query:
    """Case-insensitive view of the query string (``fileid`` is ``FileId``)."""

    def __init__(self, params: QueryParams) -> None:
        self._values: dict[str, str] = {}
        for name, value in params.multi_items():
            self._values.setdefault(name.lower(), value)

    def get(self, name: str) -> str | None:
        value = self._values.get(name.lower(), "").strip()
        return value or None


@dataclass(frozen=True, slots=True)
class ListRequest:
    """A valid ``GET Accounts``; ``filter_params`` are the filters as given, for paging links."""

    page: int
    page_size: int
    account_filter: AccountFilter
    filter_params: list[tuple[str, str | int]]


def read_int(text: str) -> int | None:
    """A .NET ``Int32``, or ``None`` when ``text`` is not one."""
    if not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if -INT32_MAX - 1 <= value <= INT32_MAX else None


def read_file_id(query: Query, problems: ModelState) -> int | None:
    text = query.get("FileId")
    if text is None:
        note(problems, "FileId", "FileId is required.")
        return None
    value = read_int(text)
    if value is None:
        note(problems, "FileId", "FileId must be a whole number.")
    return value


def read_account_id(text: str, problems: ModelState) -> int | None:
    value = read_int(text)
    if value is None:
        note(problems, "id", "The account id must be a whole number.")
    return value


def read_list_request(query: Query, problems: ModelState) -> ListRequest | None:
    """Paging and filters of ``GET Accounts``; ``None`` when any of them is wrong."""
    before = len(problems)
    page = _bounded(query, "Page", 1, 1, INT32_MAX, problems)
    page_size = _bounded(query, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, problems)
    is_active = _flag(query, "IsActive", problems)
    is_bank_account = _flag(query, "IsBankAccount", problems)
    include_built_in = _flag(query, "IncludeBuiltIn", problems)
    account_type = _choice(query, "AccountType", ACCOUNT_TYPES, problems)
    account_level = _choice(query, "AccountLevel", ACCOUNT_LEVELS, problems)
    header_text = query.get("HeaderAccountId")
    header_account_id = read_int(header_text) if header_text is not None else None
    if header_text is not None and header_account_id is None:
        note(problems, "HeaderAccountId", "HeaderAccountId must be a whole number.")
    if len(problems) > before or page is None or page_size is None:
        return None
    given: list[tuple[str, bool | str | int | None]] = [
        ("IsActive", is_active),
        ("IsBankAccount", is_bank_account),
        ("AccountType", account_type),
        ("IncludeBuiltIn", include_built_in),
        ("HeaderAccountId", header_account_id),
        ("AccountLevel", account_level),
    ]
    return ListRequest(
        page=page,
        page_size=page_size,
        account_filter=AccountFilter(
            is_active=is_active,
            is_bank_account=is_bank_account,
            account_type=account_type,
            include_built_in=include_built_in is not False,
            header_account_id=header_account_id,
            account_level=account_level,
        ),
        filter_params=[(name, _text(value)) for name, value in given if value is not None],
    )


def _bounded(
    query: Query, name: str, default: int, low: int, high: int, problems: ModelState
) -> int | None:
    text = query.get(name)
    if text is None:
        return default
    value = read_int(text)
    if value is None or not low <= value <= high:
        bounds = f"of at least {low}" if high == INT32_MAX else f"from {low} to {high}"
        note(problems, name, f"{name} must be a whole number {bounds}.")
        return None
    return value


def _flag(query: Query, name: str, problems: ModelState) -> bool | None:
    text = query.get(name)
    if text is None:
        return None
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    note(problems, name, f"{name} must be true or false.")
    return None


def _choice(query: Query, name: str, choices: tuple[str, ...], problems: ModelState) -> str | None:
    text = query.get(name)
    if text is None:
        return None
    for choice in choices:
        if choice.lower() == text.lower():
            return choice
    note(problems, name, f"{name} must be one of {', '.join(choices)}.")
    return None


def _text(value: bool | str | int) -> str | int:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value

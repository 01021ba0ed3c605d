"""The error the sandbox's handlers raise, and the problems it carries.

Codes and message form follow the contract: a message about one property
names it first, in single quotes (``'billDay' must be between 1 and 28.``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str


def about(code: str, field: str, text: str, where: str = "") -> Problem:
    """A problem with one property; ``where`` places it inside a PATCH body."""
    suffix = f" ({where})" if where else ""
    return Problem(code, f"'{field}' {text}{suffix}.")


class ApiError(Exception):
    """Answer the call with ``status`` and every one of ``problems``."""

    def __init__(
        self,
        status: int,
        problems: Sequence[Problem],
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.status = status
        self.problems = list(problems)
        self.headers = dict(headers or {})


def not_found(message: str) -> ApiError:
    return ApiError(404, [Problem("NotFound", message)])


def invalid(problems: Sequence[Problem]) -> ApiError:
    return ApiError(400, problems)

"""Error answers in ASP.NET Web API shape: a ``Message`` and, for 400s, a ``ModelState``."""

from __future__ import annotations

from collections.abc import Mapping

ModelState = dict[str, list[str]]

INVALID = "The request is invalid."


class ApiError(Exception):
    """Raised by an endpoint; the app writes it in the format the request asked for."""

    def __init__(
        self,
        status: int,
        message: str,
        model_state: ModelState | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.model_state = model_state
        self.headers = dict(headers or {})


def invalid(model_state: ModelState) -> ApiError:
    """A 400 listing every problem at once, by property or parameter name."""
    return ApiError(400, INVALID, model_state)


def note(model_state: ModelState, name: str, message: str) -> None:
    model_state.setdefault(name, []).append(message)

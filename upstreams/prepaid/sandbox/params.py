"""A request's parameters and the checks the API runs on them.

Every check records its error and returns a placeholder instead of raising,
so one pass reports all invalid parameters at once; an action must not use
the values unless ``errors`` is empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_INTEGER = re.compile(r"([+-]?)([0-9]+)")
_STATE = re.compile(r"[A-Za-z]{2}")
_LARGEST = 10**18  # longer numbers are out of every range; spares int() huge inputs


@dataclass(frozen=True, slots=True)
class ParameterError:
    parameter: str
    code: str
    message: str


class Params:
    """The parameters as received, in order; a repeated name keeps its last value."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.pairs = list(pairs)
        self._values = dict(self.pairs)

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def given(self, name: str) -> bool:
        """Present with a value other than blanks."""
        return bool((self._values.get(name) or "").strip())


class Checker:
    """Validates parameters one by one, collecting a ``ParameterError`` for each bad one."""

    def __init__(self, params: Params) -> None:
        self.params = params
        self.errors: list[ParameterError] = []

    def fail(self, name: str, code: str, message: str) -> None:
        self.errors.append(ParameterError(name, code, message))

    def text(self, name: str, *, allow_empty: bool = False) -> str:
        """The trimmed value; ``Required`` if missing (or blank, unless ``allow_empty``)."""
        value = self.params.get(name)
        if value is None or not (value.strip() or allow_empty):
            self.fail(name, "Required", f"{name} is required.")
            return ""
        return value.strip()

    def integer(self, name: str, low: int, high: int | None = None) -> int:
        """A required integer from ``low`` to ``high`` (no upper bound when ``None``)."""
        if not self.params.given(name):
            self.fail(name, "Required", f"{name} is required.")
            return 0
        return self._integer(name, low, high)

    def optional_integer(self, name: str, low: int, high: int | None = None) -> int | None:
        """Like ``integer``, but ``None`` when the parameter is absent or blank."""
        if not self.params.given(name):
            return None
        return self._integer(name, low, high)

    def boolean(self, name: str, default: bool | None = None) -> bool:
        """``true`` or ``false`` in any case; required unless a ``default`` is given."""
        if not self.params.given(name):
            if default is None:
                self.fail(name, "Required", f"{name} is required.")
                return False
            return default
        value = (self.params.get(name) or "").strip().lower()
        if value not in ("true", "false"):
            self.fail(name, "Invalid", f"{name} must be true or false.")
            return False
        return value == "true"

    def choice(self, name: str, options: Sequence[str], default: str) -> str:
        """One of ``options``, matched ignoring case and spacing; ``default`` when absent."""
        if not self.params.given(name):
            return default
        words = " ".join((self.params.get(name) or "").split()).lower()
        for option in options:
            if option.lower() == words:
                return option
        self.fail(name, "Invalid", f"{name} must be one of: {', '.join(options)}.")
        return default

    def state(self, name: str) -> str:
        """A two letter state (or province) code, returned upper case."""
        value = self.text(name)
        if value and not _STATE.fullmatch(value):
            self.fail(name, "Invalid", f"{name} must be a two letter state code.")
            return ""
        return value.upper()

    def _integer(self, name: str, low: int, high: int | None) -> int:
        match = _INTEGER.fullmatch((self.params.get(name) or "").strip())
        if match is None:
            self.fail(name, "Invalid", f"{name} must be an integer.")
            return 0
        digits = match[2].lstrip("0") or "0"
        value = int(digits) if len(digits) <= 18 else _LARGEST
        value = -value if match[1] == "-" else value
        if value < low:
            self.fail(name, "TooSmall", f"{name} must be at least {low}.")
        elif high is not None and value > high:
            self.fail(name, "TooBig", f"{name} must be at most {high}.")
        else:
            return value
        return 0

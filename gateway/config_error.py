"""The one error a bad configuration raises, apart from the keys so any checker can raise it."""

from __future__ import annotations


class ConfigError(ValueError):
    """A bad configuration key; ``key`` names it as the file or environment spells it."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key} {problem}")
        self.key = key

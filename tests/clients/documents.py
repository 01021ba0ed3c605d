"""The committed operations (tests/clients/operations) that every client runs."""

from __future__ import annotations

from pathlib import Path

OPERATIONS = Path(__file__).parent / "operations"


def document(name: str) -> str:
    """The text of ``operations/<name>.graphql``."""
    return (OPERATIONS / f"{name}.graphql").read_text()

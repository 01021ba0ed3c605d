"""The one interface both wire formats (``.json`` and ``.xml``) implement.

The adapter picks a codec by configuration and never looks inside a body
itself, so JSON and XML differ only behind this interface.
"""

from __future__ import annotations

from typing import Protocol

from upstreams.invoicexpress.models import AccountUpdate, InvoicingAccount


class ShapeError(ValueError):
    """A body is not in the documented shape; the text names what, never the body's content."""


class EncodeError(ValueError):
    """A value cannot be written in this format; ``field`` names it (``credentials.username``)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class Codec(Protocol):
    """Writes update bodies and reads account and error bodies of one format."""

    suffix: str
    """The path suffix choosing the format: ``json`` or ``xml``."""
    content_type: str

    def encode_update(self, update: AccountUpdate) -> bytes:
        """The ``accounts.update`` body; raise ``EncodeError`` for an unwritable value."""
        ...

    def decode_account(self, body: bytes) -> InvoicingAccount:
        """The account in an answer; raise ``ShapeError`` when the body is off-shape."""
        ...

    def decode_errors(self, body: bytes) -> list[str]:
        """The messages of an error body, in order; raise ``ShapeError`` when off-shape."""
        ...

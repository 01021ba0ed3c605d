"""The two formats the path suffix chooses between, side by side for the routes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from upstreams.invoicexpress.sandbox import json_format, xml_format
from upstreams.invoicexpress.sandbox.records import Account
from upstreams.invoicexpress.sandbox.submission import Submission


@dataclass(frozen=True)
class Format:
    suffix: str
    media_type: str
    content_types: tuple[str, ...]
    read_update: Callable[[bytes], Submission]
    write_account: Callable[[Account], bytes]
    write_errors: Callable[[Sequence[str]], bytes]

    def reads(self, content_type: str | None) -> bool:
        """Whether a body sent with ``content_type`` is in this format (parameters aside)."""
        media = (content_type or "").split(";")[0].strip().lower()
        return media in self.content_types


JSON = Format(
    "json",
    json_format.MEDIA_TYPE,
    json_format.CONTENT_TYPES,
    json_format.read_update,
    json_format.write_account,
    json_format.write_errors,
)
XML = Format(
    "xml",
    xml_format.MEDIA_TYPE,
    xml_format.CONTENT_TYPES,
    xml_format.read_update,
    xml_format.write_account,
    xml_format.write_errors,
)
FORMATS = (JSON, XML)

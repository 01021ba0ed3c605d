"""The one interface the JSON and XML formats share; configuration picks one.

Saasu answers in the format the ``Accept`` header asks for and reads a body
in the one ``Content-Type`` names, so the adapter needs nothing else to
switch formats. Decoders raise ``ShapeError`` for any body that is not the
documented shape.
"""

from __future__ import annotations

from typing import Literal, Protocol

from upstreams.saasu.json_format import JsonCodec
from upstreams.saasu.models import LedgerAccount, LedgerAccountUpdate, UpdateResult
from upstreams.saasu.wire import ErrorBody
from upstreams.saasu.xml_format import XmlCodec

Format = Literal["json", "xml"]


class Codec(Protocol):
    @property
    def media_type(self) -> str: ...

    def decode_account(self, body: bytes) -> LedgerAccount: ...

    def decode_accounts(self, body: bytes) -> list[LedgerAccount]: ...

    def decode_update_result(self, body: bytes) -> UpdateResult: ...

    def encode_update(self, account_id: int, update: LedgerAccountUpdate) -> bytes: ...

    def decode_error(self, body: bytes) -> ErrorBody: ...


def codec_for(format: Format) -> Codec:
    if format == "json":
        return JsonCodec()
    if format == "xml":
        return XmlCodec()
    raise ValueError("format must be 'json' or 'xml'")


def codec_for_content_type(content_type: str) -> Codec | None:
    """The codec that reads a body of this ``Content-Type``, or ``None`` for any other type.

    Error bodies are read by their own type: a host can answer an error in a
    format other than the one asked for.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("application/json", "text/json") or media.endswith("+json"):
        return codec_for("json")
    if media in ("application/xml", "text/xml") or media.endswith("+xml"):
        return codec_for("xml")
    return None

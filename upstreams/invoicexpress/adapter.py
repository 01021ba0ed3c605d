"""The InvoiceXpress adapter: read and update the invoicing organisation's account.

The only code that speaks this API. ``api_key`` rides in the query string, as
the API demands, so every URL the transport sees holds it; httpx exceptions
carry that URL. The adapter therefore raises only shared errors, cut loose
from the httpx exceptions that caused them (no ``__cause__``, no
``__context__``, no transport frames).

Only reads are retried (by ``UpstreamHTTP``): an update changes state and is
sent once. Choices where the docs and contract are silent:

- The credentials password is taken in plain text and sent Base64-encoded.
- ``terms`` and ``marketing`` go as ``1``/``0`` (numbers in JSON, as the
  docs' example sends ``terms``); ``tax_country`` goes as the documented string.
- An empty text member in an answer reads as absent (XML cannot tell them apart).
- A 406 carries its error messages when its body has them, else the status's
  description; its problems name no field.
- Any status the docs do not give (400, 403, 3xx ...) is ``BadUpstreamResponse``.

The cross-request cache (``cache``) keeps the account read (200 answers only),
keyed by format and account id, never by the URL that holds the key. An
update drops it whatever its outcome.
"""

from __future__ import annotations

import dataclasses
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Literal, Unpack

import httpx

from upstreams.adapter import Adapter, Wiring
from upstreams.answer import Answer
from upstreams.cache import dropped_after, read_through
from upstreams.client_settings import ClientSettings
from upstreams.endpoints import endpoint_name, record_of
from upstreams.errors import BadUpstreamResponse, InvalidInput, Problem, Unavailable, UpstreamError
from upstreams.invoicexpress.codec import Codec, EncodeError
from upstreams.invoicexpress.decode import read_account
from upstreams.invoicexpress.errors import CODE, UPSTREAM, error_for
from upstreams.invoicexpress.json_format import JSONCodec
from upstreams.invoicexpress.models import AccountUpdate, InvoicingAccount
from upstreams.invoicexpress.xml_format import XMLCodec

Format = Literal["json", "xml"]

RATE_PER_SECOND = 100 / 60
"""The API's rate limit: 100 calls a minute ..."""
BURST = 10
"""... with bursts of 10."""
ACCOUNT_READ = "GET /api/accounts/{id}/get"
"""The only read ever answered from the cross-request cache."""


@dataclass(frozen=True, slots=True)
class InvoiceXpressSettings:
    """``client.base_url`` is ``https://{account-name}.app.invoicexpress.com``."""

    client: ClientSettings
    api_key: str = field(repr=False)
    format: Format = "json"


def paced(client: ClientSettings) -> ClientSettings:
    """``client`` paced to the API's rate limit, so this adapter's calls never meet its 429.

    One call of the burst is kept in hand: a call granted the moment the
    limit allows it may still reach the API a hair early.
    """
    return dataclasses.replace(client, rate_per_second=RATE_PER_SECOND, burst=BURST - 1)


def codec_for(format: str) -> Codec:
    """The codec of a configured format."""
    if format == "json":
        return JSONCodec()
    if format == "xml":
        return XMLCodec()
    raise ValueError(f"unknown InvoiceXpress format {format!r}; expected json or xml")


class InvoiceXpressAdapter(Adapter):
    """``accounts`` calls of one InvoiceXpress account, in the configured format."""

    def __init__(
        self,
        settings: InvoiceXpressSettings,
        **wiring: Unpack[Wiring],
    ) -> None:
        super().__init__(UPSTREAM, settings.client, **wiring)
        self.codec = codec_for(settings.format)
        self.format = settings.format
        self._api_key = settings.api_key

    async def get_account(self, account_id: int) -> InvoicingAccount:
        """The account (a cached one is up to its TTL old); ``NotFound`` if there is none."""

        async def fetch() -> tuple[bytes, str | None]:
            response = await self._send("GET", f"/api/accounts/{account_id}/get")
            if response.status_code != 200:
                raise error_for(response.status_code, response.content, self.codec, account_id)
            return response.content, response.headers.get("cache-control")

        def read(content: bytes) -> InvoicingAccount:
            return read_account(200, content, self.codec, account_id)

        args = (self.format, str(account_id))
        return await read_through(self.cache, UPSTREAM, ACCOUNT_READ, args, fetch, read)

    async def update_account(self, account_id: int, update: AccountUpdate) -> InvoicingAccount:
        """Change the fields ``update`` sets; return the account after the change.

        ``InvalidInput`` lists every problem the API found, each with its field.
        Sent once: after ``UpstreamTimeout(request_sent=True)`` read the account
        to learn whether the change was made.
        """
        try:
            body = self.codec.encode_update(update)
        except EncodeError as exc:
            problem = Problem(field=exc.field, message=f"{exc.field} {exc.reason}", code=CODE)
            raise InvalidInput(UPSTREAM, problem.message, [problem]) from None
        async with self._changing(account_id):
            response = await self._send(
                "PUT",
                f"/api/accounts/{account_id}/update",
                content=body,
                headers={"Content-Type": self.codec.content_type},
            )
        return read_account(response.status_code, response.content, self.codec, account_id)

    def _changing(self, account_id: int) -> AbstractAsyncContextManager[None]:
        """Drop the account's cached read after an update, whatever its outcome."""
        return dropped_after(self.cache, UPSTREAM, (ACCOUNT_READ, (self.format, str(account_id))))

    async def _send(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send once with the key; raise only shared errors that hold nothing of the URL."""
        try:
            return await self.http.send(
                method,
                f"{path}.{self.codec.suffix}",
                endpoint=endpoint_name(method, path),
                read=method == "GET",
                record=record_of(path),
                params={"api_key": self._api_key},
                content=content,
                headers={"Accept": self.codec.content_type, **(headers or {})},
            )
        except UpstreamError as exc:
            failure = exc
        except httpx.DecodingError:
            failure = BadUpstreamResponse(
                UPSTREAM, "invoicexpress sent a body that cannot be decoded"
            )
        except httpx.HTTPError:
            failure = Unavailable(UPSTREAM, "invoicexpress could not be reached")
        raise detached(failure)


def detached(error: UpstreamError) -> UpstreamError:
    """``error`` without its causes and traceback, which hold the request and its URL."""
    error.__cause__ = None
    error.__context__ = None
    error.__suppress_context__ = True
    return error.with_traceback(None)

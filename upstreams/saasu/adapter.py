"""The Saasu adapter: ledger accounts read, listed and updated over Saasu's REST API.

Saasu publishes about one call a second and a daily cap that, once spent,
blocks access for a day. So the adapter itself never retries and paces
itself instead (the transport retries only failed GETs, at most
``read_retries`` times; set it to 0 to spend no cap on retries): set
``ClientSettings.rate_per_second`` to 1 and ``daily_cap`` to the plan's
(``default_client_settings`` does; the gateway's configuration defaults to
the same), and the transport refuses calls past the cap itself. The one call sent twice is
one Saasu answered 401 under OAuth: it was not carried out, so after renewing
the token it is sent once more.

Choices where the docs are silent, beyond the contract in this package:
- ``list_accounts`` checks ``page`` >= 1 and ``page_size`` 1..100 itself, so a
  bad page costs no call of the daily cap.
- An update sends ``Id`` (from the URL) and every field of the account except
  the timestamps, which are Saasu's to set; ``_links`` are never sent.
- A success body that is not the documented shape is ``BadUpstreamResponse``;
  for an update that means it was probably applied: read the account again.

The cross-request cache (``cache``) keeps ``GET Account/{id}`` only, keyed by
file id, format and account id (never the access key or token); a cached
read also spares the daily cap. ``GET Accounts`` is not cached: its keys are
every page and filter, which an update cannot find to drop. An update drops
the account's cached read whatever its outcome.

Optimistic concurrency: an update replaces the whole account and must carry
the current ``LastUpdatedId``. A cached copy may be up to its TTL old, and
building an update on it would either fail with ``Conflict`` or, worse, send
stale fields back under a current ``LastUpdatedId`` and undo someone else's
change. So whoever builds an update reads with ``get_account(fresh=True)``,
which goes to Saasu and refreshes the cached copy; only display reads use the
cache. A client may still see a ``LastUpdatedId`` up to a TTL old in a query;
its patch then fails with ``CONFLICT`` and it reads again (with
``cache.ttl_saasu_account_read`` short, 30 s by default, or 0 to turn it off).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TypeVar, Unpack

from upstreams.adapter import Adapter, Wiring
from upstreams.answer import Answer
from upstreams.cache import dropped_after, read_through
from upstreams.client_settings import ClientSettings
from upstreams.endpoints import endpoint_name, record_of
from upstreams.errors import BadUpstreamResponse, InvalidInput, Problem
from upstreams.paging import Page
from upstreams.saasu.auth import AccessKeyAuth, Auth, Credentials, TokenAuth
from upstreams.saasu.codec import Format, codec_for
from upstreams.saasu.errors import UPSTREAM, status_error
from upstreams.saasu.models import (
    AccountLevel,
    AccountType,
    LedgerAccount,
    LedgerAccountUpdate,
    UpdateResult,
)
from upstreams.saasu.wire import ShapeError

T = TypeVar("T")

RATE_PER_SECOND = 1.0
DAILY_CAP = 3000
"""Calls a day: the docs say only "a daily cap per plan"; Saasu's plans publish 3,000 to
20,000, so the smallest, which no plan exceeds, is the default (``daily_cap`` raises it)."""
MAX_PAGE_SIZE = 100
ACCOUNT_READ = "GET /Account/{id}"
"""The only read ever answered from the cross-request cache."""


def default_client_settings(base_url: str) -> ClientSettings:
    """Connection settings that keep to Saasu's published one call a second and daily cap."""
    return ClientSettings(base_url=base_url, rate_per_second=RATE_PER_SECOND, daily_cap=DAILY_CAP)


@dataclass(frozen=True, slots=True)
class SaasuSettings:
    """Which Saasu file to use, in which format, with which credentials.

    Give either ``ws_access_key`` (legacy) or ``username`` and ``password``
    (OAuth password grant, preferred by Saasu). A token counts as expired
    ``refresh_margin_seconds`` before Saasu says it does.
    """

    client: ClientSettings
    file_id: int
    format: Format = "json"
    ws_access_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    refresh_margin_seconds: float = 60.0

    def __post_init__(self) -> None:
        oauth = self.username is not None or self.password is not None
        if (self.ws_access_key is not None) == oauth:
            raise ValueError("give either ws_access_key or username and password")
        if oauth and not (self.username and self.password):
            raise ValueError("OAuth needs both username and password")
        if self.format not in ("json", "xml"):
            raise ValueError("format must be 'json' or 'xml'")
        if self.refresh_margin_seconds < 0:
            raise ValueError("refresh_margin_seconds must be at least 0")


class SaasuAdapter(Adapter):
    """Ledger accounts of one Saasu file; the only code that knows Saasu's wire format."""

    def __init__(
        self,
        settings: SaasuSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        **wiring: Unpack[Wiring],
    ) -> None:
        """``clock`` times token expiry; a test can hold it still to see Saasu refuse a token."""
        super().__init__(UPSTREAM, settings.client, account=str(settings.file_id), **wiring)
        self.settings = settings
        self.codec = codec_for(settings.format)
        self.auth: Auth
        if settings.ws_access_key is not None:
            self.auth = AccessKeyAuth(settings.ws_access_key)
        else:
            assert settings.username is not None and settings.password is not None
            self.auth = TokenAuth(
                self.http,
                settings.username,
                settings.password,
                settings.refresh_margin_seconds,
                clock,
            )

    async def get_account(self, account_id: int, *, fresh: bool = False) -> LedgerAccount:
        """``GET Account/{id}``; ``fresh`` skips the cache (and refreshes it).

        Read fresh to build an update: see the module docstring.
        """
        subject = f"ledger account {account_id}"

        async def fetch() -> tuple[bytes, str | None]:
            response = await self._call("GET", f"/Account/{account_id}", subject=subject)
            return response.content, response.headers.get("cache-control")

        def read(content: bytes) -> LedgerAccount:
            return self._decode_body(self.codec.decode_account, content)

        args = self._cache_args(account_id)
        if fresh and self.cache is not None:
            await self.cache.invalidate(UPSTREAM, (ACCOUNT_READ, args))
        return await read_through(self.cache, UPSTREAM, ACCOUNT_READ, args, fetch, read)

    async def update_account(self, account_id: int, update: LedgerAccountUpdate) -> UpdateResult:
        """``PUT Account/{id}``: replace the whole account; sent once, never retried.

        A stale ``last_updated_id`` raises ``Conflict`` and leaves the account unchanged.
        """
        subject = f"ledger account {account_id}"
        async with self._changing(account_id):
            response = await self._call(
                "PUT",
                f"/Account/{account_id}",
                subject=subject,
                content=self.codec.encode_update(account_id, update),
            )
        return self._decode(
            self.codec.decode_update_result,
            response,
            note="; the update was probably applied, read the account to see",
        )

    async def list_accounts(
        self,
        *,
        page: int = 1,
        page_size: int = 25,
        is_active: bool | None = None,
        is_bank_account: bool | None = None,
        account_type: AccountType | None = None,
        include_built_in: bool | None = None,
        header_account_id: int | None = None,
        account_level: AccountLevel | None = None,
    ) -> Page[LedgerAccount]:
        """``GET Accounts``: one page in ``Id`` order; Saasu gives no total."""
        problems = []
        if page < 1:
            problems.append(Problem("Page", "Page must be 1 or more"))
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            problems.append(Problem("PageSize", f"PageSize must be from 1 to {MAX_PAGE_SIZE}"))
        if problems:
            raise InvalidInput(UPSTREAM, "the page asked for is out of range", problems)
        params: dict[str, str] = {"Page": str(page), "PageSize": str(page_size)}
        filters: dict[str, bool | int | str | None] = {
            "IsActive": is_active,
            "IsBankAccount": is_bank_account,
            "AccountType": account_type.value if account_type else None,
            "IncludeBuiltIn": include_built_in,
            "HeaderAccountId": header_account_id,
            "AccountLevel": account_level.value if account_level else None,
        }
        for name, value in filters.items():
            if value is not None:
                params[name] = _query_value(value)
        response = await self._call("GET", "/Accounts", subject="ledger accounts", params=params)
        items = self._decode(self.codec.decode_accounts, response)
        return Page(items=items, offset=(page - 1) * page_size, total=None)

    def _cache_args(self, account_id: int) -> tuple[str, ...]:
        """The file and the format name the body kept; no credential is part of a key."""
        return (str(self.settings.file_id), self.settings.format, str(account_id))

    def _changing(self, account_id: int) -> AbstractAsyncContextManager[None]:
        """Drop the account's cached read after an update, whatever its outcome."""
        return dropped_after(self.cache, UPSTREAM, (ACCOUNT_READ, self._cache_args(account_id)))

    async def _call(
        self,
        method: str,
        path: str,
        *,
        subject: str,
        params: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> Answer:
        """Send with credentials; after a 401 under OAuth, renew the token and send once more."""
        credentials = await self.auth.credentials()
        response = await self._send(method, path, credentials, params, content)
        if response.status_code == 401:
            renewed = await self.auth.renew(credentials)
            if renewed is not None:
                response = await self._send(method, path, renewed, params, content)
        if not response.is_success:
            raise status_error(response, subject=subject, secrets=self.auth.secrets())
        return response

    async def _send(
        self,
        method: str,
        path: str,
        credentials: Credentials,
        params: Mapping[str, str] | None,
        content: bytes | None,
    ) -> Answer:
        headers = {"Accept": self.codec.media_type, **credentials.headers}
        if content is not None:
            headers["Content-Type"] = self.codec.media_type
        query = {"FileId": str(self.settings.file_id), **(params or {}), **credentials.params}
        return await self.http.send(
            method,
            path,
            endpoint=endpoint_name(method, path),
            read=method == "GET",
            record=record_of(path),
            params=query,
            content=content,
            headers=headers,
        )

    def _decode(self, decode: Callable[[bytes], T], response: Answer, *, note: str = "") -> T:
        return self._decode_body(decode, response.content, note=note)

    def _decode_body(self, decode: Callable[[bytes], T], content: bytes, *, note: str = "") -> T:
        try:
            return decode(content)
        except ShapeError as exc:
            raise BadUpstreamResponse(
                UPSTREAM, f"saasu answered in an undocumented shape: {exc}{note}"
            ) from exc


def _query_value(value: bool | int | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""The billing REST API v8 (LogiSense) adapter: one method per documented endpoint.

It is the only code that knows this API's wire format: paths under
``/ResourceServer/api/v8/``, the bearer token, the ``pagination`` header,
camelCase JSON and the error bodies. It returns the models of ``models.py``
and raises only the errors of ``upstreams.errors``.

A write is never sent twice, with one exception. A resource call answered 401
is sent once more after logging in again: the API checks the token before it
does anything, so a 401 means the call was not carried out, and repeating it
cannot apply a write twice. A second 401 is ``Unauthenticated``. Timeouts,
5xx and 429 of a write are raised as they come (a write whose answer never
came may have happened; settle it by reading, never by sending it again).
GETs are marked as reads, which the transport retries within its budget.

Choices where the docs and the contract are silent:

- ``..._page`` methods take the API's 1-based ``page_number``; the ``Page``
  they return has a 0-based item ``offset``, computed from the
  ``pagination`` the upstream echoes.
- Updates send only the properties an input sets (the docs: a PUT, like a
  PATCH, needs only the fields that change), plus the target's ``identity``.
  An input's ``cleared`` properties go as ``null``, which clears them.
- ``delete_contact`` / ``delete_note`` send no body: the id is in the path.

The cross-request cache (``cache``) keeps ``GET Account/{id}`` and ``GET
Account/{id}/Detail`` only: the single-record reads behind an account, its
contacts and summary. Keys hold the account id, never the token. Every write
to an account (its own, a contact's, a note's, a patch, a delete) drops both,
whatever its outcome: a write whose answer was lost may still have happened.
Pages and note reads are not cached, so no page key needs finding on a write.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, Unpack

from upstreams.adapter import Adapter, Wiring
from upstreams.answer import Answer
from upstreams.billing import decode, projection
from upstreams.billing.auth import Credentials, TokenKeeper
from upstreams.billing.decode import UPSTREAM, Block, children, listed, one, only, paged, written
from upstreams.billing.encode import (
    account_body,
    contact_body,
    note_body,
    pagination_header,
    patch_body,
)
from upstreams.billing.errors import error_for
from upstreams.billing.models import (
    AccountInput,
    AccountWithDetails,
    BillingAccount,
    BillingContact,
    ContactInput,
    DeleteRecord,
    Note,
    NoteInput,
    PatchItem,
    PatchResult,
    TaxAddress,
    WriteResult,
)
from upstreams.billing.projection import Reads
from upstreams.cache import read_through
from upstreams.client_settings import ClientSettings
from upstreams.endpoints import endpoint_name, record_of
from upstreams.paging import Page

RESOURCE_PATH = "/ResourceServer/api/v8"

T = TypeVar("T")

ACCOUNT_READ = "GET /Account/{id}"
DETAIL_READ = "GET /Account/{id}/Detail"
CACHEABLE = (ACCOUNT_READ, DETAIL_READ)
"""The only reads ever answered from the cross-request cache, by their endpoint names."""


@dataclass(frozen=True, slots=True)
class BillingSettings:
    """Where the billing API is and how to log in to it.

    ``refresh_margin_seconds``: refresh the token when less of its life is
    left than this (keep it well under the token's lifetime, 30 minutes).
    """

    client: ClientSettings
    username: str
    password: str = field(repr=False)
    client_id: str
    refresh_margin_seconds: float = 60.0


class BillingAdapter(Adapter):
    """An async client of one billing API; use it as ``async with`` or call ``aclose``.

    ``clock`` is a monotonic clock in seconds for token expiry (a test moves
    it forward); ``cache`` keeps the ``CACHEABLE`` reads between requests.
    """

    def __init__(
        self,
        settings: BillingSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        **wiring: Unpack[Wiring],
    ) -> None:
        super().__init__(UPSTREAM, settings.client, **wiring)
        self.settings = settings
        self.tokens = TokenKeeper(
            self.http,
            Credentials(settings.username, settings.password, settings.client_id),
            settings.refresh_margin_seconds,
            clock,
        )

    # Accounts

    async def list_accounts(self) -> list[BillingAccount]:
        """``GET Account/``: every account; billing has no lookup by its external identifier."""
        body = await self._call("GET", "/Account/")
        return listed(body, decode.account)

    async def accounts_page(
        self, page_number: int = 1, page_size: int = 20, exclude_total_count: bool = False
    ) -> Page[BillingAccount]:
        """``GET Account/Paged``: one page of accounts, in ascending ``identity``."""
        body = await self._call(
            "GET", "/Account/Paged", headers=_paging(page_number, page_size, exclude_total_count)
        )
        return paged(body, decode.account)

    async def accounts_detail_page(
        self,
        page_number: int = 1,
        page_size: int = 20,
        exclude_total_count: bool = False,
        reads: Reads | None = None,
    ) -> Page[AccountWithDetails]:
        """``GET Account/Paged/Detail``: one page of accounts, each with its details.

        The details' parts are read from the answer when first used
        (``decode.account_with_details_later``); given ``reads``, only what
        it names is read now and the rest on first use (``projection``).
        """
        response = await self._respond(
            "GET",
            "/Account/Paged/Detail",
            headers=_paging(page_number, page_size, exclude_total_count),
        )
        return projection.detail_page(response.content, reads)

    async def get_account(self, account_id: int) -> BillingAccount:
        """``GET Account/{id}``, from the cache when it holds it."""
        return await self._cached_read(
            ACCOUNT_READ,
            f"/Account/{account_id:d}",
            account_id,
            lambda body: one(body.block("instance"), decode.account),
        )

    async def get_account_detail(self, account_id: int) -> AccountWithDetails:
        """``GET Account/{id}/Detail``: the account and its details (contacts, balance ...)."""
        return await self._cached_read(
            DETAIL_READ,
            f"/Account/{account_id:d}/Detail",
            account_id,
            lambda body: one(body.block("instance"), decode.account_with_details),
        )

    async def get_available_tax_addresses(self, account_id: int) -> list[TaxAddress]:
        """``GET Account/{id}/TaxAddress/AvailableFor``: the tax addresses it may use."""
        body = await self._call("GET", f"/Account/{account_id:d}/TaxAddress/AvailableFor")
        return decode.tax_addresses(body)

    async def create_account(self, account: AccountInput) -> WriteResult[BillingAccount]:
        """``POST Account/``: the account as stored."""
        body = await self._call("POST", "/Account/", json=account_body(account))
        return written(body, "create", decode.account)

    async def update_account(
        self, account_id: int, account: AccountInput
    ) -> WriteResult[BillingAccount]:
        """``PUT Account/{id}``: change the properties ``account`` sets."""
        async with self._changing(account_id):
            body = await self._call(
                "PUT", f"/Account/{account_id:d}", json=account_body(account, account_id)
            )
        return written(body, "update", decode.account)

    async def patch_account(
        self, account_id: int, items: Sequence[PatchItem], via_post: bool = False
    ) -> PatchResult:
        """``PATCH Account/{id}``: create, update and delete the account and its children at once.

        The upstream validates every item first and applies all or none.
        ``via_post`` uses ``POST Account/{id}/Patch``, the documented stand-in
        for clients that cannot send PATCH.
        """
        path = f"/Account/{account_id:d}"
        async with self._changing(account_id):
            if via_post:
                body = await self._call("POST", f"{path}/Patch", json=patch_body(items))
            else:
                body = await self._call("PATCH", path, json=patch_body(items))
        return decode.patched(body)

    async def delete_account(self, account_id: int) -> DeleteRecord:
        """``DELETE Account/{id}``: what was deleted with it (contacts, notes ...)."""
        async with self._changing(account_id):
            body = await self._call("DELETE", f"/Account/{account_id:d}")
        return decode.deleted(body)

    # Contacts

    async def create_contact(
        self, account_id: int, contact: ContactInput
    ) -> WriteResult[BillingContact]:
        """``POST Account/{id}/Contact``."""
        return await self._write_child(
            "POST", account_id, "Contact", contact_body(contact), decode.contact
        )

    async def update_contact(
        self, account_id: int, contact_id: int, contact: ContactInput
    ) -> WriteResult[BillingContact]:
        """``PUT Account/{id}/Contact`` (the contact's ``identity`` goes in the body)."""
        return await self._write_child(
            "PUT", account_id, "Contact", contact_body(contact, contact_id), decode.contact
        )

    async def delete_contact(self, account_id: int, contact_id: int) -> DeleteRecord:
        """``DELETE Account/{id}/Contact/{contactId}``."""
        return await self._delete_child(account_id, "Contact", contact_id)

    # Notes

    async def notes_page(
        self,
        account_id: int,
        page_number: int = 1,
        page_size: int = 20,
        exclude_total_count: bool = False,
    ) -> Page[Note]:
        """``GET Account/{id}/Note/Paged``."""
        body = await self._call(
            "GET",
            f"/Account/{account_id:d}/Note/Paged",
            headers=_paging(page_number, page_size, exclude_total_count),
        )
        return paged(children(body), decode.note)

    async def get_note(self, account_id: int, note_id: int) -> Note:
        """``GET Account/{id}/Note/{noteId}``."""
        body = await self._call("GET", f"/Account/{account_id:d}/Note/{note_id:d}")
        return only(listed(children(body), decode.note), "answer.instance.details.items")

    async def create_note(self, account_id: int, note: NoteInput) -> WriteResult[Note]:
        """``POST Account/{id}/Note``."""
        return await self._write_child("POST", account_id, "Note", note_body(note), decode.note)

    async def update_note(
        self, account_id: int, note_id: int, note: NoteInput
    ) -> WriteResult[Note]:
        """``PUT Account/{id}/Note`` (the note's ``identity`` goes in the body)."""
        return await self._write_child(
            "PUT", account_id, "Note", note_body(note, note_id), decode.note
        )

    async def delete_note(self, account_id: int, note_id: int) -> DeleteRecord:
        """``DELETE Account/{id}/Note/{noteId}``."""
        return await self._delete_child(account_id, "Note", note_id)

    # What the contact and note writes share

    async def _write_child(
        self,
        method: str,
        account_id: int,
        child: str,
        body: dict[str, Any],
        read: decode.Read[T],
    ) -> WriteResult[T]:
        """A ``POST`` (create) or ``PUT`` (update) of one of an account's ``child`` records."""
        async with self._changing(account_id):
            answer = await self._call(method, f"/Account/{account_id:d}/{child}", json=body)
        return written(answer, "create" if method == "POST" else "update", read)

    async def _delete_child(self, account_id: int, child: str, identity: int) -> DeleteRecord:
        """``DELETE Account/{id}/{child}/{identity}``: what was deleted."""
        async with self._changing(account_id):
            answer = await self._call("DELETE", f"/Account/{account_id:d}/{child}/{identity:d}")
        return decode.deleted(answer)

    # The cross-request cache

    async def _cached_read(
        self, endpoint: str, path: str, account_id: int, parse: Callable[[Block], T]
    ) -> T:
        """A ``CACHEABLE`` GET of one account's record, keyed by the account id alone."""

        async def fetch() -> tuple[bytes, str | None]:
            response = await self._respond("GET", path)
            return response.content, response.headers.get("cache-control")

        def read(content: bytes) -> T:
            return parse(decode.answer(decode.parse(content)))

        return await read_through(self.cache, UPSTREAM, endpoint, (str(account_id),), fetch, read)

    @contextlib.asynccontextmanager
    async def _changing(self, account_id: int) -> AsyncIterator[None]:
        """Drop the account's cached reads after a write to it, whatever its outcome."""
        try:
            yield
        finally:
            if self.cache is not None:
                args = (str(account_id),)
                await self.cache.invalidate(UPSTREAM, *((name, args) for name in CACHEABLE))

    # The one place calls are sent

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Block:
        """Send one resource call and read its answer envelope."""
        response = await self._respond(method, path, json=json, headers=headers)
        return decode.answer(decode.parse(response.content))

    async def _respond(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one resource call; again once only after a 401 and a fresh login."""
        token = await self.tokens.access_token()
        response = await self._send(method, path, token, json, headers)
        if response.status_code == 401:
            token = await self.tokens.renew(token)
            response = await self._send(method, path, token, json, headers)
        if not response.is_success:
            raise error_for(response)
        return response

    async def _send(
        self,
        method: str,
        path: str,
        token: str,
        json: Any,
        headers: dict[str, str] | None,
    ) -> Answer:
        return await self.http.send(
            method,
            RESOURCE_PATH + path,
            endpoint=endpoint_name(method, path),
            read=method == "GET",
            record=record_of(path),
            json=json,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                **(headers or {}),
            },
        )


def _paging(page_number: int, page_size: int, exclude_total_count: bool) -> dict[str, str]:
    return {"pagination": pagination_header(page_number, page_size, exclude_total_count)}

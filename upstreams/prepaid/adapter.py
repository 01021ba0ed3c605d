"""The prepaid Web API adapter: the only code that speaks its wire format.

Every action goes to the one endpoint ``/api``: reads as GET with a query
string, changes (and session calls, which carry the password) as POST form
fields. Every answer is validated against its action's Relax NG schema in
``rng/`` before it is read; see ``decode/``. Parameters are built in ``encode.py``.

Sessions (``auth.py``) are opened lazily by the first call, one at a time,
and renewed before the API would end them for idleness. If the API still
refuses a call because its session is unknown or expired (``Authentication``
with ``Session/IsEstablished`` false), the adapter opens a new session and
sends that call once more: a refused action did nothing (the API checks the
session before it acts, and says so by not completing). A top-up is the
exception (below). No change is ever sent twice otherwise: a timeout, a 5xx
or a broken answer is raised as it is, because for a write its outcome is
unknown and must be settled by reading, never by sending it again (the API
has no idempotency token). Reads
(GET), ``SessionCreate`` and ``SessionDestroy`` are marked as reads, which the
transport retries within its budget.

A top-up goes out under a session of its own (``start_session``), never the
shared one, and is never sent again under another: if its answer is lost,
ending that session (``end_session``, confirmed by the API) makes sure the
request cannot still land later, since the API refuses any call whose session
has ended. Only then can a read of the balance prove it was not charged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TypeVar, Unpack

from lxml import etree

from upstreams.adapter import Adapter, Wiring
from upstreams.answer import Answer
from upstreams.cache import dropped_after, read_through
from upstreams.client_settings import ClientSettings
from upstreams.errors import BadUpstreamResponse, UpstreamError
from upstreams.paging import Page
from upstreams.prepaid import encode
from upstreams.prepaid.auth import SessionKeeper
from upstreams.prepaid.decode import records
from upstreams.prepaid.decode.envelope import PARSER, UPSTREAM, Envelope, Reading
from upstreams.prepaid.errors import SessionEnded, refusal
from upstreams.prepaid.models import (
    ContactInput,
    InvoiceOrder,
    PrepaidAccount,
    PrepaidInvoice,
    Session,
)

ENDPOINT = "/api"
READ = "GET"
WRITE = "POST"
REPEATABLE_WRITES = frozenset({"SessionCreate", "SessionDestroy"})
"""Posted, but safe to send again: opening or ending a session changes nothing a customer
sees, and ending one twice finds it ended."""

RECORD_PARAMETERS = ("AccountId", "AccountInvoiceId")
"""Parameters naming the record a call is about: its failures are that record's own."""

CACHEABLE = ("AccountRead", "AccountInvoiceRead")

T = TypeVar("T")
"""The only actions ever answered from the cross-request cache: reads of one record."""


@dataclass(frozen=True, slots=True)
class PrepaidSettings:
    """Where the API is and whom the adapter logs in as.

    ``session_idle_seconds`` is the API's idle limit for a session; the adapter
    opens a new one once a session has been idle for that long less
    ``renew_margin_seconds``.
    """

    client: ClientSettings
    username: str
    password: str = field(repr=False)
    session_idle_seconds: float = 1800.0
    renew_margin_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.session_idle_seconds <= 0:
            raise ValueError("session_idle_seconds must be positive")
        if not 0 <= self.renew_margin_seconds < self.session_idle_seconds:
            raise ValueError("renew_margin_seconds must be at least 0 and below the idle limit")


class PrepaidAdapter(Adapter):
    """Async client of the prepaid Web API; use as ``async with PrepaidAdapter(settings)``."""

    def __init__(
        self,
        settings: PrepaidSettings,
        **wiring: Unpack[Wiring],
    ) -> None:
        super().__init__(UPSTREAM, settings.client, **wiring)
        self.settings = settings
        self._sessions = SessionKeeper(
            self._open_session, settings.session_idle_seconds, settings.renew_margin_seconds
        )

    # Sessions

    async def start_session(self) -> Session:
        """Open a session for one call only; the adapter does not keep or reuse it."""
        return await self._open_session()

    async def end_session(self, session_id: str) -> None:
        """End a session started for one call; return only once the API says it is over.

        A session the API had already ended counts as ended. Any failure
        raises: then nothing is known about whether a call in it can still land.
        """
        envelope, _ = await self._send("SessionDestroy", WRITE, {}, session_id)
        if envelope.session_lapsed:
            return
        self._raise_refusal(envelope, session_id)

    # Accounts

    async def read_account(self, account_id: int, *, fresh: bool = False) -> PrepaidAccount:
        """``AccountRead``: one account; ``fresh`` reads the API, never the cache.

        Settling a top-up compares balances, so it must see the API's own
        figure, not one kept from before the charge.
        """
        params = {"AccountId": str(account_id)}
        if fresh:
            result = (await self._call_keeping("AccountRead", READ, params))[0]
        else:
            return await self._cached_read("AccountRead", params, (str(account_id),), _account)
        return _account(result)

    async def edit_contact(self, account_id: int, contact: ContactInput) -> PrepaidAccount:
        """``AccountEditContact``: replace the account's contact; return the account after."""
        params = encode.contact_params(account_id, contact)
        async with self._changing(account_id):
            result = await self._call("AccountEditContact", WRITE, params)
        return records.record_in(records.account, result, "Account")

    async def add_credit(self, account_id: int, amount: int, session: Session) -> PrepaidAccount:
        """``AccountEditCreditAdd`` in ``session``: charge the card on file ``amount`` dollars.

        Sent once, in that session only: ``SessionEnded`` when the API found
        the session over (nothing was charged). On ``UpstreamTimeout`` with
        ``request_sent`` the charge may have happened: end the session, then
        read the account to find out; never call this again to "retry".
        """
        params = {"AccountId": str(account_id), "Amount": str(amount)}
        async with self._changing(account_id):
            envelope, _ = await self._send(
                "AccountEditCreditAdd", WRITE, params, session.session_id
            )
        if envelope.session_lapsed:
            raise SessionEnded(UPSTREAM, f"{UPSTREAM} refused the top-up: its session had ended")
        self._raise_refusal(envelope, session)
        if envelope.result is None:
            raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} completed the top-up with no result")
        return records.record_in(records.account, envelope.result, "Account")

    async def edit_recharge(
        self, account_id: int, *, recharge: bool, threshold: int, level: int
    ) -> PrepaidAccount:
        """``AccountEditRecharge``: set auto-recharge; return the account after."""
        params = encode.recharge_params(
            account_id, recharge=recharge, threshold=threshold, level=level
        )
        async with self._changing(account_id):
            result = await self._call("AccountEditRecharge", WRITE, params)
        return records.record_in(records.account, result, "Account")

    # Invoices

    async def read_invoice(self, account_invoice_id: int) -> PrepaidInvoice:
        """``AccountInvoiceRead`` by ``AccountInvoiceId``: an existing invoice."""
        params = {"AccountInvoiceId": str(account_invoice_id)}
        return await self._cached_read(
            "AccountInvoiceRead", params, ("invoice", str(account_invoice_id)), _invoice
        )

    async def read_preliminary_invoice(self, account_id: int) -> PrepaidInvoice:
        """``AccountInvoiceRead`` by ``AccountId``: the next period's invoice, as it stands now."""
        return await self._cached_read(
            "AccountInvoiceRead",
            {"AccountId": str(account_id)},
            ("account", str(account_id)),
            _invoice,
        )

    async def browse_invoices(
        self,
        *,
        order_by: InvoiceOrder = InvoiceOrder.ACCOUNT_INVOICE_ID,
        limit: int = 20,
        offset: int = 0,
        calc_found: bool = True,
        account_id: int | None = None,
    ) -> Page[PrepaidInvoice]:
        """``AccountInvoiceBrowse``: one page of invoices; ``total`` is ``Found``.

        ``total`` is ``None`` when ``calc_found`` is false (the API then counts nothing).
        """
        params = encode.browse_params(
            order_by=order_by,
            limit=limit,
            offset=offset,
            calc_found=calc_found,
            account_id=account_id,
        )
        result = await self._call("AccountInvoiceBrowse", READ, params)
        return records.record_in(records.invoice_page, result, "AccountInvoices")

    # The cross-request cache

    async def _cached_read(
        self,
        action: str,
        params: Mapping[str, str],
        args: tuple[str, ...],
        read: Callable[[etree._Element], T],
    ) -> T:
        """A ``CACHEABLE`` read, as ``read`` makes it of its result: from the cache if there.

        Only the validated result element is kept, not the envelope, which
        echoes the session id.
        """
        assert action in CACHEABLE
        if self.cache is None:
            return read((await self._call_keeping(action, READ, params))[0])

        async def fetch() -> tuple[bytes, str | None]:
            result, cache_control = await self._call_keeping(action, READ, params)
            return etree.tostring(result), cache_control

        def decode(kept: bytes) -> T:
            return read(etree.fromstring(kept, PARSER))

        return await read_through(self.cache, UPSTREAM, action, args, fetch, decode)

    def _changing(self, account_id: int) -> AbstractAsyncContextManager[None]:
        """Drop the account's cached reads after a write, whatever its outcome."""
        return dropped_after(
            self.cache,
            UPSTREAM,
            ("AccountRead", (str(account_id),)),
            ("AccountInvoiceRead", ("account", str(account_id))),
        )

    # The exchange

    async def _call(self, action: str, method: str, params: Mapping[str, str]) -> etree._Element:
        """Send ``action`` in the current session; return its result element."""
        return (await self._call_keeping(action, method, params))[0]

    async def _call_keeping(
        self, action: str, method: str, params: Mapping[str, str]
    ) -> tuple[etree._Element, str | None]:
        """Send ``action``; return its result element and the answer's Cache-Control.

        Sent at most twice, and twice only when the API refused the first send
        for its session: see the module docstring for why that is safe.
        """
        session = await self._sessions.current()
        envelope, cache_control = await self._exchange(action, method, params, session)
        if envelope.session_lapsed:
            self._sessions.discard(session)
            session = await self._sessions.current()
            envelope, cache_control = await self._exchange(action, method, params, session)
        self._raise_refusal(envelope, session)
        if envelope.result is None:
            raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} completed {action} with no result")
        return envelope.result, cache_control

    async def _open_session(self) -> Session:
        params = {"Username": self.settings.username, "Password": self.settings.password}
        envelope, _ = await self._exchange("SessionCreate", WRITE, params, None)
        self._raise_refusal(envelope, None)
        opened = envelope.session
        if not opened.established or opened.session_id is None or opened.user_id is None:
            raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} created no session")
        return Session(
            session_id=opened.session_id,
            user_id=opened.user_id,
            roles=opened.roles,
            established_at=envelope.time,
        )

    async def _exchange(
        self, action: str, method: str, params: Mapping[str, str], session: Session | None
    ) -> tuple[Envelope, str | None]:
        if session is not None:
            self._sessions.used(session)
        return await self._send(
            action, method, params, None if session is None else session.session_id
        )

    async def _send(
        self, action: str, method: str, params: Mapping[str, str], session_id: str | None
    ) -> tuple[Envelope, str | None]:
        fields = {"Action": action, **params}
        if session_id is not None:
            fields["SessionId"] = session_id
        read = method == READ or action in REPEATABLE_WRITES
        answers = _Answers(action)
        response = await self.http.send(
            method,
            ENDPOINT,
            endpoint=action,
            read=read,
            record=_record_named(params),
            fault=answers.fault,
            params=fields if method == READ else None,
            data=None if method == READ else fields,
        )
        if response.status_code != 200:
            raise BadUpstreamResponse(
                UPSTREAM, f"{UPSTREAM} answered {action} with HTTP {response.status_code}"
            )
        return answers.envelope(response), response.headers.get("cache-control")

    def _raise_refusal(self, envelope: Envelope, session: Session | str | None) -> None:
        secrets = [self.settings.username, self.settings.password]
        if isinstance(session, Session):
            secrets.append(session.session_id)
        elif session is not None:
            secrets.append(session)
        error = refusal(envelope, secrets)
        if error is not None:
            raise error


class _Answers:
    """The answers to one call, each parsed once: the transport's fault check reads the
    same ``Reading`` the adapter then takes the envelope of."""

    __slots__ = ("action", "answer", "reading")

    def __init__(self, action: str) -> None:
        self.action = action
        self.answer: Answer | None = None
        self.reading: Reading | None = None

    def fault(self, answer: Answer) -> UpstreamError | None:
        self.answer, self.reading = answer, Reading(self.action, answer.content)
        return self.reading.fault

    def envelope(self, answer: Answer) -> Envelope:
        reading = self.reading
        if reading is None or answer is not self.answer:
            reading = Reading(self.action, answer.content)
        return reading.envelope()


def _account(result: etree._Element) -> PrepaidAccount:
    return records.record_in(records.account, result, "Account")


def _invoice(result: etree._Element) -> PrepaidInvoice:
    return records.record_in(records.invoice, result, "AccountInvoice")


def _record_named(params: Mapping[str, str]) -> str | None:
    """The one record a call is about (``AccountId=17``), for the circuit breakers."""
    for name in RECORD_PARAMETERS:
        if name in params:
            return f"{name}={params[name]}"
    return None

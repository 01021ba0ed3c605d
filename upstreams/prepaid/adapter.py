"""The prepaid Web API adapter: the only code that speaks its wire format.

Every action goes to the one endpoint ``/api``: reads as GET with a query
string, changes (and session calls, which carry the password) as POST form
fields. Every answer is validated against its action's Relax NG schema in
``rng/`` before it is read; see ``envelope.py``.

Sessions (``session.py``) are opened lazily by the first call, one at a time,
and renewed before the API would end them for idleness. If the API still
refuses a call because its session is unknown or expired (``Authentication``
with ``Session/IsEstablished`` false), the adapter opens a new session and
sends that call once more. That is safe even for a top-up: a refused action
did nothing (the API checks the session before it acts, and says so by not
completing), so the second send is the first that can move money. No other
change is ever sent twice: a timeout, a 5xx or a broken answer is raised as
it is, because for a write its outcome is unknown and must be settled by
reading, never by sending it again (the API has no idempotency token). Reads
(GET) and ``SessionCreate`` are marked as reads, which the transport retries
within its budget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from lxml import etree

from upstreams.adapter import Adapter
from upstreams.errors import BadUpstreamResponse
from upstreams.http import ClientSettings, UpstreamHTTP
from upstreams.paging import Page
from upstreams.prepaid import records
from upstreams.prepaid.envelope import UPSTREAM, Envelope, read_envelope
from upstreams.prepaid.models import (
    ContactInput,
    InvoiceOrder,
    PrepaidAccount,
    PrepaidInvoice,
    Session,
)
from upstreams.prepaid.refusals import refusal
from upstreams.prepaid.session import SessionKeeper
from upstreams.prepaid.values import tag

ENDPOINT = "/api"
READ = "GET"
WRITE = "POST"
REPEATABLE_WRITES = frozenset({"SessionCreate"})
"""Posted, but safe to send again: opening a session changes nothing a customer sees."""

T = TypeVar("T")


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

    def __init__(self, settings: PrepaidSettings) -> None:
        self.settings = settings
        self.http = UpstreamHTTP(UPSTREAM, settings.client, transport=None)
        self._sessions = SessionKeeper(
            self._open_session, settings.session_idle_seconds, settings.renew_margin_seconds
        )

    # Sessions

    async def create_session(self) -> Session:
        """Open a new session now (``SessionCreate``) and use it from here on."""
        return await self._sessions.renew()

    async def destroy_session(self) -> None:
        """End the session held (``SessionDestroy``); the next call opens a new one.

        A session the API had already ended counts as ended.
        """
        session = await self._sessions.release()
        if session is None:
            return
        envelope = await self._exchange("SessionDestroy", WRITE, {}, session)
        if envelope.session_lapsed:
            return
        self._raise_refusal(envelope, session)

    # Accounts

    async def read_account(self, account_id: int) -> PrepaidAccount:
        """``AccountRead``: one account."""
        result = await self._call("AccountRead", READ, {"AccountId": str(account_id)})
        return _record(records.account, result, "Account")

    async def edit_contact(self, account_id: int, contact: ContactInput) -> PrepaidAccount:
        """``AccountEditContact``: replace the account's contact; return the account after."""
        params = {
            "AccountId": str(account_id),
            "Name": contact.name,
            "Organization": contact.organization,
            "Address": contact.address,
            "City": contact.city,
            "State": contact.state,
            "Zipcode": contact.zipcode,
            "CountryId": str(contact.country_id),
            "Phone": contact.phone,
            "Email": contact.email,
        }
        result = await self._call("AccountEditContact", WRITE, params)
        return _record(records.account, result, "Account")

    async def add_credit(self, account_id: int, amount: int) -> PrepaidAccount:
        """``AccountEditCreditAdd``: charge the card on file ``amount`` whole dollars, once.

        On ``UpstreamTimeout`` with ``request_sent`` the charge may have happened:
        read the account to find out; never call this again to "retry".
        """
        params = {"AccountId": str(account_id), "Amount": str(amount)}
        result = await self._call("AccountEditCreditAdd", WRITE, params)
        return _record(records.account, result, "Account")

    async def edit_recharge(
        self, account_id: int, *, recharge: bool, threshold: int, level: int
    ) -> PrepaidAccount:
        """``AccountEditRecharge``: set auto-recharge; return the account after."""
        params = {
            "AccountId": str(account_id),
            "Recharge": _boolean(recharge),
            "RechargeThreshold": str(threshold),
            "RechargeLevel": str(level),
        }
        result = await self._call("AccountEditRecharge", WRITE, params)
        return _record(records.account, result, "Account")

    # Invoices

    async def read_invoice(self, account_invoice_id: int) -> PrepaidInvoice:
        """``AccountInvoiceRead`` by ``AccountInvoiceId``: an existing invoice."""
        params = {"AccountInvoiceId": str(account_invoice_id)}
        result = await self._call("AccountInvoiceRead", READ, params)
        return _record(records.invoice, result, "AccountInvoice")

    async def read_preliminary_invoice(self, account_id: int) -> PrepaidInvoice:
        """``AccountInvoiceRead`` by ``AccountId``: the next period's invoice, as it stands now."""
        result = await self._call("AccountInvoiceRead", READ, {"AccountId": str(account_id)})
        return _record(records.invoice, result, "AccountInvoice")

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
        params = {
            "OrderBy": order_by.value,
            "Limit": str(limit),
            "Offset": str(offset),
            "CalcFound": _boolean(calc_found),
        }
        if account_id is not None:
            params["AccountId"] = str(account_id)
        result = await self._call("AccountInvoiceBrowse", READ, params)
        return _record(_page, result, "AccountInvoices")

    # The exchange

    async def _call(self, action: str, method: str, params: Mapping[str, str]) -> etree._Element:
        """Send ``action`` in the current session; return its result element.

        Sent at most twice, and twice only when the API refused the first send
        for its session: see the module docstring for why that is safe.
        """
        session = await self._sessions.current()
        envelope = await self._exchange(action, method, params, session)
        if envelope.session_lapsed:
            self._sessions.discard(session)
            session = await self._sessions.current()
            envelope = await self._exchange(action, method, params, session)
        self._raise_refusal(envelope, session)
        if envelope.result is None:
            raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} completed {action} with no result")
        return envelope.result

    async def _open_session(self) -> Session:
        params = {"Username": self.settings.username, "Password": self.settings.password}
        envelope = await self._exchange("SessionCreate", WRITE, params, None)
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
    ) -> Envelope:
        fields = {"Action": action, **params}
        if session is not None:
            fields["SessionId"] = session.session_id
            self._sessions.used(session)
        read = method == READ or action in REPEATABLE_WRITES
        if method == READ:
            response = await self.http.send(
                READ, ENDPOINT, endpoint=action, read=read, params=fields
            )
        else:
            response = await self.http.send(
                WRITE, ENDPOINT, endpoint=action, read=read, data=fields
            )
        if response.status_code != 200:
            raise BadUpstreamResponse(
                UPSTREAM, f"{UPSTREAM} answered {action} with HTTP {response.status_code}"
            )
        return read_envelope(action, response.content)

    def _raise_refusal(self, envelope: Envelope, session: Session | None) -> None:
        secrets = [self.settings.username, self.settings.password]
        if session is not None:
            secrets.append(session.session_id)
        error = refusal(envelope, secrets)
        if error is not None:
            raise error


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _page(element: etree._Element) -> Page[PrepaidInvoice]:
    found = element.get("Found")
    return Page(
        items=tuple(records.invoice(e) for e in element.iterfind(tag("AccountInvoice"))),
        offset=int(element.get("Offset", "")),
        total=None if found is None else int(found),
    )


def _record(parse: Callable[[etree._Element], T], result: etree._Element, name: str) -> T:
    """Parse the ``name`` element of a result, or raise ``BadUpstreamResponse``."""
    element = result.find(tag(name))
    try:
        if element is None:
            raise ValueError(f"missing {name}")
        return parse(element)
    except (ValueError, ArithmeticError) as exc:
        raise BadUpstreamResponse(
            UPSTREAM, f"{UPSTREAM} answered with a {name} it cannot have"
        ) from exc

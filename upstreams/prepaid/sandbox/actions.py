"""The API's actions: each checks its parameters, then acts on the store.

An action validates every parameter before anything else, so an invalid
request reports all its errors; only then are the session, the user's role
and the records consulted, in that order (``Invalid`` before
``Authentication`` before ``Authorization`` before ``NotFound``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from upstreams.prepaid.sandbox.params import Checker, ParameterError
from upstreams.prepaid.sandbox.places import COUNTRIES
from upstreams.prepaid.sandbox.records import Account, Contact, Invoice
from upstreams.prepaid.sandbox.sessions import ACCOUNT_ADMIN, Session, Sessions
from upstreams.prepaid.sandbox.store import ORDERS, Declined, Store


@dataclass(frozen=True, slots=True)
class InvoicePage:
    invoices: list[Invoice]
    limit: int
    offset: int
    found: int | None


Result = Account | Invoice | InvoicePage | None
"""What goes inside the action's result element; ``None`` leaves it empty."""


class Invalid(Exception):
    def __init__(self, errors: list[ParameterError]) -> None:
        super().__init__("invalid request")
        self.errors = errors


class Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Fault(Exception):
    """An internal fault: the API answers its ``Exception`` document."""


class Call:
    """One request being served: its checks, its session and what it may touch."""

    def __init__(
        self,
        check: Checker,
        store: Store,
        sessions: Sessions,
        session: Session | None,
        now: datetime,
        faulty_accounts: frozenset[int],
    ) -> None:
        self.check = check
        self.store = store
        self.sessions = sessions
        self.session = session
        self.now = now
        self._faulty = faulty_accounts

    def proceed(self, *, admin: bool = True) -> Session:
        """Stop here unless the request is valid, its session live and (``admin``) allowed."""
        if self.check.errors:
            raise Invalid(self.check.errors)
        if self.session is None:
            raise Refused("Authentication", "The session is not established or has expired.")
        if admin and ACCOUNT_ADMIN not in self.session.user.roles:
            raise Refused("Authorization", "This user lacks the Account Admin role.")
        return self.session

    def account(self, account_id: int) -> Account:
        if account_id in self._faulty:
            raise Fault
        account = self.store.account(account_id)
        if account is None:
            raise Refused("NotFound", "No account has this AccountId.")
        return account


def session_create(call: Call) -> Result:
    username = call.check.text("Username")
    password = call.check.text("Password")
    if call.check.errors:
        raise Invalid(call.check.errors)
    call.session = call.sessions.create(username, password)
    if call.session is None:
        raise Refused("Authentication", "The username or password is incorrect.")
    return None


def session_destroy(call: Call) -> Result:
    session = call.proceed(admin=False)
    call.sessions.destroy(session.session_id)
    call.session = None
    return None


def account_read(call: Call) -> Result:
    account_id = call.check.integer("AccountId", 1)
    call.proceed()
    return call.account(account_id)


def account_edit_contact(call: Call) -> Result:
    account_id = call.check.integer("AccountId", 1)
    check = call.check
    name = check.text("Name")
    organization = check.text("Organization", allow_empty=True)
    address = check.text("Address", allow_empty=True)
    city = check.text("City")
    state = check.state("State")
    zipcode = check.text("Zipcode")
    country_id = check.integer("CountryId", 1)
    if country_id and country_id not in COUNTRIES:
        check.fail("CountryId", "Invalid", "CountryId does not reference a known country.")
    phone = check.text("Phone", allow_empty=True)
    email = check.text("Email")
    call.proceed()
    account = call.account(account_id)
    contact = Contact(name, organization, address, city, state, zipcode, country_id, phone, email)
    call.store.edit_contact(account, contact, call.now)
    return account


def account_edit_credit_add(call: Call) -> Result:
    account_id = call.check.integer("AccountId", 1)
    dollars = call.check.integer("Amount", 10, 10000)
    call.proceed()
    account = call.account(account_id)
    try:
        call.store.add_credit(account, dollars, call.now)
    except Declined as declined:
        raise Refused("Declined", str(declined)) from None
    return account


def account_edit_recharge(call: Call) -> Result:
    account_id = call.check.integer("AccountId", 1)
    recharge = call.check.boolean("Recharge")
    threshold = call.check.integer("RechargeThreshold", 5, 5000)
    level = call.check.integer("RechargeLevel", 10, 10000)
    call.proceed()
    account = call.account(account_id)
    call.store.edit_recharge(account, recharge, threshold, level, call.now)
    return account


def account_invoice_read(call: Call) -> Result:
    check = call.check
    account_id = check.optional_integer("AccountId", 1)
    invoice_id = check.optional_integer("AccountInvoiceId", 1)
    both = check.params.given("AccountId") and check.params.given("AccountInvoiceId")
    if both:
        check.fail(
            "AccountInvoiceId", "NotAllowed", "Give AccountId or AccountInvoiceId, not both."
        )
    elif not check.params.given("AccountId") and not check.params.given("AccountInvoiceId"):
        check.fail("AccountId", "Required", "AccountId or AccountInvoiceId is required.")
    call.proceed()
    if account_id is not None:
        return call.store.preliminary_invoice(call.account(account_id), call.now)
    invoice = call.store.invoice(invoice_id or 0)
    if invoice is None:
        raise Refused("NotFound", "No invoice has this AccountInvoiceId.")
    call.account(invoice.account_id)  # an invoice of a faulty account faults too
    return invoice


def account_invoice_browse(call: Call) -> Result:
    check = call.check
    order_by = check.choice("OrderBy", ORDERS, "AccountInvoiceId")
    limit = check.optional_integer("Limit", 1, 1000)
    offset = check.optional_integer("Offset", 0)
    calc_found = check.boolean("CalcFound", default=True)
    account_id = check.optional_integer("AccountId", 1)
    call.proceed()
    if account_id is not None:
        call.account(account_id)
    page_limit = 20 if limit is None else limit
    page_offset = offset or 0
    rows, found = call.store.browse(order_by, page_limit, page_offset, account_id)
    return InvoicePage(rows, page_limit, page_offset, found if calc_found else None)


ACTIONS: dict[str, Callable[[Call], Result]] = {
    "SessionCreate": session_create,
    "SessionDestroy": session_destroy,
    "AccountRead": account_read,
    "AccountEditContact": account_edit_contact,
    "AccountEditCreditAdd": account_edit_credit_add,
    "AccountEditRecharge": account_edit_recharge,
    "AccountInvoiceRead": account_invoice_read,
    "AccountInvoiceBrowse": account_invoice_browse,
}
"""Every action, by the name its ``Action`` parameter and result element carry."""

"""How the prepaid adapter maps the API's refusals, against the real sandbox.

Invalid requests are also sent raw with the same parameters, so each
``Problem`` is checked against the ``Error`` the API itself wrote.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest
from lxml import etree

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import (
    VIEWER,
    WORLD,
    Sandbox,
    chargeable,
    start,
    top_up,
)
from upstreams.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
    Unauthenticated,
    Unavailable,
    UpstreamError,
)
from upstreams.prepaid.adapter import PrepaidAdapter
from upstreams.prepaid.models import ContactInput, PrepaidAccount
from upstreams.sandboxing.issued import issued

NS = "{http://www.jnctn.net/ns/rest/2006-01}"
ACCOUNT = WORLD.prepaid_ids()[0]
NO_ACCOUNT = 59999
CONTACT = ContactInput(
    name="Grace Hopper",
    organization="Navy",
    address="1 Compiler Way",
    city="Arlington",
    state="VA",
    zipcode="22201",
    country_id=1,
    phone="(703) 555-0100",
    email="grace@example.com",
)
BAD_CONTACT = ContactInput(
    name="",
    organization="",
    address="",
    city="Arlington",
    state="V1",
    zipcode="22201",
    country_id=0,
    phone="",
    email="",
)

Call = Callable[[PrepaidAdapter], Awaitable[Any]]


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return start(serve, faulty_account_ids=frozenset({WORLD.prepaid_ids()[-1]}))


def assert_clean(error: UpstreamError, sandbox: Sandbox, *secrets: str) -> None:
    """No URL, host, password or session id (any the sandboxes issued) in what a client sees."""
    shown = f"{error} {error!r} " + " ".join(p.message for p in getattr(error, "problems", []))
    for secret in (sandbox.base_url, "127.0.0.1", "sandbox-admin-password", *issued(), *secrets):
        assert secret not in shown


async def wire_problems(sandbox: Sandbox, session_id: str, params: dict[str, str]) -> list[Problem]:
    """The errors of an invalid request, as the API wrote them."""
    document = etree.fromstring(await sandbox.raw(SessionId=session_id, **params))
    return [
        Problem(
            field=error.findtext(f"{NS}Parameter"),
            message=error.findtext(f"{NS}Message") or "",
            code=error.findtext(f"{NS}Code"),
        )
        for error in document.iterfind(f"{NS}Context/{NS}Request/{NS}Errors/{NS}Error")
    ]


INVALID: list[tuple[Call, dict[str, str], set[tuple[str, str]]]] = [
    (
        lambda p: p.read_account(0),
        {"Action": "AccountRead", "AccountId": "0"},
        {("AccountId", "TooSmall")},
    ),
    (
        lambda p: top_up(p, ACCOUNT, 9),
        {"Action": "AccountEditCreditAdd", "AccountId": str(ACCOUNT), "Amount": "9"},
        {("Amount", "TooSmall")},
    ),
    (
        lambda p: top_up(p, ACCOUNT, 10001),
        {"Action": "AccountEditCreditAdd", "AccountId": str(ACCOUNT), "Amount": "10001"},
        {("Amount", "TooBig")},
    ),
    (
        lambda p: p.edit_recharge(ACCOUNT, recharge=True, threshold=4, level=10001),
        {
            "Action": "AccountEditRecharge",
            "AccountId": str(ACCOUNT),
            "Recharge": "true",
            "RechargeThreshold": "4",
            "RechargeLevel": "10001",
        },
        {("RechargeThreshold", "TooSmall"), ("RechargeLevel", "TooBig")},
    ),
    (
        lambda p: p.edit_recharge(ACCOUNT, recharge=False, threshold=5001, level=9),
        {
            "Action": "AccountEditRecharge",
            "AccountId": str(ACCOUNT),
            "Recharge": "false",
            "RechargeThreshold": "5001",
            "RechargeLevel": "9",
        },
        {("RechargeThreshold", "TooBig"), ("RechargeLevel", "TooSmall")},
    ),
    (
        lambda p: p.edit_contact(ACCOUNT, BAD_CONTACT),
        {
            "Action": "AccountEditContact",
            "AccountId": str(ACCOUNT),
            "Name": "",
            "Organization": "",
            "Address": "",
            "City": "Arlington",
            "State": "V1",
            "Zipcode": "22201",
            "CountryId": "0",
            "Phone": "",
            "Email": "",
        },
        {
            ("Name", "Required"),
            ("State", "Invalid"),
            ("CountryId", "TooSmall"),
            ("Email", "Required"),
        },
    ),
    (
        lambda p: p.read_invoice(0),
        {"Action": "AccountInvoiceRead", "AccountInvoiceId": "0"},
        {("AccountInvoiceId", "TooSmall")},
    ),
    (
        lambda p: p.read_preliminary_invoice(-3),
        {"Action": "AccountInvoiceRead", "AccountId": "-3"},
        {("AccountId", "TooSmall")},
    ),
    (
        lambda p: p.browse_invoices(limit=0, offset=-1, account_id=0),
        {"Action": "AccountInvoiceBrowse", "Limit": "0", "Offset": "-1", "AccountId": "0"},
        {("Limit", "TooSmall"), ("Offset", "TooSmall"), ("AccountId", "TooSmall")},
    ),
    (
        lambda p: p.browse_invoices(limit=1001),
        {"Action": "AccountInvoiceBrowse", "Limit": "1001"},
        {("Limit", "TooBig")},
    ),
]


async def test_invalid_request_lists_each_problem_as_the_api_wrote_it(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        session = await prepaid.start_session()  # for reading the API's own answers
        for call, params, expected in INVALID:
            with pytest.raises(InvalidInput) as caught:
                await call(prepaid)
            problems = caught.value.problems
            assert {(p.field, p.code) for p in problems} == expected, params
            assert problems == await wire_problems(sandbox, session.session_id, params)
            assert all(p.message for p in problems), params
            assert caught.value.upstream == "prepaid"
            assert_clean(caught.value, sandbox)
    assert await sandbox.charges() == 0


async def test_a_rejected_top_up_charges_nothing(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        before = await prepaid.read_account(ACCOUNT)
        with pytest.raises(InvalidInput):
            await top_up(prepaid, ACCOUNT, 10001)
        after = await prepaid.read_account(ACCOUNT)
    assert after.balance == before.balance
    assert await sandbox.charges() == 0


ACCOUNT_CALLS: list[Call] = [
    lambda p: p.read_account(ACCOUNT),
    lambda p: p.edit_contact(ACCOUNT, CONTACT),
    lambda p: top_up(p, ACCOUNT, 10),
    lambda p: p.edit_recharge(ACCOUNT, recharge=True, threshold=10, level=50),
    lambda p: p.read_invoice(100001),
    lambda p: p.read_preliminary_invoice(ACCOUNT),
    lambda p: p.browse_invoices(),
]


async def test_a_user_without_the_admin_role_is_forbidden(sandbox: Sandbox) -> None:
    async with sandbox.adapter(user=VIEWER) as prepaid:
        session = await prepaid.start_session()
        for number, call in enumerate(ACCOUNT_CALLS):
            with pytest.raises(Forbidden) as caught:
                await call(prepaid)
            assert_clean(caught.value, sandbox, "sandbox-viewer-password")
            assert caught.value.message, f"call {number}"
    assert "Account Admin" not in session.roles
    assert await sandbox.charges() == 0
    calls = await sandbox.calls()
    # the one the roles were read in, the shared one, opened once, and the top-up's own
    assert (calls["SessionCreate"], calls.get("SessionDestroy", 0)) == (3, 0)


MISSING: list[Call] = [
    lambda p: p.read_account(NO_ACCOUNT),
    lambda p: p.edit_contact(NO_ACCOUNT, CONTACT),
    lambda p: top_up(p, NO_ACCOUNT, 10),
    lambda p: p.edit_recharge(NO_ACCOUNT, recharge=True, threshold=10, level=50),
    lambda p: p.read_invoice(999999),
    lambda p: p.read_preliminary_invoice(NO_ACCOUNT),
    lambda p: p.browse_invoices(account_id=NO_ACCOUNT),
]


async def test_a_missing_record_is_not_found(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        for number, call in enumerate(MISSING):
            with pytest.raises(NotFound) as caught:
                await call(prepaid)
            assert caught.value.message, f"call {number}"
            assert_clean(caught.value, sandbox)
    assert await sandbox.charges() == 0


async def test_wrong_credentials_are_unauthenticated_after_one_try(sandbox: Sandbox) -> None:
    async with sandbox.adapter(user=("admin@sandbox.example", "not-the-password")) as prepaid:
        with pytest.raises(Unauthenticated) as caught:
            await prepaid.read_account(ACCOUNT)
    assert_clean(caught.value, sandbox, "not-the-password")
    assert await sandbox.calls() == {"SessionCreate": 1}


def uncharged(accounts: Sequence[PrepaidAccount]) -> list[PrepaidAccount]:
    """One account with no card and one whose card expired."""
    no_card = next(a for a in accounts if a.credit_card is None)
    expired = next(a for a in accounts if a.credit_card is not None and not chargeable(a))
    return [no_card, expired]


async def test_a_declined_top_up_is_invalid_input_and_charges_nothing(sandbox: Sandbox) -> None:
    async with sandbox.adapter() as prepaid:
        accounts = await asyncio.gather(*map(prepaid.read_account, WORLD.prepaid_ids()[:-1]))
        for account in uncharged(accounts):
            own = await prepaid.start_session()
            with pytest.raises(InvalidInput) as caught:
                await prepaid.add_credit(account.account_id, 50, own)
            [problem] = caught.value.problems
            assert (problem.field, problem.code) == (None, "Declined")
            assert problem.message
            assert_clean(caught.value, sandbox)
            after = await prepaid.read_account(account.account_id)
            assert after.balance == account.balance
    assert await sandbox.charges() == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda p: p.read_account(WORLD.prepaid_ids()[-1]),
        lambda p: top_up(p, WORLD.prepaid_ids()[-1], 10),
    ],
)
async def test_an_internal_fault_is_unavailable(sandbox: Sandbox, call: Call) -> None:
    async with sandbox.adapter() as prepaid:
        with pytest.raises(Unavailable) as caught:
            await call(prepaid)
    assert_clean(caught.value, sandbox)
    assert await sandbox.charges() == 0

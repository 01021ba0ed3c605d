"""The InvoiceXpress adapter against its sandbox over HTTP: reads, updates and refusals."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator

import pytest

from tests.conftest import Serve
from tests.upstreams.invoicexpress.adapter_support import (
    FIRST_ID,
    KEY,
    adapter,
    assert_hides_key,
    calls,
    formats,
    sandbox,
    seeded,
    seeded_ids,
)
from upstreams.client_settings import ClientSettings
from upstreams.errors import InvalidInput, NotFound, Problem, Unauthenticated
from upstreams.invoicexpress.adapter import Format, InvoiceXpressAdapter, InvoiceXpressSettings
from upstreams.invoicexpress.models import (
    AccountUpdate,
    CredentialsInfo,
    CredentialsInput,
    InvoicingAccount,
    Language,
)
from upstreams.invoicexpress.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import serve_in_thread


@pytest.fixture(scope="module")
def unchanging() -> Iterator[str]:
    """One sandbox for the tests that change nothing (reads, refusals); its base URL."""
    server = serve_in_thread(create_app(SandboxConfig()))
    yield server.base_url
    server.stop()


FISCAL_IDS = ("508025339", "501442600", "502011378", "503504564", "505304562")


def unused_fiscal_id(accounts: list[InvoicingAccount]) -> str:
    taken = {account.fiscal_id for account in accounts}
    return next(fiscal_id for fiscal_id in FISCAL_IDS if fiscal_id not in taken)


def with_fiscal_id(accounts: list[InvoicingAccount]) -> InvoicingAccount:
    return next(account for account in accounts if account.fiscal_id is not None)


def without_fiscal_id(accounts: list[InvoicingAccount]) -> InvoicingAccount:
    return next(account for account in accounts if account.fiscal_id is None)


@formats
async def test_reads_every_seeded_account(unchanging: str, fmt: Format) -> None:
    async with adapter(unchanging, fmt) as upstream:
        accounts = await seeded(upstream)
    assert [account.id for account in accounts] == list(seeded_ids())
    assert all(account.organization_name and account.email for account in accounts)
    assert any(account.fiscal_id is None for account in accounts)
    assert any(account.credentials is None for account in accounts)
    assert any(account.credentials is not None for account in accounts)


async def test_json_and_xml_read_the_same_accounts(unchanging: str) -> None:
    async with adapter(unchanging, "json") as by_json, adapter(unchanging, "xml") as by_xml:
        assert await seeded(by_json) == await seeded(by_xml)


@formats
async def test_update_returns_the_change_and_a_read_sees_it(serve: Serve, fmt: Format) -> None:
    async with adapter(sandbox(serve), fmt) as upstream:
        before = await upstream.get_account(FIRST_ID)
        language = next(choice for choice in Language if choice != before.language)
        tax_country = "3" if before.tax_country == "2" else "2"
        change = AccountUpdate(
            first_name="Inês",
            last_name="Araújo",
            phone="+351 210 000 000",
            address="Rua Augusta 1, 2.º",
            postal_code="7000-505",
            city="Évora",
            language=language,
            tax_country=tax_country,
            marketing=not before.marketing,
            credentials=CredentialsInput(username="508025339/7", password="s3cret!&<pw>"),
        )
        after = await upstream.update_account(FIRST_ID, change)
        assert await upstream.get_account(FIRST_ID) == after
    assert after == dataclasses.replace(
        before,
        first_name="Inês",
        last_name="Araújo",
        phone="+351 210 000 000",
        address="Rua Augusta 1, 2.º",
        postal_code="7000-505",
        city="Évora",
        language=language,
        tax_country=tax_country,
        marketing=not before.marketing,
        credentials=CredentialsInfo(username="508025339/7", type="AT", context="Sequences"),
    )


@formats
async def test_sets_a_fiscal_id_on_an_account_without_one(serve: Serve, fmt: Format) -> None:
    async with adapter(sandbox(serve), fmt) as upstream:
        accounts = await seeded(upstream)
        target, fiscal_id = without_fiscal_id(accounts), unused_fiscal_id(accounts)
        after = await upstream.update_account(target.id, AccountUpdate(fiscal_id=fiscal_id))
        assert after == dataclasses.replace(target, fiscal_id=fiscal_id)
        assert await upstream.get_account(target.id) == after


@formats
async def test_sets_credentials_on_an_account_without_them(serve: Serve, fmt: Format) -> None:
    async with adapter(sandbox(serve), fmt) as upstream:
        target = next(account for account in await seeded(upstream) if account.credentials is None)
        credentials = CredentialsInput(username="123456789/2", password="pässwörd")
        after = await upstream.update_account(target.id, AccountUpdate(credentials=credentials))
        assert after.credentials == CredentialsInfo("123456789/2", "AT", "Sequences")
        assert await upstream.get_account(target.id) == after


Case = Callable[[InvoiceXpressAdapter], Awaitable[tuple[int, AccountUpdate]]]


def plain(update: AccountUpdate) -> Case:
    async def case(upstream: InvoiceXpressAdapter) -> tuple[int, AccountUpdate]:
        return FIRST_ID, update

    return case


def credentials(username: str = "123456789/1", password: str = "s3cret!", **other: str) -> Case:
    return plain(AccountUpdate(credentials=CredentialsInput(username, password, **other)))


async def vat_changed(upstream: InvoiceXpressAdapter) -> tuple[int, AccountUpdate]:
    accounts = await seeded(upstream)
    return with_fiscal_id(accounts).id, AccountUpdate(fiscal_id=unused_fiscal_id(accounts))


async def vat_taken(upstream: InvoiceXpressAdapter) -> tuple[int, AccountUpdate]:
    accounts = await seeded(upstream)
    taken = with_fiscal_id(accounts).fiscal_id
    return without_fiscal_id(accounts).id, AccountUpdate(fiscal_id=taken)


REFUSALS: list[tuple[Case, str, str]] = [
    (
        plain(AccountUpdate(postal_code="1500555")),
        "Postal Code must have the following format DDDD-DDD",
        "postal_code",
    ),
    (vat_changed, "Vat Number can't be changed", "fiscal_id"),
    (vat_taken, "Vat Number is already used in another account", "fiscal_id"),
    (credentials(username=""), "Username is not valid.", "credentials.username"),
    (
        credentials(username="12345/1"),
        "Username doesn't match required format.",
        "credentials.username",
    ),
    (credentials(password=""), "Password is not valid.", "credentials.password"),
    (credentials(type="at"), "Credential type is invalid.", "credentials.type"),
    (credentials(context="sequences"), "Credential context is invalid.", "credentials.context"),
    (
        plain(AccountUpdate(organization_name="")),
        "Organization name can't be blank",
        "organization_name",
    ),
    (plain(AccountUpdate(email="not-an-address")), "Email is invalid", "email"),
    (plain(AccountUpdate(terms=False)), "Terms must be accepted", "terms"),
    (plain(AccountUpdate(tax_country="abc")), "Tax country is invalid", "tax_country"),
]


@formats
@pytest.mark.parametrize(("case", "message", "field"), REFUSALS, ids=[r[1] for r in REFUSALS])
async def test_each_refusal_names_its_field(
    unchanging: str, fmt: Format, case: Case, message: str, field: str
) -> None:
    async with adapter(unchanging, fmt) as upstream:
        account_id, update = await case(upstream)
        with pytest.raises(InvalidInput) as caught:
            await upstream.update_account(account_id, update)
    assert Problem(field=field, message=message, code="INVALID") in caught.value.problems
    assert caught.value.upstream == "invoicexpress"


@formats
async def test_reports_every_problem_at_once_and_changes_nothing(
    unchanging: str, fmt: Format
) -> None:
    update = AccountUpdate(
        city="Faro",
        postal_code="15-555",
        email="nobody",
        credentials=CredentialsInput("123456789/1", "s3cret!", type="XX", context="Other"),
    )
    async with adapter(unchanging, fmt) as upstream:
        before = await upstream.get_account(FIRST_ID)
        with pytest.raises(InvalidInput) as caught:
            await upstream.update_account(FIRST_ID, update)
        assert await upstream.get_account(FIRST_ID) == before
    fields = [problem.field for problem in caught.value.problems]
    assert sorted(fields, key=str) == [
        "credentials.context",
        "credentials.type",
        "email",
        "postal_code",
    ]
    for problem in caught.value.problems:
        assert problem.message in str(caught.value)


@formats
async def test_wrong_key_is_unauthenticated_and_never_shown(unchanging: str, fmt: Format) -> None:
    wrong = "wrong-key-0c5d2f7e9b"
    async with adapter(unchanging, fmt, api_key=wrong) as upstream:
        with pytest.raises(Unauthenticated) as reading:
            await upstream.get_account(FIRST_ID)
        with pytest.raises(Unauthenticated) as updating:
            await upstream.update_account(FIRST_ID, AccountUpdate(city="Braga"))
    for caught in (reading, updating):
        assert_hides_key(caught.value, wrong)
        assert_hides_key(caught.value, KEY)


@formats
async def test_unknown_account_is_not_found(unchanging: str, fmt: Format) -> None:
    missing = FIRST_ID + 9000
    async with adapter(unchanging, fmt) as upstream:
        with pytest.raises(NotFound):
            await upstream.get_account(missing)
        with pytest.raises(NotFound):
            await upstream.update_account(missing, AccountUpdate(city="Braga"))


async def test_text_xml_cannot_carry_is_refused_before_sending(serve: Serve) -> None:
    base_url = sandbox(serve)
    async with adapter(base_url, "xml") as upstream:
        with pytest.raises(InvalidInput) as caught:
            await upstream.update_account(FIRST_ID, AccountUpdate(organization_name="SWAT\x00"))
    assert [problem.field for problem in caught.value.problems] == ["organization_name"]
    assert await calls(base_url) == 0


def test_settings_never_show_the_key() -> None:
    settings = InvoiceXpressSettings(ClientSettings(base_url="https://org.example"), api_key=KEY)
    assert KEY not in repr(settings)


def test_an_unknown_format_is_refused() -> None:
    settings = InvoiceXpressSettings(
        ClientSettings(base_url="https://org.example"),
        api_key=KEY,
        format="yaml",  # type: ignore[arg-type]
    )
    with pytest.raises(ValueError, match="yaml"):
        InvoiceXpressAdapter(settings)

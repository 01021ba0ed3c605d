"""Saasu sandbox: the seeded chart of accounts, read over HTTP, is a believable Australian one."""

from __future__ import annotations

import re
from collections import Counter

from tests.conftest import Serve
from tests.upstreams.saasu.sandbox_support import ACCOUNT_TYPES, Account, start
from upstreams.sandboxing import World

GST_CODES = {"G1", "G2", "G3", "G4", "G10", "G11", "G14", "G15", "W1"}


def by_id(accounts: list[Account]) -> dict[int, Account]:
    return {a["Id"]: a for a in accounts}


def test_chart_has_headers_details_built_ins_and_codes(serve: Serve) -> None:
    accounts = start(serve).everything()
    assert len(accounts) == World().ledger_accounts
    index = by_id(accounts)
    headers = [a for a in accounts if a["AccountLevel"] == "Header"]
    assert {h["AccountType"] for h in headers} == set(ACCOUNT_TYPES)
    assert all(h["HeaderAccountId"] is None for h in headers)
    details = [a for a in accounts if a["AccountLevel"] == "Detail"]
    assert all(d["HeaderAccountId"] is not None for d in details)
    for detail in details:
        header = index[detail["HeaderAccountId"]]
        assert header["AccountLevel"] == "Header"
        assert header["AccountType"] == detail["AccountType"]
    built_in = [a for a in accounts if a["IsBuiltIn"]]
    assert 5 <= len(built_in) <= 20
    assert {"Accounts Receivable", "Accounts Payable"} <= {a["Name"] for a in built_in}
    codes = [a["LedgerCode"] for a in accounts]
    assert all(re.fullmatch(r"[1-9]-\d{4}", code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert len({a["Name"] for a in accounts}) == len(accounts)
    tax_codes = Counter(a["DefaultTaxCode"] for a in details)
    assert set(tax_codes) - {None} <= GST_CODES
    assert tax_codes["G1"] > 10 and tax_codes["G11"] > 30
    currencies = Counter(a["Currency"] for a in accounts)
    assert currencies["AUD"] > 0.9 * len(accounts)
    inactive = [a for a in accounts if not a["IsActive"]]
    assert 2 <= len(inactive) <= 10
    for account in accounts:
        assert account["CreatedDateUtc"] <= account["LastModifiedDateUtc"]


def test_bank_accounts_carry_bank_details_and_exchange_accounts(serve: Serve) -> None:
    accounts = start(serve).everything()
    index = by_id(accounts)
    banks = [a for a in accounts if a["IsBankAccount"]]
    assert 8 <= len(banks) <= 14
    with_bsb = [b for b in banks if b["BSB"] is not None]
    assert len(with_bsb) >= 5
    for bank in with_bsb:
        assert re.fullmatch(r"\d{6}", bank["BSB"])
        assert re.fullmatch(r"\d{6,9}", bank["Number"])
        assert bank["BankAccountName"]
        assert bank["BankCode"] in {"CBA", "WBC", "NAB", "ANZ"}
    aba = [b for b in banks if b["BankFileCreationEnabled"]]
    assert aba and all(re.fullmatch(r"\d{6}", b["UserNumber"]) for b in aba)
    foreign = {b["Currency"]: b for b in banks if b["Currency"] != "AUD"}
    assert set(foreign) == {"USD", "NZD", "EUR"}
    for bank in foreign.values():
        base = index[bank["ExchangeAccountId"]]
        assert base["IsBankAccount"] and base["Currency"] == "AUD"
    assert all(b["ExchangeAccountId"] is None for b in banks if b["Currency"] == "AUD")
    fee_ids = [b["MerchantFeeAccountId"] for b in banks if b["MerchantFeeAccountId"]]
    assert len(fee_ids) >= 2
    assert all(index[i]["AccountType"] == "Expense" for i in fee_ids)
    assert any(not b["IsActive"] for b in banks)
    assert any(b["AccountType"] == "Liability" for b in banks)
    plain = [a for a in accounts if not a["IsBankAccount"]]
    assert all(a[name] is None for a in plain for name in ("BSB", "Number", "BankCode"))


def test_same_world_same_chart_other_seed_other_chart(serve: Serve) -> None:
    once = start(serve).everything()
    twice = start(serve).everything()
    assert [_plain(a) for a in once] == [_plain(a) for a in twice]
    other = start(serve, world=World(seed=7)).everything()
    assert len(other) == len(once)
    assert [a["Id"] for a in other] != [a["Id"] for a in once]


def test_a_small_world_is_a_consistent_prefix(serve: Serve) -> None:
    accounts = start(serve, world=World(ledger_accounts=40)).everything()
    assert len(accounts) == 40
    index = by_id(accounts)
    for account in accounts:
        for key in ("HeaderAccountId", "ExchangeAccountId", "MerchantFeeAccountId"):
            assert account[key] is None or account[key] in index


def _plain(account: Account) -> Account:
    """The account without links: hrefs name each server's own port."""
    return {k: v for k, v in account.items() if k != "_links"}

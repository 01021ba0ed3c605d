"""AccountInvoiceRead and AccountInvoiceBrowse of the prepaid sandbox."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lxml import etree

from tests.conftest import Serve
from tests.upstreams.prepaid.sandbox_support import (
    Prepaid,
    completed,
    has,
    path,
    refusal,
    request_errors,
    text,
)


def _invoice(document: etree._Element) -> etree._Element:
    found = document.find(path("Result/AccountInvoiceRead/AccountInvoice"))
    assert found is not None
    return found


def _page(document: etree._Element) -> etree._Element:
    found = document.find(path("Result/AccountInvoiceBrowse/AccountInvoices"))
    assert found is not None
    return found


def _ids(page: etree._Element) -> list[tuple[int, int]]:
    """``(AccountId, AccountInvoiceId)`` of each invoice on the page."""
    return [
        (int(text(invoice, "AccountId")), int(text(invoice, "AccountInvoiceId")))
        for invoice in page.iterfind(path("AccountInvoice"))
    ]


def _adds_up(invoice: etree._Element) -> bool:
    amounts = [Decimal(a.text or "") for a in invoice.iterfind(path("Items/Item/Amount"))]
    subtotal = Decimal(text(invoice, "Subtotal"))
    total = subtotal + Decimal(text(invoice, "Tax"))
    return sum(amounts) == subtotal and Decimal(text(invoice, "Total")) == total


def test_invoice_read_returns_a_stored_invoice(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    stored = api.store.invoices_of(next(iter(api.store.accounts)))[-1]
    assert stored.invoice_id is not None
    document = api.act(session_id, "AccountInvoiceRead", AccountInvoiceId=str(stored.invoice_id))
    invoice = _invoice(document)
    assert text(invoice, "AccountInvoiceId") == str(stored.invoice_id)
    assert text(invoice, "AccountId") == str(stored.account_id)
    assert text(invoice, "Preliminary") == "false"
    assert text(invoice, "PeriodStart") == stored.period_start.isoformat()
    assert len(invoice.findall(path("Items/Item"))) == len(stored.items)
    assert _adds_up(invoice)


def test_invoice_read_by_account_computes_next_months_preliminary_invoice(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = next(iter(api.store.accounts))
    last = api.store.invoices_of(account_id)[-1]
    document = api.act(session_id, "AccountInvoiceRead", AccountId=str(account_id))
    invoice = _invoice(document)
    assert not has(invoice, "AccountInvoiceId")
    assert text(invoice, "Preliminary") == "true"
    assert text(invoice, "AccountId") == str(account_id)
    start = date.fromisoformat(text(invoice, "PeriodStart"))
    assert start == last.period_end + timedelta(days=1)
    end = date.fromisoformat(text(invoice, "PeriodEnd"))
    assert (end + timedelta(days=1)).day == 1 and end.month == start.month
    assert _adds_up(invoice)


def test_a_new_account_gets_the_month_after_it_opened(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    new = next(a for a in api.store.accounts.values() if not api.store.invoices_of(a.account_id))
    invoice = _invoice(api.act(session_id, "AccountInvoiceRead", AccountId=str(new.account_id)))
    start = date.fromisoformat(text(invoice, "PeriodStart"))
    opened = new.created.date()
    assert start.day == 1 and start > opened and (start - opened).days <= 31


def test_invoice_read_takes_one_and_only_one_id(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    both = api.act(session_id, "AccountInvoiceRead", AccountId="50001", AccountInvoiceId="100001")
    assert request_errors(both) == [("AccountInvoiceId", "NotAllowed")]
    neither = api.act(session_id, "AccountInvoiceRead")
    assert request_errors(neither) == [("AccountId", "Required")]
    bad = api.act(session_id, "AccountInvoiceRead", AccountInvoiceId="0")
    assert request_errors(bad) == [("AccountInvoiceId", "TooSmall")]
    bad = api.act(session_id, "AccountInvoiceRead", AccountId="x")
    assert request_errors(bad) == [("AccountId", "Invalid")]


def test_invoice_read_of_unknown_ids_is_not_found(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    missing_invoice = str(api.store.invoice_count() + 200000)
    document = api.act(session_id, "AccountInvoiceRead", AccountInvoiceId=missing_invoice)
    assert refusal(document) == "NotFound"
    missing_account = str(max(api.store.accounts) + 1)
    document = api.act(session_id, "AccountInvoiceRead", AccountId=missing_account)
    assert refusal(document) == "NotFound"


def test_browse_defaults(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    page = _page(api.act(session_id, "AccountInvoiceBrowse"))
    assert (page.get("Limit"), page.get("Offset")) == ("20", "0")
    assert page.get("Found") == str(api.store.invoice_count())
    ids = _ids(page)
    assert len(ids) == 20
    assert [i for _, i in ids] == sorted(i for _, i in ids)
    assert ids[0][1] == min(i.invoice_id or 0 for i in api.store.invoices_of(ids[0][0]))


def test_browse_orders(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    total = api.store.invoice_count()
    assert total <= 1000
    rows = {
        order: _ids(_page(api.act(session_id, "AccountInvoiceBrowse", OrderBy=order, Limit="1000")))
        for order in ("AccountInvoiceId", "AccountInvoiceId Desc", "AccountId", "AccountId Desc")
    }
    assert all(len(found) == total for found in rows.values())
    assert rows["AccountInvoiceId"] == sorted(rows["AccountInvoiceId"], key=lambda r: r[1])
    assert rows["AccountInvoiceId Desc"] == rows["AccountInvoiceId"][::-1]
    assert rows["AccountId"] == sorted(rows["AccountId"])
    assert rows["AccountId Desc"] == sorted(rows["AccountId"], key=lambda r: (-r[0], r[1]))
    lower = _ids(_page(api.act(session_id, "AccountInvoiceBrowse", OrderBy="accountid  desc")))
    assert lower == rows["AccountId Desc"][:20]


def test_browse_pages_cover_the_whole_set_without_overlap(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    total = api.store.invoice_count()
    seen: list[tuple[int, int]] = []
    offset = 0
    while True:
        page = _page(
            api.act(
                session_id,
                "AccountInvoiceBrowse",
                OrderBy="AccountId",
                Limit="77",
                Offset=str(offset),
            )
        )
        assert page.get("Found") == str(total)
        rows = _ids(page)
        if not rows:
            break
        seen += rows
        offset += 77
    assert len(seen) == total == len(set(seen))
    assert seen == sorted(seen)


def test_browse_without_calc_found_has_no_found(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    page = _page(api.act(session_id, "AccountInvoiceBrowse", CalcFound="false", Limit="5"))
    assert page.get("Found") is None
    assert len(_ids(page)) == 5


def test_browse_filters_by_account(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = list(api.store.accounts)[3]
    expected = [i.invoice_id for i in api.store.invoices_of(account_id)]
    document = api.act(session_id, "AccountInvoiceBrowse", AccountId=str(account_id), Limit="1000")
    page = _page(document)
    assert page.get("Found") == str(len(expected))
    assert _ids(page) == [(account_id, i) for i in expected]
    descending = _page(
        api.act(
            session_id,
            "AccountInvoiceBrowse",
            AccountId=str(account_id),
            OrderBy="AccountInvoiceId Desc",
            Limit="2",
            Offset="1",
        )
    )
    assert _ids(descending) == [(account_id, i) for i in expected[::-1][1:3]]
    missing = str(max(api.store.accounts) + 1)
    assert refusal(api.act(session_id, "AccountInvoiceBrowse", AccountId=missing)) == "NotFound"


def test_browse_past_the_end_is_an_empty_page(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    total = api.store.invoice_count()
    document = api.act(session_id, "AccountInvoiceBrowse", Offset=str(total))
    assert completed(document)
    page = _page(document)
    assert _ids(page) == [] and page.get("Found") == str(total)


def test_browse_validation(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    cases = [
        ({"Limit": "0"}, [("Limit", "TooSmall")]),
        ({"Limit": "1001"}, [("Limit", "TooBig")]),
        ({"Limit": "all"}, [("Limit", "Invalid")]),
        ({"Offset": "-1"}, [("Offset", "TooSmall")]),
        ({"OrderBy": "Balance"}, [("OrderBy", "Invalid")]),
        ({"CalcFound": "yes"}, [("CalcFound", "Invalid")]),
        ({"AccountId": "0"}, [("AccountId", "TooSmall")]),
        (
            {"OrderBy": "Created", "Limit": "5000", "Offset": "x"},
            [("OrderBy", "Invalid"), ("Limit", "TooBig"), ("Offset", "Invalid")],
        ),
    ]
    for params, errors in cases:
        document = api.act(session_id, "AccountInvoiceBrowse", **params)
        assert request_errors(document) == errors, params
        assert not has(document, "Result")
    edge = _page(api.act(session_id, "AccountInvoiceBrowse", Limit="1000", Offset="0"))
    assert edge.get("Limit") == "1000"

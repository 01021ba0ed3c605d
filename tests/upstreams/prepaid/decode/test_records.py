"""Invoices read from a real sandbox page: their items are read on first use, not with them.

A page of invoices shown without its lines must not pay for reading them,
and must still answer exactly what reading them at once would: the same
records, equal to (and hashing, printing and pickling as) ones made whole.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from lxml import etree

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import Sandbox, start
from upstreams.errors import BadUpstreamResponse
from upstreams.prepaid.decode import records
from upstreams.prepaid.decode.envelope import Reading
from upstreams.prepaid.decode.values import tag
from upstreams.prepaid.models import PrepaidInvoice

ITEM = f"{tag('Items')}/{tag('Item')}"


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return start(serve)


async def browse_body(sandbox: Sandbox) -> bytes:
    async with sandbox.adapter() as prepaid:
        session = await prepaid.start_session()
    return await sandbox.raw(
        Action="AccountInvoiceBrowse", Limit="10", SessionId=session.session_id
    )


def invoices(body: bytes) -> list[etree._Element]:
    result = Reading("AccountInvoiceBrowse", body).envelope().result
    assert result is not None
    return list(result.iter(tag("AccountInvoice")))


def whole(invoice: PrepaidInvoice) -> PrepaidInvoice:
    """The same record made by the model's own constructor, every field given."""
    return PrepaidInvoice(
        **{field.name: getattr(invoice, field.name) for field in dataclasses.fields(invoice)}
    )


async def test_an_invoice_read_later_is_the_invoice_read_whole(sandbox: Sandbox) -> None:
    elements = invoices(await browse_body(sandbox))
    assert any(element.find(ITEM) is not None for element in elements)
    for element in elements:
        made = whole(records.invoice(element))
        later = records.invoice(element)
        assert later == made and made == later
        assert hash(later) == hash(made) and repr(later) == repr(made)
        copied = pickle.loads(pickle.dumps(records.invoice(element)))
        assert type(copied) is PrepaidInvoice and copied == made


async def test_an_item_that_cannot_be_read_fails_where_the_items_are_read(
    sandbox: Sandbox,
) -> None:
    """Its invoice still reads; its items raise ``BadUpstreamResponse``, as a page read
    whole would have, when they are first asked for. (The schema admits no such price, so
    the valid answer's elements are changed after it passed.)"""
    elements = invoices(await browse_body(sandbox))
    prices = [price for element in elements for price in element.iter(tag("UnitPrice"))]
    assert prices
    for price in prices:
        price.text = "x"
    for element in elements:
        invoice = records.invoice(element)
        assert invoice.total is not None
        if element.find(ITEM) is None:
            assert invoice.items == ()
            continue
        with pytest.raises(BadUpstreamResponse):
            invoice.items  # noqa: B018

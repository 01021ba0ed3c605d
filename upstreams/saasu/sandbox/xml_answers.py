"""Answers written as XML in the docs' sample style (.NET ``XmlSerializer``).

Roots carry ``xmlns:xsd`` and ``xmlns:xsi``; ``_links`` comes first in
``AccountDetail`` and ``UpdateAccountResult``; a null property is an empty
element with ``xsi:nil="true"``; a link's null ``title`` is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from upstreams.saasu.sandbox.account import Account, Value, wire_values
from upstreams.saasu.sandbox.links import Link
from upstreams.saasu.sandbox.problems import ModelState
from upstreams.saasu.sandbox.stamps import encode_version, format_utc

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
_NIL = f"{{{XSI}}}nil"


def account(item: Account, links: Sequence[Link]) -> bytes:
    root = _root("AccountDetail")
    _fill_account(root, item, links)
    return _dump(root)


def account_list(items: Sequence[tuple[Account, Sequence[Link]]], links: Sequence[Link]) -> bytes:
    root = _root("AccountListResponse")
    accounts = etree.SubElement(root, "Accounts")
    for item, own in items:
        _fill_account(etree.SubElement(accounts, "Account"), item, own)
    _links(root, links)
    return _dump(root)


def update_result(item: Account, links: Sequence[Link]) -> bytes:
    root = _root("UpdateAccountResult")
    _links(root, links)
    _value(root, "LastUpdatedId", encode_version(item.row_version))
    _value(root, "UtcLastModified", format_utc(item.last_modified))
    _value(root, "UpdatedAccountId", item.id)
    return _dump(root)


def error(message: str, model_state: ModelState | None) -> bytes:
    root = etree.Element("Error")
    etree.SubElement(root, "Message").text = message
    if model_state:
        state = etree.SubElement(root, "ModelState")
        for name, messages in model_state.items():
            for text in messages:
                etree.SubElement(state, "Error", Property=name).text = text
    return _dump(root)


def _root(tag: str) -> etree._Element:
    return etree.Element(tag, nsmap={"xsd": XSD, "xsi": XSI})


def _fill_account(parent: etree._Element, item: Account, links: Sequence[Link]) -> None:
    _links(parent, links)
    for name, value in wire_values(item):
        _value(parent, name, value)


def _links(parent: etree._Element, links: Sequence[Link]) -> None:
    holder = etree.SubElement(parent, "_links")
    for link in links:
        element = etree.SubElement(holder, "Link")
        etree.SubElement(element, "rel").text = link.rel
        etree.SubElement(element, "href").text = link.href
        etree.SubElement(element, "method").text = link.method
        if link.title is not None:
            etree.SubElement(element, "title").text = link.title


def _value(parent: etree._Element, name: str, value: Value) -> None:
    element = etree.SubElement(parent, name)
    if value is None:
        element.set(_NIL, "true")
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def _dump(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="utf-8", xml_declaration=False, pretty_print=True)

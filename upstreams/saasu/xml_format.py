"""Saasu bodies as XML (``application/xml``), shaped as the docs' samples.

Elements are matched by local name, so a namespace the upstream might add
does not matter; roots and element names must be the documented ones.
``xsi:nil="true"`` is null. The parser never loads DTDs, entities or network
resources: the body comes from outside.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from lxml import etree

from upstreams import xml_bodies
from upstreams.saasu.models import LedgerAccount, LedgerAccountUpdate, UpdateResult
from upstreams.saasu.wire import (
    ACCOUNT_FIELDS,
    RESULT_FIELDS,
    UPDATE_FIELDS,
    ErrorBody,
    ShapeError,
    WireField,
    parse_datetime,
    parse_enum,
    wire_value,
)

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
NIL = f"{{{XSI}}}nil"
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
PARSER = xml_bodies.parser()


class XmlCodec:
    media_type = "application/xml"

    def decode_account(self, body: bytes) -> LedgerAccount:
        return LedgerAccount(**_read(_root(body, "AccountDetail"), ACCOUNT_FIELDS))

    def decode_accounts(self, body: bytes) -> list[LedgerAccount]:
        accounts = _child(_root(body, "AccountListResponse"), "Accounts")
        if accounts is None:
            raise ShapeError("the account list has no Accounts element")
        items = list(_elements(accounts))
        if any(_name(item) != "Account" for item in items):
            raise ShapeError("Accounts holds an element other than Account")
        return [LedgerAccount(**_read(item, ACCOUNT_FIELDS)) for item in items]

    def decode_update_result(self, body: bytes) -> UpdateResult:
        return UpdateResult(**_read(_root(body, "UpdateAccountResult"), RESULT_FIELDS))

    def encode_update(self, account_id: int, update: LedgerAccountUpdate) -> bytes:
        root = etree.Element("AccountDetail", nsmap={"xsd": XSD, "xsi": XSI})
        etree.SubElement(root, "Id").text = str(account_id)
        for field in UPDATE_FIELDS:
            element = etree.SubElement(root, field.wire)
            value = wire_value(getattr(update, field.attr))
            if value is None:
                element.set(NIL, "true")
            elif isinstance(value, bool):
                element.text = "true" if value else "false"
            else:
                element.text = str(value)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))

    def decode_error(self, body: bytes) -> ErrorBody:
        root = _root(body, "Error")
        message = _child(root, "Message")
        state = _child(root, "ModelState")
        problems: list[tuple[str, str]] = []
        if state is not None:
            for entry in _elements(state):
                prop = entry.get("Property")
                if _name(entry) != "Error" or prop is None:
                    raise ShapeError("the error's ModelState holds an entry without Property")
                problems.append((prop, entry.text or ""))
        return ErrorBody(
            None if message is None or _is_nil(message) else message.text or "", tuple(problems)
        )


def _root(body: bytes, name: str) -> etree._Element:
    try:
        root = etree.fromstring(body, PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise ShapeError("the body is not well-formed XML") from None
    if _name(root) != name:
        raise ShapeError(f"the root element is not {name}")
    return root


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _elements(parent: etree._Element) -> list[etree._Element]:
    """Child elements, skipping comments and processing instructions."""
    return [child for child in parent if isinstance(child.tag, str)]


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    for child in _elements(parent):
        if _name(child) == name:
            return child
    return None


def _is_nil(element: etree._Element) -> bool:
    return element.get(NIL) in ("true", "1")


def _read(parent: etree._Element, fields: Sequence[WireField]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in fields:
        element = _child(parent, field.wire)
        if element is None or _is_nil(element):
            if not field.nullable:
                raise ShapeError(f"{field.wire} is missing or nil")
            values[field.attr] = None
        else:
            values[field.attr] = _convert(element.text or "", field)
    return values


def _convert(text: str, field: WireField) -> Any:
    kind = field.kind
    if kind is str:
        return text
    if kind is bool:
        if text.strip() in BOOLEANS:
            return BOOLEANS[text.strip()]
    elif kind is int:
        digits = text.strip().removeprefix("-")
        if digits.isascii() and digits.isdigit():
            return int(text)
    elif kind is datetime:
        return parse_datetime(text, field.wire)
    elif issubclass(kind, StrEnum):
        return parse_enum(kind, text.strip(), field.wire)
    raise ShapeError(f"{field.wire} is not a {kind.__name__}")

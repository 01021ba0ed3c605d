"""The ``.xml`` format: ``<account>...</account>`` and ``<errors><error>...</error></errors>``.

Answers are parsed with entities, DTDs and network access off: the body
comes from the network. Attributes (Rails-style ``type="integer"`` or
``nil="true"``) are ignored; an empty element is an absent value.
"""

from __future__ import annotations

from lxml import etree

from upstreams import xml_bodies
from upstreams.invoicexpress.codec import EncodeError, ShapeError
from upstreams.invoicexpress.decode import account_from
from upstreams.invoicexpress.encode import update_fields
from upstreams.invoicexpress.models import AccountUpdate, InvoicingAccount

PARSER = xml_bodies.parser(remove_comments=True, remove_pis=True)


class XMLCodec:
    suffix = "xml"
    content_type = "application/xml; charset=utf-8"

    def encode_update(self, update: AccountUpdate) -> bytes:
        root = etree.Element("account")
        for name, value in update_fields(update).items():
            element = etree.SubElement(root, name)
            if isinstance(value, dict):
                for member, text in value.items():
                    _set_text(etree.SubElement(element, member), text, f"{name}.{member}")
            else:
                _set_text(element, str(value), name)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def decode_account(self, body: bytes) -> InvoicingAccount:
        root = _root(body, "account")
        members: dict[str, object] = {}
        for child in root.iterchildren(tag=etree.Element):
            if child.tag not in members:
                members[str(child.tag)] = (
                    _members(child) if child.tag == "credentials" else _text(child)
                )
        return account_from(members)

    def decode_errors(self, body: bytes) -> list[str]:
        root = _root(body, "errors")
        children = list(root.iterchildren(tag=etree.Element))
        if any(child.tag != "error" for child in children):
            raise ShapeError("the errors element holds something other than error elements")
        return [(child.text or "").strip() for child in children]


def _set_text(element: etree._Element, text: str, field: str) -> None:
    try:
        element.text = text
    except ValueError:
        raise EncodeError(field, "contains characters XML cannot carry") from None


def _root(body: bytes, tag: str) -> etree._Element:
    try:
        root = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError:
        raise ShapeError("the answer is not well-formed XML") from None
    if root.tag != tag:
        raise ShapeError(f"the answer's root element is not {tag}")
    return root


def _text(element: etree._Element) -> str | None:
    if len(element):
        raise ShapeError(f"{element.tag} holds elements where text was expected")
    return element.text


def _members(element: etree._Element) -> dict[str, str | None] | None:
    """A nested object's members; ``None`` for an empty element (no credentials set)."""
    children = list(element.iterchildren(tag=etree.Element))
    if not children:
        if (element.text or "").strip():
            raise ShapeError(f"{element.tag} holds text where elements were expected")
        return None
    members: dict[str, str | None] = {}
    for child in children:
        members.setdefault(str(child.tag), _text(child))
    return members

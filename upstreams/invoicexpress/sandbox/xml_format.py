"""The ``.xml`` format: read ``<account>...</account>``, write the account and the errors.

Bodies come from the network, so the parser resolves no entities, loads no
DTD and fetches nothing; a body with a DOCTYPE is refused outright. As in
Rails' XML parameters, attributes are ignored except ``nil="true"``, which
leaves the member out like JSON ``null``. Text is taken as sent, unstripped.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from upstreams.invoicexpress.sandbox.records import Account
from upstreams.invoicexpress.sandbox.representation import public_members
from upstreams.invoicexpress.sandbox.submission import (
    ACCOUNT_FIELDS,
    CREDENTIAL_FIELDS,
    InvalidBody,
    Submission,
)

MEDIA_TYPE = "application/xml; charset=utf-8"
CONTENT_TYPES = ("application/xml", "text/xml")

PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    remove_comments=True,
    remove_pis=True,
)


def read_update(body: bytes) -> Submission:
    try:
        root = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError:
        raise InvalidBody from None
    if _has_doctype(root) or root.tag != "account":
        raise InvalidBody
    fields: dict[str, str] = {}
    credentials: dict[str, str] | None = None
    for name, element in _children(root):
        if name == "credentials":
            credentials = _credentials(element)
        elif name in ACCOUNT_FIELDS and not _is_nil(element):
            fields[name] = _text(element)
    return Submission(fields=fields, credentials=credentials)


def write_account(account: Account) -> bytes:
    root = etree.Element("account")
    for name, value in public_members(account).items():
        element = etree.SubElement(root, name)
        if isinstance(value, dict):
            for member, text in value.items():
                etree.SubElement(element, member).text = text
        elif value is not None:
            element.text = str(value)
    return _dump(root)


def write_errors(messages: Sequence[str]) -> bytes:
    root = etree.Element("errors")
    for message in messages:
        etree.SubElement(root, "error").text = message
    return _dump(root)


def _children(element: etree._Element) -> list[tuple[str, etree._Element]]:
    """Child elements by name; text between them must be blank and no name may repeat."""
    if (element.text or "").strip():
        raise InvalidBody
    children: list[tuple[str, etree._Element]] = []
    for child in element.iterchildren():
        if not isinstance(child.tag, str) or (child.tail or "").strip():
            raise InvalidBody
        if any(name == child.tag for name, _ in children):
            raise InvalidBody
        children.append((child.tag, child))
    return children


def _credentials(element: etree._Element) -> dict[str, str] | None:
    if _is_nil(element):
        return None
    return {
        name: _text(child)
        for name, child in _children(element)
        if name in CREDENTIAL_FIELDS and not _is_nil(child)
    }


def _text(element: etree._Element) -> str:
    if len(element):
        raise InvalidBody
    return element.text or ""


def _has_doctype(root: etree._Element) -> bool:
    """Any DOCTYPE at all gives the document a DTD object, even without declarations."""
    return root.getroottree().docinfo.internalDTD is not None


def _is_nil(element: etree._Element) -> bool:
    return element.get("nil") == "true"


def _dump(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

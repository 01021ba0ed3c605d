"""``Output=json``: the same document as JSON, by one mechanical mapping.

- The root becomes a one-key object: ``{"Response": {...}}`` or ``{"Exception": {...}}``.
- An element with child elements becomes an object keyed by the children's
  local names, in document order; its attributes become ``"@Name"`` keys.
- An element without children or attributes becomes its text, ``""`` when empty
  (so ``<SessionCreate/>`` is ``""``). Values stay strings, exactly as in the
  XML: ``"true"``, ``"25.00"``, ``"50017"``.
- The lists ``Parameters``, ``Errors``, ``Roles``, ``Items`` and
  ``AccountInvoices`` always hold an array under their item's name
  (``{"Parameter": [...]}``), even with one item or none.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

LISTS = {
    "Parameters": "Parameter",
    "Errors": "Error",
    "Roles": "Role",
    "Items": "Item",
    "AccountInvoices": "AccountInvoice",
}


def to_json(root: etree._Element) -> dict[str, Any]:
    return {etree.QName(root).localname: _value(root)}


def _value(element: etree._Element) -> Any:
    name = etree.QName(element).localname
    attributes = {f"@{_str(key)}": _str(value) for key, value in element.attrib.items()}
    if name in LISTS:
        return {**attributes, LISTS[name]: [_value(child) for child in element]}
    if len(element) == 0 and not attributes:
        return element.text or ""
    members: dict[str, Any] = dict(attributes)
    for child in element:
        members[etree.QName(child).localname] = _value(child)
    return members


def _str(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value

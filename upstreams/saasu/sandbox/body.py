"""Read a PUT body (``AccountDetail`` as JSON or XML) into typed property values.

A body that cannot be read at all is a 400 with a message; a property of the
wrong type is a ``ModelState`` entry, reported with the validation problems.
Unknown properties and ``_links`` are ignored, as the API's serializers do.
JSON names match exactly or else case-insensitively (Json.NET binds both);
XML names match exactly (``XmlSerializer``). Absent and null are the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from upstreams.saasu.sandbox.account import FIELDS, Field, Value
from upstreams.saasu.sandbox.formats import BodyKind
from upstreams.saasu.sandbox.problems import ApiError, ModelState, note
from upstreams.saasu.sandbox.query import read_int
from upstreams.saasu.sandbox.stamps import is_date

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_XML_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_INT32 = range(-(2**31), 2**31)
_TYPE_MESSAGES = {
    "int": "{} must be a whole number.",
    "str": "{} must be text.",
    "bool": "{} must be true or false.",
    "date": "{} must be a date and time such as 2024-04-17T20:18:47.9325532Z.",
}


class _Wrong:
    """Marks a value of the wrong type."""


WRONG = _Wrong()


@dataclass(slots=True)
class Submitted:
    """The properties as sent (``None`` for absent or null), and those of the wrong type."""

    values: dict[str, Value] = field(default_factory=dict)
    problems: ModelState = field(default_factory=dict)


def read_account(body: bytes, kind: BodyKind) -> Submitted:
    return _from_json(body) if kind == "json" else _from_xml(body)


def _from_json(body: bytes) -> Submitted:
    try:
        document = json.loads(body)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.") from None
    if not isinstance(document, dict):
        raise ApiError(400, "The request body must be an AccountDetail JSON object.")
    folded = {str(name).lower(): value for name, value in document.items()}
    submitted = Submitted()
    for spec in FIELDS:
        raw = document[spec.wire] if spec.wire in document else folded.get(spec.wire.lower())
        _keep(submitted, spec, _json_value(spec, raw))
    return submitted


def _json_value(spec: Field, raw: Any) -> Value | _Wrong:
    if raw is None:
        return None
    if spec.kind == "int":
        is_int = isinstance(raw, int) and not isinstance(raw, bool) and raw in _INT32
        return int(raw) if is_int else WRONG
    if spec.kind == "bool":
        return bool(raw) if isinstance(raw, bool) else WRONG
    if spec.kind == "date":
        return str(raw) if isinstance(raw, str) and is_date(raw) else WRONG
    return str(raw) if isinstance(raw, str) else WRONG


def _from_xml(body: bytes) -> Submitted:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        raise ApiError(400, "The request body is not well-formed XML.") from None
    if root.tag != "AccountDetail":
        raise ApiError(400, "The request body must be an AccountDetail XML document.")
    submitted = Submitted()
    for spec in FIELDS:
        element = root.find(spec.wire)
        if element is None or element.get(_XSI_NIL) == "true":
            _keep(submitted, spec, None)
        else:
            _keep(submitted, spec, _xml_value(spec, element.text or ""))
    return submitted


def _xml_value(spec: Field, text: str) -> Value | _Wrong:
    if spec.kind == "int":
        number = read_int(text)
        return WRONG if number is None else number
    if spec.kind == "bool":
        flag = _XML_BOOLEANS.get(text.strip())
        return WRONG if flag is None else flag
    if spec.kind == "date":
        return text.strip() if is_date(text.strip()) else WRONG
    return text


def _keep(submitted: Submitted, spec: Field, value: Value | _Wrong) -> None:
    if isinstance(value, _Wrong):
        note(submitted.problems, spec.wire, _TYPE_MESSAGES[spec.kind].format(spec.wire))
    else:
        submitted.values[spec.wire] = value
